package io.playbench.rollout;

import io.playbench.schema.EpisodeCounts;
import io.playbench.schema.LatencyStats;
import io.playbench.schema.MeanStd;
import io.playbench.schema.PlayRuntime;
import io.playbench.schema.Resources;
import java.util.List;

/**
 * What a measured play rollout produced: throughput and latency, completed-episode statistics and resource use.
 *
 * <p>A {@code @PlayBenchmark} test receives it as a parameter. Every figure covers the measured iterations only
 * (warm-up excluded); episode figures cover the episodes that ended during them. The headline throughput
 * {@link #totalFps()} is the effective rate, frames / measured time.
 *
 * @param task the task id
 * @param library the library id of the policy (e.g. {@code sb3}), or {@code null} for a policy of no library
 * @param numEnvs the number of parallel envs
 * @param device the device the policy ran on ({@code cpu}, {@code gpu:N})
 * @param engine the inference engine
 * @param seed the seed of the first reset, or {@code null}
 * @param runtime timing and throughput
 * @param episodes how many episodes ended
 * @param reward episode return over completed episodes, {@code null} when none completed
 * @param epLength episode length over completed episodes [env steps], {@code null} when none completed
 * @param successRate successful / completed episodes, {@code null} when none completed
 * @param resources sampled resource use
 * @param episodeLog every completed episode, in the order they ended
 * @param warnings what the user should know (few completed episodes, monitor problems, fallbacks)
 */
public record PlayResult(
        String task,
        String library,
        int numEnvs,
        String device,
        String engine,
        Long seed,
        PlayRuntime runtime,
        EpisodeCounts episodes,
        MeanStd reward,
        MeanStd epLength,
        Double successRate,
        Resources resources,
        List<EpisodeRecord> episodeLog,
        List<String> warnings) {

    /** Makes the lists immutable. */
    public PlayResult {
        episodeLog = List.copyOf(episodeLog);
        warnings = List.copyOf(warnings);
    }

    /**
     * The headline throughput: measured env frames / measured time (inference + env step) [frames/s].
     *
     * @return the effective rate, 0 when nothing was measured
     */
    public double totalFps() {
        return runtime.effectiveFps() == null ? 0.0 : runtime.effectiveFps();
    }

    /**
     * Isaac Lab's figure: the mean of per-iteration rates [frames/s] (biased high; for comparison only).
     *
     * @return the mean of rates, 0 when nothing was measured
     */
    public double meanOfRatesFps() {
        return runtime.totalFps() == null ? 0.0 : runtime.totalFps().mean();
    }

    /**
     * Policy inference throughput: frames / total inference time [frames/s].
     *
     * @return the rate, 0 when nothing was measured
     */
    public double inferenceFps() {
        return runtime.inferenceFps() == null ? 0.0 : runtime.inferenceFps();
    }

    /**
     * Environment throughput: frames / total env-step time [frames/s].
     *
     * @return the rate, 0 when nothing was measured
     */
    public double envFps() {
        return runtime.envFps() == null ? 0.0 : runtime.envFps();
    }

    /**
     * Latency of one iteration (inference + env step for all envs) [s].
     *
     * @return the distribution, {@code null} when nothing was measured
     */
    public LatencyStats stepLatency() {
        return runtime.stepLatencyS();
    }

    /**
     * Measured env frames (iterations × envs).
     *
     * @return the frame count
     */
    public long frames() {
        return runtime.frames();
    }

    /**
     * Episodes that ended during the measured rollout.
     *
     * @return the count
     */
    public long completedEpisodes() {
        return episodes.completed();
    }

    /**
     * The mean episode return.
     *
     * @return the mean, or {@code null} when no episode completed
     */
    public Double meanReward() {
        return reward == null ? null : reward.mean();
    }
}
