package io.playbench.reports.cli;

import java.lang.reflect.AnnotatedElement;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Resolves the environment variables in the options' default values, written in picocli's default value syntax
 * ({@code defaultValue = "${env:PLAYBENCH_HISTORY:-.playbench/history}"}), against the {@link CommandContext}'s
 * environment instead of the process's, so that in-process runs (tests) see only the environment they are given.
 *
 * <p>Forms: {@code ${env:NAME}}, {@code ${sys:NAME}} (a system property), each with an optional {@code :-fallback} that
 * may itself hold a variable. A blank variable counts as unset. When a variable is unset and has no fallback, the
 * option's initial value (the field's value, e.g. {@code PlayDefaults.DEVICE}) is the default, as in picocli.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        String declared = declaredDefault(arg);
        if (declared == null || !declared.contains("${")) {
            return null; // picocli's own handling of plain defaults and initial values
        }
        String resolved = resolve(declared);
        if (resolved != null) {
            return resolved;
        }
        Object initial = arg.initialValue();
        return initial == null ? "" : String.valueOf(initial);
    }

    /** The {@code defaultValue} as written in the annotation, before picocli interpolates it with the process's. */
    private static String declaredDefault(ArgSpec arg) {
        if (!(arg.userObject() instanceof AnnotatedElement element)) {
            return null;
        }
        CommandLine.Option option = element.getAnnotation(CommandLine.Option.class);
        if (option != null) {
            return option.defaultValue();
        }
        CommandLine.Parameters parameters = element.getAnnotation(CommandLine.Parameters.class);
        return parameters == null ? null : parameters.defaultValue();
    }

    /**
     * Replaces every {@code ${...}} in the text.
     *
     * @param text the declared default
     * @return the text with its variables replaced, or {@code null} when one is unset and has no fallback
     */
    String resolve(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = closing(text, start + 2);
            if (end < 0) {
                out.append(text, start, text.length());
                break;
            }
            String value = variable(text.substring(start + 2, end));
            if (value == null) {
                return null;
            }
            out.append(value);
            i = end + 1;
        }
        return out.toString();
    }

    private String variable(String body) {
        int colon = body.indexOf(":-");
        String key = colon < 0 ? body : body.substring(0, colon);
        String value = null;
        if (key.startsWith("env:")) {
            value = environment.get(key.substring(4));
        } else if (key.startsWith("sys:")) {
            value = System.getProperty(key.substring(4));
        }
        if (value != null && !value.isBlank()) {
            return value;
        }
        return colon < 0 ? null : resolve(body.substring(colon + 2));
    }

    /** The index of the {@code }} that closes the variable opened before {@code from}, or -1. */
    private static int closing(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            if (text.startsWith("${", i)) {
                depth++;
                i++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
