package io.playbench.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.playbench.cuda.Cuda;
import io.playbench.cuda.CudaContext;
import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.env.classic.CartPoleEnv;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapters;
import io.playbench.library.PolicySpec;
import io.playbench.library.ReferencePolicy;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.MeasurementMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The GPU-resident play path of every classic-control task against the CPU env and the reference evaluator (needs a CUDA GPU). */
@EnabledWithCuda
class GpuPlayTests {

    static CudaContext gpu;
    static PolicySpec ppo;

    @BeforeAll
    static void open() throws IOException {
        gpu = Cuda.open(0);
        Path dir = CudaPolicySourceTests.checkpoints().resolve("sb3/ppo-CartPole-v1");
        ppo = LibraryAdapters.of(Library.SB3)
                .load(dir.resolve("model.zip"), dir)
                .spec();
    }

    @AfterAll
    static void close() {
        if (gpu != null) {
            gpu.close();
        }
    }

    @Test
    void fusedPolicyMatchesTheReferenceEvaluatorOnTheReferenceObservations() throws IOException {
        Path dir = CudaPolicySourceTests.checkpoints().resolve("sb3/ppo-CartPole-v1");
        JsonNode samples = new JsonMapper()
                .readTree(dir.resolve("reference-actions.json").toFile())
                .get("samples");
        int n = samples.size();
        float[] obs = new float[4 * n];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < 4; j++) {
                obs[4 * s + j] = (float) samples.get(s).get("obs").get(j).asDouble();
            }
        }
        float[] logits = new float[2 * n];
        int[] actions = new int[n];
        try (GpuPlay play = GpuPlay.create(gpu, "CartPole-v1", ppo, 1, AutoresetMode.SAME_STEP)) {
            play.evaluatePolicy(obs, n, logits, actions);
        }
        ReferencePolicy ref = new ReferencePolicy(ppo);
        for (int s = 0; s < n; s++) {
            float[] expected = ref.forward(new float[] {obs[4 * s], obs[4 * s + 1], obs[4 * s + 2], obs[4 * s + 3]});
            for (int j = 0; j < 2; j++) {
                assertThat((double) logits[2 * s + j])
                        .as("sample %d logit %d", s, j)
                        .isCloseTo(
                                expected[j],
                                org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(expected[j]))));
            }
            assertThat(actions[s])
                    .as("sample %d action", s)
                    .isEqualTo(samples.get(s).get("action").asInt());
        }
    }

    @Test
    void resetStatesAreThePhiloxTwinsAndStepsMatchTheCpuEnvWithinOneUlp() {
        int n = 1024;
        try (GpuPlay play = GpuPlay.create(gpu, "CartPole-v1", ppo, n, AutoresetMode.NEXT_STEP)) {
            play.reset(5);
            double[] st = play.states();
            for (int i = 0; i < n; i++) {
                assertThat(new double[] {st[4 * i], st[4 * i + 1], st[4 * i + 2], st[4 * i + 3]})
                        .containsExactly(Philox.resetDraws(5, i, 0, -0.05, 0.05));
            }
            VecEnv cpu = Tasks.make("CartPole-v1", n, EnvOptions.defaults());
            CartPoleEnv cp = (CartPoleEnv) cpu;
            cpu.reset(1);
            Random rnd = new Random(2);
            boolean[] pending = new boolean[n];
            double[] states = new double[4 * n];
            double[] next = new double[4 * n];
            float[] obs = new float[4 * n];
            byte[] term = new byte[n];
            int[] actions = new int[n];
            for (int t = 0; t < 100; t++) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(cp.state(i), 0, states, 4 * i, 4);
                    actions[i] = rnd.nextInt(2);
                }
                play.stepOnce(states, actions, n, next, obs, term);
                cpu.step(actions);
                for (int i = 0; i < n; i++) {
                    if (!pending[i]) {
                        for (int c = 0; c < 4; c++) {
                            int ulps = Math.abs(Float.floatToIntBits(obs[4 * i + c])
                                    - Float.floatToIntBits(cpu.observations()[4 * i + c]));
                            assertThat(ulps)
                                    .as("env %d step %d component %d", i, t, c)
                                    .isLessThanOrEqualTo(1);
                        }
                        assertThat(term[i] != 0)
                                .as("env %d step %d terminated", i, t)
                                .isEqualTo(cpu.terminated()[i]);
                    }
                    pending[i] = cpu.terminated()[i] || cpu.truncated()[i];
                }
            }
            cpu.close();
        }
    }

    @Test
    void aRunIsDeviceSynchronizedAndCountsEpisodesOnTheDevice() {
        try (GpuPlay play = GpuPlay.create(gpu, "CartPole-v1", ppo, 4096, AutoresetMode.SAME_STEP)) {
            PlayResult r = play.run(GpuPlay.Options.of(100, 1000, 42L));
            assertThat(r.runtime().measurementMode()).isEqualTo(MeasurementMode.DEVICE_SYNCHRONIZED);
            assertThat(r.frames()).isEqualTo(4096L * 1000);
            assertThat(r.completedEpisodes()).isPositive();
            assertThat(r.meanReward()).isGreaterThan(400.0);
            assertThat(r.engine()).isEqualTo(GpuPlay.ENGINE);
            assertThat(r.device()).isEqualTo("gpu:0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v0", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"})
    void everyTaskResetsAsItsPhiloxTwinAndStepsAsTheCpuEnv(String task) {
        try (GpuPlay play = GpuPlay.create(gpu, task, CudaTaskTests.policyFor(task), 1024, AutoresetMode.NEXT_STEP)) {
            GpuEnvComparison.Result r = GpuEnvComparison.compare(play, 150, 5);
            assertThat(r.resetMismatches()).as(r.line()).isZero();
            // float32 observations equal, or 1 ulp apart where the device's sin/cos differ from glibc's in binary64
            assertThat(r.observationsWorseOrResetWorse()).as(r.line()).isZero();
            assertThat(r.terminationMismatches()).as(r.line()).isZero();
            // rewards: Pendulum's cost squares with x * x where NumPy calls pow(x, 2) / powf(u, 2): rarely a few ulp
            // apart
            assertThat(r.maxRewardAbsDiff()).as(r.line()).isLessThan(1e-9);
            assertThat(r.rewardsEqual()).as(r.line()).isGreaterThanOrEqualTo(r.rewards() - r.rewards() / 200);
            assertThat(r.maxStateRelDiff()).as(r.line()).isLessThan(1e-9);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"})
    void everyTaskRunsOnTheDeviceWithItsRewardsTimeLimitAndSuccessRule(String task) {
        PolicySpec spec = task.startsWith("MountainCar")
                ? CudaTaskTests.mountainCarController(task)
                : CudaTaskTests.policyFor(task);
        try (GpuPlay play = GpuPlay.create(gpu, task, spec, 4096, AutoresetMode.SAME_STEP)) {
            PlayResult r = play.run(GpuPlay.Options.of(100, 2000, 42L));
            assertThat(r.completedEpisodes()).as(task).isPositive();
            assertThat(r.successRate()).as(task).isBetween(0.0, 1.0);
            int limit = CudaTask.of(task).maxEpisodeSteps();
            assertThat(r.epLength().peak()).as(task).isLessThanOrEqualTo((double) limit);
            switch (task) {
                // the shared checkpoints: sb3 SAC Pendulum (Gymnasium eval: -167 +- 91) and A2C Acrobot (-92 +- 40)
                case "Pendulum-v1" -> assertThat(r.meanReward()).isBetween(-400.0, 0.0);
                case "Acrobot-v1" -> {
                    assertThat(r.meanReward()).isBetween(-200.0, 0.0);
                    assertThat(r.successRate()).isGreaterThan(0.9);
                }
                // the energy-pumping controllers (CPU env, 512 envs x 3,000 steps: -129.8 +- 32.8, success 0.9997; and
                // 91.18 +- 1.31, success 1.0): -1 per step; the action cost 0.1 a^2 and the +100 goal reward
                case "MountainCar-v0" -> {
                    assertThat(r.meanReward()).isBetween(-160.0, -100.0);
                    assertThat(r.successRate()).isGreaterThan(0.99);
                }
                default -> {
                    assertThat(r.meanReward()).isBetween(85.0, 95.0);
                    assertThat(r.successRate()).isGreaterThan(0.99);
                }
            }
        }
    }

    @Test
    void aContinuousPolicyMatchesTheReferenceEvaluator() throws IOException {
        PolicySpec sac = CudaTaskTests.policyFor("Pendulum-v1");
        Path dir = CudaPolicySourceTests.checkpoints().resolve("sb3/sac-Pendulum-v1");
        JsonNode samples = new JsonMapper()
                .readTree(dir.resolve("reference-actions.json").toFile())
                .get("samples");
        int n = samples.size();
        float[] obs = new float[3 * n];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < 3; j++) {
                obs[3 * s + j] = (float) samples.get(s).get("obs").get(j).asDouble();
            }
        }
        float[] out = new float[n];
        try (GpuPlay play = GpuPlay.create(gpu, "Pendulum-v1", sac, 1, AutoresetMode.NEXT_STEP)) {
            play.evaluatePolicy(obs, n, out, new int[n]);
        }
        ReferencePolicy ref = new ReferencePolicy(sac);
        for (int s = 0; s < n; s++) {
            float expected = ref.forward(new float[] {obs[3 * s], obs[3 * s + 1], obs[3 * s + 2]})[0];
            assertThat((double) out[s])
                    .as("sample %d", s)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(expected))));
        }
    }
}
