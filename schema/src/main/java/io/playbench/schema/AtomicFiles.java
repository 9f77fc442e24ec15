package io.playbench.schema;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes whole files atomically, the way bundles are written: a unique temporary sibling, fsync, atomic rename over the
 * target, fsync of the directory. A reader sees the old content or the new one, never a mix.
 *
 * @since 0.1.0
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Replaces a file's content atomically.
     *
     * @param target the file, its directory created if missing
     * @param bytes the new content
     * @throws IOException if it cannot be written; the previous content is then left as it was
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        PlayBundles.writeAtomically(target, out -> out.write(bytes));
    }
}
