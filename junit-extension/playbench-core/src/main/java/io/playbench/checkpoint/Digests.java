package io.playbench.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 digests of files, as lower-case hex. */
public final class Digests {

    private Digests() {}

    /**
     * The SHA-256 of a file.
     *
     * @param file the file
     * @return 64 lower-case hex digits
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The SHA-256 of a string's UTF-8 bytes.
     *
     * @param text the text
     * @return 64 lower-case hex digits
     */
    public static String sha256(String text) {
        return HexFormat.of().formatHex(newDigest().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Normalises a user-given digest (trims, lower-cases, drops a {@code sha256:} prefix) and checks its form.
     *
     * @param pin the digest as given
     * @return 64 lower-case hex digits
     * @throws IllegalArgumentException when it is not a SHA-256 digest
     */
    public static String normalisePin(String pin) {
        String p = pin.trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("sha256:")) {
            p = p.substring("sha256:".length());
        }
        if (!p.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "checkpoint sha256 pin '" + pin + "' is not 64 hex digits (print one with: sha256sum <file>)");
        }
        return p;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
