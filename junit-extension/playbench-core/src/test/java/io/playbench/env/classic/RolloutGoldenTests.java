package io.playbench.env.classic;

import static io.playbench.env.classic.Goldens.assertBits;
import static io.playbench.env.classic.Goldens.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reference §12.4: long single-env rollouts with resets, open-loop and closed-loop. Protocol: reset(seed), then N
 * steps; the post-step observation (the terminal one when the episode ended) is widened and summed; after an ended
 * episode the env is reset without a seed. A one-env {@link AutoresetMode#SAME_STEP} env implements exactly this:
 * the terminal observation is {@link VecEnv#finalObservations()} and the policy sees the reset observation.
 *
 * <p>Episode counts and return sums are compared exactly; {@code Σobs} within half a unit of the last printed digit
 * (the sheet prints them rounded); the last observation bit for bit.
 */
class RolloutGoldenTests {

    interface Policy {
        float action(int t, float[] obs);
    }

    record Outcome(int episodes, int terminatedEpisodes, double returnSum, double[] obsSum, float[] lastObs) {}

    static Outcome run(String taskId, long seed, int steps, Policy policy) {
        EnvOptions options = EnvOptions.defaults().withAutoresetMode(AutoresetMode.SAME_STEP);
        try (VecEnv env = Tasks.make(taskId, 1, options)) {
            boolean discrete = env.actionSpace() instanceof io.playbench.env.Space.Discrete;
            int d = env.observationSpace().flatSize();
            env.reset(seed);
            double[] sum = new double[d];
            double ret = 0.0;
            int episodes = 0;
            int terminatedEpisodes = 0;
            float[] last = new float[d];
            int[] ia = new int[1];
            float[] fa = new float[1];
            for (int t = 0; t < steps; t++) {
                float a = policy.action(t, env.observations().clone());
                if (discrete) {
                    ia[0] = (int) a;
                    env.step(ia);
                } else {
                    fa[0] = a;
                    env.step(fa);
                }
                ret += env.rewards()[0];
                float[] post = env.episodeEnded()[0] ? env.finalObservations() : env.observations();
                for (int k = 0; k < d; k++) {
                    sum[k] += post[k];
                }
                last = Arrays.copyOf(post, d);
                if (env.episodeEnded()[0]) {
                    episodes++;
                    if (env.terminated()[0]) {
                        terminatedEpisodes++;
                    }
                }
            }
            assertThat(env.episodesCompleted()).isEqualTo(episodes);
            assertThat(env.episodesTerminated()).isEqualTo(terminatedEpisodes);
            return new Outcome(episodes, terminatedEpisodes, ret, sum, last);
        }
    }

    @Test
    void cartPoleOpenLoop() {
        Outcome o = run("CartPole-v1", 123, 2000, (t, obs) -> (t / 3) % 2);
        assertThat(o.episodes()).isEqualTo(67);
        assertThat(o.returnSum()).isEqualTo(2000.0);
        assertPrinted(o.obsSum(), "11.055396534, 25.707677929, 10.88202693, 19.748016214", "Σobs");
    }

    @Test
    void acrobotOpenLoop() {
        Outcome o = run("Acrobot-v1", 123, 1000, (t, obs) -> (t / 5) % 3);
        assertThat(o.episodes()).isEqualTo(2);
        assertThat(o.returnSum()).isEqualTo(-1000.0);
        assertPrinted(
                o.obsSum(), "956.3583476, 0.4356718315, 913.1238931, -2.003172293, 1.110876271, -4.708229855", "Σobs");
    }

    @Test
    void mountainCarOpenLoop() {
        Outcome o = run("MountainCar-v0", 123, 1000, (t, obs) -> (t / 20) % 2 != 0 ? 2 : 0);
        assertThat(o.episodes()).isEqualTo(5);
        assertThat(o.returnSum()).isEqualTo(-1000.0);
        assertPrinted(o.obsSum(), "-531.942598224, 0.943186584", "Σobs");
    }

    @Test
    void mountainCarContinuousOpenLoop() {
        Outcome o = run("MountainCarContinuous-v0", 123, 2000, (t, obs) -> (float) (NumpyMath.sin(t / 10.0) * 1.2));
        assertThat(o.episodes()).isEqualTo(5);
        assertThat(o.returnSum()).isEqualTo(355.7496014767713);
        assertPrinted(o.obsSum(), "-910.836184913, 5.242063801", "Σobs");
    }

    @Test
    void pendulumOpenLoop() {
        Outcome o = run("Pendulum-v1", 123, 1000, (t, obs) -> (float) (2.5 * NumpyMath.sin(t / 7.0)));
        assertThat(o.episodes()).isEqualTo(5);
        assertThat(o.returnSum()).isEqualTo(-6284.378048703835);
        assertPrinted(o.obsSum(), "-199.11001322, 12.965269449, -82.963343026", "Σobs");
    }

    @Test
    void cartPoleClosedLoopReachesTheTimeLimit() {
        Outcome o = run("CartPole-v1", 7, 5000, (t, obs) -> {
            double x = obs[0], xd = obs[1], th = obs[2], thd = obs[3];
            return (((th + 0.5 * thd) + 0.01 * x) + 0.1 * xd) > 0 ? 1 : 0;
        });
        assertThat(o.episodes()).isEqualTo(10);
        assertThat(o.terminatedEpisodes()).isZero();
        assertThat(o.returnSum()).isEqualTo(5000.0);
        assertPrinted(o.obsSum(), "-410.609018935, -76.8885205802, -0.544117277884, -1.15177284108", "Σobs");
        assertBits(o.lastObs(), "-0.40705228, -0.05204321, -0.0007152976, 0.018776072", "last obs");
    }

    @Test
    void acrobotClosedLoopTerminates() {
        Outcome o = run("Acrobot-v1", 3, 2000, (t, obs) -> obs[5] > 0 ? 2 : 0);
        assertThat(o.episodes()).isEqualTo(23);
        assertThat(o.terminatedEpisodes()).isEqualTo(23);
        assertThat(o.returnSum()).isEqualTo(-1977.0);
        assertPrinted(
                o.obsSum(),
                "1306.11960602, -2.0594234122, 409.044724746, 13.2900517925, 206.487231908," + " -1442.74490317",
                "Σobs");
        assertBits(o.lastObs(), "0.9871211, -0.1599749, 0.5985562, 0.80108076, 1.5050656, -1.6342617", "last obs");
    }

    @Test
    void mountainCarClosedLoopReachesTheGoal() {
        Outcome o = run("MountainCar-v0", 3, 2000, (t, obs) -> obs[1] >= 0 ? 2 : 0);
        assertThat(o.episodes()).isEqualTo(16);
        assertThat(o.terminatedEpisodes()).isEqualTo(16);
        assertThat(o.returnSum()).isEqualTo(-2000.0);
        assertPrinted(o.obsSum(), "-1025.02103628, 16.1691129371", "Σobs");
        assertBits(o.lastObs(), "-1.1080164, 0.023210295", "last obs");
    }

    @Test
    void mountainCarContinuousClosedLoopSaturated() {
        Outcome o = run("MountainCarContinuous-v0", 3, 3000, (t, obs) -> obs[1] >= 0 ? 1.3f : -1.3f);
        assertThat(o.episodes()).isEqualTo(28);
        assertThat(o.terminatedEpisodes()).isEqualTo(28);
        assertThat(o.returnSum()).isEqualTo(2293.000037193242);
        assertPrinted(o.obsSum(), "-1251.666096, 29.2572072655", "Σobs");
        assertBits(o.lastObs(), "-0.3147465, 0.023606064", "last obs");
    }

    @Test
    void mountainCarContinuousClosedLoopUnsaturated() {
        Outcome o = run("MountainCarContinuous-v0", 3, 3000, (t, obs) -> obs[1] >= 0 ? 0.9f : -0.9f);
        assertThat(o.episodes()).isEqualTo(27);
        assertThat(o.terminatedEpisodes()).isEqualTo(27);
        assertThat(o.returnSum()).isEqualTo(2457.000012874517);
        assertPrinted(o.obsSum(), "-1362.35418842, 28.4035482004", "Σobs");
        assertBits(o.lastObs(), "0.43626702, 0.059248567", "last obs");
    }
}
