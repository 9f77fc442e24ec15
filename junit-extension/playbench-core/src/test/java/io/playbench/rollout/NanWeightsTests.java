package io.playbench.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.checkpoint.CheckpointSettings;
import io.playbench.library.Activation;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapter;
import io.playbench.library.LoadedPolicy;
import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy whose weights are NaN plays (its throughput is measured) but its bundle says so. */
class NanWeightsTests {

    @TempDir
    Path temp;

    @Test
    void aRunOfAPolicyWithNanWeightsWarnsNamingTheStages() throws Exception {
        float[] nan = new float[8];
        Arrays.fill(nan, Float.NaN);
        PolicySpec spec = new PolicySpec(
                Library.SB3,
                "PPO",
                4,
                new PolicySpec.ActionOutput.Discrete(2),
                List.of(new Stage.Dense(nan, null, 4, 2, Activation.IDENTITY), new Stage.Argmax()),
                List.of());
        LibraryAdapter adapter = new LibraryAdapter() {
            @Override
            public Library library() {
                return Library.SB3;
            }

            @Override
            public LoadedPolicy load(Path checkpoint, Path runDirectory) {
                return new LoadedPolicy(spec, "test", null, List.of());
            }
        };
        Path checkpoint = Files.writeString(temp.resolve("nan.zip"), "weights");

        try (PlayRunner runner = PlayRunner.builder()
                .checkpoints(CheckpointSettings.defaults(temp, null).withCacheDirectory(temp.resolve("cache")))
                .adapters(library -> adapter)
                .minWarmup(Duration.ZERO)
                .build()) {
            PlayOutcome outcome = runner.run(PlayRequest.builder(Library.SB3, "CartPole-v1")
                    .checkpoint(checkpoint.toString())
                    .numEnvs(2)
                    .steps(5)
                    .warmupSteps(0)
                    .build());

            assertThat(outcome.crash()).isNull();
            assertThat(outcome.bundle().warnings())
                    .anySatisfy(w -> assertThat(w)
                            .startsWith("The policy has NaN weights (stage 0 (dense 4x2): 8 of 8 values)")
                            .contains("its discrete actions are the argmax of NaN"));
        }
    }
}
