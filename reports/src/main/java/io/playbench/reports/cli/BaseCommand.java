package io.playbench.reports.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every {@code playbench} subcommand shares: the context it runs in, its picocli model, {@code -h}/{@code --help},
 * and the checks of option values that picocli's types do not express (ranges, combinations).
 */
abstract class BaseCommand implements Callable<Integer> {

    /** Streams, working directory, environment and clock. */
    final CommandContext context;

    /** This command's model, injected by picocli. */
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "show this help and exit")
    boolean helpRequested;

    BaseCommand(CommandContext context) {
        this.context = context;
    }

    /**
     * Whether an option was given on the command line (not just defaulted).
     *
     * @param name one of the option's names, e.g. {@code --engine}
     * @return {@code true} when given
     */
    boolean given(String name) {
        return spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(name);
    }

    /**
     * A command-line error of this command (exit {@link Playbench#EXIT_USAGE}, with a pointer to its help).
     *
     * @param message what is wrong and what to do
     * @return the exception to throw
     */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Refuses a number below {@code min}.
     *
     * @param option the option, for the message
     * @param value its value
     * @param min the smallest allowed value
     * @return the value
     */
    long atLeast(String option, long value, long min) {
        if (value < min) {
            throw usage(option + " must be a whole number >= " + min + " but was " + value);
        }
        return value;
    }

    /**
     * Prints a warning or note on standard error, prefixed with this command's name.
     *
     * @param message the message
     */
    void note(String message) {
        Errors.print(context.err(), spec, message);
    }
}
