package io.playbench.inference;

import io.playbench.library.Stage;

/**
 * A {@link Stage.Normalize} with its denominators precomputed exactly as the reference evaluator forms them: in
 * float64 for a float64 normaliser (SB3's VecNormalize), otherwise from the statistics cast to float32 with float32
 * arithmetic (the square root of a float32 is correctly rounded either way).
 */
public final class Normalizer {

    final boolean float64;
    final double[] mean;
    final double[] den;
    final float[] meanF;
    final float[] denF;
    final double clip;
    final float clipF;

    private Normalizer(Stage.Normalize n) {
        int w = n.mean().length;
        float64 = n.float64();
        mean = n.mean().clone();
        den = new double[w];
        meanF = new float[w];
        denF = new float[w];
        clip = n.clip();
        clipF = (float) n.clip();
        float eps = (float) n.epsilon();
        for (int i = 0; i < w; i++) {
            den[i] = switch (n.formula()) {
                case STD_PLUS_EPS -> n.spread()[i] + n.epsilon();
                case SQRT_VAR_PLUS_EPS -> Math.sqrt(n.spread()[i] + n.epsilon());
                case SQRT_VAR_THEN_PLUS_EPS -> Math.sqrt(n.spread()[i]) + n.epsilon();
            };
            meanF[i] = (float) n.mean()[i];
            float spread = (float) n.spread()[i];
            denF[i] = switch (n.formula()) {
                case STD_PLUS_EPS -> spread + eps;
                case SQRT_VAR_PLUS_EPS -> (float) Math.sqrt(spread + eps);
                case SQRT_VAR_THEN_PLUS_EPS -> (float) Math.sqrt(spread) + eps;
            };
        }
    }

    /**
     * The normaliser of a stage.
     *
     * @param n the stage
     * @return its precomputed form
     */
    public static Normalizer of(Stage.Normalize n) {
        return new Normalizer(n);
    }

    /**
     * Whether it computes in float64 (SB3's VecNormalize) and casts the result to float32.
     *
     * @return {@code true} for float64 arithmetic
     */
    public boolean float64() {
        return float64;
    }

    /**
     * The means, float64.
     *
     * @return a copy
     */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * The denominators formed in float64.
     *
     * @return a copy
     */
    public double[] denominators() {
        return den.clone();
    }

    /**
     * The means cast to float32.
     *
     * @return a copy
     */
    public float[] meanFloat() {
        return meanF.clone();
    }

    /**
     * The denominators formed in float32.
     *
     * @return a copy
     */
    public float[] denominatorsFloat() {
        return denF.clone();
    }

    /**
     * The symmetric clip after normalising (infinite for none).
     *
     * @return the clip
     */
    public double clip() {
        return clip;
    }

    void apply(float[] x, int off, int w) {
        if (float64) {
            for (int i = 0; i < w; i++) {
                double v = (x[off + i] - mean[i]) / den[i];
                x[off + i] = (float) Math.min(Math.max(v, -clip), clip);
            }
        } else {
            for (int i = 0; i < w; i++) {
                float v = (x[off + i] - meanF[i]) / denF[i];
                x[off + i] = Math.min(Math.max(v, -clipF), clipF);
            }
        }
    }
}
