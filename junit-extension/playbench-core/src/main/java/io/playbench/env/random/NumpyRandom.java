package io.playbench.env.random;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * NumPy's default generator, {@code numpy.random.Generator(PCG64(SeedSequence(seed)))}, reproduced bit for bit for the
 * draws Gymnasium's classic-control environments make: {@link #random()} and {@link #uniform(double, double)}.
 *
 * <p>{@code PCG64} is a 128-bit linear congruential generator with the XSL-RR output function. A {@code NumpyRandom} is
 * mutable and not thread-safe; drawing never allocates. {@link #reseed(long)} replaces the stream in place, as
 * Gymnasium's {@code reset(seed=s)} replaces an environment's generator.
 *
 * <pre>{@code
 * NumpyRandom rng = NumpyRandom.of(42);
 * rng.random();             // 0.7739560485559633, as np.random.default_rng(42).random()
 * rng.uniform(-0.05, 0.05); // low + (high - low) * random(), as rng.uniform(-0.05, 0.05)
 * }</pre>
 */
public final class NumpyRandom {

    private static final long MULT_HI = 0x2360ED051FC65DA4L;
    private static final long MULT_LO = 0x4385DF649FCCF645L;
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;
    private static final SecureRandom ENTROPY = new SecureRandom();

    private long stateHi;
    private long stateLo;
    private long incHi;
    private long incLo;
    private BigInteger seed;
    private long seedLong = -1;

    private NumpyRandom() {}

    /**
     * Creates the generator {@code np.random.default_rng(seed)}.
     *
     * @param seed a seed {@code >= 0}
     * @return a new generator
     */
    public static NumpyRandom of(long seed) {
        NumpyRandom rng = new NumpyRandom();
        rng.reseed(seed);
        return rng;
    }

    /**
     * Creates the generator {@code np.random.default_rng(seed)} for a seed of any size.
     *
     * @param seed a seed {@code >= 0}
     * @return a new generator
     */
    public static NumpyRandom of(BigInteger seed) {
        NumpyRandom rng = new NumpyRandom();
        rng.reseed(seed);
        return rng;
    }

    /**
     * Creates a generator from 128 bits of {@link SecureRandom} entropy, as NumPy does from OS entropy for
     * {@code default_rng()}. The entropy is kept as {@link #seed()} so that a run can be replayed with
     * {@link #of(BigInteger)}.
     *
     * @return a new, unpredictable generator
     */
    public static NumpyRandom fromEntropy() {
        NumpyRandom rng = new NumpyRandom();
        rng.reseedFromEntropy();
        return rng;
    }

    /**
     * Replaces this generator's stream with the one of {@code default_rng(seed)}.
     *
     * @param seed a seed {@code >= 0}
     * @throws IllegalArgumentException if {@code seed} is negative
     */
    public void reseed(long seed) {
        setState(SeedSequence.of(seed).generateState());
        this.seed = null;
        this.seedLong = seed;
    }

    /**
     * Replaces this generator's stream with the one of {@code default_rng(seed)} for a seed of any size.
     *
     * @param seed a seed {@code >= 0}
     * @throws IllegalArgumentException if {@code seed} is negative
     */
    public void reseed(BigInteger seed) {
        setState(SeedSequence.of(seed).generateState());
        this.seed = seed;
        this.seedLong = -1;
    }

    /** Replaces this generator's stream with a fresh one from 128 bits of {@link SecureRandom} entropy. */
    public void reseedFromEntropy() {
        byte[] bytes = new byte[16];
        ENTROPY.nextBytes(bytes);
        reseed(new BigInteger(1, bytes));
    }

    /**
     * Returns the seed this stream was created from (the entropy for {@link #fromEntropy()}).
     *
     * @return the seed, a non-negative integer
     */
    public BigInteger seed() {
        return seed != null ? seed : BigInteger.valueOf(seedLong);
    }

    private void setState(long[] s) {
        // initstate = (S0 << 64) | S1, initseq = (S2 << 64) | S3; inc = (initseq << 1) | 1
        incHi = (s[2] << 1) | (s[3] >>> 63);
        incLo = (s[3] << 1) | 1L;
        stateHi = 0;
        stateLo = 0;
        step();
        long lo = stateLo + s[1];
        long carry = Long.compareUnsigned(lo, stateLo) < 0 ? 1L : 0L;
        stateHi = stateHi + s[0] + carry;
        stateLo = lo;
        step();
    }

    private void step() {
        long lo = stateLo * MULT_LO;
        long hi = Math.unsignedMultiplyHigh(stateLo, MULT_LO) + stateLo * MULT_HI + stateHi * MULT_LO;
        long lo2 = lo + incLo;
        long carry = Long.compareUnsigned(lo2, lo) < 0 ? 1L : 0L;
        stateHi = hi + incHi + carry;
        stateLo = lo2;
    }

    /**
     * Returns the next raw 64-bit output ({@code PCG64.random_raw()}).
     *
     * @return 64 random bits
     */
    public long nextLong() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /**
     * Returns the next double in {@code [0, 1)} ({@code Generator.random()}): the top 53 bits of {@link #nextLong()}
     * times 2<sup>-53</sup>.
     *
     * @return a uniform double in {@code [0, 1)}
     */
    public double random() {
        return (nextLong() >>> 11) * TWO_POW_MINUS_53;
    }

    /**
     * Returns {@code Generator.uniform(low, high)}: {@code low + (high - low) * random()}, with the range computed
     * first, in binary64 (so {@code uniform(-0.6, -0.4)} uses the range {@code 0.19999999999999996}).
     *
     * @param low the lower bound
     * @param high the upper bound
     * @return a uniform double
     */
    public double uniform(double low, double high) {
        double range = high - low;
        return low + range * random();
    }
}
