package io.playbench.reports.gate;

import java.util.Arrays;

/**
 * The statistics behind the gate's noise awareness: confidence intervals on the relative change between a current
 * and a baseline series of repeated measurements.
 *
 * <p>Positive metrics (throughput, latency): a Welch t-interval on the difference of the mean logarithms, turned back
 * into a ratio ({@code exp}); the interval is on {@code current / baseline - 1}. Metrics that can be zero or negative
 * (reward, success rate): a Welch t-interval on the difference of means divided by the baseline mean's magnitude. With a
 * single sample on one side and at least two on the other, the single side borrows the other side's variance (equal
 * noise assumed) with {@code n - 1} degrees of freedom; with a single sample on both sides there is no interval.
 */
public final class Statistics {

    private Statistics() {}

    /**
     * A closed interval on the relative change.
     *
     * @param low the lower bound
     * @param high the upper bound
     * @param method how it was computed, e.g. {@code welch-log-ratio}
     */
    public record Interval(double low, double high, String method) {}

    /**
     * The confidence interval on {@code mean(current) / mean(baseline) - 1}.
     *
     * @param current current samples
     * @param baseline baseline samples
     * @param confidence the two-sided level, e.g. 0.95
     * @return the interval, or {@code null} with fewer than two samples in total on each side combined as described
     */
    public static Interval relativeChangeInterval(double[] current, double[] baseline, double confidence) {
        if (current.length == 0 || baseline.length == 0 || (current.length < 2 && baseline.length < 2)) {
            return null;
        }
        boolean positive = Arrays.stream(current).allMatch(v -> v > 0)
                && Arrays.stream(baseline).allMatch(v -> v > 0);
        if (positive) {
            double[] c = Arrays.stream(current).map(Math::log).toArray();
            double[] b = Arrays.stream(baseline).map(Math::log).toArray();
            double[] diff = welch(c, b, confidence);
            return new Interval(Math.expm1(diff[0]), Math.expm1(diff[1]), "welch-log-ratio");
        }
        double scale = Math.abs(mean(baseline));
        if (scale < 1e-12) {
            return null;
        }
        double[] diff = welch(current, baseline, confidence);
        return new Interval(diff[0] / scale, diff[1] / scale, "welch-difference");
    }

    /** The Welch t-interval on mean(a) - mean(b); see the class comment for the single-sample case. */
    static double[] welch(double[] a, double[] b, double confidence) {
        double diff = mean(a) - mean(b);
        double va = variance(a);
        double vb = variance(b);
        double se2;
        double df;
        if (a.length < 2) {
            se2 = vb / a.length + vb / b.length;
            df = b.length - 1;
        } else if (b.length < 2) {
            se2 = va / a.length + va / b.length;
            df = a.length - 1;
        } else {
            double qa = va / a.length;
            double qb = vb / b.length;
            se2 = qa + qb;
            double denominator = qa * qa / (a.length - 1) + qb * qb / (b.length - 1);
            df = denominator == 0 ? a.length + b.length - 2 : se2 * se2 / denominator;
        }
        if (se2 == 0) {
            return new double[] {diff, diff};
        }
        double half = studentTQuantile(1 - (1 - confidence) / 2, df) * Math.sqrt(se2);
        return new double[] {diff - half, diff + half};
    }

    /**
     * The arithmetic mean.
     *
     * @param values at least one value
     * @return the mean
     */
    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /**
     * The sample standard deviation ({@code n - 1}), 0 for one value.
     *
     * @param values at least one value
     * @return the deviation
     */
    public static double std(double[] values) {
        return Math.sqrt(variance(values));
    }

    static double variance(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double m = mean(values);
        double s = 0;
        for (double v : values) {
            s += (v - m) * (v - m);
        }
        return s / (values.length - 1);
    }

    /**
     * The quantile of Student's t distribution, by bisection on its distribution function.
     *
     * @param p the probability, in (0.5, 1)
     * @param df degrees of freedom, {@code > 0} (fractional allowed)
     * @return t with P(T &lt;= t) = p
     */
    public static double studentTQuantile(double p, double df) {
        double low = 0;
        double high = 1;
        while (studentTCdf(high, df) < p) {
            high *= 2;
            if (high > 1e12) {
                return high;
            }
        }
        for (int i = 0; i < 200 && high - low > 1e-12 * Math.max(1, high); i++) {
            double mid = (low + high) / 2;
            if (studentTCdf(mid, df) < p) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    /**
     * The distribution function of Student's t.
     *
     * @param t the point
     * @param df degrees of freedom
     * @return P(T &lt;= t)
     */
    public static double studentTCdf(double t, double df) {
        double x = df / (df + t * t);
        double tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** The regularised incomplete beta function I_x(a, b), by Lentz's continued fraction (Numerical Recipes 6.4). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 500; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9). */
    static double logGamma(double x) {
        double[] g = {
            0.99999999999980993,
            676.5203681218851,
            -1259.1392167224028,
            771.32342877765313,
            -176.61502916214059,
            12.507343278686905,
            -0.13857109526572012,
            9.9843695780195716e-6,
            1.5056327351493116e-7
        };
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double y = x - 1;
        double sum = g[0];
        for (int i = 1; i < 9; i++) {
            sum += g[i] / (y + i);
        }
        double t = y + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
