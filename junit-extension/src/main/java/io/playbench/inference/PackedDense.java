package io.playbench.inference;

import io.playbench.library.Activation;
import io.playbench.library.Stage;

/**
 * A dense layer laid out for the Java kernels: the weights transposed to {@code [in][outPadded]} (row {@code i} holds
 * the weights of input {@code i} for every output, so one SIMD load covers consecutive outputs), the bias padded with
 * zeros, and the activation to fuse.
 */
final class PackedDense {

    final float[] weightT;
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
        this.bias = new float[outPadded];
        if (dense.bias() != null) {
            System.arraycopy(dense.bias(), 0, bias, 0, out);
        }
    }

    static int pad(int width, int lanes) {
        return (width + lanes - 1) / lanes * lanes;
    }
}
