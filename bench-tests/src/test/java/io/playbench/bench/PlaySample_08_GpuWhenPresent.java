package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import org.junit.jupiter.api.Tag;

/**
 * Sample 8: a GPU benchmark. On a host without a usable GPU (or with TensorFlow's CPU natives) it is disabled — not
 * failed — and the report says why; build with {@code -Ptensorflow-gpu} on a CUDA 12 host to run it.
 */
@Tag("benchmark")
class PlaySample_08_GpuWhenPresent {

    @PlayBenchmark(
            library = Library.SB3,
            task = "CartPole-v1",
            numEnvs = 4096,
            steps = 1_000,
            device = "gpu",
            engine = "tensorflow")
    void cartpoleOnTheGpu(PlayResult result) {
        assertThat(result).hasSuccessRateAtLeast(0.95);
    }
}
