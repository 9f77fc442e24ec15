package io.playbench.rollout;

/** What a run measures. */
public enum PlayProtocol {

    /**
     * The play benchmark: reset every env with {@code seed + i}, run the warm-up steps, then time {@code steps}
     * vectorised steps, each env resetting itself when its episode ends.
     */
    STEPS,

    /**
     * The evaluation protocol of the shared checkpoints' {@code eval.json}: env {@code i} is reset once with
     * {@code seed + i} and played to the end of its first episode; one episode per env, no warm-up.
     */
    EPISODES
}
