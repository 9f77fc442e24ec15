package io.playbench.env.classic;

import io.playbench.env.EnvOptions;
import io.playbench.env.Space;
import io.playbench.env.random.NumpyRandom;

/**
 * Gymnasium's {@code CartPole-v1} / {@code CartPole-v0}: a pole hinged on a cart; push the cart left (0) or right (1)
 * to keep the pole upright.
 *
 * <p>Observation {@code (x, x_dot, theta, theta_dot)} in m, m/s, rad, rad/s (float32); binary64 state; Euler
 * integration with {@code tau = 0.02} s; terminated when {@code |x| > 2.4} or {@code |theta| > 12°}; reward
 * {@code 1.0} every step, the terminating one included; time limit 500 (v1) or 200 (v0). Success: the episode reaches
 * the time limit without terminating.
 */
public final class CartPoleEnv extends ClassicControlEnv {

    static final double GRAVITY = 9.8;
    static final double MASSCART = 1.0;
    static final double MASSPOLE = 0.1;
    static final double TOTAL_MASS = MASSPOLE + MASSCART;
    static final double LENGTH = 0.5;
    static final double POLEMASS_LENGTH = MASSPOLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;
    static final double FOUR_THIRDS = 4.0 / 3.0;

    static final Space OBSERVATION_SPACE = Space.Box.of(
            new float[] {
                (float) -(X_THRESHOLD * 2),
                Float.NEGATIVE_INFINITY,
                (float) -(THETA_THRESHOLD * 2),
                Float.NEGATIVE_INFINITY
            },
            new float[] {
                (float) (X_THRESHOLD * 2),
                Float.POSITIVE_INFINITY,
                (float) (THETA_THRESHOLD * 2),
                Float.POSITIVE_INFINITY
            },
            Space.DType.FLOAT32);
    static final Space ACTION_SPACE = new Space.Discrete(2);

    private final double[] x;
    private final double[] xDot;
    private final double[] theta;
    private final double[] thetaDot;
    private double[] sharedDraws;

    CartPoleEnv(String taskId, int numEnvs, EnvOptions options, int defaultMaxEpisodeSteps) {
        super(taskId, numEnvs, options, defaultMaxEpisodeSteps, OBSERVATION_SPACE, ACTION_SPACE);
        x = new double[numEnvs];
        xDot = new double[numEnvs];
        theta = new double[numEnvs];
        thetaDot = new double[numEnvs];
    }

    @Override
    boolean supportsSharedStream() {
        return true;
    }

    @Override
    void resetEnv(int i, NumpyRandom rng) {
        double lo = low(-0.05);
        double hi = high(0.05);
        x[i] = rng.uniform(lo, hi);
        xDot[i] = rng.uniform(lo, hi);
        theta[i] = rng.uniform(lo, hi);
        thetaDot[i] = rng.uniform(lo, hi);
        writeObservation(i);
    }

    @Override
    void resetAllShared() {
        drawShared(null, numEnvs);
    }

    @Override
    void resetSomeShared(int[] indices, int k) {
        drawShared(indices, k);
    }

    /** Draws a {@code (4, k)} block row-major from the shared stream: all x, then all x_dot, theta, theta_dot. */
    private void drawShared(int[] indices, int k) {
        if (sharedDraws == null) {
            sharedDraws = new double[4 * numEnvs];
        }
        double lo = low(-0.05);
        double hi = high(0.05);
        double[] d = sharedDraws;
        for (int j = 0; j < 4 * k; j++) {
            d[j] = sharedRng.uniform(lo, hi);
        }
        for (int j = 0; j < k; j++) {
            int i = indices == null ? j : indices[j];
            x[i] = d[j];
            xDot[i] = d[k + j];
            theta[i] = d[2 * k + j];
            thetaDot[i] = d[3 * k + j];
            writeObservation(i);
        }
    }

    private void writeObservation(int i) {
        int o = i * 4;
        observations[o] = (float) x[i];
        observations[o + 1] = (float) xDot[i];
        observations[o + 2] = (float) theta[i];
        observations[o + 3] = (float) thetaDot[i];
    }

    @Override
    void physics(int from, int to) {
        int[] actions = discreteActions;
        double[] x = this.x;
        double[] xDot = this.xDot;
        double[] theta = this.theta;
        double[] thetaDot = this.thetaDot;
        float[] obs = observations;
        boolean[] skip = needsReset;
        double[] rewards = this.rewards;
        boolean[] terminated = this.terminated;
        boolean exact = this.exact;
        for (int i = from; i < to; i++) {
            if (skip[i]) {
                continue;
            }
            double xi = x[i];
            double xd = xDot[i];
            double th = theta[i];
            double thd = thetaDot[i];
            double force = actions[i] == 1 ? FORCE_MAG : -FORCE_MAG;
            double c;
            double s;
            if (exact) {
                c = NumpyMath.cos(th);
                s = NumpyMath.sin(th);
            } else {
                c = Math.cos(th);
                s = Math.sin(th);
            }
            double temp = (force + ((POLEMASS_LENGTH * (thd * thd)) * s)) / TOTAL_MASS;
            double thetaAcc =
                    ((GRAVITY * s) - (c * temp)) / (LENGTH * (FOUR_THIRDS - ((MASSPOLE * (c * c)) / TOTAL_MASS)));
            double xAcc = temp - (((POLEMASS_LENGTH * thetaAcc) * c) / TOTAL_MASS);
            double nx = xi + (TAU * xd);
            double nxd = xd + (TAU * xAcc);
            double nth = th + (TAU * thd);
            double nthd = thd + (TAU * thetaAcc);
            x[i] = nx;
            xDot[i] = nxd;
            theta[i] = nth;
            thetaDot[i] = nthd;
            int o = i * 4;
            obs[o] = (float) nx;
            obs[o + 1] = (float) nxd;
            obs[o + 2] = (float) nth;
            obs[o + 3] = (float) nthd;
            terminated[i] = nx < -X_THRESHOLD || nx > X_THRESHOLD || nth < -THETA_THRESHOLD || nth > THETA_THRESHOLD;
            rewards[i] = 1.0;
        }
    }

    @Override
    boolean success(int i, boolean terminated, boolean truncated) {
        return truncated && !terminated;
    }

    /**
     * Returns env {@code i}'s binary64 state {@code (x, x_dot, theta, theta_dot)}.
     *
     * @param i the env index
     * @return a new array of four values
     */
    public double[] state(int i) {
        return new double[] {x[i], xDot[i], theta[i], thetaDot[i]};
    }
}
