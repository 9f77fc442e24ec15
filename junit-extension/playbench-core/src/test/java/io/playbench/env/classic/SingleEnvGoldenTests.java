package io.playbench.env.classic;

import static io.playbench.env.classic.Goldens.assertBits;
import static io.playbench.env.classic.Goldens.obs;
import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference §12.2 and §12.3: {@code reset(seed)} and the first five steps of every task, float32 observations compared
 * bit for bit (the nine rounded printed values replaced by their exact float32 values), rewards exactly.
 */
class SingleEnvGoldenTests {

    @Test
    void cartPoleV1() {
        try (VecEnv env = Tasks.make("CartPole-v1", 1)) {
            env.reset(42);
            assertBits(obs(env, 0), "0.027395604, -0.006112156,  0.035859793,  0.019736802", "reset");
            assertThat(((CartPoleEnv) env).state(0))
                    .containsExactly(
                            0.027395604855596334, -0.006112156024794771, 0.03585979199113824, 0.019736802905936393);
            stepDiscrete(env, 1, "0.027273363,  0.18847767 ,  0.03625453 , -0.26141977", 1.0);
            stepDiscrete(env, 0, "0.031042915, -0.0071425503,  0.031026132,  0.04247424", 1.0);
            stepDiscrete(env, 0, "0.030900065, -0.20269535 ,  0.031875618,  0.3447825", 1.0);
            stepDiscrete(env, 1, "0.026846157, -0.008041005,  0.038771268,  0.062319137", 1.0);
            stepDiscrete(env, 1, "0.026685337,  0.18650423 ,  0.04001765 , -0.21788351", 1.0);
        }
    }

    @Test
    void acrobotV1() {
        try (VecEnv env = Tasks.make("Acrobot-v1", 1)) {
            env.reset(42);
            assertBits(
                    obs(env, 0), "0.99849933, 0.054763798, 0.99992526, -0.012224007, 0.07171959, 0.039473604", "reset");
            stepDiscrete(env, 0, "0.9971902 , 0.07491124 , 0.99948347, -0.032137487,  0.12536131 , -0.23186578", -1.0);
            stepDiscrete(env, 1, "0.9960389 , 0.088918515, 0.9978292 , -0.06585529 ,  0.011451077, -0.09803716", -1.0);
            stepDiscrete(env, 2, "0.99783266, 0.06580295 , 0.9993684 , -0.035535347, -0.23736644 ,  0.3923253", -1.0);
            stepDiscrete(env, 2, "0.99999946, -0.0010604593, 0.99658656, 0.08255415 , -0.41413823 ,  0.7580704", -1.0);
            stepDiscrete(env, 0, "0.99791384, -0.06456005, 0.98322755, 0.18238312, -0.20598507, 0.22386444", -1.0);
        }
    }

    @Test
    void mountainCarV0() {
        try (VecEnv env = Tasks.make("MountainCar-v0", 1)) {
            env.reset(42);
            assertBits(obs(env, 0), "-0.4452088, 0.0", "reset");
            assertThat(((MountainCarEnv) env).state(0)[0]).isEqualTo(-0.44520879028880733);
            stepDiscrete(env, 2, "-4.4479132e-01,  4.1747934e-04", -1.0);
            stepDiscrete(env, 2, "-0.4439594  ,  0.0008319142", -1.0);
            stepDiscrete(env, 0, "-0.4447191  , -0.00075971487", -1.0);
            stepDiscrete(env, 1, "-0.44606492 , -0.0013458064", -1.0);
            stepDiscrete(env, 2, "-0.446987   , -0.00092208094", -1.0);
        }
    }

    @Test
    void mountainCarContinuousV0() {
        try (VecEnv env = Tasks.make("MountainCarContinuous-v0", 1)) {
            env.reset(42);
            assertBits(obs(env, 0), "-0.4452088, 0.0", "reset");
            stepBox(env, 0.5f, "-4.4504130e-01,  1.6747933e-04", -0.025);
            stepBox(env, -1.0f, "-0.44695756 , -0.001916263", -0.1);
            stepBox(env, 1.5f, "-0.44794357 , -0.000986021", -0.225);
            stepBox(env, 0.25f, "-0.44911715 , -0.0011735761", -0.00625);
            stepBox(env, -0.3f, "-0.45129472 , -0.0021775516", -0.009000000715255752);
        }
    }

