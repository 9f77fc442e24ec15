package io.playbench.env.classic;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Per-task success at the end of each env's episode (reference §11). */
class SuccessTests {

    /** Steps a vector env with a per-env policy and returns {ended, succeeded, terminated} counts. */
    private static long[] run(VecEnv env, int steps, BiConsumer<float[], Object> policy, Object actions) {
        long ended = 0;
        long succeeded = 0;
        long terminatedEnded = 0;
        for (int t = 0; t < steps; t++) {
            policy.accept(env.observations(), actions);
            if (actions instanceof int[] a) {
                env.step(a);
            } else {
                env.step((float[]) actions);
            }
            for (int i = 0; i < env.numEnvs(); i++) {
                if (env.episodeEnded()[i]) {
                    ended++;
                    if (env.episodeSuccesses()[i]) {
                        succeeded++;
                    }
                    if (env.terminated()[i]) {
                        terminatedEnded++;
                    }
                    assertThat(env.episodeSuccesses()[i])
                            .as("success of env %d", i)
                            .isEqualTo(expectedSuccess(
                                    env.taskId(), env.terminated()[i], env.truncated()[i], env.episodeSuccesses()[i]));
                }
            }
        }
        assertThat(env.episodesCompleted()).isEqualTo(ended);
        assertThat(env.episodesSucceeded()).isEqualTo(succeeded);
        return new long[] {ended, succeeded, terminatedEnded};
    }

    private static boolean expectedSuccess(String task, boolean terminated, boolean truncated, boolean actual) {
        return switch (task) {
            case "CartPole-v1", "CartPole-v0" -> truncated && !terminated;
            case "Pendulum-v1" -> actual; // checked separately
            default -> terminated;
        };
    }

    @Test
    void cartPoleSucceedsWhenItReachesTheTimeLimit() {
        try (VecEnv env = Tasks.make("CartPole-v1", 8)) {
            env.reset(7);
            long[] r = run(
                    env,
                    1100,
                    (obs, a) -> {
                        int[] act = (int[]) a;
                        for (int i = 0; i < act.length; i++) {
                            double x = obs[4 * i], xd = obs[4 * i + 1], th = obs[4 * i + 2], thd = obs[4 * i + 3];
                            act[i] = (((th + 0.5 * thd) + 0.01 * x) + 0.1 * xd) > 0 ? 1 : 0;
                        }
                    },
                    new int[8]);
            assertThat(r[0]).isEqualTo(16);
            assertThat(r[1]).isEqualTo(16);
        }
        try (VecEnv env = Tasks.make("CartPole-v1", 8)) {
            env.reset(7);
            long[] r = run(env, 200, (obs, a) -> java.util.Arrays.fill((int[]) a, 1), new int[8]);
            assertThat(r[0]).isPositive();
            assertThat(r[1]).isZero();
        }
    }

    @Test
    void mountainCarSucceedsWhenItReachesTheGoal() {
        try (VecEnv env = Tasks.make("MountainCar-v0", 8)) {
            env.reset(3);
            long[] r = run(
                    env,
                    400,
                    (obs, a) -> {
                        int[] act = (int[]) a;
                        for (int i = 0; i < act.length; i++) {
                            act[i] = obs[2 * i + 1] >= 0 ? 2 : 0;
                        }
                    },
                    new int[8]);
            assertThat(r[0]).isPositive();
            assertThat(r[1]).isEqualTo(r[2]).isEqualTo(r[0]);
        }
    }

    @Test
    void mountainCarContinuousSucceedsWhenItReachesTheGoal() {
        try (VecEnv env = Tasks.make("MountainCarContinuous-v0", 8)) {
            env.reset(3);
            long[] r = run(
                    env,
                    400,
                    (obs, a) -> {
                        float[] act = (float[]) a;
                        for (int i = 0; i < act.length; i++) {
                            act[i] = obs[2 * i + 1] >= 0 ? 1f : -1f;
                        }
                    },
                    new float[8]);
            assertThat(r[0]).isPositive();
            assertThat(r[1]).isEqualTo(r[2]).isEqualTo(r[0]);
        }
    }

    @Test
    void acrobotSucceedsWhenTheTipReachesTheGoalHeight() {
        try (VecEnv env = Tasks.make("Acrobot-v1", 8)) {
            env.reset(3);
            long[] r = run(
                    env,
                    500,
                    (obs, a) -> {
                        int[] act = (int[]) a;
                        for (int i = 0; i < act.length; i++) {
                            act[i] = obs[6 * i + 5] > 0 ? 2 : 0;
                        }
                    },
                    new int[8]);
            assertThat(r[0]).isPositive();
            assertThat(r[1]).isEqualTo(r[2]).isEqualTo(r[0]);
        }
    }

    @Test
    void pendulumSucceedsWhenHeldUprightForTheLastSecond() {
        try (ClassicControlEnv env = (ClassicControlEnv) Tasks.make("Pendulum-v1", 6)) {
            // start near upright and balance with a PD controller
            env.reset(11, 0.3, 0.5);
            long[] r = run(
                    env,
                    200,
                    (obs, a) -> {
                        float[] act = (float[]) a;
                        for (int i = 0; i < act.length; i++) {
                            double th = Math.atan2(obs[3 * i + 1], obs[3 * i]);
                            act[i] = (float) Math.max(-2, Math.min(2, -(10 * th + 2 * obs[3 * i + 2])));
                        }
                    },
                    new float[6]);
            assertThat(r[0]).isEqualTo(6);
            assertThat(r[1]).isEqualTo(6);
        }
        try (VecEnv env = Tasks.make("Pendulum-v1", 6)) {
            env.reset(11);
            long[] r = run(env, 200, (obs, a) -> {}, new float[6]);
            assertThat(r[0]).isEqualTo(6);
            assertThat(r[1]).isZero();
        }
    }

    @Test
    void pendulumBalancedButNotForTheFullLastSecondIsNoSuccess() {
        // balance until 10 steps before the time limit, then push: the streak at the end is < 20
        try (ClassicControlEnv env = (ClassicControlEnv) Tasks.make("Pendulum-v1", 2)) {
            env.reset(11, 0.3, 0.5);
            int[] t = {0};
            long[] r = run(
                    env,
                    200,
                    (obs, a) -> {
                        float[] act = (float[]) a;
                        for (int i = 0; i < act.length; i++) {
                            double th = Math.atan2(obs[3 * i + 1], obs[3 * i]);
                            act[i] = t[0] < 185
                                    ? (float) Math.max(-2, Math.min(2, -(10 * th + 2 * obs[3 * i + 2])))
                                    : 2f;
                        }
                        t[0]++;
                    },
                    new float[2]);
            assertThat(r[0]).isEqualTo(2);
            assertThat(r[1]).isZero();
        }
    }
}
