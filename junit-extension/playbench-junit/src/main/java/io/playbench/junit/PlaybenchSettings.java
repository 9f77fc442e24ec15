package io.playbench.junit;

import io.playbench.checkpoint.CheckpointSettings;
import io.playbench.rollout.PlayDefaults;
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
 * <tr><td>{@code playbench.device}</td><td>{@code cpu}</td><td>default device ({@code cpu}, {@code gpu}, {@code gpu:N}, {@code gpu:*}
 *     or {@code auto})</td></tr>
 * <tr><td>{@code playbench.session.id}</td><td>one per JVM</td><td>{@code run.session_id} of every bundle of the run (groups the
 *     bundles of one matrix run for {@code playbench devices})</td></tr>
 * <tr><td>{@code playbench.engine}</td><td>{@code auto}</td><td>default inference engine</td></tr>
 * <tr><td>{@code playbench.env.threads}</td><td>1</td><td>default threads stepping the environments</td></tr>
 * <tr><td>{@code playbench.progress.interval.s}</td><td>10</td><td>progress output on long rollouts</td></tr>
 * <tr><td>{@code playbench.monitor.interval.ms}</td><td>100</td><td>resource sampling interval</td></tr>
 * <tr><td>{@code playbench.warmup.min.ms}</td><td>1000</td><td>time floor of every warm-up (JIT), 0 for the step count only</td></tr>
 * <tr><td>{@code playbench.video}</td><td>{@code false}</td><td>record a rollout video of every benchmark
 *     ({@code @PlayBenchmark(video = ...)} wins)</td></tr>
 * <tr><td>{@code playbench.video.fps}</td><td>the task's</td><td>playback speed [env steps/s], 1..100</td></tr>
 * <tr><td>{@code playbench.video.max.frames}</td><td>1000</td><td>frame cap (every k-th step kept beyond it)</td></tr>
 * <tr><td>{@code playbench.video.max.bytes}</td><td>8388608</td><td>size cap of one GIF</td></tr>
 * <tr><td>{@code playbench.video.required}</td><td>{@code false}</td><td>a video that cannot be recorded fails the test</td></tr>
 * </table>
 *
 * <p>{@code playbench.testing.gpus} (an integer) is for PlayBench's own tests only: it pretends the host has that many
 * GPUs (named {@code Simulated GPU N}) whose rollouts run on the CPU, so that {@code gpu:*} spreading and per-device
 * locking can be tested on hosts without a GPU. Never set it for real benchmarks.
 */
record PlaybenchSettings(
        Path outputDirectory,
        CheckpointSettings checkpoints,
        String device,
        String engine,
        int envThreads,
        Duration progressInterval,
        Duration monitorInterval,
        Duration minWarmup,
        Video video,
        String sessionId,
        int simulatedGpus) {

    /** The configuration parameter of {@link #simulatedGpus()}. */
    static final String SIMULATED_GPUS = "playbench.testing.gpus";

    /**
     * The run-wide video settings.
     *
     * @param on whether benchmarks record a video unless their annotation says otherwise
     * @param settings frame rate and caps (the seed is the benchmark's)
     * @param required whether a failed recording fails the test
     */
    record Video(boolean on, io.playbench.video.VideoSettings settings, boolean required) {}

    static PlaybenchSettings from(ExtensionContext context) {
        Path base = Path.of(get(context, "playbench.basedir").orElse("")).toAbsolutePath();
        Path output = base.resolve(get(context, "playbench.output.dir").orElse("target/playbench/bundles"));
        Path root =
                get(context, "playbench.checkpoints.root").map(base::resolve).orElse(null);
        CheckpointSettings checkpoints = CheckpointSettings.defaults(base, root);
        Optional<String> cache = get(context, "playbench.checkpoints.cache");
        if (cache.isPresent()) {
            checkpoints = checkpoints.withCacheDirectory(base.resolve(cache.get()));
        }
        return new PlaybenchSettings(
                output,
                checkpoints,
                get(context, "playbench.device").orElse(PlayDefaults.DEVICE.toString()),
                get(context, "playbench.engine").orElse(PlayDefaults.ENGINE),
                positive(context, "playbench.env.threads", PlayDefaults.ENV_THREADS),
                Duration.ofSeconds(positive(context, "playbench.progress.interval.s", 10)),
                Duration.ofMillis(positive(context, "playbench.monitor.interval.ms", 100)),
                Duration.ofMillis(
                        nonNegative(context, "playbench.warmup.min.ms", (int) PlayDefaults.MIN_WARMUP.toMillis())),
                new Video(
                        bool(context, "playbench.video", false),
                        videoSettings(context),
                        bool(context, "playbench.video.required", false)),
                get(context, "playbench.session.id").orElse(null),
                get(context, SIMULATED_GPUS).isPresent() ? nonNegative(context, SIMULATED_GPUS, 0) : -1);
    }

    private static io.playbench.video.VideoSettings videoSettings(ExtensionContext context) {
        int fps = nonNegative(context, "playbench.video.fps", 0);
        int frames =
                positive(context, "playbench.video.max.frames", io.playbench.video.VideoSettings.DEFAULT_MAX_FRAMES);
        Optional<String> bytes = get(context, "playbench.video.max.bytes");
        long maxBytes = io.playbench.video.VideoSettings.DEFAULT_MAX_BYTES;
        if (bytes.isPresent()) {
            try {
                maxBytes = Long.parseLong(bytes.get().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "configuration parameter playbench.video.max.bytes must be a number of bytes but was '"
                                + bytes.get() + "'");
            }
        }
        try {
            return new io.playbench.video.VideoSettings(fps, frames, maxBytes, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("playbench.video settings: " + e.getMessage(), e);
        }
    }

    static boolean bool(ExtensionContext context, String key, boolean fallback) {
        Optional<String> value = get(context, key);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default ->
                throw new IllegalArgumentException(
                        "configuration parameter " + key + " must be true or false but was '" + value.get() + "'");
        };
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
            throw new IllegalArgumentException(
                    "configuration parameter " + key + " must be an integer >= 0 but was '" + value.get() + "'");
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
            throw new IllegalArgumentException(
                    "configuration parameter " + key + " must be a positive integer but was '" + value.get() + "'");
        }
    }
}
