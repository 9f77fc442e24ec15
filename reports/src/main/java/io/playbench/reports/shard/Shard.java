package io.playbench.reports.shard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * One shard of a benchmark matrix split across CI runners: {@code index} of {@code count}, from the system property
 * {@value #PROPERTY} (e.g. {@code -Dplaybench.shard=2/4}, indices from 0).
 *
 * <p>A benchmark belongs to the shard {@code sha256(key) mod count}, where the key is stable across runs and machines
 * (a test's class and method name, say); every benchmark lands in exactly one shard, and the same shard each run. The
 * benchmark suite's JUnit condition (a later issue) skips what {@link #includes(String)} rejects.
 *
 * @param index this shard, {@code 0 <= index < count}
 * @param count how many shards, {@code >= 1}
 * @since 0.1.0
 */
public record Shard(int index, int count) {

    /** The system property naming the shard. */
    public static final String PROPERTY = "playbench.shard";

    /** Checks the range. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException(PROPERTY
                    + " must be INDEX/COUNT with 0 <= INDEX < COUNT, e.g. 0/4, but was " + index + "/" + count);
        }
    }

    /**
     * Parses {@code INDEX/COUNT}.
     *
     * @param text e.g. {@code 1/4}
     * @return the shard
     * @throws IllegalArgumentException saying what form is expected
     */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length == 2) {
            try {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(
                PROPERTY + " must be INDEX/COUNT with 0 <= INDEX < COUNT, e.g. 0/4, but was '" + text + "'");
    }

    /**
     * The shard named by the system property, if set and not blank.
     *
     * @return the shard, or empty when the whole suite runs here
     */
    public static Optional<Shard> fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value));
    }

    /**
     * Whether a benchmark belongs to this shard.
     *
     * @param key a stable key of the benchmark, e.g. {@code com.example.CartPoleBench#holdsItsBudget}
     * @return {@code true} if this shard runs it
     */
    public boolean includes(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return Long.remainderUnsigned(value, count) == index;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
