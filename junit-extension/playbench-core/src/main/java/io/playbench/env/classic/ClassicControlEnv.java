package io.playbench.env.classic;

import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.MathMode;
import io.playbench.env.SeedingLayout;
import io.playbench.env.Space;
import io.playbench.env.VecEnv;
import io.playbench.env.random.NumpyRandom;
import java.math.BigInteger;

/**
 * The shared machinery of the classic-control {@link VecEnv}s: buffers, action checks, Gymnasium's {@code TimeLimit},
 * autoreset in both modes, per-env NumPy random streams, episode statistics and parallel stepping over blocks of envs.
 *
 * <p>Subclasses hold their state as one {@code double[]} per state variable (struct of arrays) and implement the
 * physics of a range of envs.
 */
public abstract sealed class ClassicControlEnv implements VecEnv
        permits CartPoleEnv, AcrobotEnv, MountainCarEnv, MountainCarContinuousEnv, PendulumEnv {

    /** Fewest envs per extra thread; smaller batches use fewer threads. */
    static final int MIN_ENVS_PER_THREAD = 512;

    private static final int PAD = 8;

    /** Most envs per block: one physics + bookkeeping pass, small enough to stay in L1/L2 between the passes. */
    private static final int MAX_BLOCK = 1024;

    /** Fewest envs per block when several threads share a step. */
    private static final int MIN_BLOCK = 256;

    final String taskId;
    final int numEnvs;
    final int obsSize;
    final int actSize;
    private final Space observationSpace;
    private final Space actionSpace;
    private final int discreteN;
    final AutoresetMode autoresetMode;
    final boolean sameStep;
    final boolean sharedStream;
    final int maxEpisodeSteps;
    final boolean exact;
    final MathMode mathMode;

    final float[] observations;
    final float[] finalObservations;
    final double[] rewards;
    final boolean[] terminated;
    final boolean[] truncated;
    private final boolean[] episodeEnded;
    private final double[] episodeReturns;
    private final int[] episodeLengths;
    private final boolean[] episodeSuccesses;

    private final int[] elapsed;
    private final double[] runningReturn;
    /** NEXT_STEP: the env ended on the previous step and is reset on this one (its action is ignored). */
    final boolean[] needsReset;

    private final NumpyRandom[] rngs;
    final NumpyRandom sharedRng;
    /** The envs autoreset from the shared stream in this step ({@link SeedingLayout#SHARED_STREAM} only). */
    private final int[] sharedResetIndices;

    private boolean hasBeenReset;

    /** Reset bounds for the reset in progress ({@code options={"low": .., "high": ..}}); NaN means the defaults. */
    double resetLow = Double.NaN;

    double resetHigh = Double.NaN;

    int[] discreteActions;
    float[] boxActions;

    private final int threads;
    private final int blockSize;
    private final int blocks;
    private final BlockExecutor executor;
    private final long[] completed;
    private final long[] terminatedCount;
    private final long[] truncatedCount;
    private final long[] succeeded;
    private long envSteps;

    ClassicControlEnv(
            String taskId,
            int numEnvs,
            EnvOptions options,
            int defaultMaxEpisodeSteps,
            Space observationSpace,
            Space actionSpace) {
        if (numEnvs < 1) {
            throw new IllegalArgumentException(
                    "numEnvs must be at least 1, but was " + numEnvs + " (task '" + taskId + "').");
        }
        if ((long) numEnvs * Math.max(observationSpace.flatSize(), actionSpace.flatSize()) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("numEnvs " + numEnvs + " is too large for " + taskId
                    + ": its flat buffers would exceed a Java array; use at most "
                    + ((Integer.MAX_VALUE - 8) / Math.max(observationSpace.flatSize(), actionSpace.flatSize()))
                    + " envs per VecEnv.");
        }
        this.taskId = taskId;
        this.numEnvs = numEnvs;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.obsSize = observationSpace.flatSize();
        this.actSize = actionSpace.flatSize();
        this.discreteN = actionSpace instanceof Space.Discrete d ? d.n() : -1;
        this.autoresetMode = options.autoresetMode();
        this.sameStep = autoresetMode == AutoresetMode.SAME_STEP;
        this.sharedStream = options.seedingLayout() == SeedingLayout.SHARED_STREAM;
        if (sharedStream && !supportsSharedStream()) {
            throw new IllegalArgumentException("SeedingLayout.SHARED_STREAM is the draw layout of Gymnasium's native"
                    + " CartPole vector env and only CartPole offers it; " + taskId + " supports PER_ENV.");
        }
        if (sharedStream && sameStep) {
            throw new IllegalArgumentException("SeedingLayout.SHARED_STREAM reproduces Gymnasium's native CartPole"
                    + " vector env, which only autoresets NEXT_STEP; use AutoresetMode.NEXT_STEP or"
                    + " SeedingLayout.PER_ENV.");
        }
        int limit = options.maxEpisodeSteps();
        this.maxEpisodeSteps = limit == EnvOptions.TASK_DEFAULT ? defaultMaxEpisodeSteps : limit;
        this.mathMode = options.mathMode();
        this.exact = mathMode == MathMode.EXACT;
        if (exact) {
            NumpyMath.requireNativeMath();
        }

        observations = new float[numEnvs * obsSize];
        finalObservations = new float[numEnvs * obsSize];
        rewards = new double[numEnvs];
        terminated = new boolean[numEnvs];
        truncated = new boolean[numEnvs];
        episodeEnded = new boolean[numEnvs];
        episodeReturns = new double[numEnvs];
        episodeLengths = new int[numEnvs];
        episodeSuccesses = new boolean[numEnvs];
        elapsed = new int[numEnvs];
        runningReturn = new double[numEnvs];
        needsReset = new boolean[numEnvs];
        if (sharedStream) {
            rngs = null;
            sharedRng = NumpyRandom.fromEntropy();
            sharedResetIndices = new int[numEnvs];
        } else {
            rngs = new NumpyRandom[numEnvs];
            sharedRng = null;
            sharedResetIndices = null;
        }

        threads = Math.max(1, Math.min(options.threads(), numEnvs / MIN_ENVS_PER_THREAD));
        // several blocks per thread so that a thread the OS runs late leaves its share to the others
        blockSize = threads == 1
                ? MAX_BLOCK
                : Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, (numEnvs + 4 * threads - 1) / (4 * threads)));
        blocks = (numEnvs + blockSize - 1) / blockSize;
        completed = new long[blocks * PAD];
        terminatedCount = new long[blocks * PAD];
        truncatedCount = new long[blocks * PAD];
        succeeded = new long[blocks * PAD];
        executor = threads > 1 ? new BlockExecutor("playbench-" + taskId, threads - 1, blocks, this::stepBlock) : null;
    }

    // ---------------------------------------------------------------- subclass hooks

    /** Whether this task offers {@link SeedingLayout#SHARED_STREAM}. */
    boolean supportsSharedStream() {
        return false;
    }

    /** Draws env {@code i}'s initial state from {@code rng}, honouring {@link #resetLow}/{@link #resetHigh}, and writes its observation. */
    abstract void resetEnv(int i, NumpyRandom rng);

    /** Resets every env from the shared stream ({@link SeedingLayout#SHARED_STREAM} only). */
    void resetAllShared() {
        throw new UnsupportedOperationException();
    }

    /** Resets the {@code k} envs listed in {@code indices} from the shared stream, in one block. */
    void resetSomeShared(int[] indices, int k) {
        throw new UnsupportedOperationException();
    }

    /**
     * Steps every env in {@code [from, to)} whose {@link #needsReset} flag is {@code false}: updates its state, writes
     * its observation, {@link #rewards} and {@link #terminated}.
     */
    abstract void physics(int from, int to);

    /** Decides success for env {@code i} whose episode ended on this step. */
    abstract boolean success(int i, boolean terminated, boolean truncated);

    // ---------------------------------------------------------------- VecEnv

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public int numEnvs() {
        return numEnvs;
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    public AutoresetMode autoresetMode() {
        return autoresetMode;
    }

    @Override
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /**
     * Returns how this env evaluates transcendental functions.
     *
     * @return the math mode
     */
    public MathMode mathMode() {
        return mathMode;
    }

    /**
     * Returns how many threads step this env: the caller's plus the pool's (1 when the caller steps alone, for
     * example because the batch is too small to share).
     *
     * @return the thread count
     */
    public int parallelThreads() {
        return threads;
    }

    @Override
    public void reset(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException(
                    "A seed must be >= 0 (NumPy rejects negative seeds), but was " + seed + ".");
        }
        if (sharedStream) {
            sharedRng.reseed(seed);
        } else {
            for (int i = 0; i < numEnvs; i++) {
                NumpyRandom rng = rngs[i];
                long s = seed + i;
                if (s >= 0) {
                    if (rng == null) {
                        rngs[i] = NumpyRandom.of(s);
                    } else {
                        rng.reseed(s);
                    }
                } else {
                    BigInteger big = BigInteger.valueOf(seed).add(BigInteger.valueOf(i));
                    if (rng == null) {
                        rngs[i] = NumpyRandom.of(big);
                    } else {
                        rng.reseed(big);
                    }
                }
            }
        }
        resetAll();
    }

    @Override
    public void reset() {
        if (!sharedStream) {
            for (int i = 0; i < numEnvs; i++) {
                if (rngs[i] == null) {
                    rngs[i] = NumpyRandom.fromEntropy();
                }
            }
        }
        resetAll();
    }

    /**
     * Resets every env with a seed and Gymnasium's reset options for this reset only: {@code {"low": low,
     * "high": high}} for CartPole, Acrobot and the MountainCars (the bounds of the uniform reset draws), {@code
     * {"x_init": low, "y_init": high}} for Pendulum ({@code θ ~ U(-x_init, x_init)}, {@code θ̇ ~ U(-y_init, y_init)}).
     * Later autoresets use the task's defaults, as in Gymnasium.
     *
     * @param seed a seed {@code >= 0}
     * @param low the first option
     * @param high the second option
     * @throws IllegalArgumentException if the seed is negative, an option is not finite, or {@code low > high} for
     *     the low/high tasks
     */
    public void reset(long seed, double low, double high) {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("Reset options must be finite, but were " + low + " and " + high + ".");
        }
        checkResetOptions(low, high);
        resetLow = low;
        resetHigh = high;
        try {
            reset(seed);
        } finally {
            resetLow = Double.NaN;
            resetHigh = Double.NaN;
        }
    }

    void checkResetOptions(double low, double high) {
        if (low > high) {
            throw new IllegalArgumentException("Reset option low (" + low + ") must not exceed high (" + high + ").");
        }
    }

    double low(double defaultLow) {
        return Double.isNaN(resetLow) ? defaultLow : resetLow;
    }

    double high(double defaultHigh) {
        return Double.isNaN(resetHigh) ? defaultHigh : resetHigh;
    }

    private void resetAll() {
        if (sharedStream) {
            resetAllShared();
        } else {
            for (int i = 0; i < numEnvs; i++) {
                resetEnv(i, rngs[i]);
            }
        }
        java.util.Arrays.fill(rewards, 0.0);
        java.util.Arrays.fill(terminated, false);
        java.util.Arrays.fill(truncated, false);
        java.util.Arrays.fill(episodeEnded, false);
        java.util.Arrays.fill(elapsed, 0);
        java.util.Arrays.fill(runningReturn, 0.0);
        java.util.Arrays.fill(needsReset, false);
        hasBeenReset = true;
    }

    @Override
    public void step(int[] actions) {
        if (discreteN < 0) {
            throw new IllegalArgumentException(taskId + " has the continuous action space " + actionSpace
                    + "; call step(float[]) with " + (numEnvs * actSize) + " values.");
        }
        checkReady();
        if (actions.length != numEnvs) {
            throw new IllegalArgumentException(
                    taskId + " expects one action per env, " + numEnvs + " in all, but got " + actions.length + ".");
        }
        for (int i = 0; i < numEnvs; i++) {
            int a = actions[i];
            if (a < 0 || a >= discreteN) {
                throw new IllegalArgumentException("Action " + a + " for env " + i + " of " + taskId + " is outside "
                        + actionSpace + ": it must be in [0, " + (discreteN - 1) + "].");
            }
        }
        discreteActions = actions;
        try {
            runStep();
        } finally {
            discreteActions = null;
        }
    }

    @Override
    public void step(float[] actions) {
        if (discreteN >= 0) {
            throw new IllegalArgumentException(taskId + " has the discrete action space " + actionSpace
                    + "; call step(int[]) with " + numEnvs + " actions.");
        }
        checkReady();
        int expected = numEnvs * actSize;
        if (actions.length != expected) {
            throw new IllegalArgumentException(taskId + " expects " + actSize + " action value(s) per env, " + expected
                    + " in all for " + numEnvs + " envs, but got " + actions.length + ".");
        }
        for (int k = 0; k < expected; k++) {
            float a = actions[k];
            if (!Float.isFinite(a)) {
                throw new IllegalArgumentException("Action " + a + " for env " + (k / actSize)
                        + (actSize > 1 ? " (element " + (k % actSize) + ")" : "") + " of " + taskId
                        + " is not a finite number; actions of " + actionSpace + " must be finite (they are clipped"
                        + " to the bounds).");
            }
        }
        boxActions = actions;
        try {
            runStep();
        } finally {
            boxActions = null;
        }
    }

    private void checkReady() {
        if (!hasBeenReset) {
            throw new IllegalStateException("Call reset(seed) or reset() on this " + taskId
                    + " env before the first step (Gymnasium's OrderEnforcing rule).");
        }
    }

    private void runStep() {
        if (sharedStream) {
            int k = 0;
            for (int i = 0; i < numEnvs; i++) {
                if (needsReset[i]) {
                    sharedResetIndices[k++] = i;
                }
            }
            if (k > 0) {
                resetSomeShared(sharedResetIndices, k);
            }
        }
        if (executor == null) {
            for (int b = 0; b < blocks; b++) {
                stepBlock(b);
            }
        } else {
            executor.run();
        }
        envSteps += numEnvs;
    }

    /** Steps block {@code c}: physics, then time limit, statistics and autoreset of its envs. */
    private void stepBlock(int c) {
        int from = c * blockSize;
        int to = Math.min(numEnvs, from + blockSize);
        physics(from, to);
        long done = 0;
        long term = 0;
        long trunc = 0;
        long succ = 0;
        int limit = maxEpisodeSteps;
        for (int i = from; i < to; i++) {
            if (needsReset[i]) {
                if (!sharedStream) {
                    resetEnv(i, rngs[i]);
                }
                needsReset[i] = false;
                rewards[i] = 0.0;
                terminated[i] = false;
                truncated[i] = false;
                episodeEnded[i] = false;
                elapsed[i] = 0;
                runningReturn[i] = 0.0;
                continue;
            }
            int steps = elapsed[i] + 1;
            double ret = runningReturn[i] + rewards[i];
            boolean te = terminated[i];
            boolean tr = limit > 0 && steps >= limit;
            truncated[i] = tr;
            if (te || tr) {
                episodeEnded[i] = true;
                episodeReturns[i] = ret;
                episodeLengths[i] = steps;
                boolean s = success(i, te, tr);
                episodeSuccesses[i] = s;
                System.arraycopy(observations, i * obsSize, finalObservations, i * obsSize, obsSize);
                done++;
                if (te) {
                    term++;
                }
                if (tr) {
                    trunc++;
                }
                if (s) {
                    succ++;
                }
                if (sameStep) {
                    resetEnv(i, rngs[i]);
                } else {
                    needsReset[i] = true;
                }
                elapsed[i] = 0;
                runningReturn[i] = 0.0;
            } else {
                episodeEnded[i] = false;
                elapsed[i] = steps;
                runningReturn[i] = ret;
            }
        }
        int slot = c * PAD;
        completed[slot] += done;
        terminatedCount[slot] += term;
        truncatedCount[slot] += trunc;
        succeeded[slot] += succ;
    }

    /**
     * Returns the number of steps env {@code i} has taken in its current episode.
     *
     * @param i the env index
     * @return the elapsed steps (the time-limit counter)
     */
    public int elapsedSteps(int i) {
        return elapsed[i];
    }

    /**
     * Returns the seed of env {@code i}'s random stream (of the shared stream for
     * {@link SeedingLayout#SHARED_STREAM}), so that an unseeded run can be replayed.
     *
     * @param i the env index
     * @return the seed, or {@code null} if the stream does not exist yet
     */
    public BigInteger streamSeed(int i) {
        if (sharedStream) {
            return sharedRng.seed();
        }
        NumpyRandom rng = rngs[i];
        return rng == null ? null : rng.seed();
    }

    @Override
    public float[] observations() {
        return observations;
    }

    @Override
    public double[] rewards() {
        return rewards;
    }

    @Override
    public boolean[] terminated() {
        return terminated;
    }

    @Override
    public boolean[] truncated() {
        return truncated;
    }

    @Override
    public boolean[] episodeEnded() {
        return episodeEnded;
    }

    @Override
    public double[] episodeReturns() {
        return episodeReturns;
    }

    @Override
    public int[] episodeLengths() {
        return episodeLengths;
    }

    @Override
    public boolean[] episodeSuccesses() {
        return episodeSuccesses;
    }

    @Override
    public float[] finalObservations() {
        return finalObservations;
    }

    private static long sum(long[] padded) {
        long s = 0;
        for (int i = 0; i < padded.length; i += PAD) {
            s += padded[i];
        }
        return s;
    }

    @Override
    public long episodesCompleted() {
        return sum(completed);
    }

    @Override
    public long episodesTerminated() {
        return sum(terminatedCount);
    }

    @Override
    public long episodesTruncated() {
        return sum(truncatedCount);
    }

    @Override
    public long episodesSucceeded() {
        return sum(succeeded);
    }

    @Override
    public long envSteps() {
        return envSteps;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.close();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + taskId + ", numEnvs=" + numEnvs + ", " + autoresetMode + ", "
                + (sharedStream ? "SHARED_STREAM" : "PER_ENV") + ", maxEpisodeSteps=" + maxEpisodeSteps + ", "
                + mathMode + ", threads=" + threads + "]";
    }

    // ---------------------------------------------------------------- math helpers

    final double sin(double x) {
        return exact ? NumpyMath.sin(x) : Math.sin(x);
    }

    final double cos(double x) {
        return exact ? NumpyMath.cos(x) : Math.cos(x);
    }

    final double sq(double x) {
        return exact ? NumpyMath.sq(x) : x * x;
    }

    final float sqf(float u) {
        return exact ? NumpyMath.sqf(u) : u * u;
    }
}
