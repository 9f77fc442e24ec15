package io.playbench.reports.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code playbench} command line: {@code playbench COMMAND [options]}, commands dispatched by name.
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_FAILED} failed (the gate found a regression or broken budget; a played run crashed),
 * {@value #EXIT_USAGE} a usage or input error (message on standard error), {@value #EXIT_ERROR} an unexpected error.
 *
 * @since 0.1.0
 */
public final class Playbench {

    /** Success. */
    public static final int EXIT_OK = 0;

    /** The gate found a regression or a broken budget, or a played run crashed (its crashed bundle is still written). */
    public static final int EXIT_FAILED = 1;

    /** A bad command line or bad input (missing directory, no bundles, no baseline). */
    public static final int EXIT_USAGE = 2;

    /** An unexpected error (I/O failure, bug). */
    public static final int EXIT_ERROR = 3;

    /** The commands, in the order {@code playbench help} lists them. */
    static final List<Command> COMMANDS = List.of(new PlayCommand(), new InspectCommand(), new ActCommand(), new ReplayCommand(), new GateCommand(),
            new HistoryCommand(), new ReportCommand(), new DevicesCommand(), new HelpCommand());

    private Playbench() {
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // The JSON Schema validator logs through SLF4J; without a provider SLF4J warns on every start. Quiet unless asked.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        CommandContext context = new CommandContext(System.out, System.err, Path.of("").toAbsolutePath(), System.getenv(),
                Clock.systemUTC());
        int code = run(Arrays.asList(args), context);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the command line in-process.
     *
     * @param args the arguments, command name first
     * @param context streams, environment and clock
     * @return the exit code
     */
    public static int run(List<String> args, CommandContext context) {
        PrintStream err = context.err();
        if (args.isEmpty()) {
            err.print(overview());
            return EXIT_USAGE;
        }
        String name = args.getFirst();
        if ("--help".equals(name) || "-h".equals(name)) {
            context.out().print(overview());
            return EXIT_OK;
        }
        Optional<Command> command = find(name);
        if (command.isEmpty()) {
            err.println("playbench: unknown command '" + name + "'; commands: "
                    + String.join(", ", COMMANDS.stream().map(Command::name).toList()) + " (see playbench help)");
            return EXIT_USAGE;
        }
        try {
            return command.get().run(args.subList(1, args.size()), context);
        } catch (UsageException e) {
            err.println("playbench " + command.get().name() + ": " + e.getMessage());
            err.println("(see playbench " + command.get().name() + " --help)");
            return EXIT_USAGE;
        } catch (Exception e) {
            err.println("playbench " + command.get().name() + ": unexpected error: " + e);
            e.printStackTrace(err);
            return EXIT_ERROR;
        }
    }

    static Optional<Command> find(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    static String overview() {
        StringBuilder out = new StringBuilder("usage: playbench COMMAND [options]   (playbench COMMAND --help for details)\n\ncommands:\n");
        int width = COMMANDS.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Command c : COMMANDS) {
            out.append("  ").append(c.name()).append(" ".repeat(width - c.name().length() + 2)).append(c.summary()).append('\n');
        }
        out.append("\nexit codes: 0 ok, 1 failed (play: the run crashed, its crashed bundle is written; gate: a regression or broken budget),\n            2 usage or input error, 3 unexpected error\n");
        return out.toString();
    }

    /**
     * The history directory: {@code --history}, else {@code $PLAYBENCH_HISTORY}, else {@code .playbench/history}.
     *
     * @param given the {@code --history} value, if any
     * @param context the context
     * @return the directory
     */
    static Path historyDirectory(Optional<String> given, CommandContext context) {
        Map<String, String> env = context.environment();
        String text = given.orElseGet(() -> env.getOrDefault("PLAYBENCH_HISTORY", ".playbench/history"));
        return context.path(text);
    }
}
