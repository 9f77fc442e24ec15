package io.playbench.inference;

import io.playbench.library.Activation;
import io.playbench.library.Stage;

/**
 * A dense layer laid out for the Java kernels: the weights transposed to {@code [in][outPadded]} (row {@code i} holds
 * the weights of input {@code i} for every output, so one SIMD load covers consecutive outputs), the bias padded with
 * zeros, and the activation to fuse. Narrow layers (at most {@link #NARROW_OUT} outputs, typically a policy head) also
 * keep their weights row-major, for a kernel that computes each output as a dot product instead of padding the outputs
 * to a whole SIMD vector.
 */
final class PackedDense {

    /** Layers with at most this many outputs also keep row-major weights for the dot-product kernel. */
    static final int NARROW_OUT = 4;

    final float[] weightT;
    /**
     * {@code [out rounded up to even][inPadded]} row-major weights, zero-padded, for narrow layers (heads);
     * {@code null} otherwise.
     */
    final float[] weightRows;

    final int inPadded;
    /** For two-output layers: {@code w1 - w0}, zero-padded to {@code inPadded}, for the fused binary argmax. */
    final float[] weightDiff;
    /** For two-output layers: {@code b1 - b0}. */
    final float biasDiff;

    final float[] bias;
    final int in;
    final int out;
    final int outPadded;
    final Activation activation;

    PackedDense(Stage.Dense dense, int lanes) {
        this.in = dense.in();
        this.out = dense.out();
        this.outPadded = pad(out, lanes);
        this.activation = dense.activation();
        this.weightT = new float[in * outPadded];
        float[] w = dense.weight();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                weightT[i * outPadded + o] = w[o * in + i];
            }
        }
        this.inPadded = pad(in, lanes);
        if (out <= NARROW_OUT) {
            this.weightRows = new float[(out + 1) / 2 * 2 * inPadded]; // an even number of rows: outputs go in pairs
            for (int o = 0; o < out; o++) {
                System.arraycopy(w, o * in, weightRows, o * inPadded, in);
            }
        } else {
            this.weightRows = null;
        }
        this.bias = new float[outPadded];
        if (dense.bias() != null) {
            System.arraycopy(dense.bias(), 0, bias, 0, out);
        }
        if (out == 2) {
            this.weightDiff = new float[inPadded];
            for (int i = 0; i < in; i++) {
                weightDiff[i] = w[in + i] - w[i];
            }
            this.biasDiff = bias[1] - bias[0];
        } else {
            this.weightDiff = null;
            this.biasDiff = 0;
        }
    }

    static int pad(int width, int lanes) {
        return (width + lanes - 1) / lanes * lanes;
    }
}
