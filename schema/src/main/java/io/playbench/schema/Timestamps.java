package io.playbench.schema;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Formats and parses the UTC timestamps of a bundle in Isaac Lab's form, e.g. {@code 2026-06-16T12:00:02.513904+00:00}
 * (microseconds, a {@code +00:00} offset rather than {@code Z}).
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private Timestamps() {}

    /**
     * Formats an instant, truncated to microseconds.
     *
     * @param instant the instant
     * @return the text, e.g. {@code 2026-06-16T12:00:02.513904+00:00}
     */
    public static String format(Instant instant) {
        return FORMAT.format(truncate(instant).atOffset(ZoneOffset.UTC));
    }

    /**
     * Parses a timestamp written by {@link #format}.
     *
     * @param field the field name for the error message
     * @param text the text
     * @return the instant
     * @throws IllegalArgumentException naming the field when the text is not in Isaac Lab's form
     */
    public static Instant parse(String field, String text) {
        Checks.required(field, text);
        if (!text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}\\+00:00")) {
            throw new IllegalArgumentException(field
                    + " must be a UTC timestamp like 2026-06-16T12:00:02.513904+00:00 but was " + Checks.quote(text));
        }
        try {
            return OffsetDateTime.parse(text, FORMAT).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    field + " is not a valid date-time: " + Checks.quote(text) + " (" + e.getMessage() + ")", e);
        }
    }

    static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
