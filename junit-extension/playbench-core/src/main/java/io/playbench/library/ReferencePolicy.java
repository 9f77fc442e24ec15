package io.playbench.library;

/**
 * The reference evaluator of a {@link PolicySpec}: a straightforward plain-Java implementation that every inference
 * engine is checked against.
 *
 * <p>Dense layers accumulate in double and round once to float32; normalisation follows the library's own precision
 * (float32, or float64 then cast for SB3's VecNormalize); every stage's output is rounded to float32, as PyTorch's
 * float32 tensors are. It is meant for correctness, not speed, and is safe to share between threads.
 */
public final class ReferencePolicy {

    private final PolicySpec spec;

    /**
     * Creates the evaluator.
     *
     * @param spec the policy
     */
    public ReferencePolicy(PolicySpec spec) {
        this.spec = spec;
    }

    /**
     * The policy evaluated.
     *
     * @return the spec
     */
    public PolicySpec spec() {
        return spec;
    }

    /**
     * Runs every stage but a final argmax on one observation: the continuous action, or the logits / Q-values of a
     * discrete policy.
     *
     * @param observation one raw observation
     * @return the output vector
     */
    public float[] forward(float[] observation) {
        if (observation.length != spec.observationSize()) {
            throw new IllegalArgumentException("observation has " + observation.length
                    + " elements but the policy expects " + spec.observationSize());
        }
        float[] x = observation.clone();
        for (Stage stage : spec.stages()) {
            if (stage instanceof Stage.Argmax) {
                break;
            }
            x = apply(stage, x);
        }
        return x;
    }

    /**
     * The continuous action for a batch of observations.
     *
     * @param observations {@code batch} rows of {@code observationSize} floats
     * @param batch the number of rows
     * @param actions receives {@code batch} rows of the action width
     */
    public void act(float[] observations, int batch, float[] actions) {
        int obs = spec.observationSize();
        int act = spec.outputSize();
        if (spec.action() instanceof PolicySpec.ActionOutput.Discrete) {
            throw new IllegalStateException("this policy has a discrete action; use act(float[], int, int[])");
        }
        checkBatch(observations, batch, actions.length, act);
        float[] row = new float[obs];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(observations, b * obs, row, 0, obs);
            System.arraycopy(forward(row), 0, actions, b * act, act);
        }
    }

    /**
     * The discrete action for a batch of observations.
     *
     * @param observations {@code batch} rows of {@code observationSize} floats
     * @param batch the number of rows
     * @param actions receives one action per row
     */
    public void act(float[] observations, int batch, int[] actions) {
        if (!(spec.action() instanceof PolicySpec.ActionOutput.Discrete)) {
            throw new IllegalStateException("this policy has a continuous action; use act(float[], int, float[])");
        }
        int obs = spec.observationSize();
        checkBatch(observations, batch, actions.length, 1);
        float[] row = new float[obs];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(observations, b * obs, row, 0, obs);
            actions[b] = argmax(forward(row));
        }
    }

    /**
     * The index of the largest value, the first on ties (as {@code torch.argmax}); NaN counts as largest, as in PyTorch.
     *
     * @param values the values
     * @return the index
     */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (Float.isNaN(values[best])) {
                return best;
            }
            if (values[i] > values[best] || Float.isNaN(values[i])) {
                best = i;
            }
        }
        return best;
    }

    private void checkBatch(float[] observations, int batch, int outLength, int width) {
        if (batch < 0
                || observations.length < (long) batch * spec.observationSize()
                || outLength < (long) batch * width) {
            throw new IllegalArgumentException(
                    "batch " + batch + " needs " + (long) batch * spec.observationSize() + " observation floats and "
                            + (long) batch * width + " action slots, got " + observations.length + " and " + outLength);
        }
    }

    static float[] apply(Stage stage, float[] x) {
        return switch (stage) {
            case Stage.Clamp c -> {
                float[] y = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = Math.min(Math.max(x[i], c.low()[i]), c.high()[i]);
                }
                yield y;
            }
            case Stage.Normalize n -> normalize(n, x);
            case Stage.Dense d -> {
                float[] y = new float[d.out()];
                for (int o = 0; o < d.out(); o++) {
                    double acc = d.bias() == null ? 0.0 : d.bias()[o];
                    int base = o * d.in();
                    for (int i = 0; i < d.in(); i++) {
                        acc += (double) d.weight()[base + i] * x[i];
                    }
                    y[o] = (float) d.activation().apply((float) acc);
                }
                yield y;
            }
            case Stage.Slice s -> java.util.Arrays.copyOfRange(x, s.from(), s.to());
            case Stage.Apply a -> {
                float[] y = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = (float) a.activation().apply(x[i]);
                }
                yield y;
            }
            case Stage.Affine a -> {
                float[] y = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = x[i] * a.scale()[i] + a.offset()[i];
                }
                yield y;
            }
            case Stage.Argmax ignored -> throw new IllegalStateException("argmax is handled by act");
        };
    }

    private static float[] normalize(Stage.Normalize n, float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            if (n.float64()) {
                double den = switch (n.formula()) {
                    case STD_PLUS_EPS -> n.spread()[i] + n.epsilon();
                    case SQRT_VAR_PLUS_EPS -> Math.sqrt(n.spread()[i] + n.epsilon());
                    case SQRT_VAR_THEN_PLUS_EPS -> Math.sqrt(n.spread()[i]) + n.epsilon();
                };
                double v = (x[i] - n.mean()[i]) / den;
                y[i] = (float) Math.min(Math.max(v, -n.clip()), n.clip());
            } else {
                float mean = (float) n.mean()[i];
                float spread = (float) n.spread()[i];
                float eps = (float) n.epsilon();
                float den = switch (n.formula()) {
                    case STD_PLUS_EPS -> spread + eps;
                    case SQRT_VAR_PLUS_EPS -> (float) Math.sqrt(spread + eps);
                    case SQRT_VAR_THEN_PLUS_EPS -> (float) Math.sqrt(spread) + eps;
                };
                float v = (x[i] - mean) / den;
                float clip = (float) n.clip();
                y[i] = Math.min(Math.max(v, -clip), clip);
            }
        }
        return y;
    }
}
