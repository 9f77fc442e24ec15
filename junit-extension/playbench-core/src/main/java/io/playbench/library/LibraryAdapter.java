package io.playbench.library;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Rebuilds the deterministic play-time policy of one RL library from a checkpoint and its config files.
 *
 * <p>Implementations read the checkpoint with the safe reader, find the config where the library's users keep it
 * (SB3's {@code data} entry and {@code vecnormalize.pkl}, Isaac Lab's {@code params/agent.yaml} in the run directory)
 * and fail fast, with a message that says what was found, when the checkpoint does not fit.
 */
public interface LibraryAdapter {

    /**
     * The library this adapter reads.
     *
     * @return the library
     */
    Library library();

    /**
     * Loads a checkpoint.
     *
     * @param checkpoint the checkpoint file
     * @param runDirectory where its config files are looked up (the run directory, or the checkpoint's directory)
     * @return the policy and what is known about how it was trained
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException when the checkpoint does not fit this library, naming what was found
     */
    LoadedPolicy load(Path checkpoint, Path runDirectory) throws IOException;

    /**
     * Whether this adapter reads the given file. Adapters plugged in through {@link java.util.ServiceLoader} (a
     * {@code META-INF/services/io.playbench.library.LibraryAdapter} entry) are asked first and take precedence over
     * PlayBench's own adapter for their library when they accept the file.
     *
     * @param checkpoint the checkpoint file
     * @return {@code true} if {@link #load} should be used for it
     */
    default boolean accepts(Path checkpoint) {
        return true;
    }

    /**
     * Loads a checkpoint with values the caller knows better than its config (action bounds only the task knows,
     * an activation missing from the config). The adapters of {@link LibraryAdapters} honour every override; this
     * default accepts only {@link AdapterOverrides#none()}.
     *
     * @param checkpoint the checkpoint file
     * @param runDirectory where its config files are looked up (the run directory, or the checkpoint's directory)
     * @param overrides what replaces or fills in the config
     * @return the policy and what is known about how it was trained
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException when the checkpoint does not fit this library, naming what was found
     */
    default LoadedPolicy load(Path checkpoint, Path runDirectory, AdapterOverrides overrides) throws IOException {
        if (overrides == null || overrides.isEmpty()) {
            return load(checkpoint, runDirectory);
        }
        throw new UnsupportedOperationException(getClass().getName() + " does not take overrides (" + overrides + ")");
    }
}
