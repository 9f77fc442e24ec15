package io.playbench.env;

/**
 * When a vectorised environment resets a sub-environment whose episode has ended (terminated or truncated).
 *
 * <p>In both modes {@link VecEnv#episodeEnded()} is {@code true} for the env on the step its episode ends (step
 * {@code t}), with that episode's return, length and success, and {@link VecEnv#finalObservations()} holds its terminal
 * observation.
 */
public enum AutoresetMode {

    /**
     * Gymnasium's vector environments ({@code AutoresetMode.NEXT_STEP}, the default there and here). Step {@code t}
     * returns the terminal observation with its real reward and flags. On step {@code t + 1} the env's action is
     * ignored, the env is reset (its random stream continues) and the step returns the reset observation with reward
     * {@code 0.0} and {@code terminated = truncated = false}; this reset step does not count towards the time limit or
     * the next episode's length.
     */
    NEXT_STEP,

    /**
     * Isaac Lab's and Gymnasium's {@code AutoresetMode.SAME_STEP}. Step {@code t} steps the env, resets it at once and
     * returns the reset observation together with step {@code t}'s real reward, {@code terminated} and
     * {@code truncated}; the terminal observation is in {@link VecEnv#finalObservations()}. Every step's action is used.
     */
    SAME_STEP
}
