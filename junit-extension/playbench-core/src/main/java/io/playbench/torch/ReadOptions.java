package io.playbench.torch;

/**
 * How a checkpoint or pickle is read: which extra, inert classes are accepted and the limits applied to untrusted input.
 *
 * <p>{@link #defaults()} accepts only what a PyTorch {@code weights_only} load accepts (plus NumPy scalars and arrays).
 * {@link #withSb3StandIns()} additionally maps the classes pickled in Stable-Baselines3's {@code vecnormalize.pkl}
 * ({@code VecNormalize}, {@code RunningMeanStd}, Gymnasium spaces, NumPy random generators) to inert {@link PyObject}
 * stand-ins that only record their arguments and state. Nothing is ever executed in either mode.
 *
 * @param sb3StandIns      whether Stable-Baselines3 / Gymnasium classes become inert {@link PyObject} stand-ins
 * @param verifyCrc        whether zip records are checked against their CRC-32 when first read
 * @param maxEntryBytes    the largest zip record (or inflated record) accepted, in bytes
 * @param maxNestingDepth  the deepest nesting of containers walked by lookups and summaries
 * @param maxStackSize     the largest pickle stack and memo accepted, in objects
 */
public record ReadOptions(
        boolean sb3StandIns, boolean verifyCrc, long maxEntryBytes, int maxNestingDepth, int maxStackSize) {

    /** Validates the limits. */
    public ReadOptions {
        if (maxEntryBytes <= 0 || maxNestingDepth <= 0 || maxStackSize <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxEntryBytes=" + maxEntryBytes
                    + ", maxNestingDepth=" + maxNestingDepth + ", maxStackSize=" + maxStackSize);
        }
    }

    /** The safe default: weights-only globals, CRC checked, records up to 16 GiB, nesting up to 256, stack up to 10^7. */
    public static ReadOptions defaults() {
        return new ReadOptions(false, true, 16L << 30, 256, 10_000_000);
    }

    /** These options with inert Stable-Baselines3 / Gymnasium stand-ins enabled (needed for {@code vecnormalize.pkl}). */
    public ReadOptions withSb3StandIns() {
        return new ReadOptions(true, verifyCrc, maxEntryBytes, maxNestingDepth, maxStackSize);
    }

    /** These options with CRC verification switched on or off. */
    public ReadOptions withVerifyCrc(boolean verify) {
        return new ReadOptions(sb3StandIns, verify, maxEntryBytes, maxNestingDepth, maxStackSize);
    }

    /** These options with another record size limit. */
    public ReadOptions withMaxEntryBytes(long bytes) {
        return new ReadOptions(sb3StandIns, verifyCrc, bytes, maxNestingDepth, maxStackSize);
    }
}
