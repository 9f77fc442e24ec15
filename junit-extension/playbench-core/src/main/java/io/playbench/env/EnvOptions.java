package io.playbench.env;

import java.util.Objects;

/**
 * How {@link Tasks#make(String, int, EnvOptions)} builds a vectorised environment.
 *
 * <pre>{@code
 * EnvOptions options = EnvOptions.defaults()
 *         .withAutoresetMode(AutoresetMode.SAME_STEP)
 *         .withThreads(EnvOptions.allCores());
 * try (VecEnv env = Tasks.make("CartPole-v1", 4096, options)) { ... }
 * }</pre>
 *
 * @param autoresetMode when ended sub-environments are reset
 * @param seedingLayout how sub-environments' random streams derive from the reset seed
 * @param threads how many threads step the envs: {@code 1} steps on the caller's thread; {@code k > 1} adds a fixed
 *     pool of {@code k - 1} daemon threads (closed by {@link VecEnv#close()}) that, with the caller's thread, claim
 *     blocks of 256 to 1,024 contiguous envs until the step is done; batches of fewer than {@code 512 * k} envs use
 *     fewer threads. Results are bit-identical for every thread count
 * @param maxEpisodeSteps the time limit in steps: {@link #TASK_DEFAULT} ({@code 0}) for the task's registered limit,
 *     {@link #NO_TIME_LIMIT} ({@code -1}) for none (Gymnasium's {@code max_episode_steps=-1}), or a positive override
 * @param mathMode how transcendental functions are evaluated; {@link MathMode#EXACT} is bit-exact with Gymnasium
 */
public record EnvOptions(
        AutoresetMode autoresetMode, SeedingLayout seedingLayout, int threads, int maxEpisodeSteps, MathMode mathMode) {

    /** {@link #maxEpisodeSteps()} value that keeps the task's registered time limit. */
    public static final int TASK_DEFAULT = 0;

    /** {@link #maxEpisodeSteps()} value that removes the time limit. */
    public static final int NO_TIME_LIMIT = -1;

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if {@code threads < 1} or {@code maxEpisodeSteps < -1}
     * @throws NullPointerException if an enum is {@code null}
     */
    public EnvOptions {
        Objects.requireNonNull(autoresetMode, "autoresetMode");
        Objects.requireNonNull(seedingLayout, "seedingLayout");
        Objects.requireNonNull(mathMode, "mathMode");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1 (1 = step on the caller's thread), but was "
                    + threads + "; use EnvOptions.allCores() for one thread per available processor.");
        }
        if (maxEpisodeSteps < NO_TIME_LIMIT) {
            throw new IllegalArgumentException("maxEpisodeSteps must be positive, 0 (the task's default) or -1 (no"
                    + " time limit), but was " + maxEpisodeSteps + ".");
        }
    }

    /**
     * Returns the defaults: {@link AutoresetMode#NEXT_STEP}, {@link SeedingLayout#PER_ENV}, one thread, the task's time
     * limit, {@link MathMode#EXACT}.
     *
     * @return the default options
     */
    public static EnvOptions defaults() {
        return new EnvOptions(AutoresetMode.NEXT_STEP, SeedingLayout.PER_ENV, 1, TASK_DEFAULT, MathMode.EXACT);
    }

    /**
     * Returns the number of processors available to the JVM, for {@link #withThreads(int)}.
     *
     * @return {@link Runtime#availableProcessors()}
     */
    public static int allCores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Returns a copy with another autoreset mode.
     *
     * @param mode the mode
     * @return new options
     */
    public EnvOptions withAutoresetMode(AutoresetMode mode) {
        return new EnvOptions(mode, seedingLayout, threads, maxEpisodeSteps, mathMode);
    }

    /**
     * Returns a copy with another seeding layout.
     *
     * @param layout the layout
     * @return new options
     */
    public EnvOptions withSeedingLayout(SeedingLayout layout) {
        return new EnvOptions(autoresetMode, layout, threads, maxEpisodeSteps, mathMode);
    }

    /**
     * Returns a copy with another thread count.
     *
     * @param count the number of threads, {@code >= 1}
     * @return new options
     */
    public EnvOptions withThreads(int count) {
        return new EnvOptions(autoresetMode, seedingLayout, count, maxEpisodeSteps, mathMode);
    }

    /**
     * Returns a copy with another time limit.
     *
     * @param steps a positive limit, {@link #TASK_DEFAULT} or {@link #NO_TIME_LIMIT}
     * @return new options
     */
    public EnvOptions withMaxEpisodeSteps(int steps) {
        return new EnvOptions(autoresetMode, seedingLayout, threads, steps, mathMode);
    }

    /**
     * Returns a copy with another math mode.
     *
     * @param mode the mode
     * @return new options
     */
    public EnvOptions withMathMode(MathMode mode) {
        return new EnvOptions(autoresetMode, seedingLayout, threads, maxEpisodeSteps, mode);
    }
}
