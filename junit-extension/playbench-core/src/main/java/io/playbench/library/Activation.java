package io.playbench.library;

/** An element-wise activation function applied after a dense layer, with PyTorch's float32 semantics. */
public enum Activation {

    /** The identity. */
    IDENTITY,

    /** {@code tanh(x)}. */
    TANH,

    /** {@code max(x, 0)}. */
    RELU,

    /** {@code x > 0 ? x : exp(x) - 1} (alpha 1, as {@code torch.nn.ELU()}). */
    ELU,

    /** {@code scale * (x > 0 ? x : alpha * (exp(x) - 1))} with PyTorch's SELU constants. */
    SELU,

    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID,

    /** {@code x * sigmoid(x)} (SiLU / swish). */
    SILU,

    /** {@code x > 0 ? x : 0.01 x} (PyTorch's default negative slope). */
    LEAKY_RELU,

    /** {@code log(1 + exp(x))}. */
    SOFTPLUS;

    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;

    /**
     * Applies the function in double precision (the reference evaluator's arithmetic).
     *
     * @param x the input
     * @return the output
     */
    public double apply(double x) {
        return switch (this) {
            case IDENTITY -> x;
            case TANH -> Math.tanh(x);
            case RELU -> x > 0 ? x : 0.0;
            case ELU -> x > 0 ? x : Math.expm1(x);
            case SELU -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case SILU -> x / (1.0 + Math.exp(-x));
            case LEAKY_RELU -> x > 0 ? x : 0.01 * x;
            case SOFTPLUS -> x > 20 ? x : Math.log1p(Math.exp(x));
        };
    }

    /**
     * Parses an activation name as the libraries write it ({@code elu}, {@code nn.ELU}, {@code torch.nn.Tanh},
     * {@code relu}, {@code None} / {@code linear} for the identity).
     *
     * @param name the name from a config file
     * @return the activation
     * @throws IllegalArgumentException listing the supported names
     */
    public static Activation parse(String name) {
        String n = name == null ? "none" : name.trim();
        int dot = n.lastIndexOf('.');
        if (dot >= 0) {
            n = n.substring(dot + 1);
        }
        n = n.toLowerCase(java.util.Locale.ROOT).replace("_", "");
        return switch (n) {
            case "none", "identity", "linear", "" -> IDENTITY;
            case "tanh" -> TANH;
            case "relu" -> RELU;
            case "elu" -> ELU;
            case "selu" -> SELU;
            case "sigmoid" -> SIGMOID;
            case "silu", "swish" -> SILU;
            case "leakyrelu" -> LEAKY_RELU;
            case "softplus" -> SOFTPLUS;
            default ->
                throw new IllegalArgumentException("unsupported activation '" + name
                        + "'; supported: elu, selu, relu, leaky_relu, tanh, sigmoid, silu, softplus, identity");
        };
    }
}
