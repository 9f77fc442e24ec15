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

/** The GPU-resident play path against the CPU env and the reference evaluator (needs a CUDA GPU). */
@EnabledWithCuda
class GpuPlayTests {

    static CudaContext gpu;
    static PolicySpec ppo;

    @BeforeAll
    static void open() throws IOException {
        gpu = Cuda.open(0);
        Path dir = CudaPolicySourceTests.checkpoints().resolve("sb3/ppo-CartPole-v1");
        ppo = LibraryAdapters.of(Library.SB3).load(dir.resolve("model.zip"), dir).spec();
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
        JsonNode samples = new JsonMapper().readTree(dir.resolve("reference-actions.json").toFile()).get("samples");
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
                assertThat((double) logits[2 * s + j]).as("sample %d logit %d", s, j)
                        .isCloseTo(expected[j], org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(expected[j]))));
            }
            assertThat(actions[s]).as("sample %d action", s).isEqualTo(samples.get(s).get("action").asInt());
        }
    }

    @Test
    void resetStatesAreThePhiloxTwinsAndStepsMatchTheCpuEnvWithinOneUlp() {
        int n = 1024;
        try (GpuPlay play = GpuPlay.create(gpu, "CartPole-v1", ppo, n, AutoresetMode.NEXT_STEP)) {
            play.reset(5);
            double[] st = play.states();
            for (int i = 0; i < n; i++) {
                assertThat(new double[] {st[4 * i], st[4 * i + 1], st[4 * i + 2], st[4 * i + 3]}).containsExactly(Philox.resetDraws(5, i, 0, -0.05, 0.05));
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
                            int ulps = Math.abs(Float.floatToIntBits(obs[4 * i + c]) - Float.floatToIntBits(cpu.observations()[4 * i + c]));
                            assertThat(ulps).as("env %d step %d component %d", i, t, c).isLessThanOrEqualTo(1);
                        }
                        assertThat(term[i] != 0).as("env %d step %d terminated", i, t).isEqualTo(cpu.terminated()[i]);
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
}
