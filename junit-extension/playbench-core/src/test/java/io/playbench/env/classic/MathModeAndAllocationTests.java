package io.playbench.env.classic;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.env.EnvOptions;
import io.playbench.env.MathMode;
import io.playbench.env.Space;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MathMode} and the no-allocation-per-step promise. */
class MathModeAndAllocationTests {

    @Test
    void exactIsTheDefault() {
        try (ClassicControlEnv env = (ClassicControlEnv) Tasks.make("Pendulum-v1", 1)) {
            assertThat(env.mathMode()).isEqualTo(MathMode.EXACT);
        }
    }

    @Test
    void fastModeDriftsFromGymnasiumOnPendulumButNotOnCartPole() {
        // reference §2.2: Math.sin/cos and x * x differ from glibc in the last bit on ~0.1 % of inputs
        int numEnvs = 32;
        try (VecEnv exact = Tasks.make("Pendulum-v1", numEnvs);
                VecEnv fast =
                        Tasks.make("Pendulum-v1", numEnvs, EnvOptions.defaults().withMathMode(MathMode.FAST))) {
            exact.reset(123);
            fast.reset(123);
            java.util.SplittableRandom random = new java.util.SplittableRandom(9);
            float[] a = new float[numEnvs];
            int differing = 0;
            for (int t = 0; t < 1000; t++) {
                for (int i = 0; i < numEnvs; i++) {
                    a[i] = (float) random.nextDouble(-2, 2);
                }
                exact.step(a);
                fast.step(a);
                for (int i = 0; i < numEnvs; i++) {
                    if (exact.rewards()[i] != fast.rewards()[i]
                            || exact.observations()[3 * i + 2] != fast.observations()[3 * i + 2]) {
                        differing++;
                    }
                }
            }
            assertThat(differing)
                    .as("env steps whose reward or speed differ between EXACT and FAST")
                    .isPositive();
        }
        // CartPole's first steps (reference §12.2) are the same in both modes
        try (VecEnv env = Tasks.make("CartPole-v1", 1, EnvOptions.defaults().withMathMode(MathMode.FAST))) {
            env.reset(42);
            env.step(new int[] {1});
            Goldens.assertBits(Goldens.obs(env, 0), "0.027273363,  0.18847767 ,  0.03625453 , -0.26141977", "FAST");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"})
    void steppingAllocatesNothing(String taskId) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        try (VecEnv env = Tasks.make(taskId, 64, EnvOptions.defaults().withMaxEpisodeSteps(25))) {
            env.reset(1);
            int[] discrete = new int[64];
            float[] box = new float[64];
            boolean isDiscrete = env.actionSpace() instanceof Space.Discrete;
            for (int i = 0; i < 64; i++) {
                discrete[i] = i % 2;
                box[i] = (i % 3) - 1;
            }
            for (int t = 0; t < 2000; t++) { // warm-up, autoresets included
                step(env, isDiscrete, discrete, box);
            }
            long before = threads.getThreadAllocatedBytes(self);
            for (int t = 0; t < 2000; t++) {
                step(env, isDiscrete, discrete, box);
            }
            long allocated = threads.getThreadAllocatedBytes(self) - before;
            assertThat(env.episodesCompleted()).isPositive();
            assertThat(allocated)
                    .as("bytes allocated by 2000 steps of 64 %s envs", taskId)
                    .isLessThan(4096);
        }
    }

    private static void step(VecEnv env, boolean isDiscrete, int[] discrete, float[] box) {
        if (isDiscrete) {
            env.step(discrete);
        } else {
            env.step(box);
        }
    }
}
