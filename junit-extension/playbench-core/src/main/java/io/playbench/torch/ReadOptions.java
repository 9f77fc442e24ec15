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
 * @param maxNestingDepth  the deepest nesting of containers (dict keys, set members and tuples included) accepted
 * @param maxStackSize     the largest pickle stack and memo accepted, in objects
 * @param maxObjects       the most objects a pickle may build (values pushed, memo entries, nodes of dict keys and set
 *     members checked for hashing), counted while it is read, and the most nodes of the finished value walked
 * @param maxCopyElements  the most elements one {@code Tensor.to*Array()} / {@code NumpyArray.to*Array()} copies out
 *     (a tensor expanded with zero strides can view far more elements than its storage holds)
 */
public record ReadOptions(
        boolean sb3StandIns,
        boolean verifyCrc,
        long maxEntryBytes,
        int maxNestingDepth,
        int maxStackSize,
        long maxObjects,
        long maxCopyElements) {

    /** The default object budget: one million values built while reading a pickle. */
    public static final long DEFAULT_MAX_OBJECTS = 1_000_000;

    /** The default copy budget: 2^28 elements (1 GiB of float32) per {@code to*Array()} call. */
    public static final long DEFAULT_MAX_COPY_ELEMENTS = 1L << 28;

    /** Validates the limits. */
    public ReadOptions {
        if (maxEntryBytes <= 0
                || maxNestingDepth <= 0
                || maxStackSize <= 0
                || maxObjects <= 0
                || maxCopyElements <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxEntryBytes=" + maxEntryBytes
                    + ", maxNestingDepth=" + maxNestingDepth + ", maxStackSize=" + maxStackSize + ", maxObjects="
                    + maxObjects + ", maxCopyElements=" + maxCopyElements);
        }
    }

    /** The limits of the first five components, with the default object and copy budgets. */
    public ReadOptions(
            boolean sb3StandIns, boolean verifyCrc, long maxEntryBytes, int maxNestingDepth, int maxStackSize) {
        this(
                sb3StandIns,
                verifyCrc,
                maxEntryBytes,
                maxNestingDepth,
                maxStackSize,
                DEFAULT_MAX_OBJECTS,
                DEFAULT_MAX_COPY_ELEMENTS);
    }

    /**
     * The safe default: weights-only globals, CRC checked, records up to 16 GiB, nesting up to 256, stack up to 10^7,
     * at most 10^6 objects built per pickle and 2^28 elements copied out per tensor.
     */
    public static ReadOptions defaults() {
        return new ReadOptions(false, true, 16L << 30, 256, 10_000_000);
    }

    /** These options with inert Stable-Baselines3 / Gymnasium stand-ins enabled (needed for {@code vecnormalize.pkl}). */
    public ReadOptions withSb3StandIns() {
        return new ReadOptions(
                true, verifyCrc, maxEntryBytes, maxNestingDepth, maxStackSize, maxObjects, maxCopyElements);
    }

    /** These options with CRC verification switched on or off. */
    public ReadOptions withVerifyCrc(boolean verify) {
        return new ReadOptions(
                sb3StandIns, verify, maxEntryBytes, maxNestingDepth, maxStackSize, maxObjects, maxCopyElements);
    }

    /** These options with another record size limit. */
    public ReadOptions withMaxEntryBytes(long bytes) {
        return new ReadOptions(
                sb3StandIns, verifyCrc, bytes, maxNestingDepth, maxStackSize, maxObjects, maxCopyElements);
    }

    /** These options with another object budget per pickle (for a trusted pickle that builds more values). */
    public ReadOptions withMaxObjects(long objects) {
        return new ReadOptions(
                sb3StandIns, verifyCrc, maxEntryBytes, maxNestingDepth, maxStackSize, objects, maxCopyElements);
    }

    /** These options with another copy budget per {@code to*Array()} call (for a trusted, very large tensor). */
    public ReadOptions withMaxCopyElements(long elements) {
        return new ReadOptions(
                sb3StandIns, verifyCrc, maxEntryBytes, maxNestingDepth, maxStackSize, maxObjects, elements);
    }
}
