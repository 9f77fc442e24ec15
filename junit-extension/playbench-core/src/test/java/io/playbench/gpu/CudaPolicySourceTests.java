package io.playbench.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.playbench.cuda.CudaUnavailableException;
import io.playbench.cuda.Nvrtc;
import io.playbench.env.AutoresetMode;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapters;
import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CUDA source generated from every shared checkpoint's policy: parameters packed in stage order, sizes as
 * constants; compiled to PTX with NVRTC where it is found (no GPU needed; the CUBIN path runs in {@link GpuPlayTests}).
 */
class CudaPolicySourceTests {

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "rsl_rl, rsl_rl/v5-ppo-Pendulum-v1, model_199.pt",
        "rl_games, rl_games/ppo-Pendulum-v1, nn/pendulum.pth",
        "rl_games, rl_games/ppo-CartPole-v1, nn/cartpole.pth",
        "skrl, skrl/ppo-Pendulum-v1, checkpoints/agent_12000.pt",
        "sb3, sb3/ppo-CartPole-v1, model.zip",
        "sb3, sb3/dqn-CartPole-v1, model.zip",
        "sb3, sb3/sac-Pendulum-v1, model.zip",
        "sb3, sb3/a2c-Acrobot-v1-vecnormalize, model.zip",
    })
    void generatesAndCompilesEveryCheckpointsPolicy(String library, String folder, String file) throws IOException {
        Path dir = checkpoints().resolve(folder);
        PolicySpec spec = LibraryAdapters.of(Library.fromId(library))
                .load(dir.resolve(file), dir)
                .spec();

        CudaPolicySource src = new CudaPolicySource(spec);

        long denseParams = spec.parameterCount();
        assertThat((long) src.floatParams().length).isGreaterThanOrEqualTo(denseParams);
        assertThat(src.source())
                .contains("#define POLICY_IN " + spec.observationSize())
                .contains("policy_forward");
        boolean normalizes64 = spec.stages().stream().anyMatch(s -> s instanceof Stage.Normalize n && n.float64());
        assertThat(src.doubleParams().length > 0).isEqualTo(normalizes64);
        boolean cartPole = folder.contains("CartPole");
        String full = Philox.CUDA
                + src.source()
                + CudaPolicySource.EVAL_KERNEL
                + (cartPole ? CudaCartPole.source(500, AutoresetMode.NEXT_STEP) : "");
        Nvrtc nvrtc;
        try {
            nvrtc = Nvrtc.get();
        } catch (CudaUnavailableException e) {
            assumeTrue(false, e.getMessage());
            return;
        }
        byte[] ptx = nvrtc.compile(
                full, folder.replace('/', '-') + ".cu", List.of("--gpu-architecture=compute_90", "--std=c++17"));
        String text = new String(ptx, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(text).contains(".entry policy_eval");
        if (cartPole) {
            assertThat(text)
                    .contains(".entry play")
                    .contains(".entry env_step_once")
                    .contains(".entry env_reset");
        }
    }

    @org.junit.jupiter.api.Test
    void aHiddenLayerBeforeASmallHeadIsStreamedFromSharedMemory() throws IOException {
        Path dir = checkpoints().resolve("sb3/ppo-CartPole-v1");
        PolicySpec spec = LibraryAdapters.of(Library.SB3)
                .load(dir.resolve("model.zip"), dir)
                .spec();

        CudaPolicySource src = new CudaPolicySource(spec);

        // 4-64-64-2: the 64x64 layer is streamed into the 2-logit head; its rows (64 inputs, already a multiple of 4)
        // are packed once more for shared memory
        assertThat(src.source())
                .contains("// streamed: dense 64->64 (weights in shared memory) folded into dense 64->2")
                .contains("__shared__ __align__(16) float s_params[4096];")
                .contains("__syncthreads();");
        assertThat(src.floatParams()).hasSize((int) spec.parameterCount());
        Stage.Dense hidden = (Stage.Dense) spec.stages().get(1);
        float[] p = src.floatParams();
        assertThat(java.util.Arrays.copyOfRange(p, 320, 320 + 4096)).containsExactly(hidden.weight());
    }

    @org.junit.jupiter.api.Test
    void oddWidthsArePaddedAndWideLayersAreNotStreamed() {
        PolicySpec odd = new PolicySpec(
                Library.SB3,
                "PPO",
                5,
                new PolicySpec.ActionOutput.Discrete(3),
                List.of(
                        new Stage.Dense(filled(7 * 5), filled(7), 5, 7, io.playbench.library.Activation.TANH),
                        new Stage.Dense(filled(3 * 7), filled(3), 7, 3, io.playbench.library.Activation.IDENTITY),
                        new Stage.Argmax()),
                List.of());
        PolicySpec wide = new PolicySpec(
                Library.SB3,
                "PPO",
                5,
                new PolicySpec.ActionOutput.Discrete(3),
                List.of(
                        new Stage.Dense(filled(256 * 5), filled(256), 5, 256, io.playbench.library.Activation.TANH),
                        new Stage.Dense(filled(256 * 256), filled(256), 256, 256, io.playbench.library.Activation.TANH),
                        new Stage.Dense(filled(3 * 256), filled(3), 256, 3, io.playbench.library.Activation.IDENTITY),
                        new Stage.Argmax()),
                List.of());

        CudaPolicySource o = new CudaPolicySource(odd);
        CudaPolicySource w = new CudaPolicySource(wide);

        // 5 inputs padded to 8 per row: 7 rows of 8 in shared memory, after the unpadded-size parameters
        assertThat(o.source())
                .contains("streamed: dense 5->7")
                .contains("float s_params[56]")
                .contains("if (i + 1 < 5)");
        assertThat(o.floatParams()).hasSize(7 * 8 + 7 + 3 * 7 + 3);
        // 256 inputs do not fit in registers: the 256x256 layer is tiled through shared memory into the 3-logit head
        assertThat(w.source())
                .doesNotContain("streamed:")
                .doesNotContain("s_params")
                .contains(
                        "// tiled: dense 256->256 (weights through shared memory, 32 rows a tile) folded into dense 256->3")
                .contains("#define POLICY_BLOCK_SYNC 1");
        assertThat(o.source()).contains("#define POLICY_BLOCK_SYNC 0");
        assertThat(w.blockSynchronous()).isTrue();
        assertThat(o.blockSynchronous()).isFalse();
        Nvrtc nvrtc;
        try {
            nvrtc = Nvrtc.get();
        } catch (CudaUnavailableException e) {
            assumeTrue(false, e.getMessage());
            return;
        }
        byte[] ptx = nvrtc.compile(
                o.source() + CudaPolicySource.EVAL_KERNEL,
                "odd.cu",
                List.of("--gpu-architecture=compute_90", "--std=c++17"));
        assertThat(new String(ptx, java.nio.charset.StandardCharsets.US_ASCII))
                .contains(".entry policy_eval")
                .contains(".shared");
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) Math.sin(i) * 0.1f;
        }
        return a;
    }

    static Path checkpoints() {
        try {
            return Path.of(CudaPolicySourceTests.class
                    .getResource("/playbench/torch/checkpoints")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
