package io.playbench.schema;

import java.util.Arrays;

/**
 * An aggregate of a series of samples: mean, sample standard deviation and peak, as in Isaac Lab's schema.
 *
 * <p>{@code std} uses the n - 1 denominator and is 0 for a single sample; {@code peak} is the largest sample, or
 * {@code null} where a peak is meaningless (utilisation). The unit is that of the field that holds the aggregate.
 *
 * @param mean the sample mean
 * @param std the sample standard deviation, {@code >= 0}
 * @param peak the maximum sample, {@code >= mean - 1e-6}, or {@code null}
 */
public record MeanStd(double mean, double std, Double peak) {

    /** Checks the invariants of Isaac Lab's schema (peak at least the mean) and PlayBench's (finite, std not negative). */
    public MeanStd {
        Checks.finite("mean", mean);
        Checks.nonNegative("std", std);
        Checks.finiteOrNull("peak", peak);
        if (peak != null && peak < mean - Checks.PEAK_TOLERANCE) {
            throw new IllegalArgumentException(
                    "peak must be >= mean (within 1e-6) but peak was " + peak + " and mean " + mean);
        }
    }

    /**
     * Aggregates samples the way Isaac Lab's {@code mean_std_peak} does: mean, sample std (0 when fewer than two
     * samples), peak = maximum.
     *
     * @param samples the samples, at least one, all finite
     * @return the aggregate
     */
    public static MeanStd of(double... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException(
                    "samples must not be empty: an empty series has no aggregate (write null instead)");
        }
        double mean = mean(samples);
        double max = Arrays.stream(samples).max().orElseThrow();
        return new MeanStd(mean, std(samples, mean), max);
    }

    /**
     * Aggregates samples without a peak (for utilisation figures).
     *
     * @param samples the samples, at least one
     * @return the aggregate with a {@code null} peak
     */
    public static MeanStd withoutPeak(double... samples) {
        MeanStd full = of(samples);
        return new MeanStd(full.mean(), full.std(), null);
    }

    static double mean(double[] samples) {
        // Kahan-Babuska summation keeps the mean of long series exact to the last few ulps.
        double sum = 0;
        double compensation = 0;
        for (double x : samples) {
            Checks.finite("sample", x);
            double t = sum + x;
            compensation += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }
        return (sum + compensation) / samples.length;
    }

    static double std(double[] samples, double mean) {
        if (samples.length < 2) {
            return 0.0;
        }
        double squares = 0;
        for (double x : samples) {
            double d = x - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (samples.length - 1));
    }
}
