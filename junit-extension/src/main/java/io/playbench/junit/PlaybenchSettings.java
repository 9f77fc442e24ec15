package io.playbench.junit;

import io.playbench.checkpoint.CheckpointSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Run-wide settings, read from JUnit configuration parameters ({@code junit-platform.properties} or system
 * properties).
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code playbench.output.dir}</td><td>{@code target/playbench/bundles}</td><td>where bundles are written</td></tr>
 * <tr><td>{@code playbench.checkpoints.root}</td><td>none</td><td>the published store on disk</td></tr>
 * <tr><td>{@code playbench.checkpoints.cache}</td><td>{@code ~/.cache/playbench}</td><td>downloads and classpath copies</td></tr>
 * <tr><td>{@code playbench.basedir}</td><td>the working directory</td><td>what relative checkpoint paths are relative to</td></tr>
 * <tr><td>{@code playbench.device}</td><td>{@code cpu}</td><td>default device</td></tr>
 * <tr><td>{@code playbench.engine}</td><td>{@code auto}</td><td>default inference engine</td></tr>
 * <tr><td>{@code playbench.env.threads}</td><td>1</td><td>default threads stepping the environments</td></tr>
 * <tr><td>{@code playbench.progress.interval.s}</td><td>10</td><td>progress output on long rollouts</td></tr>
 * <tr><td>{@code playbench.monitor.interval.ms}</td><td>100</td><td>resource sampling interval</td></tr>
 * <tr><td>{@code playbench.warmup.min.ms}</td><td>1000</td><td>time floor of every warm-up (JIT), 0 for frames only</td></tr>
 * </table>
 */
record PlaybenchSettings(Path outputDirectory, CheckpointSettings checkpoints, String device, String engine, int envThreads,
        Duration progressInterval, Duration monitorInterval, Duration minWarmup) {

    static PlaybenchSettings from(ExtensionContext context) {
        Path base = Path.of(get(context, "playbench.basedir").orElse("")).toAbsolutePath();
        Path output = base.resolve(get(context, "playbench.output.dir").orElse("target/playbench/bundles"));
        Path root = get(context, "playbench.checkpoints.root").map(base::resolve).orElse(null);
        CheckpointSettings checkpoints = CheckpointSettings.defaults(base, root);
        Optional<String> cache = get(context, "playbench.checkpoints.cache");
        if (cache.isPresent()) {
            checkpoints = checkpoints.withCacheDirectory(base.resolve(cache.get()));
        }
        return new PlaybenchSettings(output, checkpoints, get(context, "playbench.device").orElse("cpu"),
                get(context, "playbench.engine").orElse("auto"), positive(context, "playbench.env.threads", 1),
                Duration.ofSeconds(positive(context, "playbench.progress.interval.s", 10)),
                Duration.ofMillis(positive(context, "playbench.monitor.interval.ms", 100)),
                Duration.ofMillis(nonNegative(context, "playbench.warmup.min.ms", 1000)));
    }

    private static Optional<String> get(ExtensionContext context, String key) {
        return context.getConfigurationParameter(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static int nonNegative(ExtensionContext context, String key, int fallback) {
        Optional<String> value = get(context, key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration parameter " + key + " must be an integer >= 0 but was '" + value.get() + "'");
        }
    }

    private static int positive(ExtensionContext context, String key, int fallback) {
        Optional<String> value = get(context, key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration parameter " + key + " must be a positive integer but was '" + value.get() + "'");
        }
    }
}
