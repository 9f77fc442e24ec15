package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Sample 2: a matrix over libraries. One method, four invocations — rsl_rl, rl_games, skrl and Stable-Baselines3
 * policies trained on Pendulum-v1, each loaded the way its library plays it (normaliser, network, action head). The
 * body compares the measured mean return with what the library itself measured ({@code eval.json}).
 */
@Tag("benchmark")
class PlaySample_02_QualityAcrossLibraries {

    private static final Map<String, String> REFERENCE = Map.of(
            "rsl_rl", "rsl_rl/v5-ppo-Pendulum-v1",
            "rl_games", "rl_games/ppo-Pendulum-v1",
            "skrl", "skrl/ppo-Pendulum-v1",
            "sb3", "sb3/sac-Pendulum-v1");

    @PlayBenchmark(
            library = {Library.RSL_RL, Library.RL_GAMES, Library.SKRL, Library.SB3},
            task = "Pendulum-v1",
            numEnvs = 16,
            steps = 1_000,
            warmupSteps = 50,
            minTotalFps = 20_000)
    void pendulumPoliciesSwingUpAsTrained(PlayResult result) {
        ReferenceEvaluations reference = ReferenceEvaluations.of(REFERENCE.get(result.library()));
        assertThat(result).hasCompletedEpisodesAtLeast(64).hasMeanRewardAtLeast(reference.lowestHealthyMean());
    }
}
