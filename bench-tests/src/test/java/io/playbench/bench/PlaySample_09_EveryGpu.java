package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Sample 9: one benchmark spread over every GPU of the host. {@code device = "gpu:*"} sends invocation {@code i} of the
 * matrix (here the same configuration four times, {@code repeat = 4}) to {@code gpu:(i mod N)}; with parallel
 * execution on ({@code junit-platform.properties} of this module enables it, and {@link Execution} makes this class
 * concurrent) the GPUs run side by side while each GPU's lock keeps its own rollouts one at a time. Engine
 * {@code auto} takes the fused CUDA path. Without a GPU it is disabled with the reason; with one GPU it runs serially.
 * Afterwards, {@code playbench devices target/playbench/bundles} shows each GPU's runs, busy time, FPS and any overlap.
 */
@Tag("benchmark")
@Execution(ExecutionMode.CONCURRENT)
class PlaySample_09_EveryGpu {

    // tag::everyGpu[]
    @PlayBenchmark(
            library = Library.SB3,
            task = "CartPole-v1",
            numEnvs = 65_536,
            steps = 20_000,
            repeat = 4,
            device = "gpu:*")
    void cartpoleOnEveryGpu(PlayResult result) {
        assertThat(result).hasTotalFpsAtLeast(500e6).hasSuccessRateAtLeast(0.95);
    }
    // end::everyGpu[]
}
