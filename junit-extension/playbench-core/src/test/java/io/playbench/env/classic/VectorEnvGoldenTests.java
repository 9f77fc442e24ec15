package io.playbench.env.classic;

import static io.playbench.env.classic.Goldens.assertBits;
import static io.playbench.env.classic.Goldens.finalObs;
import static io.playbench.env.classic.Goldens.obs;
import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.SeedingLayout;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reference §12.5: Gymnasium's native CartPole vector env, and SyncVectorEnv for CartPole and Pendulum. */
class VectorEnvGoldenTests {

    private static final EnvOptions NATIVE = EnvOptions.defaults().withSeedingLayout(SeedingLayout.SHARED_STREAM);

    @Test
    void nativeCartPoleVectorEnvResetDrawsOneRowMajorBlock() {
        try (VecEnv env = Tasks.make("CartPole-v1", 3, NATIVE)) {
            env.reset(42);
            assertBits(obs(env, 0), "0.027395604  0.019736802  0.02611397  -0.0049614063", "env0");
            assertBits(obs(env, 1), "-0.006112156 -0.040582266  0.02860643  -0.012920198", "env1");
            assertBits(obs(env, 2), "0.035859793  0.047562234 -0.037188638  0.042676497", "env2");
        }
    }

    @Test
    void nativeCartPoleVectorEnvAutoresetsFromTheSharedStream() {
        try (VecEnv env = Tasks.make("CartPole-v1", 3, NATIVE)) {
            env.reset(42);
            int[] ones = {1, 1, 1};
            for (int step = 1; step <= 8; step++) {
                env.step(ones);
                assertThat(env.terminated()).containsExactly(false, false, false);
            }
            env.step(ones); // step 9
            assertThat(env.terminated()).containsExactly(false, false, true);
            assertThat(env.rewards()).containsExactly(1.0, 1.0, 1.0);
            env.step(ones); // step 10
            assertThat(env.terminated()).containsExactly(true, true, false);
            assertThat(env.rewards()).containsExactly(1.0, 1.0, 0.0);
            assertBits(obs(env, 2), "0.014386512, 0.03227616, -0.00565858, -0.027276129", "env2 reset obs");
            env.step(ones); // step 11
            assertThat(env.rewards()).containsExactly(0.0, 0.0, 1.0);
            assertThat(env.terminated()).containsExactly(false, false, false);
            assertThat(env.truncated()).containsExactly(false, false, false);
            assertBits(obs(env, 0), "0.005458479, 0.032763116, 0.025808774, 0.047069803", "env0 reset obs");
            assertBits(obs(env, 1), "-0.043618273, 0.01316644, -0.014547403, 0.039312113", "env1 reset obs");
            assertBits(obs(env, 2), "0.015032035, 0.2274788, -0.0062041027, -0.32173902", "env2 stepped");
            assertThat(env.episodesCompleted()).isEqualTo(3);
            assertThat(env.episodesTerminated()).isEqualTo(3);
            assertThat(env.episodeLengths()[2]).isEqualTo(9);
        }
    }

    @Test
    void syncVectorEnvSeedsEnvIWithSeedPlusI() {
        try (VecEnv env = Tasks.make("CartPole-v1", 3)) {
            env.reset(42);
            assertBits(obs(env, 0), "0.027395604, -0.006112156,  0.035859793,  0.019736802", "env0 = seed 42");
            assertBits(obs(env, 1), "0.015229926, -0.045622468, -0.047997043, 0.033921257", "env1 = seed 43");
            assertBits(obs(env, 2), "-0.03774345, -0.024188692, -0.009422927, 0.046918396", "env2 = seed 44");
        }
    }

    @Test
    void pendulumSyncVectorEnvSameStep() {
        try (VecEnv env = pendulumAfter199Steps(AutoresetMode.SAME_STEP)) {
            step(env); // 200
            assertThat(env.rewards()).containsExactly(-4.295120013536967, -6.204903353050953);
            assertThat(env.terminated()).containsExactly(false, false);
            assertThat(env.truncated()).containsExactly(true, true);
            assertThat(env.episodeEnded()).containsExactly(true, true);
            assertBits(obs(env, 0), "0.99536735, 0.096144594, -0.42839724", "env0 reset obs");
            assertBits(obs(env, 1), "0.6802631, -0.73296803, -0.25100645", "env1 reset obs");
            assertBits(finalObs(env, 0), "-0.52611226, -0.8504151, -2.2368805", "env0 final obs");
            assertBits(finalObs(env, 1), "-0.48874718, -0.8724255, -6.2874904", "env1 final obs");
            assertThat(env.episodeLengths()).containsExactly(200, 200);
            step(env); // 201
            assertThat(env.rewards()).containsExactly(-0.027624826830332523, -0.6830942433079166);
            assertThat(env.terminated()).containsExactly(false, false);
            assertThat(env.truncated()).containsExactly(false, false);
            assertThat(env.episodeEnded()).containsExactly(false, false);
            assertBits(obs(env, 0), "0.99692214, 0.07839837, -0.3562888", "env0");
            assertBits(obs(env, 1), "0.65038025, -0.7596088, -0.8007325", "env1");
        }
    }

    @Test
    void pendulumSyncVectorEnvNextStep() {
        try (VecEnv env = pendulumAfter199Steps(AutoresetMode.NEXT_STEP)) {
            step(env); // 200
            assertThat(env.rewards()).containsExactly(-4.295120013536967, -6.204903353050953);
            assertThat(env.terminated()).containsExactly(false, false);
            assertThat(env.truncated()).containsExactly(true, true);
            assertThat(env.episodeEnded()).containsExactly(true, true);
            assertBits(obs(env, 0), "-0.52611226, -0.8504151, -2.2368805", "env0 terminal obs");
            assertBits(obs(env, 1), "-0.48874718, -0.8724255, -6.2874904", "env1 terminal obs");
            assertBits(finalObs(env, 1), "-0.48874718, -0.8724255, -6.2874904", "env1 final obs");
            step(env); // 201
            assertThat(env.rewards()).containsExactly(0.0, 0.0);
            assertThat(env.terminated()).containsExactly(false, false);
            assertThat(env.truncated()).containsExactly(false, false);
            assertThat(env.episodeEnded()).containsExactly(false, false);
            assertBits(obs(env, 0), "0.99536735, 0.096144594, -0.42839724", "env0 reset obs");
            assertBits(obs(env, 1), "0.6802631, -0.73296803, -0.25100645", "env1 reset obs");
        }
    }

    private static VecEnv pendulumAfter199Steps(AutoresetMode mode) {
        VecEnv env = Tasks.make("Pendulum-v1", 2, EnvOptions.defaults().withAutoresetMode(mode));
        env.reset(5);
        assertBits(obs(env, 0), "-0.3387552, 0.9408745, 0.61588156", "env0 reset");
        assertBits(obs(env, 1), "0.97138697, 0.23750223, -0.31345826", "env1 reset");
        for (int t = 1; t <= 199; t++) {
            step(env);
            assertThat(env.truncated()).containsExactly(false, false);
        }
        assertThat(env.rewards()).containsExactly(-3.8179713693325747, -4.526748320902106);
        assertBits(obs(env, 0), "-0.4279094, -0.90382165, -1.5590144", "env0 step 199");
        assertBits(obs(env, 1), "-0.19502078, -0.98079914, -5.551891", "env1 step 199");
        return env;
    }

    private static void step(VecEnv env) {
        float[] zeros = new float[env.numEnvs()];
        Arrays.fill(zeros, 0.0f);
        env.step(zeros);
    }
}
