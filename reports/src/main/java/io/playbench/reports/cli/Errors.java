package io.playbench.reports.cli;

import io.playbench.checkpoint.Redaction;
import io.playbench.library.Library;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports errors: every line on standard error starts with exactly one {@code playbench COMMAND: }
 * prefix, Java names in engine messages are shown as the command-line values, and each kind of error has its exit code.
 */
final class Errors {

    private static final Pattern LIBRARY_CONSTANT = Pattern.compile("\\bLibrary\\.([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern INVALID_VALUE = Pattern.compile(
            "^Invalid value for (?:option '([^']+)'|positional parameter at index \\S+ \\(([^)]+)\\)): ");

    private Errors() {}

    /**
     * Prints a message, each of its lines prefixed with the command's name, e.g. {@code playbench play: }.
     *
     * @param err where to print
     * @param spec the command
     * @param message the message, one or more lines
     */
    static void print(PrintStream err, CommandSpec spec, String message) {
        print(err, spec.qualifiedName(), message);
    }

    /**
     * Prints a message, each of its lines prefixed with {@code command + ": "} (once: a line that already starts with
     * the prefix keeps it).
     *
     * @param err where to print
     * @param command the command's full name, e.g. {@code playbench history import}
     * @param message the message, one or more lines
     */
    static void print(PrintStream err, String command, String message) {
        String prefix = command + ": ";
        List<String> lines = forCli(message).lines().toList();
        for (String line : lines.isEmpty() ? List.of("") : lines) {
            line = escape(Redaction.redact(line));
            err.println(line.startsWith(prefix) ? line : prefix + line);
        }
        err.flush();
    }

    /**
     * Shows control characters (a file name's terminal escape sequences, for one) as {@code \xNN} instead of sending
     * them to the terminal; tabs are kept.
     *
     * @param text the text, e.g. a path; may be {@code null}
     * @return the printable text
     */
    static String escape(String text) {
        return escape(text, false);
    }

