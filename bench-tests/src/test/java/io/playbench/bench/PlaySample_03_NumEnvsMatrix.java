package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Sample 3: how throughput scales with the number of parallel environments. Three invocations (16, 256 and 4,096
 * envs) of the same CartPole policy; the FPS floor grows with the batch, set from measurements on a 2-core machine with
 * a wide margin for noisy neighbours.
 */
@Tag("benchmark")
class PlaySample_03_NumEnvsMatrix {

    private static final Map<Integer, Double> MIN_FPS = Map.of(16, 20_000.0, 256, 200_000.0, 4096, 250_000.0);

    // tag::matrix[]
    @PlayBenchmark(
            library = Library.SB3,
            task = "CartPole-v1",
            numEnvs = {16, 256, 4096},
            steps = 1_000,
            warmupSteps = 100)
    void throughputScalesWithTheBatch(PlayResult result) {
        assertThat(result).hasTotalFpsAtLeast(MIN_FPS.get(result.numEnvs())).hasSuccessRateAtLeast(0.95);
    }
    // end::matrix[]
}
