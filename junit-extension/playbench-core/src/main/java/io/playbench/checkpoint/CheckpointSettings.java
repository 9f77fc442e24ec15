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
 * @param httpTimeout the deadline of one download, from the request to the last byte of the body
 * @param classLoader where {@code classpath:} resources are looked up
 * @param maxDownloadBytes the largest download accepted, in bytes ({@code >= 1}); default
 *     {@value #DEFAULT_MAX_DOWNLOAD_BYTES} (1 GiB), or the system property {@value #MAX_DOWNLOAD_BYTES_PROPERTY}
 */
public record CheckpointSettings(
        Path baseDirectory,
        Path publishedRoot,
        String classpathStore,
        Path cacheDirectory,
        Duration httpTimeout,
        ClassLoader classLoader,
        long maxDownloadBytes) {

    /** The default classpath store. */
    public static final String DEFAULT_CLASSPATH_STORE = "playbench/checkpoints";

    /** The default of {@link #maxDownloadBytes()}: 1 GiB. */
    public static final long DEFAULT_MAX_DOWNLOAD_BYTES = 1L << 30;

    /** The system property that sets the default of {@link #maxDownloadBytes()}, in bytes. */
    public static final String MAX_DOWNLOAD_BYTES_PROPERTY = "playbench.checkpoints.maxDownloadBytes";

    /** Checks the required settings. */
    public CheckpointSettings {
        if (maxDownloadBytes < 1) {
            throw new IllegalArgumentException("maxDownloadBytes must be >= 1 but was " + maxDownloadBytes);
        }
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        Objects.requireNonNull(httpTimeout, "httpTimeout");
        Objects.requireNonNull(classLoader, "classLoader");
        classpathStore = classpathStore == null || classpathStore.isBlank() ? null : trimSlashes(classpathStore);
    }

    /**
     * Settings with the default download size limit ({@link #defaultMaxDownloadBytes()}).
     *
     * @param baseDirectory what relative paths are relative to (the module's directory)
     * @param publishedRoot the published store on disk, or {@code null}
     * @param classpathStore the published store on the classpath, or {@code null}
     * @param cacheDirectory where downloads and classpath checkpoints are copied
     * @param httpTimeout the deadline of one download, body included
     * @param classLoader where {@code classpath:} resources are looked up
     */
    public CheckpointSettings(
            Path baseDirectory,
            Path publishedRoot,
            String classpathStore,
            Path cacheDirectory,
            Duration httpTimeout,
            ClassLoader classLoader) {
        this(
                baseDirectory,
                publishedRoot,
                classpathStore,
                cacheDirectory,
                httpTimeout,
                classLoader,
                defaultMaxDownloadBytes());
    }

    /**
     * The default download size limit: the system property {@value #MAX_DOWNLOAD_BYTES_PROPERTY} (bytes), else
     * {@value #DEFAULT_MAX_DOWNLOAD_BYTES}.
     *
     * @return the limit in bytes
     * @throws IllegalArgumentException when the property is set but is not a whole number {@code >= 1}
     */
    public static long defaultMaxDownloadBytes() {
        String value = System.getProperty(MAX_DOWNLOAD_BYTES_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_DOWNLOAD_BYTES;
        }
        try {
            long bytes = Long.parseLong(value.strip().replace("_", ""));
            if (bytes >= 1) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + MAX_DOWNLOAD_BYTES_PROPERTY + " must be a whole number"
                + " of bytes >= 1 but was '" + value + "'; e.g. -D" + MAX_DOWNLOAD_BYTES_PROPERTY + "=2147483648");
    }

    /**
     * Settings for a base directory, with the default classpath store, a cache under the user's home
     * ({@code ~/.cache/playbench}), a two-minute download deadline and the default download size limit.
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
                        : CheckpointSettings.class.getClassLoader(),
                defaultMaxDownloadBytes());
    }

    /**
     * A copy with another cache directory.
     *
     * @param directory the cache
     * @return the copy
     */
    public CheckpointSettings withCacheDirectory(Path directory) {
        return new CheckpointSettings(
                baseDirectory, publishedRoot, classpathStore, directory, httpTimeout, classLoader, maxDownloadBytes);
    }

    /**
     * A copy with another download size limit.
     *
     * @param bytes the largest download accepted, {@code >= 1}
     * @return the copy
     */
    public CheckpointSettings withMaxDownloadBytes(long bytes) {
        return new CheckpointSettings(
                baseDirectory, publishedRoot, classpathStore, cacheDirectory, httpTimeout, classLoader, bytes);
    }

    /**
     * A copy with another download deadline.
     *
     * @param timeout the deadline of one download, body included
     * @return the copy
     */
    public CheckpointSettings withHttpTimeout(Duration timeout) {
        return new CheckpointSettings(
                baseDirectory, publishedRoot, classpathStore, cacheDirectory, timeout, classLoader, maxDownloadBytes);
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
