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
        PolicySpec spec = LibraryAdapters.of(Library.fromId(library)).load(dir.resolve(file), dir).spec();

        CudaPolicySource src = new CudaPolicySource(spec);

        long denseParams = spec.parameterCount();
        assertThat((long) src.floatParams().length).isGreaterThanOrEqualTo(denseParams);
        assertThat(src.source()).contains("#define POLICY_IN " + spec.observationSize()).contains("policy_forward");
        boolean normalizes64 = spec.stages().stream().anyMatch(s -> s instanceof Stage.Normalize n && n.float64());
        assertThat(src.doubleParams().length > 0).isEqualTo(normalizes64);
        boolean cartPole = folder.contains("CartPole");
        String full = Philox.CUDA + src.source() + CudaPolicySource.EVAL_KERNEL
                + (cartPole ? CudaCartPole.source(500, AutoresetMode.NEXT_STEP) : "");
        Nvrtc nvrtc;
        try {
            nvrtc = Nvrtc.get();
        } catch (CudaUnavailableException e) {
            assumeTrue(false, e.getMessage());
            return;
        }
        byte[] ptx = nvrtc.compile(full, folder.replace('/', '-') + ".cu", List.of("--gpu-architecture=compute_90", "--std=c++17"));
        String text = new String(ptx, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(text).contains(".entry policy_eval");
        if (cartPole) {
            assertThat(text).contains(".entry play").contains(".entry env_step_once").contains(".entry env_reset");
        }
    }

    static Path checkpoints() {
        try {
            return Path.of(CudaPolicySourceTests.class.getResource("/playbench/torch/checkpoints").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
