package io.playbench.reports.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may use from its surroundings, so that tests can run commands in-process.
 *
 * @param out standard output (reports)
 * @param err standard error (progress, warnings, errors)
 * @param workingDirectory the directory relative paths resolve against
 * @param environment environment variables
 * @param clock the clock
 * @since 0.1.0
 */
public record CommandContext(
        PrintStream out, PrintStream err, Path workingDirectory, Map<String, String> environment, Clock clock) {

    /**
     * Resolves a path given on the command line.
     *
     * @param text the path
     * @return the absolute, normalised path
     */
    public Path path(String text) {
        return workingDirectory.resolve(text).toAbsolutePath().normalize();
    }
}
