package io.playbench.reports.cli;

import io.playbench.monitor.HostInfo;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code playbench} command line: {@code playbench COMMAND [options]}, built on picocli, one {@code @Command} class
 * per subcommand.
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_FAILED} failed (the gate found a regression or broken budget; a
 * played run crashed, and its crashed bundle is still written), {@value #EXIT_USAGE} a usage or input error (an unknown
 * command or option, a bad value, a missing file or directory, an unknown engine or device; the message on standard
 * error says what to fix), {@value #EXIT_ERROR} an unexpected error (message and stack trace on standard error).
 *
 * @since 0.1.0
 */
@Command(
        name = "playbench",
        mixinStandardHelpOptions = true,
        versionProvider = Playbench.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Plays reinforcement-learning checkpoints and measures them, keeps the results across runs, gates CI on"
                    + " regressions and budgets, and writes the Allure report. `playbench COMMAND --help` (or `playbench"
                    + " help COMMAND`) shows a command's options."
        },
        subcommands = {
            PlayCommand.class,
            InspectCommand.class,
            ActCommand.class,
            ReplayCommand.class,
            GateCommand.class,
            HistoryCommand.class,
            ReportCommand.class,
            DevicesCommand.class,
            CommandLine.HelpCommand.class,
            AutoComplete.GenerateCompletion.class
        },
        footer = {
            "%nexit codes: 0 ok, 1 failed (play: the run crashed, its crashed bundle is written; gate: a regression or"
                    + " broken budget; devices: rollouts overlapped), 2 usage or input error, 3 unexpected error",
            "%nenvironment: PLAYBENCH_HISTORY (the history directory), PLAYBENCH_CHECKPOINTS (the published checkpoint"
                    + " store), PLAYBENCH_DEVICE and PLAYBENCH_ENGINE (defaults of --device and --engine),"
                    + " PLAYBENCH_ALLURE_DIR (the pinned Allure package), PLAYBENCH_CACHE (where report installs Allure),"
                    + " PLAYBENCH_JAVA_OPTS (JVM options of the launcher)",
            "%nshell completion: source <(playbench generate-completion)   (bash; zsh after `autoload -U +X"
                    + " bashcompinit && bashcompinit`)"
        })
public final class Playbench implements Callable<Integer> {

    /** Success. */
    public static final int EXIT_OK = 0;

    /**
     * Failed: the gate found a regression or a broken budget, a played run crashed (its crashed bundle is still
     * written), or rollouts overlapped on a device.
     */
    public static final int EXIT_FAILED = 1;

    /** A bad command line or bad input (unknown option, bad value, missing file or directory, no bundles, no baseline). */
    public static final int EXIT_USAGE = 2;

    /** An unexpected error (I/O failure, bug). */
    public static final int EXIT_ERROR = 3;

    /** The width of the help text. */
    static final int HELP_WIDTH = 100;

    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    private Playbench(CommandContext context) {
        this.context = context;
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // The JSON Schema validator logs through SLF4J; without a provider SLF4J warns on every start. Quiet unless
        // asked.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        CommandContext context = new CommandContext(
                System.out, System.err, Path.of("").toAbsolutePath(), System.getenv(), Clock.systemUTC());
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
        PrintWriter out = new PrintWriter(context.out(), true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(context.err(), true, StandardCharsets.UTF_8);
        try {
            return commandLine(context, out, err).execute(args.toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vm && !(vm instanceof OutOfMemoryError)) {
                throw vm;
            }
            return unexpected(context.err(), "playbench", e);
        } finally {
            out.flush();
            err.flush();
            context.out().flush();
            context.err().flush();
        }
    }

    /**
     * The command line with its subcommands, wired to the context: streams, environment defaults, converters, and the
     * handlers that map errors to exit codes.
     */
    static CommandLine commandLine(CommandContext context, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Playbench(context), new CommandFactory(context));
        cl.setOut(out);
        cl.setErr(err);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                context.out() == System.out ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        cl.setDefaultValueProvider(new EnvironmentDefaults(context.environment()));
        cl.setOverwrittenOptionsAllowed(true); // --seed 1 --seed 2: the last one counts, as before picocli
        cl.setUsageHelpWidth(HELP_WIDTH);
        cl.setUsageHelpLongOptionsMaxWidth(32);
        cl.registerConverter(Long.class, new Converters.WholeLong());
        cl.registerConverter(Long.TYPE, new Converters.WholeLong());
        cl.registerConverter(Integer.class, new Converters.WholeInt());
        cl.registerConverter(Integer.TYPE, new Converters.WholeInt());
        cl.setParameterExceptionHandler((ex, arguments) -> Errors.parameter(context.err(), ex));
        cl.setExecutionExceptionHandler((ex, command, parseResult) -> Errors.execution(context.err(), ex, command));
        style(cl);
        CommandLine completion = cl.getSubcommands().get("generate-completion");
        completion
                .getCommandSpec()
                .usageMessage()
                .description(
                        "print the bash/zsh completion script of playbench: source <(playbench generate-completion)");
        return cl;
    }

    /** One help style everywhere: lower-case headings, options in declaration order. */
    private static void style(CommandLine cl) {
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        usage.synopsisHeading("usage: ")
                .descriptionHeading("%n")
                .parameterListHeading("%narguments:%n")
                .optionListHeading("%noptions:%n")
                .commandListHeading("%ncommands:%n")
                .sortOptions(false)
                .sortSynopsis(false)
                .showDefaultValues(false);
        if (cl.getCommand() instanceof CommandLine.HelpCommand) {
            String parent = cl.getCommandSpec().parent().qualifiedName();
            usage.header(new String[0])
                    .description("show the commands, or one command's help (" + parent + " help COMMAND)");
        }
        cl.getSubcommands().values().forEach(Playbench::style);
    }

    /** Without a command: the overview on standard error, exit {@value #EXIT_USAGE}. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    static int unexpected(PrintStream err, String command, Throwable e) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        // the trace's messages may hold a checkpoint URL or a file name: redacted and escaped like every other line
        err.println(Errors.escape(io.playbench.checkpoint.Redaction.redact(command + ": unexpected error: " + e)));
        err.print(Errors.escapeLines(io.playbench.checkpoint.Redaction.redact(trace.toString())));
        err.flush();
        return EXIT_ERROR;
    }

    /** {@code playbench --version}: PlayBench's version and the Java runtime it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "PlayBench " + HostInfo.playbenchVersion(),
                String.format(
                        Locale.ROOT,
                        "Java %s (%s %s), %s %s",
                        Runtime.version(),
                        System.getProperty("java.vm.vendor", "unknown vendor"),
                        System.getProperty("java.vm.name", "JVM"),
                        System.getProperty("os.name", "unknown OS"),
                        System.getProperty("os.arch", ""))
            };
        }
    }
}
