package io.playbench.inference;

/**
 * The plain-Java dense kernel, used when the Vector API module is not present: float32 accumulation in input order,
 * then the activation in double precision exactly as the reference evaluator applies it. C2 auto-vectorises the inner
 * loop over outputs.
 */
final class ScalarKernel implements DenseKernel {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void dense(float[] x, int xOffset, int xStride, float[] y, int yStride, int rows, PackedDense layer) {
        final int in = layer.in;
        final int out = layer.out;
        final int op = layer.outPadded;
        final float[] w = layer.weightT;
        for (int r = 0; r < rows; r++) {
            final int xo = xOffset + r * xStride;
            final int yo = r * yStride;
            System.arraycopy(layer.bias, 0, y, yo, op);
            for (int i = 0; i < in; i++) {
                final float xi = x[xo + i];
                final int wo = i * op;
                for (int o = 0; o < op; o++) {
                    y[yo + o] += w[wo + o] * xi;
                }
            }
            if (layer.activation != io.playbench.library.Activation.IDENTITY) {
                for (int o = 0; o < out; o++) {
                    y[yo + o] = (float) layer.activation.apply(y[yo + o]);
                }
            }
        }
    }
}
