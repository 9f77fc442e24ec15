package io.playbench.schema;

import java.util.List;
import java.util.Objects;

/** Invariant checks shared by the bundle records; every message names the field and the offending value. */
final class Checks {

    /** Tolerance of the peak-versus-mean rule, the same as Isaac Lab's so that its bundles validate. */
    static final double PEAK_TOLERANCE = 1e-6;

    private Checks() {}

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required but was null");
        }
        return value;
    }

    static String nonBlank(String field, String value) {
        required(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank but was '" + value + "'");
        }
        return value;
    }

    static String nonBlankOrNull(String field, String value) {
        return value == null ? null : nonBlank(field, value);
    }

    static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number but was " + value);
        }
        return value;
    }

    static Double finiteOrNull(String field, Double value) {
        return value == null ? null : finite(field, value);
    }

    static double nonNegative(String field, double value) {
        finite(field, value);
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0 but was " + value);
        }
        return value;
    }

    static Double nonNegativeOrNull(String field, Double value) {
        return value == null ? null : nonNegative(field, value);
    }

    static long nonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0 but was " + value);
        }
        return value;
    }

    static Integer atLeastOrNull(String field, Integer value, int min) {
        if (value != null && value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + " but was " + value);
        }
        return value;
    }

    static Double fractionOrNull(String field, Double value) {
        if (value == null) {
            return null;
        }
        finite(field, value);
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException(field + " must be within [0, 1] but was " + value);
        }
        return value;
    }

    static String oneOf(String field, String value, List<String> allowed) {
        required(field, value);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(field + " must be one of " + allowed + " but was '" + value + "'");
        }
        return value;
    }

    static String oneOfOrNull(String field, String value, List<String> allowed) {
        return value == null ? null : oneOf(field, value, allowed);
    }

    static String matches(String field, String value, String regex, String what) {
        required(field, value);
        if (!value.matches(regex)) {
            throw new IllegalArgumentException(field + " must be " + what + " but was '" + value + "'");
        }
        return value;
    }

    /**
     * A name-like text that other tools use in file names, labels and terminal output: not blank, at most
     * {@code maxLength} characters, no control characters (line breaks, NUL, terminal escape sequences).
     */
    static String name(String field, String value, int maxLength) {
        nonBlank(field, value);
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " must be at most " + maxLength + " characters but was "
                    + value.length() + " characters (" + quote(value) + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field
                        + " must not contain control characters (line breaks, NUL, escape sequences) but was "
                        + quote(value) + " (character " + i + " is U+"
                        + String.format("%04X", (int) value.charAt(i)) + ")");
            }
        }
        return value;
    }

    static String nameOrNull(String field, String value, int maxLength) {
        return value == null ? null : name(field, value, maxLength);
    }

    /**
     * A value for an error message: quoted, control characters shown as Java-style escapes (backslash, u, 4 hex digits) so that a hostile value
     * cannot drive the terminal, cut to 60 characters.
     */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder("'");
        int shown = Math.min(value.length(), 60);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                text.append(String.format("\\u%04X", (int) c));
            } else {
                text.append(c);
            }
        }
        text.append(value.length() > shown ? "...'" : "'");
        return text.toString();
    }

    static <T> List<T> listOf(String field, List<T> values) {
        required(field, values);
        for (int i = 0; i < values.size(); i++) {
            Objects.requireNonNull(values.get(i), () -> field + "[" + values.indexOf(null) + "] is null");
        }
        return List.copyOf(values);
    }
}
