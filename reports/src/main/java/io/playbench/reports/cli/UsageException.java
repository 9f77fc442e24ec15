package io.playbench.reports.cli;

/**
 * Bad input the user must fix, found after the command line was parsed: a missing file or directory, unreadable JSON,
 * no bundles, no baseline. The command line prints the message (each line prefixed with {@code playbench COMMAND: })
 * and exits with {@link Playbench#EXIT_USAGE}. A bad command line itself is picocli's
 * {@link picocli.CommandLine.ParameterException}, also exit {@link Playbench#EXIT_USAGE}.
 *
 * @since 0.1.0
 */
public class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * An error with a message the user can act on.
     *
     * @param message what is wrong and what to do
     */
    public UsageException(String message) {
        super(message);
    }
}
