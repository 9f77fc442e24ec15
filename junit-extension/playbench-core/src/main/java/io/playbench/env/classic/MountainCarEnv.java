package io.playbench.env.classic;

import io.playbench.env.EnvOptions;
import io.playbench.env.Space;
import io.playbench.env.random.NumpyRandom;

/**
 * Gymnasium's {@code MountainCar-v0}: drive an under-powered car up the right hill.
 *
 * <p>Observation {@code (position, velocity)} (float32; position in [−1.2, 0.6], velocity in [−0.07, 0.07]); actions
 * 0 accelerate left, 1 none, 2 accelerate right; binary64 state; reward −1 every step; terminated when
 * {@code position >= 0.5} and {@code velocity >= 0}; time limit 200. Success: terminated (the goal was reached).
 */
public final class MountainCarEnv extends ClassicControlEnv {

    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.5;
    static final double FORCE = 0.001;
    static final double GRAVITY = 0.0025;

    static final Space OBSERVATION_SPACE = Space.Box.of(
            new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new float[] {(float) MAX_POSITION, (float) MAX_SPEED},
            Space.DType.FLOAT32);
    static final Space ACTION_SPACE = new Space.Discrete(3);

    private final double[] position;
    private final double[] velocity;

    MountainCarEnv(String taskId, int numEnvs, EnvOptions options, int defaultMaxEpisodeSteps) {
        super(taskId, numEnvs, options, defaultMaxEpisodeSteps, OBSERVATION_SPACE, ACTION_SPACE);
        position = new double[numEnvs];
        velocity = new double[numEnvs];
    }

    @Override
    void resetEnv(int i, NumpyRandom rng) {
        position[i] = rng.uniform(low(-0.6), high(-0.4));
        velocity[i] = 0.0;
        observations[2 * i] = (float) position[i];
        observations[2 * i + 1] = 0.0f;
    }

    @Override
    void physics(int from, int to) {
        int[] actions = discreteActions;
        for (int i = from; i < to; i++) {
            if (needsReset[i]) {
                continue;
            }
            double p = position[i];
            double v = velocity[i];
            double accel = (actions[i] - 1) * FORCE;
            double hill = cos(3 * p) * (-GRAVITY);
            v = v + (accel + hill);
            v = Math.min(Math.max(v, -MAX_SPEED), MAX_SPEED);
            p = p + v;
            p = Math.min(Math.max(p, MIN_POSITION), MAX_POSITION);
            if (p == MIN_POSITION && v < 0) {
                v = 0.0;
            }
            position[i] = p;
            velocity[i] = v;
            terminated[i] = p >= GOAL_POSITION && v >= 0;
            rewards[i] = -1.0;
            observations[2 * i] = (float) p;
            observations[2 * i + 1] = (float) v;
        }
    }

    @Override
    boolean success(int i, boolean terminated, boolean truncated) {
        return terminated;
    }

    /**
     * Returns env {@code i}'s binary64 state {@code (position, velocity)}.
     *
     * @param i the env index
     * @return a new array of two values
     */
    public double[] state(int i) {
        return new double[] {position[i], velocity[i]};
    }
}
