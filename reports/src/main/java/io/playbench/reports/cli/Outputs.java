package io.playbench.reports.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The checks of an output path before any work starts, and atomic writes: an output must not be a symbolic link, must
 * not be one of the command's inputs, and its directory must be creatable and writable.
 */
final class Outputs {

    private Outputs() {}

    /**
     * Refuses an output that would follow a link, overwrite an input, or that cannot be written.
     *
     * @param option the option, for messages, e.g. {@code --output}
     * @param file the output path
     * @param inputs the command's local inputs by what they are (e.g. {@code checkpoint}); missing ones are skipped
     * @param directoryAllowed whether an existing directory is a valid output (play writes a new file into it)
     * @throws UsageException saying what is wrong and what to give instead
     */
    static void check(String option, Path file, Map<String, Path> inputs, boolean directoryAllowed)
            throws UsageException {
        if (Files.isSymbolicLink(file)) {
            throw new UsageException(option + " " + file + " is a symbolic link; playbench does not write through"
                    + " links: give the link's target or another path");
        }
        for (Map.Entry<String, Path> input : inputs.entrySet()) {
            if (input.getValue() != null && same(file, input.getValue())) {
                throw new UsageException(option + " " + file + " is the " + input.getKey() + " this command reads;"
                        + " give another file (playbench never overwrites its inputs)");
            }
        }
        if (Files.isDirectory(file)) {
            if (!directoryAllowed) {
                throw new UsageException(option + " " + file + " is a directory; give a file name");
            }
            if (!Files.isWritable(file)) {
                throw new UsageException(option + " " + file + " is a directory that cannot be written");
            }
            return;
        }
        Path ancestor = file.toAbsolutePath().getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor != null && !Files.isDirectory(ancestor)) {
            throw new UsageException(
                    option + " " + file + " cannot be created: " + ancestor + " is a file, not a directory");
        }
        if (ancestor != null && !Files.isWritable(ancestor)) {
            throw new UsageException(
                    option + " " + file + " cannot be created: the directory " + ancestor + " is not writable");
        }
    }

    /**
     * Writes text to a file atomically: a temporary file beside it, then a rename, so that a reader sees the old or the
     * new content and a failure leaves no partial file.
     *
     * @param file the file
     * @param text the content, UTF-8
     * @throws IOException when it cannot be written
     */
    static void writeAtomically(Path file, String text) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
