package io.playbench.schema;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns untrusted strings (a bundle's task, an Allure result's uuid, ...) into file names confined to a directory.
 *
 * <p>Every file name the tools derive from input goes through here: {@link #fileName} sanitises a string into one
 * plain file name (letters, digits, {@code . _ -}; no separators, no leading dot, so never {@code .} or {@code ..};
 * no control characters; at most {@link #MAX_LENGTH} characters, a long name keeps a hash of the whole so that two
 * long names stay apart), and {@link #resolve} refuses any name that would leave its directory.
 *
 * @since 0.1.0
 */
public final class SafeNames {

    /** The longest file name produced, in characters (ASCII, so also in bytes); file systems allow 255. */
    public static final int MAX_LENGTH = 150;

    private SafeNames() {}

    /**
     * A file name made from an untrusted string: every character outside {@code A-Z a-z 0-9 . _ -} becomes {@code -},
     * a leading dot becomes {@code _}, an empty string becomes {@code _}, and a name longer than {@code maxLength} is
     * cut and ends with {@code _} and 12 hex digits of the SHA-256 of the original. An already safe, short name is
     * returned as is.
     *
     * @param untrusted the string
     * @param maxLength the longest result, 16 to {@link #MAX_LENGTH}
     * @return a plain file name, safe on every file system
     */
    public static String fileName(String untrusted, int maxLength) {
        if (maxLength < 16 || maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "maxLength must be within [16, " + MAX_LENGTH + "] but was " + maxLength);
        }
        String text = untrusted == null ? "" : untrusted;
        String name = text.replaceAll("[^A-Za-z0-9._-]", "-");
        if (name.isEmpty()) {
            name = "_";
        }
        if (name.startsWith(".")) {
            name = "_" + name.substring(1);
        }
        if (name.length() > maxLength) {
            name = name.substring(0, maxLength - 13) + "_" + sha256(text).substring(0, 12);
        }
        return name;
    }

    /**
     * A file name made from an untrusted string, at most {@link #MAX_LENGTH} characters; see {@link #fileName(String,
     * int)}.
     *
     * @param untrusted the string
     * @return a plain file name
     */
    public static String fileName(String untrusted) {
        return fileName(untrusted, MAX_LENGTH);
    }

    /**
     * Whether a string is already a safe file name: 1 to {@link #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ -},
     * not starting with a dot.
     *
     * @param name the string
     * @return {@code true} when {@link #fileName} would return it unchanged
     */
    public static boolean isSafe(String name) {
        return name != null && name.length() <= MAX_LENGTH && name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    }

    /**
     * Resolves a file name in a directory, refusing anything but a plain name that stays inside it.
     *
     * @param directory the directory
     * @param name a file name, normally from {@link #fileName}
     * @return {@code directory/name}
     * @throws IllegalArgumentException when the name is not {@link #isSafe safe} (a separator, {@code ..}, an absolute
     *     path, a control character, too long), naming the value
     */
    public static Path resolve(Path directory, String name) {
        if (!isSafe(name)) {
            throw new IllegalArgumentException("refusing to use " + Checks.quote(name) + " as a file name in "
                    + directory + ": a file name derived from input must be 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', not starting with '.' (use SafeNames.fileName)");
        }
        Path base = directory.toAbsolutePath().normalize();
        Path file = base.resolve(name).normalize();
        if (!base.equals(file.getParent())) {
            throw new IllegalArgumentException(
                    "refusing to write " + file + ": it is outside " + base + " (name " + Checks.quote(name) + ")");
        }
        return file;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
