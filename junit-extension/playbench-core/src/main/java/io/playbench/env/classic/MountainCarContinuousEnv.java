package io.playbench.env.classic;

import io.playbench.env.EnvOptions;
import io.playbench.env.Space;
import io.playbench.env.random.NumpyRandom;

/**
 * Gymnasium's {@code MountainCarContinuous-v0}: the mountain car with a continuous force.
 *
 * <p>Observation as {@code MountainCar-v0}; action {@code Box(-1, 1, (1,), float32)} (values outside are clamped for
 * the force; the penalty uses the unclamped value); reward {@code -0.1 * action²} per step plus 100 on reaching the
 * goal; terminated when {@code position >= 0.45} and {@code velocity >= 0}; time limit 999. Success: terminated.
 *
 * <p>The step reproduces NumPy 2's float32 promotion rules with a float32 action: after the first step the state is
 * float32 and most arithmetic and comparisons are binary32 (reference §8.3).
 */
public final class MountainCarContinuousEnv extends ClassicControlEnv {

    static final Space OBSERVATION_SPACE = MountainCarEnv.OBSERVATION_SPACE;
    static final Space ACTION_SPACE = Space.Box.of(new float[] {-1f}, new float[] {1f}, Space.DType.FLOAT32);

    private final double[] position;
    private final double[] velocity;
    /** The state is binary64 (just reset), not yet float32. */
    private final boolean[] fresh;

    MountainCarContinuousEnv(String taskId, int numEnvs, EnvOptions options, int defaultMaxEpisodeSteps) {
        super(taskId, numEnvs, options, defaultMaxEpisodeSteps, OBSERVATION_SPACE, ACTION_SPACE);
        position = new double[numEnvs];
        velocity = new double[numEnvs];
        fresh = new boolean[numEnvs];
    }

    @Override
    void resetEnv(int i, NumpyRandom rng) {
        position[i] = rng.uniform(low(-0.6), high(-0.4));
        velocity[i] = 0.0;
        fresh[i] = true;
        observations[2 * i] = (float) position[i];
        observations[2 * i + 1] = 0.0f;
    }

    @Override
    void physics(int from, int to) {
        float[] actions = boxActions;
        for (int i = from; i < to; i++) {
            if (needsReset[i]) {
                continue;
            }
            boolean t32 = !fresh[i];
            double p = position[i];
            double v = velocity[i];
            float alpha = actions[i];
            // 1. force = min(max(action, -1.0), 1.0): a Python float (F64) when clamped, else the float32 action.
            boolean force32;
            double force64 = 0.0;
            if (-1.0f > alpha) {
                force32 = false;
                force64 = -1.0;
            } else if (1.0f < alpha) {
                force32 = false;
                force64 = 1.0;
            } else {
                force32 = true;
            }
            // 2. hill term 0.0025 * cos(3 * position)
            double c = t32 ? 0.0025 * cos((double) (3.0f * (float) p)) : 0.0025 * cos(3 * p);
            // 3. increment force * power - c
            double delta = force32 ? (double) ((alpha * 0.0015f) - (float) c) : (force64 * 0.0015) - c;
            // 4. velocity += delta
            boolean v32;
            if (t32) {
                v = (float) v + (float) delta;
                v32 = true;
            } else {
                v = v + delta;
                v32 = false;
            }
            // 5. velocity clamps
            if (v32 ? (float) v > 0.07f : v > 0.07) {
                v = 0.07;
                v32 = false;
            }
            if (v32 ? (float) v < -0.07f : v < -0.07) {
                v = -0.07;
                v32 = false;
            }
            // 6. position += velocity
            boolean p32;
            if (t32) {
                p = (float) p + (float) v;
                p32 = true;
            } else {
                p = p + v;
                p32 = false;
            }
            // 7. position clamps
            if (p32 ? (float) p > 0.6f : p > 0.6) {
                p = 0.6;
                p32 = false;
            }
            if (p32 ? (float) p < -1.2f : p < -1.2) {
                p = -1.2;
                p32 = false;
            }
            // 8. left wall
            if ((p32 ? (float) p == -1.2f : p == -1.2) && v < 0) {
                v = 0.0;
            }
            // 9. termination, 10. reward (unclamped action)
            boolean term = (p32 ? (float) p >= 0.45f : p >= 0.45) && v >= 0;
            double a = alpha;
            double base = term ? 100.0 : 0.0;
            rewards[i] = base - ((a * a) * 0.1);
            terminated[i] = term;
            // 11. store as float32
            float pf = (float) p;
            float vf = (float) v;
            position[i] = pf;
            velocity[i] = vf;
            fresh[i] = false;
            observations[2 * i] = pf;
            observations[2 * i + 1] = vf;
        }
    }

    @Override
    boolean success(int i, boolean terminated, boolean truncated) {
        return terminated;
    }

    /**
     * Returns env {@code i}'s state {@code (position, velocity)} (binary64 after a reset, float32 values after a step).
     *
     * @param i the env index
     * @return a new array of two values
     */
    public double[] state(int i) {
        return new double[] {position[i], velocity[i]};
    }

    /**
     * Returns whether env {@code i} has not stepped since its reset, so that its state is still binary64 and its next
     * step computes in float64 (later steps compute in float32).
     *
     * @param i the env index
     * @return {@code true} right after a reset
     */
    public boolean justReset(int i) {
        return fresh[i];
    }
}
