package io.playbench.env.random;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * NumPy's {@code numpy.random.SeedSequence} with the default pool size of four 32-bit words, reproduced bit for bit.
 *
 * <p>Only what {@code Generator(PCG64(SeedSequence(seed)))} needs is implemented: the entropy pool built from a
 * non-negative integer seed, and {@code generate_state(4, uint64)}. Spawning and {@code spawn_key} are not supported.
 * All arithmetic is on unsigned 32-bit words held in Java {@code int}s (wrapping multiplication and addition are the
 * same bits as {@code uint32}).
 */
public final class SeedSequence {

    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int POOL_SIZE = 4;
    private static final BigInteger WORD_MASK = BigInteger.valueOf(0xFFFF_FFFFL);

    private final int[] pool;

    private SeedSequence(int[] entropy) {
        this.pool = mixEntropy(entropy);
    }

    /**
     * Creates the sequence for a non-negative seed, as {@code SeedSequence(seed)} does.
     *
     * @param seed the seed, {@code >= 0}
     * @return the seed sequence
     * @throws IllegalArgumentException if {@code seed} is negative
     */
    public static SeedSequence of(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException(
                    "A seed must be a non-negative integer (NumPy rejects negative seeds), but was " + seed + ".");
        }
        int lo = (int) seed;
        int hi = (int) (seed >>> 32);
        return new SeedSequence(hi == 0 ? new int[] {lo} : new int[] {lo, hi});
    }

    /**
     * Creates the sequence for a non-negative seed of any size, as {@code SeedSequence(seed)} does with a Python
     * {@code int}.
     *
     * @param seed the seed, {@code >= 0}
     * @return the seed sequence
     * @throws IllegalArgumentException if {@code seed} is negative
     */
    public static SeedSequence of(BigInteger seed) {
        if (seed.signum() < 0) {
            throw new IllegalArgumentException(
                    "A seed must be a non-negative integer (NumPy rejects negative seeds), but was " + seed + ".");
        }
        return new SeedSequence(entropyWords(seed));
    }

    /** Splits a non-negative integer into 32-bit words, least significant first; zero gives one word. */
    static int[] entropyWords(BigInteger value) {
        if (value.signum() == 0) {
            return new int[] {0};
        }
        int n = (value.bitLength() + 31) / 32;
        int[] words = new int[n];
        BigInteger v = value;
        for (int i = 0; i < n; i++) {
            words[i] = v.and(WORD_MASK).intValue();
            v = v.shiftRight(32);
        }
        return words;
    }

    private static int[] mixEntropy(int[] entropy) {
        int[] pool = new int[POOL_SIZE];
        int[] hash = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = hash(i < entropy.length ? entropy[i] : 0, hash);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hash(pool[src], hash));
                }
            }
        }
        for (int src = POOL_SIZE; src < entropy.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                pool[dst] = mix(pool[dst], hash(entropy[src], hash));
            }
        }
        return pool;
    }

    private static int hash(int value, int[] hashConst) {
        int v = value ^ hashConst[0];
        hashConst[0] *= MULT_A;
        v *= hashConst[0];
        return v ^ (v >>> 16);
    }

    private static int mix(int x, int y) {
        int r = MIX_MULT_L * x - MIX_MULT_R * y;
        return r ^ (r >>> 16);
    }

    /**
     * Returns the four entropy-pool words after mixing (NumPy's {@code SeedSequence.pool}).
     *
     * @return a copy of the pool, as unsigned 32-bit words in {@code int}s
     */
    public int[] pool() {
        return pool.clone();
    }

    /**
     * Returns {@code generate_state(4, numpy.uint64)}: the 256 bits that seed {@code PCG64}.
     *
     * @return four 64-bit words
     */
    public long[] generateState() {
        int[] words = new int[8];
        int hashConst = INIT_B;
        for (int i = 0; i < 8; i++) {
            int v = pool[i % POOL_SIZE];
            v ^= hashConst;
            hashConst *= MULT_B;
            v *= hashConst;
            words[i] = v ^ (v >>> 16);
        }
        long[] state = new long[4];
        for (int k = 0; k < 4; k++) {
            state[k] = (words[2 * k] & 0xFFFF_FFFFL) | ((long) words[2 * k + 1] << 32);
        }
        return state;
    }

    @Override
    public String toString() {
        return "SeedSequence[pool=" + Arrays.toString(pool) + "]";
    }
}
