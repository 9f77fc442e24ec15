package io.playbench.env;

/**
 * A batch of {@link #numEnvs()} copies of one task, stepped together, with automatic reset of ended episodes.
 *
 * <p><b>Buffers.</b> The env owns its output buffers and refills them in place on every {@link #reset} and
 * {@code step}: read them after the call, and do not keep values across calls (copy what you need). Flat buffers are
 * row-major: env {@code i}'s observation is {@code observations()[i * obsSize, (i + 1) * obsSize)} with
 * {@code obsSize = observationSpace().flatSize()}. The accessors return the same arrays every time and never copy;
 * writing into them is undefined. Stepping allocates nothing.
 *
 * <p><b>Units.</b> Observations are the task's float32 observation (Gymnasium's units: metres, radians, m/s, rad/s);
 * rewards are the task's reward per env step (binary64, as Gymnasium's {@code SyncVectorEnv} returns them); returns are
 * binary64 sums of rewards in step order; lengths are env steps.
 *
 * <p><b>Episodes.</b> On the step an env's episode ends ({@code terminated[i] || truncated[i]}), in either
 * {@link AutoresetMode}, {@link #episodeEnded()}{@code [i]} is {@code true} and {@link #episodeReturns()},
 * {@link #episodeLengths()}, {@link #episodeSuccesses()} and {@link #finalObservations()} hold that episode's values
 * (they are stale for envs whose flag is {@code false}). What the observation buffer holds on that step, and what the
 * next step does, depend on {@link #autoresetMode()}. Counters ({@link #episodesCompleted()}, ...) count episodes ended
 * since the env was made; an episode cut short by {@link #reset} is not counted.
 *
 * <p><b>Errors.</b> A step with the wrong number of actions, an out-of-range discrete action or a non-finite
 * continuous action throws {@link IllegalArgumentException} naming the env and the value, before any state changes:
 * the env stays usable. Stepping before the first reset throws {@link IllegalStateException}.
 *
 * <p>Not thread-safe: one thread drives an env (it may step sub-environments in parallel internally).
 */
public interface VecEnv extends AutoCloseable {

    /**
     * Returns the task id, for example {@code "CartPole-v1"}.
     *
     * @return the id this env was made with
     */
    String taskId();

    /**
     * Returns the number of sub-environments.
     *
     * @return {@code n >= 1}
     */
    int numEnvs();

    /**
     * Returns the observation space of one sub-environment.
     *
     * @return the space; its {@link Space#flatSize()} is the observation width
     */
    Space observationSpace();

    /**
     * Returns the action space of one sub-environment.
     *
     * @return a {@link Space.Discrete} (step with {@link #step(int[])}) or a {@link Space.Box} (step with
     *     {@link #step(float[])})
     */
    Space actionSpace();

    /**
     * Returns the autoreset mode.
     *
     * @return the mode
     */
    AutoresetMode autoresetMode();

    /**
     * Returns the time limit: the step on which {@code truncated} becomes {@code true}.
     *
     * @return the limit in env steps, or {@code -1} if there is none
     */
    int maxEpisodeSteps();

    /**
     * Resets every env, seeding env {@code i}'s random stream as the {@link SeedingLayout} says (by default with
     * {@code seed + i}, as Gymnasium's {@code SyncVectorEnv.reset(seed=seed)}). Episodes in progress are dropped
     * uncounted; rewards, flags and {@link #episodeEnded()} are cleared.
     *
     * @param seed a seed {@code >= 0}
     * @throws IllegalArgumentException if {@code seed} is negative
     */
    void reset(long seed);

    /**
     * Resets every env without reseeding: each stream continues (as {@code reset(seed=None)}); a stream never seeded
     * is created from 128 bits of {@link java.security.SecureRandom} entropy, as NumPy does from OS entropy.
     */
    void reset();

