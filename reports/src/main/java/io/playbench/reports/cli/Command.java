package io.playbench.reports.cli;

import java.util.List;

/**
 * A subcommand of {@code playbench}, dispatched by {@link #name()}.
 *
 * <p>To add one ({@code play}, {@code inspect}, {@code report}), implement this interface in its own class and list an
 * instance in {@link Playbench#COMMANDS}; {@code playbench help} and {@code playbench NAME --help} pick it up.
 *
 * @since 0.1.0
 */
public interface Command {

    /**
     * The name typed after {@code playbench}.
     *
     * @return e.g. {@code gate}
     */
    String name();

    /**
     * One line for {@code playbench help}.
     *
     * @return the summary
     */
    String summary();

    /**
     * The full help shown by {@code playbench NAME --help}: usage line, description, options, exit codes.
     *
     * @return the text, ending in a newline
     */
    String help();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @param context streams, environment and clock
     * @return the exit code
     * @throws UsageException for a bad command line or input the user must fix
     * @throws Exception for anything unexpected (exit {@link Playbench#EXIT_ERROR})
     */
    int run(List<String> args, CommandContext context) throws Exception;
}
