package io.playbench.schema;

import java.util.Arrays;

/**
 * The distribution of per-iteration durations in seconds: mean, sample standard deviation and nearest-rank
 * percentiles.
 *
 * @param mean the mean duration [s]
 * @param std the sample standard deviation (n - 1) [s]
 * @param min the shortest duration [s]
 * @param p50 the median (nearest rank) [s]
 * @param p90 the 90th percentile (nearest rank) [s]
 * @param p99 the 99th percentile (nearest rank) [s]
 * @param max the longest duration [s]
 */
public record LatencyStats(double mean, double std, double min, double p50, double p90, double p99, double max) {

    /** Checks that every value is finite and not negative, and that min <= p50 <= p90 <= p99 <= max. */
    public LatencyStats {
        Checks.nonNegative("mean", mean);
        Checks.nonNegative("std", std);
        Checks.nonNegative("min", min);
        Checks.nonNegative("p50", p50);
        Checks.nonNegative("p90", p90);
        Checks.nonNegative("p99", p99);
        Checks.nonNegative("max", max);
        if (!(min <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max)) {
            throw new IllegalArgumentException(
                    "latency percentiles must be ordered min <= p50 <= p90 <= p99 <= max but were min=" + min + ", p50="
                            + p50 + ", p90=" + p90 + ", p99=" + p99 + ", max=" + max);
        }
        double tolerance = Checks.PEAK_TOLERANCE * Math.max(1.0, max);
        if (mean < min - tolerance || mean > max + tolerance) {
            throw new IllegalArgumentException("mean must lie within [min, max] but mean was " + mean
                    + " and [min, max] [" + min + ", " + max + "]");
        }
    }

    /**
     * Computes the statistics of a series of durations.
     *
     * @param seconds durations in seconds, at least one
     * @return their statistics
     */
    public static LatencyStats of(double[] seconds) {
        if (seconds.length == 0) {
            throw new IllegalArgumentException(
                    "seconds must not be empty: no measured iteration has no latency (write null instead)");
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double mean = MeanStd.mean(sorted);
        mean = Math.min(Math.max(mean, sorted[0]), sorted[sorted.length - 1]);
        return new LatencyStats(
                mean,
                MeanStd.std(sorted, mean),
                sorted[0],
                nearestRank(sorted, 50),
                nearestRank(sorted, 90),
                nearestRank(sorted, 99),
                sorted[sorted.length - 1]);
    }

    /**
     * The nearest-rank percentile of sorted samples: the smallest sample with at least {@code percent} % of the samples
     * at or below it.
     *
     * @param sorted samples in ascending order, at least one
     * @param percent the percentile, in (0, 100]
     * @return the percentile
     */
    public static double nearestRank(double[] sorted, double percent) {
        if (sorted.length == 0 || !(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("need at least one sample and a percent in (0, 100], got "
                    + sorted.length + " samples and " + percent);
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
