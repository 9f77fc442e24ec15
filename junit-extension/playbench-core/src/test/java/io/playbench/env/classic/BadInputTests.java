package io.playbench.env.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets an {@link IllegalArgumentException} naming the env and the value, raised before any state changes:
 * afterwards the env continues exactly as an env that never saw the bad call.
 */
class BadInputTests {

    @Test
    void wrongNumberOfDiscreteActions() {
        try (VecEnv env = Tasks.make("CartPole-v1", 4);
                VecEnv twin = Tasks.make("CartPole-v1", 4)) {
            env.reset(1);
            twin.reset(1);
            assertThatThrownBy(() -> env.step(new int[5]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("one action per env, 4 in all, but got 5");
            assertThatThrownBy(() -> env.step(new int[3])).hasMessageContaining("but got 3");
            assertStillInStep(env, twin);
        }
    }

    @Test
    void wrongNumberOfContinuousActions() {
        try (VecEnv env = Tasks.make("Pendulum-v1", 3);
                VecEnv twin = Tasks.make("Pendulum-v1", 3)) {
            env.reset(1);
            twin.reset(1);
            assertThatThrownBy(() -> env.step(new float[2]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 in all for 3 envs, but got 2");
            assertStillInStep(env, twin);
        }
    }

    @Test
    void discreteActionOutOfRangeNamesTheEnvAndTheValue() {
        try (VecEnv env = Tasks.make("CartPole-v1", 4);
                VecEnv twin = Tasks.make("CartPole-v1", 4)) {
            env.reset(1);
            twin.reset(1);
            assertThatThrownBy(() -> env.step(new int[] {0, 1, 1, 2}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Action 2 for env 3 of CartPole-v1")
                    .hasMessageContaining("[0, 1]");
            assertThatThrownBy(() -> env.step(new int[] {0, -1, 1, 0})).hasMessageContaining("Action -1 for env 1");
            assertStillInStep(env, twin);
        }
        try (VecEnv env = Tasks.make("Acrobot-v1", 2)) {
            env.reset(1);
            // Gymnasium's Acrobot silently accepts -1 (list indexing); PlayBench rejects it and 3.
            assertThatThrownBy(() -> env.step(new int[] {-1, 0})).hasMessageContaining("Action -1 for env 0");
            assertThatThrownBy(() -> env.step(new int[] {0, 3})).hasMessageContaining("Action 3 for env 1");
        }
    }

    @Test
    void nanOrInfiniteContinuousActionNamesTheEnv() {
        try (VecEnv env = Tasks.make("MountainCarContinuous-v0", 3);
                VecEnv twin = Tasks.make("MountainCarContinuous-v0", 3)) {
            env.reset(1);
            twin.reset(1);
            assertThatThrownBy(() -> env.step(new float[] {0.5f, Float.NaN, 0f}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Action NaN for env 1 of MountainCarContinuous-v0")
                    .hasMessageContaining("finite");
            assertThatThrownBy(() -> env.step(new float[] {0.5f, 0f, Float.NEGATIVE_INFINITY}))
                    .hasMessageContaining("Action -Infinity for env 2");
            assertStillInStep(env, twin);
        }
    }

    @Test
    void outOfBoxContinuousActionsAreClippedNotRejected() {
        try (VecEnv env = Tasks.make("Pendulum-v1", 1);
                VecEnv clipped = Tasks.make("Pendulum-v1", 1)) {
            env.reset(3);
            clipped.reset(3);
            env.step(new float[] {7.5f});
            clipped.step(new float[] {2.0f});
            assertThat(env.observations()).containsExactly(clipped.observations());
        }
    }

    @Test
    void wrongActionTypeIsRejected() {
        try (VecEnv env = Tasks.make("CartPole-v1", 2)) {
            env.reset(0);
            assertThatThrownBy(() -> env.step(new float[2]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("step(int[])");
        }
        try (VecEnv env = Tasks.make("Pendulum-v1", 2)) {
            env.reset(0);
            assertThatThrownBy(() -> env.step(new int[2]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("step(float[])");
        }
    }

    @Test
    void stepBeforeResetIsAnError() {
        try (VecEnv env = Tasks.make("Acrobot-v1", 2)) {
            assertThatThrownBy(() -> env.step(new int[2]))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("reset");
            env.reset(0);
            env.step(new int[2]);
        }
    }

    @Test
    void negativeSeedIsRejected() {
        try (VecEnv env = Tasks.make("CartPole-v1", 2)) {
            assertThatThrownBy(() -> env.reset(-3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-3");
        }
    }

    @Test
    void invalidResetOptionsAreRejected() {
        try (ClassicControlEnv env = (ClassicControlEnv) Tasks.make("CartPole-v1", 1)) {
            assertThatThrownBy(() -> env.reset(0, 0.1, -0.1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must not exceed");
            assertThatThrownBy(() -> env.reset(0, Double.NaN, 0.1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Both envs were reset alike; the first saw only rejected calls. They must still agree for 30 steps. */
    private static void assertStillInStep(VecEnv env, VecEnv twin) {
        assertThat(env.observations()).containsExactly(twin.observations());
        int n = env.numEnvs();
        for (int t = 0; t < 30; t++) {
            if (env.actionSpace() instanceof io.playbench.env.Space.Discrete) {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (t + i) % 2;
                }
                env.step(a);
                twin.step(a.clone());
            } else {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = ((t + i) % 3) - 1;
                }
                env.step(a);
                twin.step(a.clone());
            }
            assertThat(env.observations()).containsExactly(twin.observations());
            assertThat(env.rewards()).containsExactly(twin.rewards());
            assertThat(env.terminated()).containsExactly(twin.terminated());
        }
        assertThat(env.envSteps()).isEqualTo(twin.envSteps());
    }
}