    @Test
    void pendulumV1() {
        try (VecEnv env = Tasks.make("Pendulum-v1", 1)) {
            env.reset(42);
            assertBits(obs(env, 0), "-0.14995256, 0.9886932, -0.12224312", "reset");
            stepBox(env, 1.0f, "-0.1878612 , 0.98219556, 0.7692768", -2.965425241287541);
            stepBox(env, -2.5f, "-0.24670658, 0.9690902 , 1.2059234", -3.160005935329786);
            stepBox(env, 0.3f, "-0.3411757 , 0.9399995 , 1.9777411", -3.4581940820334434);
            stepBox(env, 2.0f, "-0.4770582 , 0.87887174, 2.9827409", -4.077567633688383);
            stepBox(env, -0.7f, "-0.6242328 , 0.7812384 , 3.5368946", -5.167204880212827);
        }
    }

    @Test
    void cartPoleV0SharesTheDynamicsWithV1() {
        try (VecEnv env = Tasks.make("CartPole-v0", 1)) {
            env.reset(42);
            assertThat(env.maxEpisodeSteps()).isEqualTo(200);
            stepDiscrete(env, 1, "0.027273363,  0.18847767 ,  0.03625453 , -0.26141977", 1.0);
        }
    }

    /** Reference §12.3: seed-0 reset observations. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CartPole-v1 | 0.013696169, -0.02302133, -0.045902647, -0.048347235
            CartPole-v0 | 0.013696169, -0.02302133, -0.045902647, -0.048347235
            Acrobot-v1 | 0.99962485, 0.027388912, 0.9989402, -0.046026394, -0.091805294, -0.09669447
            MountainCar-v0 | -0.47260767, 0.0
            MountainCarContinuous-v0 | -0.47260767, 0.0
            Pendulum-v1 | 0.6520163, 0.758205, -0.46042657
            """)
    void seedZeroResets(String taskId, String expected) {
        try (VecEnv env = Tasks.make(taskId, 1)) {
            env.reset(0);
            assertBits(obs(env, 0), expected, taskId + " reset(seed=0)");
        }
    }

    /** Reference §12.3: Gymnasium's documented reset-option examples. */
    @Test
    void resetOptions() {
        try (ClassicControlEnv env = (ClassicControlEnv) Tasks.make("CartPole-v1", 1)) {
            env.reset(123, -0.1, 0.1);
            assertBits(obs(env, 0), "0.036470372, -0.0892358, -0.055928025, -0.06312564", "CartPole low/high");
        }
        try (ClassicControlEnv env = (ClassicControlEnv) Tasks.make("Pendulum-v1", 1)) {
            env.reset(123, Math.PI / 2, 0.5);
            assertBits(obs(env, 0), "0.8403459, 0.54205054, -0.44617897", "Pendulum x_init/y_init");
        }
        try (ClassicControlEnv env = (ClassicControlEnv) Tasks.make("Acrobot-v1", 1)) {
            env.reset(123, -0.2, 0.2);
            assertBits(
                    obs(env, 0),
                    "0.997341, 0.07287608, 0.9841162, -0.17752565, -0.11185605, -0.12625128",
                    "Acrobot low/high");
        }
    }

    private static void stepDiscrete(VecEnv env, int action, String expectedObs, double expectedReward) {
        env.step(new int[] {action});
        assertBits(obs(env, 0), expectedObs, env.taskId() + " after action " + action);
        assertThat(env.rewards()[0]).isEqualTo(expectedReward);
        assertThat(env.terminated()[0]).isFalse();
        assertThat(env.truncated()[0]).isFalse();
    }

    private static void stepBox(VecEnv env, float action, String expectedObs, double expectedReward) {
        env.step(new float[] {action});
        assertBits(obs(env, 0), expectedObs, env.taskId() + " after action " + action);
        assertThat(env.rewards()[0]).isEqualTo(expectedReward);
        assertThat(env.terminated()[0]).isFalse();
        assertThat(env.truncated()[0]).isFalse();
    }
}
