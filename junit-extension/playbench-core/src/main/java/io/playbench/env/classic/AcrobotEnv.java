package io.playbench.env.classic;

import io.playbench.env.EnvOptions;
import io.playbench.env.Space;
import io.playbench.env.random.NumpyRandom;

/**
 * Gymnasium's {@code Acrobot-v1}: two links hanging from a pivot, actuated at the joint between them; swing the tip
 * above one link length over the pivot.
 *
 * <p>Observation {@code (cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2)} (float32; rad/s); actions 0, 1, 2 apply torque
 * −1, 0, +1 N·m; one RK4 step of 0.2 s per env step ("book" dynamics); reward −1 per step, 0 on the terminating step;
 * time limit 500. Success: terminated (the goal height was reached).
 */
public final class AcrobotEnv extends ClassicControlEnv {

    static final double DT = 0.2;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    static final double HALF_PI = Math.PI / 2;
    static final double M2_LC2_G = (1.0 * 0.5) * 9.8;
    static final double M1LC1_M2L1_G = ((1.0 * 0.5) + (1.0 * 1.0)) * 9.8;
    static final double SIXTH_DT = DT / 6.0;
    static final double TWO_PI = Math.PI - (-Math.PI);

    static final Space OBSERVATION_SPACE = Space.Box.of(
            new float[] {-1f, -1f, -1f, -1f, (float) -MAX_VEL_1, (float) -MAX_VEL_2},
            new float[] {1f, 1f, 1f, 1f, (float) MAX_VEL_1, (float) MAX_VEL_2},
            Space.DType.FLOAT32);
    static final Space ACTION_SPACE = new Space.Discrete(3);

    private final double[] theta1;
    private final double[] theta2;
    private final double[] dtheta1;
    private final double[] dtheta2;
    /** Two accelerations per env, so that parallel chunks never share scratch space. */
    private final double[] scratch;

    AcrobotEnv(String taskId, int numEnvs, EnvOptions options, int defaultMaxEpisodeSteps) {
        super(taskId, numEnvs, options, defaultMaxEpisodeSteps, OBSERVATION_SPACE, ACTION_SPACE);
        theta1 = new double[numEnvs];
        theta2 = new double[numEnvs];
        dtheta1 = new double[numEnvs];
        dtheta2 = new double[numEnvs];
        scratch = new double[2 * numEnvs];
    }

    @Override
    void resetEnv(int i, NumpyRandom rng) {
        double lo = low(-0.1);
        double hi = high(0.1);
        // Drawn in binary64, stored as float32 (astype(np.float32)); the first step widens exactly.
        float t1 = (float) rng.uniform(lo, hi);
        float t2 = (float) rng.uniform(lo, hi);
        float d1 = (float) rng.uniform(lo, hi);
        float d2 = (float) rng.uniform(lo, hi);
        theta1[i] = t1;
        theta2[i] = t2;
        dtheta1[i] = d1;
        dtheta2[i] = d2;
        int o = i * 6;
        observations[o] = NumpyMath.f32cos(t1);
        observations[o + 1] = NumpyMath.f32sin(t1);
        observations[o + 2] = NumpyMath.f32cos(t2);
        observations[o + 3] = NumpyMath.f32sin(t2);
        observations[o + 4] = d1;
        observations[o + 5] = d2;
    }

    /** Writes θ̈1, θ̈2 of {@code D(y)} into {@code out[o]}, {@code out[o + 1]} (reference §6.3). */
    private void accelerations(double t1, double t2, double dt1, double dt2, double a, double[] out, int o) {
        double c2 = cos(t2);
        double s2 = sin(t2);
        double d1 = ((0.25 + (1.25 + c2)) + 1.0) + 1.0;
        double d2 = (0.25 + (0.5 * c2)) + 1.0;
        double phi2 = M2_LC2_G * cos((t1 + t2) - HALF_PI);
        double phi1 = ((((-0.5) * sq(dt2)) * s2) - ((dt2 * dt1) * s2)) + (M1LC1_M2L1_G * cos(t1 - HALF_PI)) + phi2;
        double ddt2 = (((a + ((d2 / d1) * phi1)) - ((0.5 * sq(dt1)) * s2)) - phi2) / (1.25 - (sq(d2) / d1));
        double ddt1 = (-((d2 * ddt2) + phi1)) / d1;
        out[o] = ddt1;
        out[o + 1] = ddt2;
    }

