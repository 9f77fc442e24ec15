package io.playbench.inference;

import io.playbench.library.Activation;
import io.playbench.library.Library;
import io.playbench.library.PolicySpec;
import io.playbench.library.PolicySpec.ActionOutput;
import io.playbench.library.Stage;
import io.playbench.library.Stage.Normalize.Formula;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Policies every engine is checked on: randomised specs that cover every stage type, every activation, every
 * normaliser formula and precision, discrete and continuous heads. Specs from real checkpoints (the library adapters'
 * fixtures) are added to {@link #all()} as they arrive.
 */
final class PolicySpecFixtures {

    /** A named spec, so that parameterised test names say which policy failed. */
    record Named(String name, PolicySpec spec) {
        @Override
        public String toString() {
            return name;
        }
    }

    private PolicySpecFixtures() {}

    static List<Named> all() {
        List<Named> specs = new ArrayList<>();
        specs.add(
                new Named("sb3-default 4-64-64-2 tanh argmax, float64 VecNormalize", sb3Default(new Random(1), true)));
        specs.add(new Named("isaac 48-256-128-64-12 elu, rsl_rl normaliser, action clamp", isaac(new Random(2))));
        for (Activation a : Activation.values()) {
            specs.add(new Named("every stage, " + a, everyStage(new Random(100 + a.ordinal()), a)));
        }
        specs.add(
                new Named("rl_games discrete relu, obs clamp, float32 sqrt(var+eps)", rlGamesDiscrete(new Random(3))));
        return specs;
    }

    static PolicySpec sb3Default(Random r, boolean normalise) {
        List<Stage> stages = new ArrayList<>();
        if (normalise) {
            stages.add(
                    new Stage.Normalize(Formula.SQRT_VAR_PLUS_EPS, doubles(r, 4, 0.5), positive(r, 4), 1e-8, 10, true));
        }
        stages.add(dense(r, 4, 64, Activation.TANH, true, 1));
        stages.add(dense(r, 64, 64, Activation.TANH, true, 1));
        stages.add(dense(r, 64, 2, Activation.IDENTITY, true, 1));
        stages.add(new Stage.Argmax());
        return new PolicySpec(Library.SB3, "PPO", 4, new ActionOutput.Discrete(2), stages, List.of());
    }

    static PolicySpec isaac(Random r) {
        return new PolicySpec(
                Library.RSL_RL,
                "PPO",
                48,
                new ActionOutput.Continuous(12),
                List.of(
                        new Stage.Normalize(
                                Formula.STD_PLUS_EPS,
                                doubles(r, 48, 0.5),
                                positive(r, 48),
                                1e-2,
                                Double.POSITIVE_INFINITY,
                                false),
                        dense(r, 48, 256, Activation.ELU, true, 1),
                        dense(r, 256, 128, Activation.ELU, true, 1),
                        dense(r, 128, 64, Activation.ELU, true, 1),
                        dense(r, 64, 12, Activation.IDENTITY, true, 1),
                        Stage.Clamp.symmetric(12, 1.5f)),
                List.of());
    }

    static PolicySpec everyStage(Random r, Activation a) {
        float[] scale = new float[6];
        float[] offset = new float[6];
        for (int i = 0; i < 6; i++) {
            scale[i] = 0.5f + 2 * r.nextFloat();
            offset[i] = r.nextFloat() - 0.5f;
        }
        return new PolicySpec(
                Library.SKRL,
                "PPO",
                7,
                new ActionOutput.Continuous(6),
                List.of(
                        Stage.Clamp.symmetric(7, 6f),
                        new Stage.Normalize(
                                Formula.SQRT_VAR_THEN_PLUS_EPS, doubles(r, 7, 0.5), positive(r, 7), 1e-8, 5, false),
                        dense(r, 7, 33, a, true),
                        dense(r, 33, 19, a, false),
                        dense(r, 19, 10, Activation.IDENTITY, true),
                        new Stage.Slice(2, 8),
                        new Stage.Apply(a),
                        new Stage.Affine(scale, offset)),
                List.of());
    }

    static PolicySpec rlGamesDiscrete(Random r) {
        return new PolicySpec(
                Library.RL_GAMES,
                "A2C",
                9,
                new ActionOutput.Discrete(5),
                List.of(
                        Stage.Clamp.symmetric(9, 4f),
                        new Stage.Normalize(
                                Formula.SQRT_VAR_PLUS_EPS, doubles(r, 9, 0.5), positive(r, 9), 1e-5, 5, false),
                        dense(r, 9, 40, Activation.RELU, true),
                        dense(r, 40, 17, Activation.LEAKY_RELU, true),
                        dense(r, 17, 5, Activation.IDENTITY, true),
                        new Stage.Argmax()),
                List.of());
    }

    /** Twice PyTorch's default Linear initialisation, so that small policies' activations leave their linear range. */
    static Stage.Dense dense(Random r, int in, int out, Activation a, boolean bias) {
        return dense(r, in, out, a, bias, 2.0);
    }

    /**
     * PyTorch's default Linear initialisation (uniform in +-1/sqrt(in)) times {@code gain}. The deep policies use gain 1:
     * with gain 2 through four layers of width 256, float32 accumulation (which PyTorch itself uses) drifts to about
     * 1.1e-5 from the double-accumulating reference on outputs near 0.4.
     */
    static Stage.Dense dense(Random r, int in, int out, Activation a, boolean bias, double gain) {
        float bound = (float) (gain / Math.sqrt(in));
        float[] w = new float[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (2 * r.nextFloat() - 1) * bound;
        }
        float[] b = null;
        if (bias) {
            b = new float[out];
            for (int i = 0; i < out; i++) {
                b[i] = (2 * r.nextFloat() - 1) * bound;
            }
        }
        return new Stage.Dense(w, b, in, out, a);
    }

    /** Observations: Gaussian with scale 3, some exact zeros and some large values that hit the clamps. */
    static float[] observations(Random r, int batch, int width) {
        float[] x = new float[batch * width];
        for (int i = 0; i < x.length; i++) {
            double u = r.nextDouble();
            x[i] = u < 0.03 ? 0f : u < 0.06 ? (float) (r.nextGaussian() * 100) : (float) (r.nextGaussian() * 3);
        }
        return x;
    }

    private static double[] doubles(Random r, int n, double scale) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian() * scale;
        }
        return d;
    }

    private static double[] positive(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = 0.05 + 3 * r.nextDouble();
        }
        return d;
    }
}
