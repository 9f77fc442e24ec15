package io.playbench.reports.gate;

import io.playbench.reports.history.BenchmarkIdentity;
import java.util.List;

/**
 * The outcome of a gate: a verdict per metric and budget of every benchmark, and the overall verdict.
 *
 * @param passed {@code false} when any metric regressed or any budget is broken
 * @param current what the current run was read from
 * @param baseline what the baseline is, in words
 * @param confidence the confidence level of the intervals
 * @param benchmarks one result per benchmark identity of the current run, then the baseline's missing ones
 * @param notes remarks for the reader (skipped bundles, budgets read, ...)
 * @param problems files or lines that could not be read, skipped
 * @since 0.1.0
 */
public record GateReport(
        boolean passed,
        String current,
        String baseline,
        double confidence,
        List<BenchmarkResult> benchmarks,
        List<String> notes,
        List<String> problems) {

    /** Makes the lists immutable. */
    public GateReport {
        benchmarks = List.copyOf(benchmarks);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    /**
     * A copy with more unreadable files or lines listed.
     *
     * @param more the problems to add
     * @return the copy
     */
    public GateReport withProblems(List<String> more) {
        List<String> all = new java.util.ArrayList<>(problems);
        all.addAll(more);
        return new GateReport(passed, current, baseline, confidence, benchmarks, notes, all);
    }

    /**
     * How many benchmarks failed.
     *
     * @return the count
     */
    public long failedBenchmarks() {
        return benchmarks.stream().filter(BenchmarkResult::failed).count();
    }

    /** Whether a benchmark was compared, is new, or is missing from the current run. */
    public enum Status {
        /** Present in both the current run and the baseline. */
        COMPARED,
        /** Only in the current run: nothing to compare with (budgets still checked). */
        NEW,
        /** Only in the baseline. */
        MISSING
    }

    /**
     * The result of one benchmark.
     *
     * @param identity the benchmark
     * @param status compared, new or missing
     * @param currentSamples bundles of the current run used
     * @param baselineSamples bundles of the baseline used
     * @param baselineRuns the baseline runs they came from
     * @param metrics one result per metric
     * @param budgets one result per budget key
     */
    public record BenchmarkResult(
            BenchmarkIdentity identity,
            Status status,
            int currentSamples,
            int baselineSamples,
            List<String> baselineRuns,
            List<MetricResult> metrics,
            List<BudgetResult> budgets) {

        /** Makes the lists immutable. */
        public BenchmarkResult {
            baselineRuns = List.copyOf(baselineRuns);
            metrics = List.copyOf(metrics);
            budgets = List.copyOf(budgets);
        }

        /**
         * Whether a metric regressed or a budget is broken.
         *
         * @return {@code true} if so
         */
        public boolean failed() {
            return metrics.stream().anyMatch(m -> m.verdict().failing())
                    || budgets.stream().anyMatch(b -> b.verdict().failing());
        }
    }

    /**
     * The comparison of one metric.
     *
     * @param metric the metric
     * @param current the current samples, or {@code null} when none has a value
     * @param baseline the baseline samples, or {@code null}
     * @param change mean(current) / mean(baseline) - 1 (relative to |baseline| for signed metrics), or {@code null}
     * @param interval the confidence interval on the change, or {@code null} without repeated runs
     * @param tolerance the relative tolerance applied
     * @param verdict the judgement
     */
    public record MetricResult(
            Metric metric,
            Summary current,
            Summary baseline,
            Double change,
            Statistics.Interval interval,
            double tolerance,
            Verdict verdict) {}

    /**
     * Samples of one metric.
     *
     * @param n how many
     * @param mean their mean
     * @param std their sample standard deviation
     */
    public record Summary(int n, double mean, double std) {

        /**
         * Summarises samples.
         *
         * @param values at least one
         * @return the summary
         */
        public static Summary of(double[] values) {
            return new Summary(values.length, Statistics.mean(values), Statistics.std(values));
        }
    }

    /**
     * A budget read from the bundles' {@code extra} ({@code budget.min_<metric>} / {@code budget.max_<metric>}).
     *
     * @param key the extra key, e.g. {@code budget.min_total_fps}
     * @param metric the metric it bounds
     * @param minimum {@code true} for a lower bound
     * @param limit the bound, in the metric's unit (seconds for latency)
     * @param actual the mean of the current run's values, or {@code null} when none
     * @param verdict {@link Verdict#OK}, {@link Verdict#BUDGET_BROKEN} or {@link Verdict#NO_DATA}
     */
    public record BudgetResult(
            String key, Metric metric, boolean minimum, double limit, Double actual, Verdict verdict) {}
}
