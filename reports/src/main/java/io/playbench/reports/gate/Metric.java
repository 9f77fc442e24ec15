package io.playbench.reports.gate;

import io.playbench.schema.LatencyStats;
import io.playbench.schema.MeanStd;
import io.playbench.schema.PlayBundle;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A figure of a bundle that the gate compares, with its direction and default relative tolerance.
 *
 * <p>Throughputs ({@code *_fps}, frames/s) are better higher, latencies ({@code *_latency_p50/p99}, seconds) better
 * lower; success rate and mean reward better higher. The default tolerances allow the noise of shared CI runners:
 * 10 % on throughput, 15 % on median latency, 30 % on the 99th percentile (a tail is noisier), 5 % on success rate and
 * 10 % on reward.
 *
 * @since 0.1.0
 */
public enum Metric {

    /** Frames / measured wall time, the headline end-to-end rate. */
    EFFECTIVE_FPS("effective_fps", Unit.FPS, true, 0.10, b -> b.runtime().effectiveFps()),

    /** Mean of the per-iteration rates (Isaac Lab's {@code collection_fps}). */
    COLLECTION_FPS("collection_fps", Unit.FPS, true, 0.10, b -> mean(b.runtime().collectionFps())),

    /** Frames / total inference time. */
    INFERENCE_FPS("inference_fps", Unit.FPS, true, 0.10, b -> b.runtime().inferenceFps()),

    /** Frames / total environment step time. */
    ENV_FPS("env_fps", Unit.FPS, true, 0.10, b -> b.runtime().envFps()),

    /** Median iteration latency (inference + env step). */
    STEP_LATENCY_P50(
            "step_latency_p50", Unit.SECONDS, false, 0.15, b -> p50(b.runtime().stepLatencyS())),

    /** 99th percentile iteration latency. */
    STEP_LATENCY_P99(
            "step_latency_p99", Unit.SECONDS, false, 0.30, b -> p99(b.runtime().stepLatencyS())),

    /** Median inference latency. */
    INFERENCE_LATENCY_P50(
            "inference_latency_p50",
            Unit.SECONDS,
            false,
            0.15,
            b -> p50(b.runtime().inferenceLatencyS())),

    /** 99th percentile inference latency. */
    INFERENCE_LATENCY_P99(
            "inference_latency_p99",
            Unit.SECONDS,
            false,
            0.30,
            b -> p99(b.runtime().inferenceLatencyS())),

    /** Median environment step latency. */
    ENV_STEP_LATENCY_P50(
            "env_step_latency_p50",
            Unit.SECONDS,
            false,
            0.15,
            b -> p50(b.runtime().envStepLatencyS())),

    /** 99th percentile environment step latency. */
    ENV_STEP_LATENCY_P99(
            "env_step_latency_p99",
            Unit.SECONDS,
            false,
            0.30,
            b -> p99(b.runtime().envStepLatencyS())),

    /** Successful / completed episodes. */
    SUCCESS_RATE("success_rate", Unit.FRACTION, true, 0.05, PlayBundle::successRate),

    /** Mean return of the completed episodes. */
    REWARD_MEAN("reward_mean", Unit.REWARD, true, 0.10, b -> mean(b.reward()));

    /** How values of a metric are written. */
    public enum Unit {
        /** Frames per second. */
        FPS,
        /** Seconds, shown in milliseconds. */
        SECONDS,
        /** A fraction in [0, 1]. */
        FRACTION,
        /** An episode return. */
        REWARD
    }

    private final String id;
    private final Unit unit;
    private final boolean higherIsBetter;
    private final double defaultTolerance;
    private final Function<PlayBundle, Double> extractor;

    Metric(
            String id,
            Unit unit,
            boolean higherIsBetter,
            double defaultTolerance,
            Function<PlayBundle, Double> extractor) {
        this.id = id;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.defaultTolerance = defaultTolerance;
        this.extractor = extractor;
    }

    /**
     * The name used in tables, JSON and flags.
     *
     * @return e.g. {@code effective_fps}
     */
    public String id() {
        return id;
    }

    /**
     * The unit.
     *
     * @return the unit
     */
    public Unit unit() {
        return unit;
    }

    /**
     * Whether a larger value is an improvement.
     *
     * @return {@code true} for throughput, success and reward; {@code false} for latency
     */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /**
     * The default relative tolerance, e.g. 0.10 for 10 %.
     *
     * @return the tolerance
     */
    public double defaultTolerance() {
        return defaultTolerance;
    }

    /**
     * The metric's value in a bundle.
     *
     * @param bundle the bundle
     * @return the value, or empty when the bundle has none (nothing measured, no completed episode, no success notion)
     */
    public Optional<Double> valueIn(PlayBundle bundle) {
        return Optional.ofNullable(extractor.apply(bundle));
    }

    /**
     * Formats a value with its unit, e.g. {@code 12,345 fps}, {@code 1.234 ms}.
     *
     * @param value the value
     * @return the text
     */
    public String format(double value) {
        return switch (unit) {
            case FPS -> String.format(Locale.ROOT, "%,.0f fps", value);
            case SECONDS ->
                value < 1e-3
                        ? String.format(Locale.ROOT, "%.1f us", value * 1e6)
                        : String.format(Locale.ROOT, "%.3f ms", value * 1e3);
            case FRACTION -> String.format(Locale.ROOT, "%.4f", value);
            case REWARD -> String.format(Locale.ROOT, "%.2f", value);
        };
    }

    /**
     * Looks a metric up by its id.
     *
     * @param id e.g. {@code step_latency_p99}
     * @return the metric
     * @throws IllegalArgumentException listing the known ids
     */
    public static Metric fromId(String id) {
        return Arrays.stream(values())
                .filter(m -> m.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + id + "'; known: " + ids()));
    }

    /**
     * The ids of every metric, comma-separated.
     *
     * @return the list
     */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Metric::id).toList());
    }

    private static Double mean(MeanStd aggregate) {
        return aggregate == null ? null : aggregate.mean();
    }

    private static Double p50(LatencyStats stats) {
        return stats == null ? null : stats.p50();
    }

    private static Double p99(LatencyStats stats) {
        return stats == null ? null : stats.p99();
    }
}
