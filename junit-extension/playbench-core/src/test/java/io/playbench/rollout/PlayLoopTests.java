package io.playbench.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbench.device.Device;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.inference.ReferenceEngine;
import io.playbench.library.Activation;
import io.playbench.library.Library;
import io.playbench.library.PolicySpec;
import io.playbench.library.PolicySpec.ActionOutput;
import io.playbench.library.Stage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayLoopTests {

    /** Pushes the cart toward the side the pole falls to: action 1 when theta + thetaDot > 0. */
    static PolicySpec cartPoleHeuristic() {
        return new PolicySpec(
                Library.SB3,
                "heuristic",
                4,
                new ActionOutput.Discrete(2),
                List.of(
                        new Stage.Dense(new float[] {0, 0, 0, 0, 0, 0, 1, 1}, null, 4, 2, Activation.IDENTITY),
                        new Stage.Argmax()),
                List.of());
    }

    @Test
    void measuresEveryIterationAfterTheWarmUpAndCountsEndedEpisodes() {
        try (VecEnv env = Tasks.make("CartPole-v1", 8);
                Policy policy = new ReferenceEngine().compile(cartPoleHeuristic(), Device.CPU, 8)) {
            PlayResult result = PlayLoop.run(env, policy, options(20, 600, 7L));

            assertThat(result.runtime().iterationsCompleted()).isEqualTo(600);
            assertThat(result.runtime().warmupIterations()).isEqualTo(20);
            assertThat(result.frames()).isEqualTo(600 * 8);
            assertThat(result.runtime().startupTimeS().firstStep()).isNotNull().isPositive();
            assertThat(result.totalFps()).isPositive();
            assertThat(result.runtime().stepLatencyS().p99())
                    .isGreaterThanOrEqualTo(result.runtime().stepLatencyS().p50());
            assertThat(result.runtime().inferenceLatencyS()).isNotNull();
            assertThat(result.runtime().envStepLatencyS()).isNotNull();
            assertThat(result.completedEpisodes())
                    .isPositive()
                    .isEqualTo(result.episodeLog().size());
            // CartPole pays 1 per step, so every return equals its length.
            assertThat(result.episodeLog())
                    .allSatisfy(e -> assertThat(e.episodeReturn()).isEqualTo(e.length()));
            assertThat(result.reward().mean()).isEqualTo(result.epLength().mean());
            assertThat(result.episodes().terminated() + result.episodes().truncated())
                    .isEqualTo(result.completedEpisodes());
            long successes =
                    result.episodeLog().stream().filter(EpisodeRecord::success).count();
            assertThat(result.episodes().successes()).isEqualTo(successes);
            assertThat(result.episodeLog())
                    .allSatisfy(e -> assertThat(e.success()).isEqualTo(!e.terminated() && e.length() == 500));
            assertThat(result.resources().samples()).isPositive();
        }
    }

    @Test
    void theSameSeedGivesTheSameEpisodes() {
        List<List<EpisodeRecord>> runs = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            try (VecEnv env = Tasks.make("CartPole-v1", 4);
                    Policy policy = new ReferenceEngine().compile(cartPoleHeuristic(), Device.CPU, 4)) {
                runs.add(PlayLoop.run(env, policy, options(5, 400, 123L)).episodeLog());
            }
        }

        assertThat(runs.get(0)).isNotEmpty().isEqualTo(runs.get(1));
    }

    @Test
    void aWindowWithoutEndedEpisodesReportsNullsAndSaysWhy() {
        try (VecEnv env = Tasks.make("MountainCar-v0", 2);
                Policy policy = new ReferenceEngine()
                        .compile(
                                new PolicySpec(
                                        Library.SB3,
                                        "noop",
                                        2,
                                        new ActionOutput.Discrete(3),
                                        List.of(
                                                new Stage.Dense(new float[6], null, 2, 3, Activation.IDENTITY),
                                                new Stage.Argmax()),
                                        List.of()),
                                Device.CPU,
                                2)) {
            PlayResult result = PlayLoop.run(env, policy, options(0, 50, 1L));

            assertThat(result.completedEpisodes()).isZero();
            assertThat(result.reward()).isNull();
            assertThat(result.successRate()).isNull();
            assertThat(result.warnings())
                    .anySatisfy(w -> assertThat(w).contains("No episode ended").contains("not zero"));
            assertThat(result.runtime().startupTimeS().firstStep())
                    .as("with no warm-up the cold step is the first measured one")
                    .isNotNull();
        }
    }

    @Test
    void aPolicyForAnotherTaskIsRefusedBeforeRunning() {
        PolicySpec threeInputs = new PolicySpec(
                Library.SB3,
                "x",
                3,
                new ActionOutput.Discrete(2),
                List.of(new Stage.Dense(new float[6], null, 3, 2, Activation.IDENTITY), new Stage.Argmax()),
                List.of());
        PolicySpec continuous = new PolicySpec(
                Library.SB3,
                "x",
                4,
                new ActionOutput.Continuous(1),
                List.of(new Stage.Dense(new float[4], null, 4, 1, Activation.TANH)),
                List.of());
        try (VecEnv env = Tasks.make("CartPole-v1", 2)) {
            assertThatThrownBy(() -> PlayLoop.run(
                            env, new ReferenceEngine().compile(threeInputs, Device.CPU, 2), options(0, 1, 0L)))
                    .hasMessageContaining("expects observations of 3 values but CartPole-v1 gives 4");
            assertThatThrownBy(() -> PlayLoop.run(
                            env, new ReferenceEngine().compile(continuous, Device.CPU, 2), options(0, 1, 0L)))
                    .hasMessageContaining(
                            "takes a discrete action in [0, 2) but the policy produces a continuous action of 1 values");
            assertThatThrownBy(() -> PlayLoop.run(
                            env, new ReferenceEngine().compile(cartPoleHeuristic(), Device.CPU, 3), options(0, 1, 0L)))
                    .hasMessageContaining("compiled for batches of 3 but the env has 2 envs");
        }
    }

    @Test
    void theWarmUpLastsAtLeastItsTimeFloorAndRecordsTheIterationsRun() {
        try (VecEnv env = Tasks.make("CartPole-v1", 2);
                Policy policy = new ReferenceEngine().compile(cartPoleHeuristic(), Device.CPU, 2)) {
            long start = System.nanoTime();
            PlayResult result = PlayLoop.run(
                    env,
                    policy,
                    new PlayLoop.Options(
                            1,
                            10,
                            0L,
                            "sb3",
                            "reference",
                            null,
                            null,
                            line -> {},
                            null,
                            10,
                            java.time.Duration.ofMillis(200)));
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(seconds).isGreaterThanOrEqualTo(0.2);
            assertThat(result.runtime().warmupIterations()).isGreaterThan(1);
            assertThat(result.runtime().iterationsCompleted()).isEqualTo(10);
        }
    }

    @Test
    void nonPositiveWorkloadsAreRefused() {
        assertThatThrownBy(() -> PlayLoop.Options.of(0, 0, 1L)).hasMessageContaining("steps must be >= 1");
        assertThatThrownBy(() -> PlayLoop.Options.of(-1, 10, 1L)).hasMessageContaining("warmupSteps must be >= 0");
    }

    @Test
    void aFailingPolicyPropagatesAndStopsTheMonitor() {
        try (VecEnv env = Tasks.make("CartPole-v1", 2)) {
            Policy failing = new ReferenceEngine().compile(cartPoleHeuristic(), Device.CPU, 2);
            failing.close();

            assertThatThrownBy(() -> PlayLoop.run(env, failing, options(0, 10, 0L)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().equals("playbench-monitor") && t.isAlive());
        }
    }

    @Test
    void longRunsReportProgress() {
        List<String> lines = new ArrayList<>();
        try (VecEnv env = Tasks.make("CartPole-v1", 2);
                Policy policy = new ReferenceEngine().compile(cartPoleHeuristic(), Device.CPU, 2)) {
            PlayLoop.run(
                    env,
                    policy,
                    new PlayLoop.Options(
                            0, 3000, 0L, "sb3", "reference", null, java.time.Duration.ZERO, lines::add, null, 10));
        }

        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l)
                        .startsWith("[playbench] CartPole-v1 sb3 x2: ")
                        .contains("frames/s"));
    }

    private static PlayLoop.Options options(long warmup, long frames, Long seed) {
        return new PlayLoop.Options(
                warmup,
                frames,
                seed,
                "sb3",
                ReferenceEngine.ID,
                null,
                null,
                line -> {},
                io.playbench.monitor.ResourceMonitor::cpuOnly,
                100_000);
    }
}
