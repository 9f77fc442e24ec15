package io.playbench.library;

import java.util.Arrays;

/**
 * One step of a policy's deterministic play-time computation, from raw observation to env action.
 *
 * <p>A {@link PolicySpec} is an ordered list of stages; each maps a float32 vector to a float32 vector (the last may
 * be {@link Argmax}, which yields a discrete action). Every stage states the arithmetic the library performs, so that
 * every inference engine can reproduce it within the numerics contract (1e-5 relative).
 */
public sealed interface Stage {

    /**
     * The width of the vector this stage produces, given the width it receives.
     *
     * @param inputSize the input width
     * @return the output width
     */
    int outputSize(int inputSize);

    /**
     * Element-wise clamp to {@code [low, high]} (an env wrapper's observation or action clip, or a post-normalisation
     * clamp).
     *
     * @param low the lower bound per element (length = input width)
     * @param high the upper bound per element
     */
    record Clamp(float[] low, float[] high) implements Stage {

        /** Checks that the bounds have one entry per element and low <= high. */
        public Clamp {
            if (low.length != high.length) {
                throw new IllegalArgumentException(
                        "clamp bounds differ in length: " + low.length + " low, " + high.length + " high");
            }
            for (int i = 0; i < low.length; i++) {
                if (!(low[i] <= high[i])) {
                    throw new IllegalArgumentException(
                            "clamp bound " + i + " has low " + low[i] + " > high " + high[i]);
                }
            }
            low = low.clone();
            high = high.clone();
        }

        /**
         * The same symmetric bound for every element.
         *
         * @param size the width
         * @param bound the bound, {@code > 0}
         * @return {@code clamp(x, -bound, bound)}
         */
        public static Clamp symmetric(int size, float bound) {
            float[] lo = new float[size];
            float[] hi = new float[size];
            Arrays.fill(lo, -bound);
            Arrays.fill(hi, bound);
            return new Clamp(lo, hi);
        }

        @Override
        public int outputSize(int inputSize) {
            requireWidth("clamp", low.length, inputSize);
            return inputSize;
        }
    }

    /**
     * Observation normalisation {@code clamp((x - mean) / denominator, -clip, clip)} with the library's formula for
     * the denominator and its arithmetic precision.
     *
     * @param formula how the denominator is formed from {@code spread}
     * @param mean the running mean per element
     * @param spread the running variance or standard deviation per element, as {@code formula} says
     * @param epsilon the library's epsilon
     * @param clip the post-normalisation clamp, or {@code Double.POSITIVE_INFINITY} for none
     * @param float64 whether the library computes in float64 and casts to float32 at the end (SB3's VecNormalize);
     *     otherwise the statistics are cast to float32 first and the arithmetic is float32
     */
    record Normalize(Formula formula, double[] mean, double[] spread, double epsilon, double clip, boolean float64)
            implements Stage {

        /** Checks the statistics. */
        public Normalize {
            if (mean.length != spread.length) {
                throw new IllegalArgumentException(
                        "normaliser mean has " + mean.length + " elements but spread has " + spread.length);
            }
            if (!(epsilon >= 0) || !(clip > 0)) {
                throw new IllegalArgumentException(
                        "normaliser needs epsilon >= 0 and clip > 0, got epsilon " + epsilon + " and clip " + clip);
            }
            for (int i = 0; i < spread.length; i++) {
                if (!Double.isFinite(mean[i]) || !Double.isFinite(spread[i]) || spread[i] < 0) {
                    throw new IllegalArgumentException("normaliser statistics at " + i + " are not usable: mean "
                            + mean[i] + ", spread " + spread[i]);
                }
            }
            mean = mean.clone();
            spread = spread.clone();
        }

        @Override
        public int outputSize(int inputSize) {
            requireWidth("normaliser", mean.length, inputSize);
            return inputSize;
        }

        /** How the denominator is formed. */
        public enum Formula {
            /** {@code std + epsilon} (rsl_rl's EmpiricalNormalization; spread = std). */
            STD_PLUS_EPS,
            /** {@code sqrt(var + epsilon)} (rl_games' RunningMeanStd, SB3's VecNormalize; spread = var). */
            SQRT_VAR_PLUS_EPS,
            /** {@code sqrt(var) + epsilon} (skrl's RunningStandardScaler; spread = var). */
            SQRT_VAR_THEN_PLUS_EPS
        }
    }

    /**
     * A fully connected layer {@code y = activation(W x + b)} with float32 weights, as {@code torch.nn.Linear}.
     *
     * @param weight the weights, row-major {@code [out][in]} as PyTorch stores them
     * @param bias the bias ({@code out} elements), or {@code null} for none
     * @param in the input width
     * @param out the output width
     * @param activation applied after the affine map
     */
    record Dense(float[] weight, float[] bias, int in, int out, Activation activation) implements Stage {

        /** Checks the shapes. */
        public Dense {
            if (in <= 0 || out <= 0 || weight.length != (long) in * out) {
                throw new IllegalArgumentException(
                        "dense layer weight has " + weight.length + " elements, expected out " + out + " x in " + in);
            }
            if (bias != null && bias.length != out) {
                throw new IllegalArgumentException(
                        "dense layer bias has " + bias.length + " elements, expected " + out);
            }
            java.util.Objects.requireNonNull(activation, "activation");
            weight = weight.clone();
            bias = bias == null ? null : bias.clone();
        }

        @Override
        public int outputSize(int inputSize) {
            requireWidth("dense layer", in, inputSize);
            return out;
        }
    }

    /**
     * Keeps elements {@code [from, to)} (a heteroscedastic head's mean part, a shared model's policy outputs).
     *
     * @param from the first element kept
     * @param to one past the last element kept
     */
    record Slice(int from, int to) implements Stage {

        /** Checks the range. */
        public Slice {
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("slice [" + from + ", " + to + ") is empty or negative");
            }
        }

        @Override
        public int outputSize(int inputSize) {
            if (to > inputSize) {
                throw new IllegalArgumentException(
                        "slice [" + from + ", " + to + ") exceeds the input width " + inputSize);
            }
            return to - from;
        }
    }

    /**
     * An element-wise activation without a layer (SAC's tanh squash, rl_games' {@code mu_activation}).
     *
     * @param activation the function
     */
    record Apply(Activation activation) implements Stage {

        @Override
        public int outputSize(int inputSize) {
            return inputSize;
        }
    }

    /**
     * An element-wise affine map {@code y = x * scale + offset} in float32 (action rescaling).
     *
     * @param scale per element
     * @param offset per element
     */
    record Affine(float[] scale, float[] offset) implements Stage {

        /** Checks the lengths. */
        public Affine {
            if (scale.length != offset.length) {
                throw new IllegalArgumentException(
                        "affine scale has " + scale.length + " elements but offset " + offset.length);
            }
            scale = scale.clone();
            offset = offset.clone();
        }

        @Override
        public int outputSize(int inputSize) {
            requireWidth("affine map", scale.length, inputSize);
            return inputSize;
        }
    }

    /** The index of the largest element (the first on ties, as {@code torch.argmax}); must be the last stage. */
    record Argmax() implements Stage {

        @Override
        public int outputSize(int inputSize) {
            return 1;
        }
    }

    private static void requireWidth(String what, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalArgumentException(what + " expects " + expected + " inputs but receives " + actual);
        }
    }
}
