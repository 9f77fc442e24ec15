package io.playbench.reports.history;

import java.nio.file.Path;

/**
 * A file or line of the history (or of an imported directory) that could not be read; it is skipped, never fatal.
 *
 * @param file the file
 * @param line the 1-based line number, or 0 for the whole file
 * @param reason why, in words
 * @since 0.1.0
 */
public record HistoryProblem(Path file, long line, String reason) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + reason;
    }
}
