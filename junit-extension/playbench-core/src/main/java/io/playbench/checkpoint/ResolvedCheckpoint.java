package io.playbench.checkpoint;

import io.playbench.schema.CheckpointInfo;
import io.playbench.schema.CheckpointOrigin;
import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint found by the {@link CheckpointResolver}: a local file, where it came from, and its digest.
 *
 * <p>Config files the library needs (Isaac Lab's {@code params/agent.yaml}, SB3's {@code vecnormalize.pkl}) are looked
 * up relative to {@link #file()}'s directory and its parents up to {@link #runDirectory()}.
 *
 * @param file the local checkpoint file
 * @param origin how it was found
 * @param location what was asked for or found, as a path or URI ({@code classpath:}, {@code file:}, {@code https:})
 * @param sha256 the lower-case hex SHA-256 of the file
 * @param sizeBytes the file size [bytes]
 * @param runDirectory the directory that holds the checkpoint's config files (the run directory, or the checkpoint's
 *     own directory)
 * @param warnings what the caller should know (published fallback, unpinned download), to log and record
 */
public record ResolvedCheckpoint(
        Path file,
        CheckpointOrigin origin,
        String location,
        String sha256,
        long sizeBytes,
        Path runDirectory,
        List<String> warnings) {

    /** Makes the warnings immutable. */
    public ResolvedCheckpoint {
        warnings = List.copyOf(warnings);
    }

    /**
     * The provenance block of a bundle.
     *
     * @return origin, location, sha256 and size
     */
    public CheckpointInfo info() {
        return new CheckpointInfo(origin, location, sha256, sizeBytes);
    }
}
