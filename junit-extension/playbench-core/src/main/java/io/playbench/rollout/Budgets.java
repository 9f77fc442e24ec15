package io.playbench.rollout;

import io.playbench.schema.LatencyStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Performance and quality budgets of a benchmark; {@code null} means no budget.
 *
 * @param minTotalFps minimum effective throughput [frames/s]
 * @param minSuccessRate minimum success rate [0, 1]
 * @param minMeanReward minimum mean episode return
 * @param maxP99StepLatencyS maximum 99th-percentile iteration latency [s]
 */
public record Budgets(Double minTotalFps, Double minSuccessRate, Double minMeanReward, Double maxP99StepLatencyS) {

    /** No budget at all. */
    public static final Budgets NONE = new Budgets(null, null, null, null);

    /** Checks that the budgets are finite and in range. */
    public Budgets {
        check("minTotalFps", minTotalFps, 0, Double.MAX_VALUE);
        check("minSuccessRate", minSuccessRate, 0, 1);
        check("minMeanReward", minMeanReward, -Double.MAX_VALUE, Double.MAX_VALUE);
        check("maxP99StepLatencyS", maxP99StepLatencyS, 0, Double.MAX_VALUE);
    }

    /**
     * Every budget the result breaks, one sentence each with the measured value, the budget and the unit.
     *
     * @param result the measurements
     * @return the violations; empty when every budget holds
     */
    public List<String> violations(PlayResult result) {
        List<String> out = new ArrayList<>();
        if (minTotalFps != null && !(result.totalFps() >= minTotalFps)) {
            out.add(String.format(
                    Locale.ROOT,
                    "total FPS %,.0f frames/s is below the budget of %,.0f frames/s (%.1f%% of it)",
                    result.totalFps(),
                    minTotalFps,
                    100 * result.totalFps() / minTotalFps));
        }
        if (minSuccessRate != null) {
            if (result.successRate() == null) {
                out.add("success rate could not be measured (no episode ended) but a budget of " + minSuccessRate
                        + " was set; raise steps");
            } else if (!(result.successRate() >= minSuccessRate)) {
                out.add(String.format(
                        Locale.ROOT,
                        "success rate %.4f (%d of %d episodes) is below the budget of %.4f",
                        result.successRate(),
                        result.episodes().successes(),
                        result.completedEpisodes(),
                        minSuccessRate));
            }
        }
        if (minMeanReward != null) {
            if (result.meanReward() == null) {
                out.add("mean reward could not be measured (no episode ended) but a budget of " + minMeanReward
                        + " was set; raise steps");
            } else if (!(result.meanReward() >= minMeanReward)) {
                out.add(String.format(
                        Locale.ROOT,
                        "mean reward %.4f over %d episodes is below the budget of %.4f",
                        result.meanReward(),
                        result.completedEpisodes(),
                        minMeanReward));
            }
        }
        if (maxP99StepLatencyS != null) {
            LatencyStats latency = result.stepLatency();
            if (latency != null && !(latency.p99() <= maxP99StepLatencyS)) {
                out.add(String.format(
                        Locale.ROOT,
                        "p99 step latency %.3f ms is above the budget of %.3f ms",
                        latency.p99() * 1e3,
                        maxP99StepLatencyS * 1e3));
            }
        }
        return out;
    }

    /**
     * The budgets as bundle {@code extra} entries ({@code budget.min_total_fps}, ...), for reports and the gate.
     *
     * @return the set budgets, in a fixed order
     */
    public Map<String, Object> asExtra() {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (minTotalFps != null) {
            extra.put("budget.min_total_fps", minTotalFps);
        }
        if (minSuccessRate != null) {
            extra.put("budget.min_success_rate", minSuccessRate);
        }
        if (minMeanReward != null) {
            extra.put("budget.min_mean_reward", minMeanReward);
        }
        if (maxP99StepLatencyS != null) {
            extra.put("budget.max_p99_step_latency_s", maxP99StepLatencyS);
        }
        return extra;
    }

    private static void check(String name, Double value, double min, double max) {
        if (value != null && !(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    "budget " + name + " must be a number within [" + min + ", " + max + "] but was " + value);
        }
    }
}
