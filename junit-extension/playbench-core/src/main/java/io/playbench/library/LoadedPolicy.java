package io.playbench.library;

import java.util.List;
import java.util.Objects;

/**
 * A policy rebuilt from a checkpoint, with the versions that trained it where the checkpoint records them.
 *
 * @param spec the play-time policy
 * @param libraryVersion the version of the library that trained it, or {@code null}
 * @param torchVersion the PyTorch version that saved it, or {@code null}
 * @param warnings what the user should know (defaults used, missing normaliser statistics)
 */
public record LoadedPolicy(PolicySpec spec, String libraryVersion, String torchVersion, List<String> warnings) {

    /** Checks the spec and copies the warnings. */
    public LoadedPolicy {
        Objects.requireNonNull(spec, "spec");
        warnings = List.copyOf(warnings);
    }
}
