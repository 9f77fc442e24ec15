package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import org.junit.jupiter.api.Tag;

/**
 * Sample 10: a rollout video. After the measured rollout (never inside it), one episode of the same policy is drawn as
 * Gymnasium draws the task and written as an animated GIF beside the bundle; the bundle's {@code video_path} names it
 * and the Allure report shows it.
 */
@Tag("benchmark")
class PlaySample_10_RolloutVideo {

    // tag::video[]
    @PlayBenchmark(
            library = Library.SB3,
            task = "CartPole-v1",
            numEnvs = 256,
            steps = 2_000,
            video = PlayBenchmark.Video.ON)
    void cartPole(PlayResult result) {
        assertThat(result).hasSuccessRateAtLeast(0.95);
    }
    // end::video[]
}