    private static double wrap(double x) {
        if (!Double.isFinite(x)) {
            return x;
        }
        while (x > Math.PI) {
            x = x - TWO_PI;
        }
        while (x < -Math.PI) {
            x = x + TWO_PI;
        }
        return x;
    }

    private static double bound(double x, double m, double M) {
        double v = m > x ? m : x;
        return M < v ? M : v;
    }

    @Override
    void physics(int from, int to) {
        int[] actions = discreteActions;
        double[] acc = scratch;
        for (int i = from; i < to; i++) {
            if (needsReset[i]) {
                continue;
            }
            double a = actions[i] - 1.0;
            int o = 2 * i;
            double y0 = theta1[i];
            double y1 = theta2[i];
            double y2 = dtheta1[i];
            double y3 = dtheta2[i];
            // k1
            accelerations(y0, y1, y2, y3, a, acc, o);
            double k1a = y2, k1b = y3, k1c = acc[o], k1d = acc[o + 1];
            // k2 = D(y0 + 0.1 k1)
            accelerations(y0 + (0.1 * k1a), y1 + (0.1 * k1b), y2 + (0.1 * k1c), y3 + (0.1 * k1d), a, acc, o);
            double k2a = y2 + (0.1 * k1c), k2b = y3 + (0.1 * k1d), k2c = acc[o], k2d = acc[o + 1];
            // k3 = D(y0 + 0.1 k2)
            accelerations(y0 + (0.1 * k2a), y1 + (0.1 * k2b), y2 + (0.1 * k2c), y3 + (0.1 * k2d), a, acc, o);
            double k3a = y2 + (0.1 * k2c), k3b = y3 + (0.1 * k2d), k3c = acc[o], k3d = acc[o + 1];
            // k4 = D(y0 + 0.2 k3)
            accelerations(y0 + (DT * k3a), y1 + (DT * k3b), y2 + (DT * k3c), y3 + (DT * k3d), a, acc, o);
            double k4a = y2 + (DT * k3c), k4b = y3 + (DT * k3d), k4c = acc[o], k4d = acc[o + 1];

            double n0 = y0 + (SIXTH_DT * (((k1a + (2 * k2a)) + (2 * k3a)) + k4a));
            double n1 = y1 + (SIXTH_DT * (((k1b + (2 * k2b)) + (2 * k3b)) + k4b));
            double n2 = y2 + (SIXTH_DT * (((k1c + (2 * k2c)) + (2 * k3c)) + k4c));
            double n3 = y3 + (SIXTH_DT * (((k1d + (2 * k2d)) + (2 * k3d)) + k4d));
            n0 = wrap(n0);
            n1 = wrap(n1);
            n2 = bound(n2, -MAX_VEL_1, MAX_VEL_1);
            n3 = bound(n3, -MAX_VEL_2, MAX_VEL_2);
            theta1[i] = n0;
            theta2[i] = n1;
            dtheta1[i] = n2;
            dtheta2[i] = n3;
            double c1 = cos(n0);
            boolean term = ((-c1) - cos(n1 + n0)) > 1.0;
            terminated[i] = term;
            rewards[i] = term ? 0.0 : -1.0;
            int w = i * 6;
            observations[w] = (float) c1;
            observations[w + 1] = (float) sin(n0);
            observations[w + 2] = (float) cos(n1);
            observations[w + 3] = (float) sin(n1);
            observations[w + 4] = (float) n2;
            observations[w + 5] = (float) n3;
        }
    }

    @Override
    boolean success(int i, boolean terminated, boolean truncated) {
        return terminated;
    }

    /**
     * Returns env {@code i}'s state {@code (θ1, θ2, θ̇1, θ̇2)} (float32 values widened after a reset).
     *
     * @param i the env index
     * @return a new array of four values
     */
    public double[] state(int i) {
        return new double[] {theta1[i], theta2[i], dtheta1[i], dtheta2[i]};
    }
}
