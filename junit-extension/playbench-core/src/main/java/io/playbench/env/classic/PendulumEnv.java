package io.playbench.env.classic;

import io.playbench.env.EnvOptions;
import io.playbench.env.Space;
import io.playbench.env.random.NumpyRandom;

/**
 * Gymnasium's {@code Pendulum-v1}: swing a pendulum up and hold it upright with a limited torque.
 *
 * <p>Observation {@code (cos θ, sin θ, θ̇)} (float32; θ = 0 is upright; θ̇ in [−8, 8] rad/s); action
 * {@code Box(-2, 2, (1,), float32)} torque in N·m (clipped); reward {@code -(θn² + 0.1 θ̇² + 0.001 u²)} with θn the
 * angle normalised to [−π, π), from the pre-step state; never terminates; time limit 200.
 *
 * <p>Success (a PlayBench choice, reference §11): the pendulum is held upright at the end of the episode — on each of
 * the episode's last {@value #UPRIGHT_STEPS} steps (the final second) the post-step binary64 state had
 * {@code |θn| < 0.1} rad and {@code |θ̇| < 1.0} rad/s.
 */
public final class PendulumEnv extends ClassicControlEnv {

    /** Consecutive upright steps at the end of an episode that make it a success. */
    public static final int UPRIGHT_STEPS = 20;
    /** Largest normalised angle, in rad, that counts as upright. */
    public static final double UPRIGHT_ANGLE = 0.1;
    /** Largest angular speed, in rad/s, that counts as upright. */
    public static final double UPRIGHT_SPEED = 1.0;

    static final double MAX_SPEED = 8;
    static final float MAX_TORQUE = 2.0f;
    static final double DT = 0.05;
    static final double G = 10.0;
    static final double TWO_PI = 2 * Math.PI;

    static final Space OBSERVATION_SPACE = Space.Box.of(
            new float[] {-1f, -1f, (float) -MAX_SPEED}, new float[] {1f, 1f, (float) MAX_SPEED}, Space.DType.FLOAT32);
    static final Space ACTION_SPACE =
            Space.Box.of(new float[] {-MAX_TORQUE}, new float[] {MAX_TORQUE}, Space.DType.FLOAT32);

    private final double[] theta;
    private final double[] thetaDot;
    private final int[] uprightStreak;

    PendulumEnv(String taskId, int numEnvs, EnvOptions options, int defaultMaxEpisodeSteps) {
        super(taskId, numEnvs, options, defaultMaxEpisodeSteps, OBSERVATION_SPACE, ACTION_SPACE);
        theta = new double[numEnvs];
        thetaDot = new double[numEnvs];
        uprightStreak = new int[numEnvs];
    }

    @Override
    void checkResetOptions(double xInit, double yInit) {
        // Gymnasium draws uniform(-x_init, x_init); any finite value is accepted.
    }

    @Override
    void resetEnv(int i, NumpyRandom rng) {
        double x = Double.isNaN(resetLow) ? Math.PI : resetLow;
        double y = Double.isNaN(resetHigh) ? 1.0 : resetHigh;
        double th = rng.uniform(-x, x);
        double thd = rng.uniform(-y, y);
        theta[i] = th;
        thetaDot[i] = thd;
        uprightStreak[i] = 0;
        int o = i * 3;
        observations[o] = (float) cos(th);
        observations[o + 1] = (float) sin(th);
        observations[o + 2] = (float) thd;
    }

    static double angleNormalize(double x) {
        return NumpyMath.floorMod(x + Math.PI, TWO_PI) - Math.PI;
    }

    @Override
    void physics(int from, int to) {
        float[] actions = boxActions;
        for (int i = from; i < to; i++) {
            if (needsReset[i]) {
                continue;
            }
            double th = theta[i];
            double thd = thetaDot[i];
            float u = Math.min(Math.max(actions[i], -MAX_TORQUE), MAX_TORQUE);
            double alpha = angleNormalize(th);
            double cost = (sq(alpha) + (0.1 * sq(thd))) + (double) (0.001f * sqf(u));
            double newThd = thd + (((15.0 * sin(th)) + (double) (3.0f * u)) * DT);
            newThd = Math.min(Math.max(newThd, -MAX_SPEED), MAX_SPEED);
            double newTh = th + (newThd * DT);
            theta[i] = newTh;
            thetaDot[i] = newThd;
            rewards[i] = -cost;
            terminated[i] = false;
            if (Math.abs(angleNormalize(newTh)) < UPRIGHT_ANGLE && Math.abs(newThd) < UPRIGHT_SPEED) {
                uprightStreak[i]++;
            } else {
                uprightStreak[i] = 0;
            }
            int o = i * 3;
            observations[o] = (float) cos(newTh);
            observations[o + 1] = (float) sin(newTh);
            observations[o + 2] = (float) newThd;
        }
    }

    @Override
    boolean success(int i, boolean terminated, boolean truncated) {
        return uprightStreak[i] >= UPRIGHT_STEPS;
    }

    /**
     * Returns env {@code i}'s binary64 state {@code (θ, θ̇)} (θ is not wrapped).
     *
     * @param i the env index
     * @return a new array of two values
     */
    public double[] state(int i) {
        return new double[] {theta[i], thetaDot[i]};
    }

    /**
     * Returns how many steps in a row env {@code i} has ended upright (the success rule's counter).
     *
     * @param i the env index
     * @return the streak, 0 after a reset
     */
    public int uprightStreak(int i) {
        return uprightStreak[i];
    }
}
