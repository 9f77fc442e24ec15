package io.playbench.reports.cli;

/**
 * A command line or input the user must fix; the command line exits with {@link Playbench#EXIT_USAGE}.
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
