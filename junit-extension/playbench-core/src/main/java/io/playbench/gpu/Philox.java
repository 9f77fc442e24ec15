package io.playbench.gpu;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the counter-based generator
 * the GPU environments use for resets; this Java twin reproduces the device's draws exactly.
 *
 * <p>Reset draws of env {@code e} at its {@code r}-th reset (0 = the seeded reset) under seed {@code s}: key
 * {@code (low 32 bits of s, high 32 bits of s)}, counters {@code (r, e, 0, 0)} and {@code (r, e, 1, 0)}; each pair of
 * output words {@code (a, b)} gives {@code u = ((a << 32 | b) >>> 11) * 2^-53} in {@code [0, 1)}, and a value
 * {@code low + (high - low) * u} as NumPy's {@code uniform} forms it. The streams are reproducible per seed and
 * independent of how many envs run or how steps are split into launches, but they are <b>not</b> NumPy's PCG64
 * streams: a GPU run and a CPU run with the same seed start from different states.
 */
public final class Philox {

    static final int M0 = 0xD2511F53;
    static final int M1 = 0xCD9E8D57;
    static final int W0 = 0x9E3779B9;
    static final int W1 = 0xBB67AE85;

    private Philox() {}

    /**
     * One Philox4x32-10 block.
     *
     * @param counter four 32-bit words
     * @param key two 32-bit words
     * @return four 32-bit words
     */
    public static int[] block(int[] counter, int[] key) {
        int c0 = counter[0];
        int c1 = counter[1];
        int c2 = counter[2];
        int c3 = counter[3];
        int k0 = key[0];
        int k1 = key[1];
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /**
     * The unit double formed from two words.
     *
     * @param a the high word
     * @param b the low word
     * @return a value in {@code [0, 1)}
     */
    public static double unit(int a, int b) {
        long bits = ((a & 0xFFFFFFFFL) << 32) | (b & 0xFFFFFFFFL);
        return (bits >>> 11) * 0x1.0p-53;
    }

    /**
     * The four reset draws of an env, as the device makes them.
     *
     * @param seed the run's seed
     * @param env the env index
     * @param resetIndex which reset of that env (0 = the seeded one)
     * @param low the lower bound
     * @param high the upper bound
     * @return four values in {@code [low, high)}
     */
    public static double[] resetDraws(long seed, int env, int resetIndex, double low, double high) {
        int[] key = {(int) seed, (int) (seed >>> 32)};
        int[] a = block(new int[] {resetIndex, env, 0, 0}, key);
        int[] b = block(new int[] {resetIndex, env, 1, 0}, key);
        double range = high - low;
        return new double[] {
            low + range * unit(a[0], a[1]),
            low + range * unit(a[2], a[3]),
            low + range * unit(b[0], b[1]),
            low + range * unit(b[2], b[3])
        };
    }

    /**
     * The four unit draws of an env's reset, in the order the device's tasks use them: {@code (a.x, a.y)},
     * {@code (a.z, a.w)}, {@code (b.x, b.y)}, {@code (b.z, b.w)} of the blocks at counters {@code (r, e, 0, 0)} and
     * {@code (r, e, 1, 0)} (a task drawing fewer values uses the first ones).
     *
     * @param seed the run's seed
     * @param env the env index
     * @param resetIndex which reset of that env (0 = the seeded one)
     * @return four values in {@code [0, 1)}
     */
    public static double[] units(long seed, int env, int resetIndex) {
        int[] key = {(int) seed, (int) (seed >>> 32)};
        int[] a = block(new int[] {resetIndex, env, 0, 0}, key);
        int[] b = block(new int[] {resetIndex, env, 1, 0}, key);
        return new double[] {unit(a[0], a[1]), unit(a[2], a[3]), unit(b[0], b[1]), unit(b[2], b[3])};
    }

    /**
     * A unit draw mapped to {@code [low, high)} as NumPy's {@code uniform} and the device form it:
     * {@code low + (high - low) * u}, each operation rounded once.
     *
     * @param low the lower bound
     * @param high the upper bound
     * @param u a unit draw
     * @return the value
     */
    public static double uniform(double low, double high, double u) {
        double range = high - low;
        return low + range * u;
    }

    /** The same generator in CUDA C++ (device functions {@code philox4x32_10} and {@code philox_unit}). */
    static final String CUDA = """
            __device__ __forceinline__ uint4 philox4x32_10(uint4 c, uint2 k) {
            #pragma unroll
                for (int round = 0; round < 10; round++) {
                    if (round > 0) { k.x += 0x9E3779B9u; k.y += 0xBB67AE85u; }
                    unsigned int hi0 = __umulhi(0xD2511F53u, c.x), lo0 = 0xD2511F53u * c.x;
                    unsigned int hi1 = __umulhi(0xCD9E8D57u, c.z), lo1 = 0xCD9E8D57u * c.z;
                    c = make_uint4(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
                }
                return c;
            }
            __device__ __forceinline__ double philox_unit(unsigned int a, unsigned int b) {
                unsigned long long bits = ((unsigned long long) a << 32) | b;
                return __dmul_rn((double) (bits >> 11), 1.1102230246251565e-16);
            }
            """;
}
