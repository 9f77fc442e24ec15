package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import org.junit.jupiter.api.Tag;

/**
 * Sample 1: the smallest useful benchmark. No checkpoint is named, so PlayBench plays the published one
 * ({@code playbench/checkpoints/sb3/CartPole-v1/checkpoint.zip} on the test classpath: Stable-Baselines3 PPO) and
 * records a warning in the bundle. The test receives the {@link PlayResult} and states its budget with AssertJ.
 *
 * <p>{@code steps} counts vectorised steps: 2,000 steps of 256 envs are 512,000 env frames.
 */
@Tag("benchmark")
class PlaySample_01_MinimumFps {

    // tag::benchmark[]
    @PlayBenchmark(library = Library.SB3, task = "CartPole-v1", steps = 2_000, numEnvs = 256)
    void cartpoleHoldsItsBudget(PlayResult result) {
        assertThat(result).hasTotalFpsAtLeast(1_000_000).hasSuccessRateAtLeast(0.95);
    }
    // end::benchmark[]
}
