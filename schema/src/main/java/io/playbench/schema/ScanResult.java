package io.playbench.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link PlayBundles#scan(Path)} found under a directory: the bundles it could read and the files it could not.
 *
 * @param entries readable bundles, by file path
 * @param problems files named like bundles that could not be read or are invalid, with the reason
 */
public record ScanResult(List<Entry> entries, List<Problem> problems) {

    /** Makes both lists immutable. */
    public ScanResult {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }

    /**
     * A bundle and its file.
     *
     * @param file the file
     * @param bundle the bundle read from it
     */
    public record Entry(Path file, PlayBundle bundle) {}

    /**
     * A file that could not be read as a bundle.
     *
     * @param file the file
     * @param reason why, in words
     */
    public record Problem(Path file, String reason) {}
}
