package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import org.junit.jupiter.api.Tag;

/**
 * Sample 6: a policy trained behind SB3's {@code VecNormalize}. The published Acrobot checkpoint has its
 * {@code vecnormalize.pkl} beside it; PlayBench reads the statistics with inert stand-ins (no pickled code runs) and
 * normalises observations exactly as SB3 does at play time (float64, clip 10). Budgets are annotation attributes
 * here: breaking either fails the test with one message listing both.
 */
@Tag("benchmark")
class PlaySample_06_NormalisedObservations {

    @PlayBenchmark(
            library = Library.SB3,
            task = "Acrobot-v1",
            numEnvs = 256,
            steps = 1_000,
            minTotalFps = 200_000,
            minMeanReward = -140,
            minSuccessRate = 0.9)
    void acrobotWithVecNormalize(PlayResult result) {
        assertThat(result).hasCompletedEpisodesAtLeast(256);
    }
}
