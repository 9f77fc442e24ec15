package io.playbench.assertj;

import io.playbench.rollout.PlayResult;
import io.playbench.schema.LatencyStats;
import java.util.Locale;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link PlayResult}, with failure messages that state the expected and the measured value in
 * their units.
 *
 * <pre>{@code
 * assertThat(result).hasTotalFpsAtLeast(1_000_000).hasSuccessRateAtLeast(0.95).hasP99StepLatencyAtMostMs(2.0);
 * }</pre>
 */
public class PlayResultAssert extends AbstractAssert<PlayResultAssert, PlayResult> {

    /**
     * Creates the assertion.
     *
     * @param actual the result
     */
    public PlayResultAssert(PlayResult actual) {
        super(actual, PlayResultAssert.class);
    }

    /**
     * Entry point.
     *
     * @param actual the result
     * @return the assertion
     */
    public static PlayResultAssert assertThat(PlayResult actual) {
        return new PlayResultAssert(actual);
    }

    /**
     * Checks the headline throughput (measured env frames / measured time).
     *
     * @param fps the minimum [env frames/s]
     * @return this assertion
     */
    public PlayResultAssert hasTotalFpsAtLeast(double fps) {
        isNotNull();
        if (!(actual.totalFps() >= fps)) {
            failWithMessage(
                    "%nExpecting total FPS of %s to be at least%n  %s frames/s%nbut was%n  %s frames/s (%.1f%% of the budget; "
                            + "inference %s frames/s, env %s frames/s)",
                    label(),
                    num(fps),
                    num(actual.totalFps()),
                    100 * actual.totalFps() / fps,
                    num(actual.inferenceFps()),
                    num(actual.envFps()));
        }
        return this;
    }

    /**
     * Checks the policy-inference throughput alone.
     *
     * @param fps the minimum [env frames/s]
     * @return this assertion
     */
    public PlayResultAssert hasInferenceFpsAtLeast(double fps) {
        isNotNull();
        if (!(actual.inferenceFps() >= fps)) {
            failWithMessage(
                    "%nExpecting inference FPS of %s to be at least%n  %s frames/s%nbut was%n  %s frames/s",
                    label(), num(fps), num(actual.inferenceFps()));
        }
        return this;
    }

    /**
     * Checks the environment-step throughput alone.
     *
     * @param fps the minimum [env frames/s]
     * @return this assertion
     */
    public PlayResultAssert hasEnvFpsAtLeast(double fps) {
        isNotNull();
        if (!(actual.envFps() >= fps)) {
            failWithMessage(
                    "%nExpecting env FPS of %s to be at least%n  %s frames/s%nbut was%n  %s frames/s",
                    label(), num(fps), num(actual.envFps()));
        }
        return this;
    }

    /**
     * Checks the success rate over completed episodes.
     *
     * @param rate the minimum, in [0, 1]
     * @return this assertion
     */
    public PlayResultAssert hasSuccessRateAtLeast(double rate) {
        isNotNull();
        if (actual.successRate() == null) {
            failWithMessage(
                    "%nExpecting a success rate of at least %s for %s%nbut no episode ended in %s measured env frames, so none was measured",
                    rate, label(), num(actual.frames()));
        } else if (!(actual.successRate() >= rate)) {
            failWithMessage(
                    "%nExpecting success rate of %s to be at least%n  %.4f%nbut was%n  %.4f (%d of %d episodes)",
                    label(), rate, actual.successRate(), actual.episodes().successes(), actual.completedEpisodes());
        }
        return this;
    }

    /**
     * Checks the mean episode return over completed episodes.
     *
     * @param reward the minimum
     * @return this assertion
     */
    public PlayResultAssert hasMeanRewardAtLeast(double reward) {
        isNotNull();
        if (actual.meanReward() == null) {
            failWithMessage(
                    "%nExpecting a mean reward of at least %s for %s%nbut no episode ended, so none was measured",
                    reward, label());
        } else if (!(actual.meanReward() >= reward)) {
            failWithMessage(
                    "%nExpecting mean reward of %s to be at least%n  %s%nbut was%n  %s (over %d episodes, std %s)",
                    label(),
                    reward,
                    actual.meanReward(),
                    actual.completedEpisodes(),
                    actual.reward().std());
        }
        return this;
    }

    /**
     * Checks the 99th-percentile latency of one vectorised step (inference + env step).
     *
     * @param milliseconds the maximum [ms]
     * @return this assertion
     */
    public PlayResultAssert hasP99StepLatencyAtMostMs(double milliseconds) {
        isNotNull();
        LatencyStats latency = actual.stepLatency();
        if (latency == null) {
            failWithMessage("%nExpecting a p99 step latency for %s but nothing was measured", label());
        } else if (!(latency.p99() * 1e3 <= milliseconds)) {
            failWithMessage(
                    "%nExpecting p99 step latency of %s to be at most%n  %.3f ms%nbut was%n  %.3f ms (p50 %.3f ms, max %.3f ms)",
                    label(), milliseconds, latency.p99() * 1e3, latency.p50() * 1e3, latency.max() * 1e3);
        }
        return this;
    }

    /**
     * Checks how many episodes ended during the measured rollout.
     *
     * @param episodes the minimum
     * @return this assertion
     */
    public PlayResultAssert hasCompletedEpisodesAtLeast(long episodes) {
        isNotNull();
        if (actual.completedEpisodes() < episodes) {
            failWithMessage(
                    "%nExpecting at least %d completed episodes for %s%nbut %d ended in %s measured env frames",
                    episodes, label(), actual.completedEpisodes(), num(actual.frames()));
        }
        return this;
    }

    private String label() {
        return (actual.library() == null ? "" : actual.library() + " / ") + actual.task() + " / " + actual.numEnvs()
                + " envs";
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
