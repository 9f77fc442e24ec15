package io.playbench.junit;

import io.playbench.library.Activation;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapter;
import io.playbench.library.LoadedPolicy;
import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test adapter, plugged in through ServiceLoader, for "*.heuristic" files: eight weights of a 4 -> 2 linear layer
 * followed by argmax (a CartPole controller), so extension tests run without a trained checkpoint.
 */
public final class HeuristicAdapter implements LibraryAdapter {

    @Override
    public Library library() {
        return Library.SB3;
    }

    @Override
    public boolean accepts(Path checkpoint) {
        return checkpoint.getFileName().toString().endsWith(".heuristic");
    }

    @Override
    public LoadedPolicy load(Path checkpoint, Path runDirectory) throws IOException {
        String[] parts = Files.readString(checkpoint).trim().split("\\s+");
        float[] weights = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            weights[i] = Float.parseFloat(parts[i]);
        }
        PolicySpec spec = new PolicySpec(
                Library.SB3,
                "heuristic",
                4,
                new PolicySpec.ActionOutput.Discrete(2),
                List.of(new Stage.Dense(weights, null, 4, 2, Activation.IDENTITY), new Stage.Argmax()),
                List.of("test heuristic"));
        return new LoadedPolicy(spec, "test", null, List.of());
    }
}
