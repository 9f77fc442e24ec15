package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.checkpoint.CheckpointSettings;
import io.playbench.library.Library;
import io.playbench.rollout.PlayOutcome;
import io.playbench.rollout.PlayRequest;
import io.playbench.rollout.PlayRunner;
import io.playbench.schema.PlayBundles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sample 7: the programmatic {@link PlayRunner}, for rows of a {@code @ParameterizedTest} (or any code without the
 * annotation). The runner keeps environments and compiled policies between rows and closes them when it is closed.
 */
@Tag("benchmark")
class PlaySample_07_PlayRunnerRows {

    private static PlayRunner runner;

    @BeforeAll
    static void start() {
        // tag::runner[]
        runner = PlayRunner.builder()
                .checkpoints(CheckpointSettings.defaults(Path.of("").toAbsolutePath(), null))
                .build();
        // end::runner[]
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @ParameterizedTest(name = "{0} {1} x{2}")
    @CsvSource({
        "rl_games, CartPole-v1, 16,  20000",
        "rl_games, CartPole-v1, 256, 200000",
        "rsl_rl,   Pendulum-v1, 256, 100000",
    })
    void rows(String library, String task, int numEnvs, double minFps) throws Exception {
        // tag::run[]
        PlayRequest request = PlayRequest.builder(Library.fromId(library), task)
                .numEnvs(numEnvs)
                .steps(1_000)
                .build();
        PlayOutcome outcome = runner.run(request);
        PlayBundles.write(Path.of("target/playbench/bundles"), outcome.bundle());
        // end::run[]

        assertThat(outcome.result()).hasTotalFpsAtLeast(minFps).hasCompletedEpisodesAtLeast(1);
    }
}
