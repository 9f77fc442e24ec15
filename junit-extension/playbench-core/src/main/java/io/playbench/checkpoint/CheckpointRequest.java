package io.playbench.checkpoint;

import io.playbench.library.Library;
import java.util.Objects;

/**
 * What to resolve: the library and task of a benchmark and, optionally, an explicit checkpoint and its digest.
 *
 * @param library the library that trained the checkpoint
 * @param task the task id (e.g. {@code CartPole-v1})
 * @param checkpoint a path (relative to the base directory), a {@code classpath:}, {@code file:} or {@code http(s):}
 *     URI, a run directory, or {@code <run directory>/latest} / {@code <run directory>/best}; {@code null} or blank for
 *     the published checkpoint
 * @param sha256 the expected SHA-256 (64 hex digits, optionally {@code sha256:}-prefixed), or {@code null}
 */
public record CheckpointRequest(Library library, String task, String checkpoint, String sha256) {

    /** Checks the library and task; normalises blank values to {@code null}. */
    public CheckpointRequest {
        Objects.requireNonNull(library, "library");
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("a checkpoint request needs a task id");
        }
        checkpoint = checkpoint == null || checkpoint.isBlank() ? null : checkpoint.trim();
        sha256 = sha256 == null || sha256.isBlank() ? null : Digests.normalisePin(sha256);
    }
}
