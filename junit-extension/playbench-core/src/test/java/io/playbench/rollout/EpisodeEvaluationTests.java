package io.playbench.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbench.device.Device;
import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.inference.ReferenceEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeEvaluationTests {

    @Test
    void eachEnvPlaysExactlyOneEpisodeFromItsOwnSeed() {
        EpisodeEvaluation.Evaluation batched;
        try (VecEnv env = Tasks.make("CartPole-v1", 6);
                Policy policy = new ReferenceEngine().compile(PlayLoopTests.cartPoleHeuristic(), Device.CPU, 6)) {
            batched = EpisodeEvaluation.run(env, policy, 1000, 10_000, "sb3", "reference", null);
        }

        assertThat(batched.episodes()).hasSize(6);
        assertThat(batched.episodes())
                .extracting(EpisodeEvaluation.Episode::seed)
                .containsExactly(1000L, 1001L, 1002L, 1003L, 1004L, 1005L);
        assertThat(batched.result().completedEpisodes()).isEqualTo(6);
        assertThat(batched.result().reward().mean()).isEqualTo(batched.meanReturn());
        // Env i of the batch plays what a single env reset with seed 1000 + i plays, whatever the other envs do.
        for (int i = 0; i < 6; i++) {
            try (VecEnv single = Tasks.make("CartPole-v1", 1);
                    Policy policy = new ReferenceEngine().compile(PlayLoopTests.cartPoleHeuristic(), Device.CPU, 1)) {
                EpisodeEvaluation.Episode alone = EpisodeEvaluation.run(
                                single, policy, 1000 + i, 10_000, "sb3", "reference", null)
                        .episodes()
                        .getFirst();
                EpisodeEvaluation.Episode inBatch = batched.episodes().get(i);
                assertThat(inBatch.length()).isEqualTo(alone.length());
                assertThat(inBatch.episodeReturn()).isEqualTo(alone.episodeReturn());
                assertThat(inBatch.terminated()).isEqualTo(alone.terminated());
            }
        }
        assertThat(batched.extra())
                .containsEntry("episode.3.seed", 1003L)
                .containsKeys(
                        "episode.5.return",
                        "episode.0.length",
                        "episode.2.terminated",
                        "episode.1.truncated",
                        "episodes.std_return_population");
    }

    @Test
    void sameStepAutoresetGivesTheSameFirstEpisodes() {
        List<EpisodeEvaluation.Episode> next;
        List<EpisodeEvaluation.Episode> same;
        try (VecEnv env = Tasks.make("CartPole-v1", 4);
                Policy policy = new ReferenceEngine().compile(PlayLoopTests.cartPoleHeuristic(), Device.CPU, 4)) {
            next = EpisodeEvaluation.run(env, policy, 5, 10_000, null, "reference", null)
                    .episodes();
        }
        try (VecEnv env =
                        Tasks.make("CartPole-v1", 4, EnvOptions.defaults().withAutoresetMode(AutoresetMode.SAME_STEP));
                Policy policy = new ReferenceEngine().compile(PlayLoopTests.cartPoleHeuristic(), Device.CPU, 4)) {
            same = EpisodeEvaluation.run(env, policy, 5, 10_000, null, "reference", null)
                    .episodes();
        }
        assertThat(same).isEqualTo(next);
    }

    @Test
    void aTaskWhoseEpisodesDoNotEndWithinTheStepLimitFailsWithAClearMessage() {
        try (VecEnv env = Tasks.make("CartPole-v1", 2);
                Policy policy = new ReferenceEngine().compile(PlayLoopTests.cartPoleHeuristic(), Device.CPU, 2)) {
            assertThatThrownBy(() -> EpisodeEvaluation.run(env, policy, 0, 3, null, "reference", null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("had not finished an episode after 3 steps");
        }
    }
}
