package io.playbench.reports.gate;

import java.util.EnumMap;
import java.util.Map;

/**
 * Settings of the gate: a relative tolerance per metric and the confidence level of the noise intervals.
 *
 * @param tolerances relative tolerance per metric (0.10 = 10 %); metrics absent use {@link Metric#defaultTolerance()}
 * @param confidence the two-sided confidence level of the intervals, in (0, 1)
 * @since 0.1.0
 */
public record GateOptions(Map<Metric, Double> tolerances, double confidence) {

    /** Checks the ranges and copies the map. */
    public GateOptions {
        tolerances = tolerances.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(tolerances));
        tolerances.forEach((metric, t) -> {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException(
                        "the tolerance of " + metric.id() + " must be a finite number >= 0 but was " + t);
            }
        });
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException(
                    "the confidence level must be in (0, 1), e.g. 0.95, but was " + confidence);
        }
    }

    /**
     * The defaults: each metric's default tolerance, 95 % intervals.
     *
     * @return the options
     */
    public static GateOptions defaults() {
        return new GateOptions(Map.of(), 0.95);
    }

    /**
     * The tolerance of a metric.
     *
     * @param metric the metric
     * @return the relative tolerance
     */
    public double toleranceOf(Metric metric) {
        return tolerances.getOrDefault(metric, metric.defaultTolerance());
    }
}
