package io.playbench.env;

/** How a vectorised environment derives the random streams of its sub-environments from a reset seed. */
public enum SeedingLayout {

    /**
     * Gymnasium's {@code SyncVectorEnv}: {@code reset(seed)} gives env {@code i} its own generator seeded with
     * {@code seed + i}; later resets of env {@code i} (including autoresets) continue that env's stream. Env {@code i}
     * then behaves exactly like a single {@code gym.make} env reset with {@code seed + i}. The default.
     */
    PER_ENV,

    /**
     * Gymnasium's native {@code CartPoleVectorEnv} ({@code gym.make_vec("CartPole-v1", n)}): one generator for all
     * envs, seeded with {@code seed}. A reset draws a {@code (4, n)} block row-major (all {@code x}, then all
     * {@code x_dot}, ...); each step's autoresets draw a {@code (4, k)} block for the {@code k} envs being reset, in
     * ascending env order. Only CartPole offers it, and only with {@link AutoresetMode#NEXT_STEP}.
     */
    SHARED_STREAM
}
