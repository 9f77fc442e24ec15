package io.playbench.reports.allure;

import io.playbench.reports.gate.Metric;
import io.playbench.reports.history.BenchmarkIdentity;
import io.playbench.schema.PlayBundle;
import java.util.Locale;
import java.util.Optional;

/**
 * A figure of a bundle that the report shows per benchmark and across runs, as an Allure 3 performance metric.
 *
 * <p>Each benchmark (a {@link BenchmarkIdentity}) gets one metric per figure, keyed
 * {@code <benchmark group>.<figure>}, e.g. {@code CartPole-v1_sb3_16envs_cpu_tensorflow_ad681336c9db.effective_fps}:
 * Allure 3 keeps the mean value of every key in each point of its {@code history.jsonl} and draws the trend from them.
 * Latencies are written in milliseconds, success rate in percent.
 *
 * @since 0.1.0
 */
public enum ReportMetric {

    /** Frames / measured wall time. */
    EFFECTIVE_FPS(Metric.EFFECTIVE_FPS, "FPS (effective)", "fps", 1, "%,.0f"),

    /** Median iteration latency. */
    STEP_LATENCY_P50(Metric.STEP_LATENCY_P50, "step latency p50", "ms", 1e3, "%.3f"),

    /** 99th percentile iteration latency. */
    STEP_LATENCY_P99(Metric.STEP_LATENCY_P99, "step latency p99", "ms", 1e3, "%.3f"),

    /** Successful / completed episodes. */
    SUCCESS_RATE(Metric.SUCCESS_RATE, "success rate", "%", 100, "%.1f"),

    /** Mean return of the completed episodes. */
    REWARD_MEAN(Metric.REWARD_MEAN, "mean reward", "reward", 1, "%.2f");

    private final Metric metric;
    private final String title;
    private final String unit;
    private final double scale;
    private final String format;

    ReportMetric(Metric metric, String title, String unit, double scale, String format) {
        this.metric = metric;
        this.title = title;
        this.unit = unit;
        this.scale = scale;
        this.format = format;
    }

    /**
     * The metric's id, the gate's name for it.
     *
     * @return e.g. {@code effective_fps}
     */
    public String id() {
        return metric.id();
    }

    /**
     * The title shown in the report.
     *
     * @return e.g. {@code step latency p99}
     */
    public String title() {
        return title;
    }

    /**
     * The unit the value is written in.
     *
     * @return {@code fps}, {@code ms}, {@code %} or {@code reward}
     */
    public String unit() {
        return unit;
    }

    /**
     * Allure's direction.
     *
     * @return {@code higher} or {@code lower}
     */
    public String better() {
        return metric.higherIsBetter() ? "higher" : "lower";
    }

    /**
     * The value in a bundle, in {@link #unit()}.
     *
     * @param bundle the bundle
     * @return the value, or empty when the bundle has none
     */
    public Optional<Double> valueIn(PlayBundle bundle) {
        return metric.valueIn(bundle).filter(Double::isFinite).map(v -> v * scale);
    }

    /**
     * Formats a value given in {@link #unit()}.
     *
     * @param value the value
     * @return e.g. {@code 8,003 fps}
     */
    public String format(double value) {
        return String.format(Locale.ROOT, format, value) + " " + unit;
    }

    /**
     * The metric key of this figure for a benchmark.
     *
     * @param identity the benchmark
     * @return {@code <group>.<id>}
     */
    public String key(BenchmarkIdentity identity) {
        return group(identity) + "." + id();
    }

    /**
     * The metric group of a benchmark: its history file name without the extension, with no dot (Allure 3 splits
     * keys at the first dot).
     *
     * @param identity the benchmark
     * @return e.g. {@code CartPole-v1_sb3_16envs_cpu_tensorflow_ad681336c9db}
     */
    public static String group(BenchmarkIdentity identity) {
        String file = identity.fileName();
        return file.substring(0, file.length() - ".jsonl".length()).replace('.', '_');
    }
}
