package io.playbench.env.classic;

import static io.playbench.env.classic.Goldens.finalObs;
import static io.playbench.env.classic.Goldens.obs;
import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.env.random.NumpyRandom;
import org.junit.jupiter.api.Test;

/** Autoreset in both modes, the time limit, episode statistics and counters. */
class AutoresetTests {

    private static final int LIMIT = 5;
    private static final long SEED = 10;

    private static VecEnv shortCartPole(AutoresetMode mode) {
        return Tasks.make(
                "CartPole-v1", 3, EnvOptions.defaults().withAutoresetMode(mode).withMaxEpisodeSteps(LIMIT));
    }

    /** Env i's second reset observation: draws 5-8 of default_rng(seed + i). */
    private static float[] secondResetObs(long seed) {
        NumpyRandom rng = NumpyRandom.of(seed);
        for (int k = 0; k < 4; k++) {
            rng.uniform(-0.05, 0.05);
        }
        float[] o = new float[4];
        for (int k = 0; k < 4; k++) {
            o[k] = (float) rng.uniform(-0.05, 0.05);
        }
        return o;
    }

    private static int[] alternating(int t) {
        return new int[] {t % 2, (t + 1) % 2, t % 2};
    }

    @Test
    void nextStepReturnsTheTerminalObservationThenResetsOnTheFollowingStep() {
        try (VecEnv env = shortCartPole(AutoresetMode.NEXT_STEP)) {
            env.reset(SEED);
            for (int t = 1; t < LIMIT; t++) {
                env.step(alternating(t));
                assertThat(env.truncated()).containsExactly(false, false, false);
                assertThat(env.episodeEnded()).containsExactly(false, false, false);
            }
            env.step(alternating(LIMIT));
            assertThat(env.terminated()).containsExactly(false, false, false);
            assertThat(env.truncated()).containsExactly(true, true, true);
            assertThat(env.episodeEnded()).containsExactly(true, true, true);
            assertThat(env.rewards()).containsExactly(1.0, 1.0, 1.0);
            assertThat(env.episodeLengths()).containsExactly(LIMIT, LIMIT, LIMIT);
            assertThat(env.episodeReturns()).containsExactly(5.0, 5.0, 5.0);
            assertThat(env.episodeSuccesses()).containsExactly(true, true, true);
            assertThat(env.finalObservations()).containsExactly(env.observations());
            float[] terminal = obs(env, 1);

            // the reset step: action ignored, reward 0, no flags, the reset observation from env i's own stream
            env.step(new int[] {1, 1, 1});
            assertThat(env.rewards()).containsExactly(0.0, 0.0, 0.0);
            assertThat(env.terminated()).containsExactly(false, false, false);
            assertThat(env.truncated()).containsExactly(false, false, false);
            assertThat(env.episodeEnded()).containsExactly(false, false, false);
            for (int i = 0; i < 3; i++) {
                assertThat(obs(env, i)).containsExactly(secondResetObs(SEED + i));
            }
            assertThat(obs(env, 1)).isNotEqualTo(terminal);
            assertThat(((ClassicControlEnv) env).elapsedSteps(0)).isZero();

            // the reset step does not count towards the next episode's time limit
            for (int t = 1; t < LIMIT; t++) {
                env.step(alternating(t));
                assertThat(env.rewards()).containsExactly(1.0, 1.0, 1.0);
                assertThat(env.truncated()).containsExactly(false, false, false);
            }
            env.step(alternating(LIMIT));
            assertThat(env.truncated()).containsExactly(true, true, true);
            assertThat(env.episodesCompleted()).isEqualTo(6);
            assertThat(env.episodesTruncated()).isEqualTo(6);
            assertThat(env.episodesTerminated()).isZero();
            assertThat(env.episodesSucceeded()).isEqualTo(6);
            assertThat(env.envSteps()).isEqualTo(3L * (2 * LIMIT + 1));
        }
    }

    @Test
    void nextStepIgnoresTheActionOnTheResetStep() {
        try (VecEnv a = shortCartPole(AutoresetMode.NEXT_STEP);
                VecEnv b = shortCartPole(AutoresetMode.NEXT_STEP)) {
            a.reset(SEED);
            b.reset(SEED);
            for (int t = 1; t <= LIMIT; t++) {
                a.step(alternating(t));
                b.step(alternating(t));
            }
            a.step(new int[] {0, 0, 0});
            b.step(new int[] {1, 1, 1});
            assertThat(a.observations()).containsExactly(b.observations());
            a.step(new int[] {0, 0, 0});
            b.step(new int[] {1, 1, 1});
            assertThat(a.observations()).isNotEqualTo(b.observations());
        }
    }

    @Test
    void sameStepReturnsTheResetObservationAndKeepsTheFinalOne() {
        try (VecEnv same = shortCartPole(AutoresetMode.SAME_STEP);
                VecEnv next = shortCartPole(AutoresetMode.NEXT_STEP)) {
            same.reset(SEED);
            next.reset(SEED);
            for (int t = 1; t <= LIMIT; t++) {
                same.step(alternating(t));
                next.step(alternating(t));
            }
            assertThat(same.truncated()).containsExactly(true, true, true);
            assertThat(same.episodeEnded()).containsExactly(true, true, true);
            assertThat(same.rewards()).containsExactly(1.0, 1.0, 1.0);
            assertThat(same.episodeReturns()).containsExactly(5.0, 5.0, 5.0);
            for (int i = 0; i < 3; i++) {
                assertThat(obs(same, i)).containsExactly(secondResetObs(SEED + i));
                assertThat(finalObs(same, i)).containsExactly(obs(next, i));
            }
            // the next step is a real step of the new episode
            same.step(alternating(1));
            assertThat(same.rewards()).containsExactly(1.0, 1.0, 1.0);
            assertThat(same.episodeEnded()).containsExactly(false, false, false);
            assertThat(((ClassicControlEnv) same).elapsedSteps(2)).isEqualTo(1);
            for (int t = 2; t <= LIMIT; t++) {
                same.step(alternating(t));
            }
            assertThat(same.truncated()).containsExactly(true, true, true);
            assertThat(same.episodesCompleted()).isEqualTo(6);
            assertThat(same.envSteps()).isEqualTo(3L * 2 * LIMIT);
        }
    }

