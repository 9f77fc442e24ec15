package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import org.junit.jupiter.api.Tag;

/**
 * Sample 8: a GPU benchmark. With device {@code gpu} and engine {@code auto}, environments and policy run fused in one
 * CUDA kernel (see docs/gpu.md). On a host without a usable GPU it is disabled, not failed, and the report says why.
 */
@Tag("benchmark")
class PlaySample_08_GpuWhenPresent {

    // tag::gpu[]
    @PlayBenchmark(library = Library.SB3, task = "CartPole-v1", numEnvs = 65_536, steps = 3_000, device = "gpu")
    void cartPoleOnTheGpu(PlayResult result) {
        assertThat(result).hasTotalFpsAtLeast(100e6).hasSuccessRateAtLeast(0.95);
    }
    // end::gpu[]
}
