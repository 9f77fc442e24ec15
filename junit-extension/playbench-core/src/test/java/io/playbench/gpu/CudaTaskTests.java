package io.playbench.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.playbench.cuda.CudaUnavailableException;
import io.playbench.cuda.Nvrtc;
import io.playbench.env.AutoresetMode;
import io.playbench.env.classic.ClassicControlTasks;
import io.playbench.library.Activation;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapters;
import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GPU tasks without a GPU: every task's full play module compiles with NVRTC (where NVRTC is found), the Java
 * twins of the device's seeded resets, and the policy/task shape check.
 */
class CudaTaskTests {

    @Test
    void theGpuPathRunsEveryClassicControlTask() {
        assertThat(GpuPlay.TASKS).containsExactlyElementsOf(ClassicControlTasks.IDS);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CartPole-v1",
                "CartPole-v0",
                "Acrobot-v1",
                "MountainCar-v0",
                "MountainCarContinuous-v0",
                "Pendulum-v1"
            })
    void everyTasksPlayModuleCompiles(String taskId) throws IOException {
        PolicySpec spec = policyFor(taskId);
        String next = GpuPlay.moduleSource(taskId, spec, AutoresetMode.NEXT_STEP);
        String same = GpuPlay.moduleSource(taskId, spec, AutoresetMode.SAME_STEP);
        assertThat(next).contains("#define NEXT_STEP_RESET 1").contains("policy_prologue();");
        assertThat(same).contains("#define NEXT_STEP_RESET 0");
        Nvrtc nvrtc;
        try {
            nvrtc = Nvrtc.get();
        } catch (CudaUnavailableException e) {
            assumeTrue(false, e.getMessage());
            return;
        }
        for (String src : List.of(next, same)) {
            String ptx = new String(
                    nvrtc.compile(
                            src, "play-" + taskId + ".cu", List.of("--gpu-architecture=compute_90", "--std=c++17")),
                    StandardCharsets.US_ASCII);
            assertThat(ptx)
                    .contains(".entry play")
                    .contains(".entry env_reset")
                    .contains(".entry env_step_once")
                    .contains(".entry env_observe")
                    .contains(".entry policy_eval");
        }
    }

    @Test
    void cartPolesPlayKernelIsTheTunedOne() {
        CudaTask cp = CudaTask.of("CartPole-v1");
        assertThat(cp.source(AutoresetMode.NEXT_STEP, 0))
                .isEqualTo(CudaCartPole.source(500, AutoresetMode.NEXT_STEP))
                .contains("cp_step(s, a)")
                .contains("r += 1.0;");
        assertThat(CudaTask.of("CartPole-v0").maxEpisodeSteps()).isEqualTo(200);
    }

    @Test
    void resetTwinsDrawTheTasksRanges() {
        for (int env = 0; env < 2000; env++) {
            double[] u = Philox.units(9, env, 3);
            double[] ac = GpuPlay.resetState("Acrobot-v1", 9, env, 3);
            assertThat(ac).hasSize(5);
            for (int c = 0; c < 4; c++) {
                assertThat(ac[c]).isBetween(-0.1, 0.1).isEqualTo((double) (float) (-0.1 + (0.1 - -0.1) * u[c]));
            }
            assertThat(ac[4]).isEqualTo(1.0);
            double[] pd = GpuPlay.resetState("Pendulum-v1", 9, env, 3);
            assertThat(pd[0]).isBetween(-Math.PI, Math.PI).isEqualTo(-Math.PI + (2 * Math.PI) * u[0]);
            assertThat(pd[1]).isBetween(-1.0, 1.0).isEqualTo(-1.0 + 2.0 * u[1]);
            assertThat(pd[2]).isZero();
            double[] mc = GpuPlay.resetState("MountainCar-v0", 9, env, 3);
            assertThat(mc[0]).isBetween(-0.6, -0.4).isEqualTo(-0.6 + ((-0.4) - (-0.6)) * u[0]);
            assertThat(mc[1]).isZero();
            assertThat(GpuPlay.resetState("MountainCarContinuous-v0", 9, env, 3))
                    .containsExactly(mc[0], 0.0, 1.0);
            assertThat(GpuPlay.resetState("CartPole-v1", 9, env, 3))
                    .containsExactly(Philox.resetDraws(9, env, 3, -0.05, 0.05));
        }
        assertThat(GpuPlay.resetState("Pendulum-v1", 9, 0, 0))
                .isNotEqualTo(GpuPlay.resetState("Pendulum-v1", 9, 0, 1))
                .isNotEqualTo(GpuPlay.resetState("Pendulum-v1", 10, 0, 0));
    }

    @Test
    void aPolicyForAnotherTaskIsRejectedNamingBothShapes() {
        PolicySpec cartPole = policyFor("CartPole-v1");
        assertThatThrownBy(() -> CudaTask.of("Pendulum-v1").checkPolicy(cartPole))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "Pendulum-v1 needs a policy from 3 observations to a continuous action of 1 value(s)")
                .hasMessageContaining("maps 4 observations to a discrete action in [0, 2)");
        assertThatThrownBy(() -> CudaTask.of("MountainCar-v0").checkPolicy(policyFor("Acrobot-v1")))
                .hasMessageContaining("from 2 observations to a discrete action in [0, 3)")
                .hasMessageContaining("maps 6 observations");
        // GpuPlay.create checks before it touches the GPU
        assertThatThrownBy(() -> GpuPlay.create(null, "Acrobot-v1", cartPole, 16, AutoresetMode.NEXT_STEP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Acrobot-v1 needs a policy from 6 observations to a discrete action in [0, 3)");
        assertThatThrownBy(() -> CudaTask.of("LunarLander-v3"))
                .hasMessageContaining("but not LunarLander-v3")
                .hasMessageContaining("Pendulum-v1")
                .hasMessageContaining("device = \"cpu\"");
    }

    /** A shared checkpoint for the task where there is one, else a small random-weight MLP of the task's shape. */
    static PolicySpec policyFor(String taskId) {
        try {
            return switch (taskId) {
                case "CartPole-v1", "CartPole-v0" -> load(Library.SB3, "sb3/ppo-CartPole-v1", "model.zip");
                case "Acrobot-v1" -> load(Library.SB3, "sb3/a2c-Acrobot-v1-vecnormalize", "model.zip");
                case "Pendulum-v1" -> load(Library.SB3, "sb3/sac-Pendulum-v1", "model.zip");
                case "MountainCar-v0" -> mlp(2, new PolicySpec.ActionOutput.Discrete(3), 7);
                case "MountainCarContinuous-v0" -> mlp(2, new PolicySpec.ActionOutput.Continuous(1), 7);
                default -> throw new IllegalArgumentException(taskId);
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * An energy-pumping controller of a MountainCar task as a one-layer policy: push in the direction of the velocity
     * (logits {@code (-1000 v, 0, 1000 v)} then argmax; or {@code tanh(1000 v)}), which reaches the goal, so that runs
     * have terminations and successes to compare.
     */
    static PolicySpec mountainCarController(String taskId) {
        boolean continuous = taskId.equals("MountainCarContinuous-v0");
        if (continuous) {
            return new PolicySpec(
                    Library.SB3,
                    "controller",
                    2,
                    new PolicySpec.ActionOutput.Continuous(1),
                    List.of(new Stage.Dense(new float[] {0f, 1000f}, new float[] {0f}, 2, 1, Activation.TANH)),
                    List.of("energy-pumping controller"));
        }
        return new PolicySpec(
                Library.SB3,
                "controller",
                2,
                new PolicySpec.ActionOutput.Discrete(3),
                List.of(
                        new Stage.Dense(
                                new float[] {0f, -1000f, 0f, 0f, 0f, 1000f},
                                new float[] {0f, 0f, 0f},
                                2,
                                3,
                                Activation.IDENTITY),
                        new Stage.Argmax()),
                List.of("energy-pumping controller"));
    }

    static PolicySpec load(Library library, String folder, String file) throws IOException {
        Path dir = CudaPolicySourceTests.checkpoints().resolve(folder);
        return LibraryAdapters.of(library).load(dir.resolve(file), dir).spec();
    }

    /** A random-weight {@code in-64-64-out} tanh MLP (argmax for discrete actions, a tanh-squashed output otherwise). */
    static PolicySpec mlp(int in, PolicySpec.ActionOutput action, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        int out = action instanceof PolicySpec.ActionOutput.Discrete d
                ? d.n()
                : ((PolicySpec.ActionOutput.Continuous) action).size();
        boolean discrete = action instanceof PolicySpec.ActionOutput.Discrete;
        List<Stage> stages = new java.util.ArrayList<>();
        int[] widths = {in, 64, 64, out};
        for (int l = 0; l < 3; l++) {
            int a = widths[l];
            int b = widths[l + 1];
            float bound = (float) (1 / Math.sqrt(a));
            float[] w = new float[a * b];
            float[] bias = new float[b];
            for (int i = 0; i < w.length; i++) {
                w[i] = (rnd.nextFloat() * 2 - 1) * bound;
            }
            for (int i = 0; i < b; i++) {
                bias[i] = (rnd.nextFloat() * 2 - 1) * bound;
            }
            Activation act = l < 2 ? Activation.TANH : discrete ? Activation.IDENTITY : Activation.TANH;
            stages.add(new Stage.Dense(w, bias, a, b, act));
        }
        if (discrete) {
            stages.add(new Stage.Argmax());
        }
        return new PolicySpec(Library.SB3, discrete ? "PPO" : "SAC", in, action, stages, List.of("random weights"));
    }
}
