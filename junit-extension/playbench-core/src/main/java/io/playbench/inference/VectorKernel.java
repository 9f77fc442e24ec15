package io.playbench.inference;

import io.playbench.library.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD dense kernel on the incubating Vector API: a register tile of 4 rows by up to 4 vectors of outputs
 * (16 accumulators, each weight vector loaded once for 4 rows, each input broadcast once for 4 vectors), accumulated
 * with fused multiply-add in input order, with the bias as the accumulators' start; the activation then runs over the
 * block while it is still in L1 (one small loop method per activation, so that C2 always inlines the vector math, see
 * {@link #activateBlock}). Narrow layers (a head of at most {@link PackedDense#NARROW_OUT} outputs) are dot products,
 * and a two-action head can run fused with its argmax ({@link #binaryArgmax}).
 *
 * <p>Only this class (and nothing that loads without it) refers to {@code jdk.incubator.vector}, so a JVM started
 * without {@code --add-modules jdk.incubator.vector} never loads it; {@link JavaEngine} checks first.
 *
 * <p>Numerics: float32 FMA accumulation differs from the reference's double accumulation by a few ulp of the largest
 * partial sum; {@code tanh} and {@code exp} are this class's own float32 approximations (Eigen's rational tanh, Cephes'
 * expf; ELU and SELU as {@code exp(x) - 1}, as PyTorch's CPU kernel computes them), within 1e-6 of the reference on
 * [-30, 30] ({@code VectorKernelTests}); softplus uses the Vector API's {@code LOG1P}.
 */
final class VectorKernel implements DenseKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final float SELU_ALPHA = 1.6732632423543772848170429916717f;
    private static final float SELU_SCALE = 1.0507009873554804934193349852946f;

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void dense(float[] x, int xOff, int xs, float[] y, int ys, int rows, PackedDense layer) {
        final int op = layer.outPadded;
        if (layer.weightRows != null && layer.in >= L && layer.outPadded == L) {
            narrow(x, xOff, xs, y, ys, rows, layer);
            activateBlock(y, ys, rows, op, layer.activation);
            return;
        }
        int c = 0;
        for (; c + 4 * L <= op; c += 4 * L) {
            tile4x4(x, xOff, xs, y, ys, rows, layer, c);
        }
        for (; c + 2 * L <= op; c += 2 * L) {
            tile4x2(x, xOff, xs, y, ys, rows, layer, c);
        }
        for (; c < op; c += L) {
            tile4x1(x, xOff, xs, y, ys, rows, layer, c);
        }
        activateBlock(y, ys, rows, op, layer.activation);
    }

    /**
     * Applies the activation to the block just written (still in L1). Each activation has its own loop method, and
     * no method that takes or returns a vector is called from a branch that a shared profile may have seen cold: in a
     * JVM that runs several policies, C2 compiled the former shared loop (a switch over the activation around the
     * vector math) while one activation's branch had never run, did not inline {@code tanh} at that cold call site
     * ("too big"), and every vector then crossed a real call boxed: 10-50x slower, for the rest of the JVM's life.
     * Here the switch only passes the array; the vector math is inlined in loops that are only ever hot.
     */
    private static void activateBlock(float[] y, int ys, int rows, int op, Activation act) {
        if (act == Activation.IDENTITY) {
            return;
        }
        if (ys == op) {
            activateRange(y, 0, rows * op, act);
        } else {
            for (int r = 0; r < rows; r++) {
                activateRange(y, r * ys, op, act);
            }
        }
    }

    private static void activateRange(float[] y, int from, int len, Activation act) {
        final int end = from + len;
        switch (act) {
            case IDENTITY -> {}
            case TANH -> tanhLoop(y, from, end);
            case RELU -> reluLoop(y, from, end);
            case ELU -> eluLoop(y, from, end);
            case SELU -> seluLoop(y, from, end);
            case SIGMOID -> sigmoidLoop(y, from, end);
            case SILU -> siluLoop(y, from, end);
            case LEAKY_RELU -> leakyReluLoop(y, from, end);
            case SOFTPLUS -> softplusLoop(y, from, end);
        }
    }

    private static void tanhLoop(float[] y, int from, int end) {
        for (int i = from; i < end; i += L) {
            tanh(FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
    }

    private static void reluLoop(float[] y, int from, int end) {
        for (int i = from; i < end; i += L) {
            relu(FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
    }

    private static void eluLoop(float[] y, int from, int end) {
        for (int i = from; i < end; i += L) {
            elu(FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
    }

    private static void seluLoop(float[] y, int from, int end) {
        for (int i = from; i < end; i += L) {
            selu(FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
    }

    private static void sigmoidLoop(float[] y, int from, int end) {
        for (int i = from; i < end; i += L) {
            sigmoid(FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
    }

    private static void siluLoop(float[] y, int from, int end) {
        for (int i = from; i < end; i += L) {
            silu(FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
    }

    private static void leakyReluLoop(float[] y, int from, int end) {
        for (int i = from; i < end; i += L) {
            leakyRelu(FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
    }

    private static void softplusLoop(float[] y, int from, int end) {
        for (int i = from; i < end; i += L) {
            softplus(FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
    }

    private static FloatVector selu(FloatVector v) {
        return v.blend(
                        exp(v).sub(1f).mul(SELU_ALPHA),
                        v.compare(VectorOperators.GT, 0f).not())
                .mul(SELU_SCALE);
    }

    private static FloatVector sigmoid(FloatVector v) {
        return v.broadcast(1f).div(exp(v.neg()).add(1f));
    }

    private static FloatVector silu(FloatVector v) {
        return v.div(exp(v.neg()).add(1f));
    }

    private static FloatVector leakyRelu(FloatVector v) {
        return v.blend(v.mul(0.01f), v.compare(VectorOperators.GT, 0f).not());
    }

    private static FloatVector softplus(FloatVector v) {
        return v.blend(
                exp(v).lanewise(VectorOperators.LOG1P),
                v.compare(VectorOperators.GT, 20f).not());
    }

    private static FloatVector elu(FloatVector v) {
        return v.blend(exp(v).sub(1f), v.compare(VectorOperators.GT, 0f).not());
    }

    private static FloatVector relu(FloatVector v) {
        return v.blend(0f, v.compare(VectorOperators.GT, 0f).not());
    }

    private static void tile4x4(float[] x, int xOff, int xs, float[] y, int ys, int rows, PackedDense layer, int c) {
        final int in = layer.in;
        final int op = layer.outPadded;
        final float[] w = layer.weightT;
        final FloatVector b0 = FloatVector.fromArray(S, layer.bias, c);
        final FloatVector b1 = FloatVector.fromArray(S, layer.bias, c + L);
        final FloatVector b2 = FloatVector.fromArray(S, layer.bias, c + 2 * L);
        final FloatVector b3 = FloatVector.fromArray(S, layer.bias, c + 3 * L);
        for (int r = 0; r < rows; r += 4) {
            final int x0 = xOff + r * xs;
            final int x1 = x0 + xs;
            final int x2 = x1 + xs;
            final int x3 = x2 + xs;
            FloatVector a00 = b0, a01 = b1, a02 = b2, a03 = b3;
            FloatVector a10 = b0, a11 = b1, a12 = b2, a13 = b3;
            FloatVector a20 = b0, a21 = b1, a22 = b2, a23 = b3;
            FloatVector a30 = b0, a31 = b1, a32 = b2, a33 = b3;
            for (int i = 0, wi = c; i < in; i++, wi += op) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wi);
                final FloatVector w1 = FloatVector.fromArray(S, w, wi + L);
                final FloatVector w2 = FloatVector.fromArray(S, w, wi + 2 * L);
                final FloatVector w3 = FloatVector.fromArray(S, w, wi + 3 * L);
                FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
                a00 = w0.fma(v, a00);
                a01 = w1.fma(v, a01);
                a02 = w2.fma(v, a02);
                a03 = w3.fma(v, a03);
                v = FloatVector.broadcast(S, x[x1 + i]);
                a10 = w0.fma(v, a10);
                a11 = w1.fma(v, a11);
                a12 = w2.fma(v, a12);
                a13 = w3.fma(v, a13);
                v = FloatVector.broadcast(S, x[x2 + i]);
                a20 = w0.fma(v, a20);
                a21 = w1.fma(v, a21);
                a22 = w2.fma(v, a22);
                a23 = w3.fma(v, a23);
                v = FloatVector.broadcast(S, x[x3 + i]);
                a30 = w0.fma(v, a30);
                a31 = w1.fma(v, a31);
                a32 = w2.fma(v, a32);
                a33 = w3.fma(v, a33);
            }
            final int y0 = r * ys + c;
            final int y1 = y0 + ys;
            final int y2 = y1 + ys;
            final int y3 = y2 + ys;
            a00.intoArray(y, y0);
            a01.intoArray(y, y0 + L);
            a02.intoArray(y, y0 + 2 * L);
            a03.intoArray(y, y0 + 3 * L);
            a10.intoArray(y, y1);
            a11.intoArray(y, y1 + L);
            a12.intoArray(y, y1 + 2 * L);
            a13.intoArray(y, y1 + 3 * L);
            a20.intoArray(y, y2);
            a21.intoArray(y, y2 + L);
            a22.intoArray(y, y2 + 2 * L);
            a23.intoArray(y, y2 + 3 * L);
            a30.intoArray(y, y3);
            a31.intoArray(y, y3 + L);
            a32.intoArray(y, y3 + 2 * L);
            a33.intoArray(y, y3 + 3 * L);
        }
    }

    private static void tile4x2(float[] x, int xOff, int xs, float[] y, int ys, int rows, PackedDense layer, int c) {
        final int in = layer.in;
        final int op = layer.outPadded;
        final float[] w = layer.weightT;
        final FloatVector b0 = FloatVector.fromArray(S, layer.bias, c);
        final FloatVector b1 = FloatVector.fromArray(S, layer.bias, c + L);
        for (int r = 0; r < rows; r += 4) {
            final int x0 = xOff + r * xs;
            final int x1 = x0 + xs;
            final int x2 = x1 + xs;
            final int x3 = x2 + xs;
            FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
            for (int i = 0, wi = c; i < in; i++, wi += op) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wi);
                final FloatVector w1 = FloatVector.fromArray(S, w, wi + L);
                FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
                a00 = w0.fma(v, a00);
                a01 = w1.fma(v, a01);
                v = FloatVector.broadcast(S, x[x1 + i]);
                a10 = w0.fma(v, a10);
                a11 = w1.fma(v, a11);
                v = FloatVector.broadcast(S, x[x2 + i]);
                a20 = w0.fma(v, a20);
                a21 = w1.fma(v, a21);
                v = FloatVector.broadcast(S, x[x3 + i]);
                a30 = w0.fma(v, a30);
                a31 = w1.fma(v, a31);
            }
            final int y0 = r * ys + c;
            a00.intoArray(y, y0);
            a01.intoArray(y, y0 + L);
            a10.intoArray(y, y0 + ys);
            a11.intoArray(y, y0 + ys + L);
            a20.intoArray(y, y0 + 2 * ys);
            a21.intoArray(y, y0 + 2 * ys + L);
            a30.intoArray(y, y0 + 3 * ys);
            a31.intoArray(y, y0 + 3 * ys + L);
        }
    }

    /**
     * One vector of outputs for 4 rows (narrow layers: a policy head). Even and odd inputs go to separate accumulators,
     * so that 8 independent FMA chains hide the FMA latency; they are added at the end.
     */
    private static void tile4x1(float[] x, int xOff, int xs, float[] y, int ys, int rows, PackedDense layer, int c) {
        final int in = layer.in;
        final int op = layer.outPadded;
        final float[] w = layer.weightT;
        final FloatVector b0 = FloatVector.fromArray(S, layer.bias, c);
        final FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r += 4) {
            final int x0 = xOff + r * xs;
            final int x1 = x0 + xs;
            final int x2 = x1 + xs;
            final int x3 = x2 + xs;
            FloatVector a0 = b0, a1 = b0, a2 = b0, a3 = b0;
            FloatVector e0 = zero, e1 = zero, e2 = zero, e3 = zero;
            int i = 0;
            int wi = c;
            for (; i + 1 < in; i += 2, wi += 2 * op) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wi);
                final FloatVector w1 = FloatVector.fromArray(S, w, wi + op);
                a0 = w0.fma(FloatVector.broadcast(S, x[x0 + i]), a0);
                a1 = w0.fma(FloatVector.broadcast(S, x[x1 + i]), a1);
                a2 = w0.fma(FloatVector.broadcast(S, x[x2 + i]), a2);
                a3 = w0.fma(FloatVector.broadcast(S, x[x3 + i]), a3);
                e0 = w1.fma(FloatVector.broadcast(S, x[x0 + i + 1]), e0);
                e1 = w1.fma(FloatVector.broadcast(S, x[x1 + i + 1]), e1);
                e2 = w1.fma(FloatVector.broadcast(S, x[x2 + i + 1]), e2);
                e3 = w1.fma(FloatVector.broadcast(S, x[x3 + i + 1]), e3);
            }
            if (i < in) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wi);
                a0 = w0.fma(FloatVector.broadcast(S, x[x0 + i]), a0);
                a1 = w0.fma(FloatVector.broadcast(S, x[x1 + i]), a1);
                a2 = w0.fma(FloatVector.broadcast(S, x[x2 + i]), a2);
                a3 = w0.fma(FloatVector.broadcast(S, x[x3 + i]), a3);
            }
            final int y0 = r * ys + c;
            a0.add(e0).intoArray(y, y0);
            a1.add(e1).intoArray(y, y0 + ys);
            a2.add(e2).intoArray(y, y0 + 2 * ys);
            a3.add(e3).intoArray(y, y0 + 3 * ys);
        }
    }

    /**
     * A narrow layer (a head of at most {@link PackedDense#NARROW_OUT} outputs): each output is a dot product of the
     * row with a row of weights, a whole vector of inputs per FMA, then one horizontal sum. The padded layout would
     * spend one FMA per input on a vector of which only {@code out} lanes are used. Padding outputs are written as 0.
     */
    private static void narrow(float[] x, int xOff, int xs, float[] y, int ys, int rows, PackedDense layer) {
        final int in = layer.in;
        final int out = layer.out;
        final int ip = layer.inPadded;
        final int full = in / L * L;
        final float[] w = layer.weightRows;
        final float[] bias = layer.bias;
        final VectorMask<Float> tail = S.indexInRange(full, in);
        final FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r += 4) { // 4 rows share each weight load
            final int x0 = xOff + r * xs;
            final int x1 = x0 + xs;
            final int x2 = x1 + xs;
            final int x3 = x2 + xs;
            final int y0 = r * ys;
            zero.intoArray(y, y0); // outPadded == L: the padding, and the outputs written below
            zero.intoArray(y, y0 + ys);
            zero.intoArray(y, y0 + 2 * ys);
            zero.intoArray(y, y0 + 3 * ys);
            for (int o = 0; o < out; o += 2) { // two outputs per pass (weightRows has an even row count)
                final int w0 = o * ip;
                final int w1 = w0 + ip;
                FloatVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
                FloatVector b0 = zero, b1 = zero, b2 = zero, b3 = zero;
                int k = 0;
                for (; k < full; k += L) {
                    final FloatVector u = FloatVector.fromArray(S, w, w0 + k);
                    final FloatVector v = FloatVector.fromArray(S, w, w1 + k);
                    FloatVector t = FloatVector.fromArray(S, x, x0 + k);
                    a0 = t.fma(u, a0);
                    b0 = t.fma(v, b0);
                    t = FloatVector.fromArray(S, x, x1 + k);
                    a1 = t.fma(u, a1);
                    b1 = t.fma(v, b1);
                    t = FloatVector.fromArray(S, x, x2 + k);
                    a2 = t.fma(u, a2);
                    b2 = t.fma(v, b2);
                    t = FloatVector.fromArray(S, x, x3 + k);
                    a3 = t.fma(u, a3);
                    b3 = t.fma(v, b3);
                }
                if (k < in) {
                    final FloatVector u = FloatVector.fromArray(S, w, w0 + k);
                    final FloatVector v = FloatVector.fromArray(S, w, w1 + k);
                    FloatVector t = FloatVector.fromArray(S, x, x0 + k, tail);
                    a0 = t.fma(u, a0);
                    b0 = t.fma(v, b0);
                    t = FloatVector.fromArray(S, x, x1 + k, tail);
                    a1 = t.fma(u, a1);
                    b1 = t.fma(v, b1);
                    t = FloatVector.fromArray(S, x, x2 + k, tail);
                    a2 = t.fma(u, a2);
                    b2 = t.fma(v, b2);
                    t = FloatVector.fromArray(S, x, x3 + k, tail);
                    a3 = t.fma(u, a3);
                    b3 = t.fma(v, b3);
                }
                final float c0 = bias[o];
                y[y0 + o] = a0.reduceLanes(VectorOperators.ADD) + c0;
                y[y0 + ys + o] = a1.reduceLanes(VectorOperators.ADD) + c0;
                y[y0 + 2 * ys + o] = a2.reduceLanes(VectorOperators.ADD) + c0;
                y[y0 + 3 * ys + o] = a3.reduceLanes(VectorOperators.ADD) + c0;
                if (o + 1 < out) {
                    final float c1 = bias[o + 1];
                    y[y0 + o + 1] = b0.reduceLanes(VectorOperators.ADD) + c1;
                    y[y0 + ys + o + 1] = b1.reduceLanes(VectorOperators.ADD) + c1;
                    y[y0 + 2 * ys + o + 1] = b2.reduceLanes(VectorOperators.ADD) + c1;
                    y[y0 + 3 * ys + o + 1] = b3.reduceLanes(VectorOperators.ADD) + c1;
                }
            }
        }
    }

    @Override
    public boolean fusesBinaryArgmax(PackedDense layer) {
        return layer.weightDiff != null && layer.in >= L;
    }

    /**
     * The fused two-action head: one dot product per row with {@code w1 - w0} (4 rows share each weight load), one
     * horizontal sum, a comparison. A NaN difference takes the scalar path with the reference's NaN rules.
     */
    @Override
    public void binaryArgmax(float[] x, int xs, int rows, int n, PackedDense layer, int[] actions, int aOff) {
        final int in = layer.in;
        final int full = in / L * L;
        final float[] w = layer.weightDiff;
        final float bd = layer.biasDiff;
        final VectorMask<Float> tail = S.indexInRange(full, in);
        final FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r += 4) {
            final int x0 = r * xs;
            final int x1 = x0 + xs;
            final int x2 = x1 + xs;
            final int x3 = x2 + xs;
            FloatVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
            int k = 0;
            for (; k < full; k += L) {
                final FloatVector u = FloatVector.fromArray(S, w, k);
                a0 = FloatVector.fromArray(S, x, x0 + k).fma(u, a0);
                a1 = FloatVector.fromArray(S, x, x1 + k).fma(u, a1);
                a2 = FloatVector.fromArray(S, x, x2 + k).fma(u, a2);
                a3 = FloatVector.fromArray(S, x, x3 + k).fma(u, a3);
            }
            if (k < in) {
                final FloatVector u = FloatVector.fromArray(S, w, k);
                a0 = FloatVector.fromArray(S, x, x0 + k, tail).fma(u, a0);
                a1 = FloatVector.fromArray(S, x, x1 + k, tail).fma(u, a1);
                a2 = FloatVector.fromArray(S, x, x2 + k, tail).fma(u, a2);
                a3 = FloatVector.fromArray(S, x, x3 + k, tail).fma(u, a3);
            }
            final float d0 = a0.reduceLanes(VectorOperators.ADD) + bd;
            final float d1 = a1.reduceLanes(VectorOperators.ADD) + bd;
            final float d2 = a2.reduceLanes(VectorOperators.ADD) + bd;
            final float d3 = a3.reduceLanes(VectorOperators.ADD) + bd;
            if (r + 4 <= n) {
                actions[aOff + r] = binary(d0, x, x0, layer);
                actions[aOff + r + 1] = binary(d1, x, x1, layer);
                actions[aOff + r + 2] = binary(d2, x, x2, layer);
                actions[aOff + r + 3] = binary(d3, x, x3, layer);
            } else {
                for (int j = 0; r + j < n; j++) { // the last, partial tile: at most 3 rows
                    actions[aOff + r + j] = binary(j == 0 ? d0 : j == 1 ? d1 : d2, x, x0 + j * xs, layer);
                }
            }
        }
    }

    private static int binary(float d, float[] x, int xo, PackedDense layer) {
        if (d > 0) {
            return 1;
        }
        return d == d ? 0 : binarySlow(x, xo, layer);
    }

    /** Both logits in scalar float32, then the reference's argmax rules ({@link JavaPolicy#argmax}) for NaN. */
    private static int binarySlow(float[] x, int xo, PackedDense layer) {
        final int in = layer.in;
        final int ip = layer.inPadded;
        float l0 = layer.bias[0];
        float l1 = layer.bias[1];
        for (int i = 0; i < in; i++) {
            l0 = Math.fma(x[xo + i], layer.weightRows[i], l0);
            l1 = Math.fma(x[xo + i], layer.weightRows[ip + i], l1);
        }
        if (Float.isNaN(l0)) {
            return 0;
        }
        return l1 > l0 || Float.isNaN(l1) ? 1 : 0;
    }

    /** The activation on one vector, with the reference's semantics in float32 (for tests; kernels use the loops). */
    static FloatVector activate(FloatVector v, Activation act) {
        return switch (act) {
            case IDENTITY -> v;
            case TANH -> tanh(v);
            case RELU -> relu(v);
            case ELU -> elu(v);
            case SELU -> selu(v);
            case SIGMOID -> sigmoid(v);
            case SILU -> silu(v);
            case LEAKY_RELU -> leakyRelu(v);
            case SOFTPLUS -> softplus(v);
        };
    }

    // exp: Cephes expf (round-to-nearest range reduction by ln 2, degree-5 polynomial, 2^n built in the exponent bits);
    // about 1 ulp on [-87.3, 88.3], inputs clamped to that range.
    private static final float LOG2E = 1.44269504088896341f;
    private static final float MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer kept in the low bits
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;

    /**
     * {@code x} clamped to {@code [lo, hi]} with NaN kept: compare-and-blend, 4 instructions, where {@code max}/{@code min}
     * with Java's NaN and signed-zero semantics compile to 6 each on AVX-512.
     */
    private static FloatVector clamp(FloatVector x, float lo, float hi) {
        FloatVector c = x.blend(hi, x.compare(VectorOperators.GT, hi));
        return c.blend(lo, c.compare(VectorOperators.LT, lo));
    }

    /**
     * {@code exp(x)} in float32 without the Vector API's {@code EXP}, which ran like a per-lane loop on the
     * development machine (AMD Zen 5), many times slower than this polynomial.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = clamp(x, -87.3f, 88.3f);
        FloatVector t = c.fma(LOG2E, MAGIC);
        FloatVector n = t.sub(MAGIC);
        FloatVector r = n.fma(x.broadcast(-LN2_HI), c);
        r = n.fma(x.broadcast(-LN2_LO), r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, x.broadcast(8.3334519073e-3f));
        p = p.fma(r, x.broadcast(4.1665795894e-2f));
        p = p.fma(r, x.broadcast(1.6666665459e-1f));
        p = p.fma(r, x.broadcast(5.0000001201e-1f));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        FloatVector scale = t.reinterpretAsInts()
                .add(127)
                .lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return y.mul(scale);
    }

    /**
     * {@code tanh(x)} in float32: Eigen's rational approximation (degree 13 over degree 6, inputs clamped to
     * {@code [-7.9053, 7.9053]} where tanh rounds to 1), within a few ulp; relative error about 1e-7 near zero.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector c = clamp(x, -7.90531110763549805f, 7.90531110763549805f);
        FloatVector x2 = c.mul(c);
        FloatVector p = x2.fma(-2.76076847742355e-16f, 2.00018790482477e-13f);
        p = p.fma(x2, x.broadcast(-8.60467152213735e-11f));
        p = p.fma(x2, x.broadcast(5.12229709037114e-08f));
        p = p.fma(x2, x.broadcast(1.48572235717979e-05f));
        p = p.fma(x2, x.broadcast(6.37261928875436e-04f));
        p = p.fma(x2, x.broadcast(4.89352455891786e-03f));
        p = p.mul(c);
        FloatVector q = x2.fma(1.19825839466702e-06f, 1.18534705686654e-04f);
        q = q.fma(x2, x.broadcast(2.26843463243900e-03f));
        q = q.fma(x2, x.broadcast(4.89352518554385e-03f));
        return p.div(q);
    }
}
