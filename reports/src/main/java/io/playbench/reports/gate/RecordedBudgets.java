package io.playbench.reports.gate;

import io.playbench.schema.PlayBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The budgets a benchmark recorded in its bundles ({@code io.playbench.rollout.Budgets#asExtra()} writes them into the
 * {@code extra} block), read back for the gate.
 *
 * <p>A budget is a key {@code budget.min_<metric>} or {@code budget.max_<metric>} with a number (or a number as text).
 * {@code <metric>} is a {@link Metric#id()}, optionally with a unit suffix for latencies ({@code _s}, {@code _ms},
 * {@code _us}), or an alias: {@code total_fps} and {@code fps} mean {@code effective_fps}, {@code latency_p50} /
 * {@code latency_p99} mean the step latency, {@code reward} means {@code reward_mean}. Examples:
 * {@code budget.min_total_fps = 50000}, {@code budget.max_step_latency_p99_ms = 2.5}, {@code budget.min_success_rate = 0.9}.
 */
final class RecordedBudgets {

    private static final Map<String, String> ALIASES = Map.of(
            "total_fps",
            "effective_fps",
            "fps",
            "effective_fps",
            "latency_p50",
            "step_latency_p50",
            "latency_p99",
            "step_latency_p99",
            "reward",
            "reward_mean");

    private RecordedBudgets() {}

    /** A parsed budget. */
    record Budget(String key, Metric metric, boolean minimum, double limit) {}

    /**
     * The budgets of a group of bundles; when bundles disagree, the last one's value counts and a note says so.
     *
     * @param bundles bundles of one benchmark
     * @param label the benchmark, for notes
     * @param notes where to explain unreadable keys or conflicts
     * @return the budgets, by key
     */
    static List<Budget> of(List<PlayBundle> bundles, String label, List<String> notes) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (PlayBundle bundle : bundles) {
            if (bundle.extra() == null) {
                continue;
            }
            bundle.extra().forEach((key, value) -> {
                if (key.startsWith("budget.")) {
                    Object previous = raw.put(key, value);
                    if (previous != null && !previous.equals(value)) {
                        notes.add(label + ": bundles disagree on " + key + " (" + previous + " vs " + value
                                + "); using " + value);
                    }
                }
            });
        }
        List<Budget> budgets = new ArrayList<>();
        raw.forEach((key, value) -> {
            try {
                budgets.add(parse(key, value));
            } catch (IllegalArgumentException e) {
                notes.add(label + ": ignored " + key + " = " + value + ": " + e.getMessage());
            }
        });
        return budgets;
    }

    static Budget parse(String key, Object value) {
        String name = key.substring("budget.".length());
        boolean minimum;
        if (name.startsWith("min_")) {
            minimum = true;
        } else if (name.startsWith("max_")) {
            minimum = false;
        } else {
            throw new IllegalArgumentException("a budget key must be budget.min_<metric> or budget.max_<metric>");
        }
        String metricName = name.substring(4);
        double scale = 1;
        boolean unitGiven = false;
        for (var suffix : List.of(Map.entry("_ms", 1e-3), Map.entry("_us", 1e-6), Map.entry("_s", 1.0))) {
            if (metricName.endsWith(suffix.getKey())) {
                metricName = metricName.substring(
                        0, metricName.length() - suffix.getKey().length());
                scale = suffix.getValue();
                unitGiven = true;
                break;
            }
        }
        metricName = ALIASES.getOrDefault(metricName, metricName);
        Metric metric;
        try {
            metric = Metric.fromId(metricName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown metric '" + metricName + "'; known: " + Metric.ids()
                            + " (aliases: total_fps, fps, latency_p50, latency_p99, reward)",
                    e);
        }
        if (unitGiven && metric.unit() != Metric.Unit.SECONDS) {
            throw new IllegalArgumentException(
                    "a unit suffix (_s, _ms, _us) applies only to latencies, not to " + metric.id());
        }
        double limit;
        if (value instanceof Number number) {
            limit = number.doubleValue();
        } else if (value instanceof String text) {
            try {
                limit = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the value is not a number", e);
            }
        } else {
            throw new IllegalArgumentException("the value is not a number");
        }
        return new Budget(key, metric, minimum, limit * scale);
    }
}