    /**
     * Steps every env with one discrete action per env.
     *
     * @param actions {@code numEnvs()} actions, each in {@code [0, n)}; read during the call only
     * @throws IllegalArgumentException if the length is wrong, an action is out of range, or the action space is not
     *     {@link Space.Discrete}
     * @throws IllegalStateException if the env was never reset
     */
    void step(int[] actions);

    /**
     * Steps every env with continuous actions.
     *
     * @param actions {@code numEnvs() * actionSpace().flatSize()} values, row-major; each must be finite (values
     *     outside the box are clipped by the task, as in Gymnasium); read during the call only
     * @throws IllegalArgumentException if the length is wrong, an action is NaN or infinite, or the action space is
     *     not a {@link Space.Box}
     * @throws IllegalStateException if the env was never reset
     */
    void step(float[] actions);

    /**
     * Returns the observations after the last reset or step.
     *
     * @return {@code numEnvs() * observationSpace().flatSize()} float32 values, row-major (owned by the env)
     */
    float[] observations();

    /**
     * Returns the rewards of the last step ({@code 0.0} after a reset and for envs reset by a
     * {@link AutoresetMode#NEXT_STEP} autoreset).
     *
     * @return {@code numEnvs()} rewards (owned by the env)
     */
    double[] rewards();

    /**
     * Returns whether each env reached a terminal state of the task on the last step.
     *
     * @return {@code numEnvs()} flags (owned by the env)
     */
    boolean[] terminated();

    /**
     * Returns whether each env reached the time limit on the last step (possibly together with {@code terminated}).
     *
     * @return {@code numEnvs()} flags (owned by the env)
     */
    boolean[] truncated();

    /**
     * Returns whether each env's episode ended on the last step ({@code terminated || truncated}).
     *
     * @return {@code numEnvs()} flags (owned by the env)
     */
    boolean[] episodeEnded();

    /**
     * Returns the return (sum of rewards, binary64, in step order) of each episode that ended on the last step.
     *
     * @return {@code numEnvs()} values, valid where {@link #episodeEnded()} is {@code true} (owned by the env)
     */
    double[] episodeReturns();

    /**
     * Returns the length in env steps of each episode that ended on the last step.
     *
     * @return {@code numEnvs()} values, valid where {@link #episodeEnded()} is {@code true} (owned by the env)
     */
    int[] episodeLengths();

    /**
     * Returns whether each episode that ended on the last step was a success, as the task defines it.
     *
     * @return {@code numEnvs()} flags, valid where {@link #episodeEnded()} is {@code true} (owned by the env)
     */
    boolean[] episodeSuccesses();

    /**
     * Returns the terminal observation of each episode that ended on the last step (Gymnasium's
     * {@code infos["final_obs"]} in {@link AutoresetMode#SAME_STEP}; in {@link AutoresetMode#NEXT_STEP} the same values
     * as {@link #observations()} on that step).
     *
     * @return {@code numEnvs() * observationSpace().flatSize()} values, valid for envs whose
     *     {@link #episodeEnded()} is {@code true} (owned by the env)
     */
    float[] finalObservations();

    /**
     * Returns how many episodes ended (terminated or truncated) since the env was made.
     *
     * @return the count
     */
    long episodesCompleted();

    /**
     * Returns how many ended episodes were terminated (including those also truncated on the same step).
     *
     * @return the count
     */
    long episodesTerminated();

    /**
     * Returns how many ended episodes were truncated by the time limit (including those also terminated on the same
     * step).
     *
     * @return the count
     */
    long episodesTruncated();

    /**
     * Returns how many ended episodes were successes.
     *
     * @return the count
     */
    long episodesSucceeded();

    /**
     * Returns how many env steps were taken since the env was made ({@code numEnvs()} per {@code step} call, NEXT_STEP
     * reset steps included).
     *
     * @return the count
     */
    long envSteps();

    /** Stops the env's worker threads, if any. Idempotent; the env must not be used afterwards. */
    @Override
    void close();
}
