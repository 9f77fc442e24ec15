package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.CheckpointOrigin;
import io.playbench.schema.PlayBundle;
import org.junit.jupiter.api.Tag;

/**
 * Sample 4: an explicit checkpoint with a SHA-256 pin. The checkpoint is a classpath resource (a path relative to the
 * module, a {@code file:} or an {@code https:} URI work the same way); the pin makes the benchmark fail if the file
 * changes, and lets downloads be cached. The {@link PlayBundle} can be injected too.
 */
@Tag("benchmark")
class PlaySample_04_PinnedCheckpoint {

    // tag::pinned[]
    @PlayBenchmark(
            library = Library.SB3,
            task = "CartPole-v1",
            numEnvs = 256,
            steps = 1_000,
            checkpoint = "classpath:playbench/torch/checkpoints/sb3/dqn-CartPole-v1/model.zip",
            checkpointSha256 = "ab702b50b524b7c1107956d99677464805586c6a92e79f8072d73b3196ff1932",
            minTotalFps = 200_000,
            minSuccessRate = 0.95)
    void dqnFromAPinnedFile(PlayResult result, PlayBundle bundle) {
        assertThat(result)
                .hasMeanRewardAtLeast(
                        ReferenceEvaluations.of("sb3/dqn-CartPole-v1").lowestHealthyMean());
        org.assertj.core.api.Assertions.assertThat(bundle.checkpoint().origin()).isEqualTo(CheckpointOrigin.EXPLICIT);
        org.assertj.core.api.Assertions.assertThat(bundle.warnings()).noneMatch(w -> w.contains("published"));
    }
    // end::pinned[]
}
