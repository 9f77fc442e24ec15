package io.playbench.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.playbench.cuda.Cuda;
import io.playbench.env.AutoresetMode;
import io.playbench.library.Library;
import io.playbench.schema.MeasurementMode;
import io.playbench.schema.PhysicsBackend;
import io.playbench.schema.RunStatus;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code device = "gpu"} requests through the runner: the GPU-resident path where CUDA is, a clear crash where it is not. */
class GpuRouteTests {

    static String checkpoint() {
        try {
            return Path.of(GpuRouteTests.class
                            .getResource("/playbench/torch/checkpoints/sb3/ppo-CartPole-v1/model.zip")
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static PlayRequest request(String engine) {
        return PlayRequest.builder(Library.SB3, "CartPole-v1")
                .numEnvs(4096)
                .steps(1000)
                .warmupSteps(100)
                .checkpoint(checkpoint())
                .seed(42)
                .device("gpu")
                .engine(engine)
                .autoreset(AutoresetMode.SAME_STEP)
                .build();
    }

    @Test
    void engineCudaWithoutADriverCrashesWithTheReason() {
        assumeTrue(Cuda.deviceCount() == 0, "this host has a GPU");

        try (PlayRunner runner =
                PlayRunner.builder().adapters(DefaultComponents.adapters()).build()) {
            PlayOutcome outcome = runner.run(request("cuda"), null);

            assertThat(outcome.result()).isNull();
            assertThat(outcome.bundle().run().status()).isEqualTo(RunStatus.CRASHED);
            assertThat(outcome.crash()).hasMessageContaining("libcuda.so.1");
            assertThat(DefaultComponents.gpuCount()).isZero();
            assertThat(DefaultComponents.gpuAbsenceReason()).contains("CUDA: ").contains("libcuda.so.1");
        }
    }

    @Test
    void autoOnAGpuRunsTheFusedPathAndRecordsTheGpu() {
        assumeTrue(
                Cuda.deviceCount() > 0,
                () -> "needs a CUDA GPU: " + Cuda.unavailableReason().orElse(""));

        try (PlayRunner runner = PlayRunner.builder()
                .adapters(DefaultComponents.adapters())
                .gpus(DefaultComponents::gpus, DefaultComponents.gpuProbe())
                .build()) {
            PlayOutcome outcome = runner.run(request("auto"), null);

            assertThat(outcome.crash()).isNull();
            assertThat(outcome.result().runtime().measurementMode()).isEqualTo(MeasurementMode.DEVICE_SYNCHRONIZED);
            assertThat(outcome.bundle().run().config().physicsBackend()).isEqualTo(PhysicsBackend.PLAYBENCH_CUDA);
            assertThat(outcome.bundle().hardware().gpuDevices()).isNotEmpty();
            assertThat(outcome.result().engine()).isEqualTo("cuda");
        }
    }
}
