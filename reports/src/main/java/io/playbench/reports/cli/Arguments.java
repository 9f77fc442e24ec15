package io.playbench.reports.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed command line: {@code --name value}, {@code --name=value}, flags, positional arguments, and {@code --} to end
 * the options. Options are declared, so an unknown or incomplete option is a {@link UsageException}.
 *
 * @since 0.1.0
 */
public final class Arguments {

    /**
     * A declared option.
     *
     * @param name the long name without dashes, e.g. {@code history}
     * @param value the value's name for help, e.g. {@code DIR}; {@code null} for a flag
     * @param help what it does
     */
    public record Option(String name, String value, String help) {

        /**
         * A flag (no value).
         *
         * @param name the name
         * @param help the help
         * @return the option
         */
        public static Option flag(String name, String help) {
            return new Option(name, null, help);
        }

        /**
         * An option with a value (repeatable: every occurrence is kept).
         *
         * @param name the name
         * @param value the value's name
         * @param help the help
         * @return the option
         */
        public static Option valued(String name, String value, String help) {
            return new Option(name, value, help);
        }
    }

    private final Map<String, List<String>> values;
    private final List<String> positionals;

    private Arguments(Map<String, List<String>> values, List<String> positionals) {
        this.values = values;
        this.positionals = positionals;
    }

    /**
     * Parses arguments against declared options; {@code --help} and {@code -h} are always known.
     *
     * @param command the command, for messages
     * @param options the declared options
     * @param args the arguments
     * @return the parsed arguments
     * @throws UsageException naming an unknown option or one missing its value
     */
    public static Arguments parse(String command, List<Option> options, List<String> args) throws UsageException {
        Map<String, Option> byName = new LinkedHashMap<>();
        options.forEach(o -> byName.put(o.name(), o));
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ("--".equals(arg)) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if ("-h".equals(arg) || "--help".equals(arg)) {
                values.computeIfAbsent("help", k -> new ArrayList<>()).add("true");
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                if (arg.startsWith("-") && arg.length() > 1) {
                    throw new UsageException(command + ": unknown option '" + arg + "'; options are long, e.g. --help");
                }
                positionals.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = arg.substring(2, equals < 0 ? arg.length() : equals);
            Option option = byName.get(name);
            if (option == null) {
                throw new UsageException(command + ": unknown option '--" + name + "'; known: "
                        + String.join(", ", byName.keySet().stream().map(n -> "--" + n).toList()));
            }
            String value;
            if (option.value() == null) {
                if (equals >= 0) {
                    throw new UsageException(command + ": --" + name + " takes no value but got '" + arg.substring(equals + 1) + "'");
                }
                value = "true";
            } else if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(command + ": --" + name + " needs a value (" + option.value() + ")");
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new Arguments(values, positionals);
    }

    /**
     * Whether a flag (or an option) was given.
     *
     * @param name the option name
     * @return {@code true} if present
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * The last value of an option.
     *
     * @param name the option name
     * @return the value, if given
     */
    public Optional<String> value(String name) {
        List<String> all = values.get(name);
        return all == null ? Optional.empty() : Optional.of(all.getLast());
    }

    /**
     * Every value of a repeatable option, in order.
     *
     * @param name the option name
     * @return the values, empty if none
     */
    public List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * The arguments that are not options.
     *
     * @return the positionals
     */
    public List<String> positionals() {
        return positionals;
    }

    /**
     * An option's value as a whole number.
     *
     * @param command the command, for messages
     * @param name the option name
     * @param min the smallest allowed value
     * @return the number, if given
     * @throws UsageException if it is not a whole number {@code >= min}
     */
    public Optional<Integer> intValue(String command, String name, int min) throws UsageException {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            int v = Integer.parseInt(text.get());
            if (v >= min) {
                return Optional.of(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(command + ": --" + name + " must be a whole number >= " + min + " but was '" + text.get() + "'");
    }

    /**
     * Formats declared options for help text, one per line, aligned.
     *
     * @param options the options
     * @return the lines
     */
    public static String describe(List<Option> options) {
        List<String> left = options.stream().map(o -> "--" + o.name() + (o.value() == null ? "" : " " + o.value())).toList();
        int width = left.stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < options.size(); i++) {
            out.append("  ").append(left.get(i)).append(" ".repeat(width - left.get(i).length() + 2)).append(options.get(i).help()).append('\n');
        }
        return out.toString();
    }
}