    /**
     * {@link #escape(String)} for text of several lines: line breaks are kept.
     *
     * @param text the text; may be {@code null}
     * @return the printable text
     */
    static String escapeLines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLineBreaks) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && !(keepLineBreaks && (c == '\n' || c == '\r')))
                    || c == 0x7f
                    || (c >= 0x80 && c <= 0x9f);
            if (control && sb == null) {
                sb = new StringBuilder(text.substring(0, i));
            }
            if (sb != null) {
                sb.append(control ? String.format(Locale.ROOT, "\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * Rewrites what engine messages say for Java callers into what a command-line user types: {@code Library.RL_GAMES}
     * becomes {@code --library rl_games}.
     *
     * @param message the message
     * @return the message for the command line
     */
    static String forCli(String message) {
        if (message == null) {
            return "";
        }
        Matcher m = LIBRARY_CONSTANT.matcher(message);
        return m.replaceAll(match -> {
            for (Library library : Library.values()) {
                if (library.name().equals(match.group(1))) {
                    return Matcher.quoteReplacement("--library " + library.id());
                }
            }
            return Matcher.quoteReplacement(match.group());
        });
    }

    /**
     * Every line of a crash: its type and full message, then the causes that message does not already tell.
     *
     * @param crash what stopped the run
     * @return the text, one or more lines
     */
    static String describe(Throwable crash) {
        StringBuilder sb = new StringBuilder(crash.getClass().getSimpleName());
        String message = crash.getMessage();
        if (message != null && !message.isBlank()) {
            sb.append(": ").append(message.strip());
        }
        String told = sb.toString();
        for (Throwable cause = crash.getCause(); cause != null && cause != crash; cause = cause.getCause()) {
            String text = cause.getMessage();
            if (text != null && !text.isBlank() && !told.contains(text.strip())) {
                sb.append("\ncaused by ")
                        .append(cause.getClass().getSimpleName())
                        .append(": ")
                        .append(text.strip());
                told = sb.toString();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return sb.toString();
    }

    /**
     * The parameter-exception handler: a bad command line (picocli's parse errors and the commands' own checks of
     * their options), reported with a suggestion where picocli has one; exit {@link Playbench#EXIT_USAGE}.
     *
     * @param err standard error
     * @param ex the error
     * @return {@link Playbench#EXIT_USAGE}
     */
    static int parameter(PrintStream err, ParameterException ex) {
        CommandLine command = ex.getCommandLine();
        CommandSpec spec = command.getCommandSpec();
        List<String> lines = new ArrayList<>();
        UnmatchedArgumentException unmatched = ex instanceof UnmatchedArgumentException u ? u : null;
        String message = ex.getMessage() == null ? "" : ex.getMessage();
        if (unmatched == null && message.startsWith("Unknown subcommand '") && ex.getValue() != null) {
            // playbench help NAME with an unknown NAME
            unmatched = new UnmatchedArgumentException(command, List.of(ex.getValue()));
        }
        if (unmatched != null) {
            lines.add(unmatched(unmatched));
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                boolean option = unmatched.isUnknownOption();
                lines.add("did you mean "
                        + String.join(
                                " or ",
                                suggestions.stream()
                                        .map(s -> option ? s : spec.qualifiedName() + " " + s)
                                        .toList())
                        + "?");
            }
        } else if (ex instanceof CommandLine.MissingParameterException missing) {
            lines.addAll(missing(missing));
        } else {
            Matcher m = INVALID_VALUE.matcher(message);
            lines.add(
                    m.find()
                            ? (m.group(1) != null ? m.group(1) : m.group(2)) + ": " + message.substring(m.end())
                            : lowerFirst(message));
        }
        lines.add("see " + spec.qualifiedName() + " --help");
        print(err, spec, String.join("\n", lines));
        return Playbench.EXIT_USAGE;
    }

    /**
     * The execution-exception handler: a {@link UsageException} (bad input: a missing file, unreadable JSON, no
     * bundles) is exit {@link Playbench#EXIT_USAGE} with its message; anything else is unexpected, exit
     * {@link Playbench#EXIT_ERROR} with the stack trace.
     *
     * @param err standard error
     * @param ex what the command threw
     * @param command the command that threw it
     * @return the exit code
     */
    static int execution(PrintStream err, Exception ex, CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (ex instanceof UsageException) {
            print(err, spec, ex.getMessage());
            return Playbench.EXIT_USAGE;
        }
        return Playbench.unexpected(err, spec.qualifiedName(), ex);
    }

    private static String unmatched(UnmatchedArgumentException ex) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        List<String> args = ex.getUnmatched();
        if (ex.isUnknownOption()) {
            List<String> options = args.stream()
                    .filter(a -> a.startsWith("-") && a.length() > 1)
                    .toList();
            return "unknown option" + (options.size() == 1 ? " " : "s ") + quoted(options);
        }
        List<String> commands = spec.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                .map(java.util.Map.Entry::getKey)
                .toList();
        if (!commands.isEmpty() && spec.positionalParameters().isEmpty()) {
            String what = spec.parent() == null ? "command" : "subcommand";
            return "unknown " + what + " '" + args.getFirst() + "'; " + what + "s: " + String.join(", ", commands);
        }
        return "unexpected argument" + (args.size() == 1 ? " " : "s ") + quoted(args);
    }

    private static String quoted(List<String> args) {
        return String.join(", ", args.stream().map(a -> "'" + a + "'").toList());
    }

    private static List<String> missing(CommandLine.MissingParameterException ex) {
        List<String> lines = new ArrayList<>();
        boolean requiredOption = ex.getMessage() != null && ex.getMessage().startsWith("Missing required option");
        for (ArgSpec arg : ex.getMissing()) {
            if (arg instanceof OptionSpec option) {
                if (requiredOption) {
                    lines.add(option.longestName() + " is required" + candidates(option));
                } else {
                    lines.add(option.longestName() + " needs a value (" + option.paramLabel() + ")");
                }
            } else if (arg instanceof PositionalParamSpec positional) {
                lines.add(positional.paramLabel() + " is required");
            }
        }
        if (lines.isEmpty()) {
            lines.add(lowerFirst(ex.getMessage()));
        }
        return lines;
    }

    private static String candidates(OptionSpec option) {
        if (option.completionCandidates() == null) {
            return "";
        }
        List<String> values = new ArrayList<>();
        option.completionCandidates().forEach(values::add);
        return values.isEmpty() ? "" : ", one of: " + String.join(", ", values);
    }

    private static String lowerFirst(String text) {
        if (text == null || text.isEmpty()) {
            return "invalid command line";
        }
        return text.length() > 1 && Character.isUpperCase(text.charAt(0)) && !Character.isUpperCase(text.charAt(1))
                ? text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1)
                : text;
    }
}
