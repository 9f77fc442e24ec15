package io.playbench.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.library.Library;
import io.playbench.library.LibraryAdapter;
import io.playbench.library.LoadedPolicy;
import io.playbench.schema.RunStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Errors while a run is prepared end in a crashed bundle, a {@link StackOverflowError} included. */
class PlayRunnerCrashTests {

    @Test
    void aStackOverflowWhileLoadingIsRecordedAsACrashWithABundle() {
        LibraryAdapter recursing = new LibraryAdapter() {
            @Override
            public Library library() {
                return Library.SB3;
            }

            @Override
            public LoadedPolicy load(Path checkpoint, Path runDirectory) {
                return recurse(0);
            }

            private LoadedPolicy recurse(int depth) {
                return depth < 0 ? null : recurse(depth + 1);
            }
        };
        PlayRequest request = PlayRequest.builder(Library.SB3, "CartPole-v1")
                .numEnvs(2)
                .steps(10)
                .checkpoint(GpuRouteTests.checkpoint())
                .seed(1)
                .build();
        try (PlayRunner runner = PlayRunner.builder().adapters(l -> recursing).build()) {
            PlayOutcome outcome = runner.run(request, null);

            assertThat(outcome.crash()).isInstanceOf(StackOverflowError.class);
            assertThat(outcome.result()).isNull();
            assertThat(outcome.bundle().run().status()).isEqualTo(RunStatus.CRASHED);
            assertThat(outcome.bundle().warnings())
                    .anySatisfy(w -> assertThat(w)
                            .startsWith("crashed: StackOverflowError: the thread's stack overflowed")
                            .contains("PlayRunnerCrashTests"));
        }
    }
}
