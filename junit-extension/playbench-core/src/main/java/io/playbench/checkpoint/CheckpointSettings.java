package io.playbench.checkpoint;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Run-wide settings of checkpoint resolution.
 *
 * @param baseDirectory what relative paths are relative to (the module's directory)
 * @param publishedRoot the published store on disk ({@code <root>/<library>/<task>/checkpoint.*}), or {@code null}
 * @param classpathStore the published store on the classpath, e.g. {@code playbench/checkpoints}, or {@code null}
 * @param cacheDirectory where downloads and classpath checkpoints are copied
 * @param httpTimeout the timeout of one download
 * @param classLoader where {@code classpath:} resources are looked up
 */
public record CheckpointSettings(
        Path baseDirectory,
        Path publishedRoot,
        String classpathStore,
        Path cacheDirectory,
        Duration httpTimeout,
        ClassLoader classLoader) {

    /** The default classpath store. */
    public static final String DEFAULT_CLASSPATH_STORE = "playbench/checkpoints";

    /** Checks the required settings. */
    public CheckpointSettings {
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        Objects.requireNonNull(httpTimeout, "httpTimeout");
        Objects.requireNonNull(classLoader, "classLoader");
        classpathStore = classpathStore == null || classpathStore.isBlank() ? null : trimSlashes(classpathStore);
    }

    /**
     * Settings for a base directory, with the default classpath store, a cache under the user's home
     * ({@code ~/.cache/playbench}) and a two-minute download timeout.
     *
     * @param baseDirectory what relative paths are relative to
     * @param publishedRoot the published store on disk, or {@code null}
     * @return the settings
     */
    public static CheckpointSettings defaults(Path baseDirectory, Path publishedRoot) {
        return new CheckpointSettings(
                baseDirectory,
                publishedRoot,
                DEFAULT_CLASSPATH_STORE,
                Path.of(System.getProperty("user.home"), ".cache", "playbench"),
                Duration.ofMinutes(2),
                Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader()
                        : CheckpointSettings.class.getClassLoader());
    }

    /**
     * A copy with another cache directory.
     *
     * @param directory the cache
     * @return the copy
     */
    public CheckpointSettings withCacheDirectory(Path directory) {
        return new CheckpointSettings(
                baseDirectory, publishedRoot, classpathStore, directory, httpTimeout, classLoader);
    }

    HttpClient httpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(httpTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    private static String trimSlashes(String s) {
        String t = s.trim();
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