    @Test
    void terminationEndsTheEpisodeAndCartPoleCountsItAsAFailure() {
        int terminationStep;
        try (VecEnv env = Tasks.make("CartPole-v1", 1)) {
            env.reset(42);
            int t = 0;
            do {
                env.step(new int[] {1});
                t++;
            } while (!env.terminated()[0]);
            terminationStep = t;
            assertThat(env.truncated()[0]).isFalse();
            assertThat(env.rewards()[0]).isEqualTo(1.0); // the terminating step is rewarded
            assertThat(env.episodeEnded()[0]).isTrue();
            assertThat(env.episodeLengths()[0]).isEqualTo(t);
            assertThat(env.episodeReturns()[0]).isEqualTo(t);
            assertThat(env.episodeSuccesses()[0]).isFalse();
            assertThat(env.episodesTerminated()).isEqualTo(1);
            assertThat(env.episodesTruncated()).isZero();
            assertThat(env.episodesSucceeded()).isZero();
        }
        // a time limit equal to the termination step sets both flags; CartPole counts it as a failure
        try (VecEnv env = Tasks.make("CartPole-v1", 1, EnvOptions.defaults().withMaxEpisodeSteps(terminationStep))) {
            env.reset(42);
            for (int t = 0; t < terminationStep; t++) {
                env.step(new int[] {1});
            }
            assertThat(env.terminated()[0]).isTrue();
            assertThat(env.truncated()[0]).isTrue();
            assertThat(env.episodeSuccesses()[0]).isFalse();
            assertThat(env.episodesCompleted()).isEqualTo(1);
            assertThat(env.episodesTerminated()).isEqualTo(1);
            assertThat(env.episodesTruncated()).isEqualTo(1);
        }
    }

    @Test
    void registeredTimeLimitTruncatesMountainCar() {
        try (VecEnv env = Tasks.make("MountainCar-v0", 4)) {
            env.reset(0);
            int[] idle = {1, 1, 1, 1};
            for (int t = 1; t < 200; t++) {
                env.step(idle);
                assertThat(env.truncated()).containsOnly(false);
            }
            env.step(idle);
            assertThat(env.truncated()).containsOnly(true);
            assertThat(env.terminated()).containsOnly(false);
            assertThat(env.episodeReturns()).containsOnly(-200.0);
            assertThat(env.episodeLengths()).containsOnly(200);
            assertThat(env.episodeSuccesses()).containsOnly(false);
            assertThat(env.episodesCompleted()).isEqualTo(4);
            assertThat(env.episodesSucceeded()).isZero();
        }
    }

    @Test
    void noTimeLimitNeverTruncates() {
        try (VecEnv env =
                Tasks.make("Pendulum-v1", 2, EnvOptions.defaults().withMaxEpisodeSteps(EnvOptions.NO_TIME_LIMIT))) {
            env.reset(0);
            for (int t = 0; t < 450; t++) {
                env.step(new float[2]);
                assertThat(env.truncated()).containsOnly(false);
            }
            assertThat(env.episodesCompleted()).isZero();
        }
    }

    @Test
    void resetDropsEpisodesInProgressUncounted() {
        try (VecEnv env = shortCartPole(AutoresetMode.NEXT_STEP)) {
            env.reset(SEED);
            env.step(alternating(1));
            env.step(alternating(2));
            env.reset(SEED);
            assertThat(env.rewards()).containsOnly(0.0);
            assertThat(env.episodeEnded()).containsOnly(false);
            for (int t = 1; t < LIMIT; t++) {
                env.step(alternating(t));
            }
            assertThat(env.truncated()).containsOnly(false);
            env.step(alternating(LIMIT));
            assertThat(env.truncated()).containsOnly(true);
            assertThat(env.episodesCompleted()).isEqualTo(3);
        }
    }

    @Test
    void unseededResetUsesEntropyThatCanBeReplayedAndContinuesTheStream() {
        try (ClassicControlEnv env = (ClassicControlEnv) Tasks.make("CartPole-v1", 2)) {
            env.reset();
            NumpyRandom replay = NumpyRandom.of(env.streamSeed(1));
            float[] expected = new float[4];
            for (int k = 0; k < 4; k++) {
                expected[k] = (float) replay.uniform(-0.05, 0.05);
            }
            assertThat(obs(env, 1)).containsExactly(expected);
            assertThat(env.streamSeed(0)).isNotEqualTo(env.streamSeed(1));
            env.reset();
            for (int k = 0; k < 4; k++) {
                expected[k] = (float) replay.uniform(-0.05, 0.05);
            }
            assertThat(obs(env, 1)).containsExactly(expected);
            // a seeded reset replaces the stream; reset() then continues the seeded one
            env.reset(7);
            env.reset();
            assertThat(obs(env, 0)).containsExactly(secondResetObs(7));
        }
    }
}
