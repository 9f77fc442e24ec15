package io.playbench.inference;

import io.playbench.library.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD dense kernel on the incubating Vector API: a register tile of 4 rows by up to 4 vectors of outputs
 * (16 accumulators, each weight vector loaded once for 4 rows, each input broadcast once for 4 vectors), accumulated
 * with fused multiply-add in input order, with the bias as the accumulators' start and the activation applied in
 * registers before the single store.
 *
 * <p>Only this class (and nothing that loads without it) refers to {@code jdk.incubator.vector}, so a JVM started
 * without {@code --add-modules jdk.incubator.vector} never loads it; {@link JavaEngine} checks first.
 *
 * <p>Numerics: float32 FMA accumulation differs from the reference's double accumulation by a few ulp of the largest
 * partial sum; the transcendental activations use the Vector API's {@code TANH}, {@code EXP}, {@code EXPM1} and
 * {@code LOG1P} (Intel SVML on x86-64, within about 1-4 ulp), tested against the reference within 1e-5.
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
    public void dense(float[] x, int xs, float[] y, int ys, int rows, PackedDense layer) {
        final int op = layer.outPadded;
        int c = 0;
        for (; c + 4 * L <= op; c += 4 * L) {
            tile4x4(x, xs, y, ys, rows, layer, c);
        }
        for (; c + 2 * L <= op; c += 2 * L) {
            tile4x2(x, xs, y, ys, rows, layer, c);
        }
        for (; c < op; c += L) {
            tile4x1(x, xs, y, ys, rows, layer, c);
        }
    }

    private static void tile4x4(float[] x, int xs, float[] y, int ys, int rows, PackedDense layer, int c) {
        final int in = layer.in;
        final int op = layer.outPadded;
        final float[] w = layer.weightT;
        final Activation act = layer.activation;
        final FloatVector b0 = FloatVector.fromArray(S, layer.bias, c);
        final FloatVector b1 = FloatVector.fromArray(S, layer.bias, c + L);
        final FloatVector b2 = FloatVector.fromArray(S, layer.bias, c + 2 * L);
        final FloatVector b3 = FloatVector.fromArray(S, layer.bias, c + 3 * L);
        for (int r = 0; r < rows; r += 4) {
            final int x0 = r * xs;
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
            activate(a00, act).intoArray(y, y0);
            activate(a01, act).intoArray(y, y0 + L);
            activate(a02, act).intoArray(y, y0 + 2 * L);
            activate(a03, act).intoArray(y, y0 + 3 * L);
            activate(a10, act).intoArray(y, y1);
            activate(a11, act).intoArray(y, y1 + L);
            activate(a12, act).intoArray(y, y1 + 2 * L);
            activate(a13, act).intoArray(y, y1 + 3 * L);
            activate(a20, act).intoArray(y, y2);
            activate(a21, act).intoArray(y, y2 + L);
            activate(a22, act).intoArray(y, y2 + 2 * L);
            activate(a23, act).intoArray(y, y2 + 3 * L);
            activate(a30, act).intoArray(y, y3);
            activate(a31, act).intoArray(y, y3 + L);
            activate(a32, act).intoArray(y, y3 + 2 * L);
            activate(a33, act).intoArray(y, y3 + 3 * L);
        }
    }

    private static void tile4x2(float[] x, int xs, float[] y, int ys, int rows, PackedDense layer, int c) {
        final int in = layer.in;
        final int op = layer.outPadded;
        final float[] w = layer.weightT;
        final Activation act = layer.activation;
        final FloatVector b0 = FloatVector.fromArray(S, layer.bias, c);
        final FloatVector b1 = FloatVector.fromArray(S, layer.bias, c + L);
        for (int r = 0; r < rows; r += 4) {
            final int x0 = r * xs;
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
            activate(a00, act).intoArray(y, y0);
            activate(a01, act).intoArray(y, y0 + L);
            activate(a10, act).intoArray(y, y0 + ys);
            activate(a11, act).intoArray(y, y0 + ys + L);
            activate(a20, act).intoArray(y, y0 + 2 * ys);
            activate(a21, act).intoArray(y, y0 + 2 * ys + L);
            activate(a30, act).intoArray(y, y0 + 3 * ys);
            activate(a31, act).intoArray(y, y0 + 3 * ys + L);
        }
    }

    private static void tile4x1(float[] x, int xs, float[] y, int ys, int rows, PackedDense layer, int c) {
        final int in = layer.in;
        final int op = layer.outPadded;
        final float[] w = layer.weightT;
        final Activation act = layer.activation;
        final FloatVector b0 = FloatVector.fromArray(S, layer.bias, c);
        for (int r = 0; r < rows; r += 4) {
            final int x0 = r * xs;
            final int x1 = x0 + xs;
            final int x2 = x1 + xs;
            final int x3 = x2 + xs;
            FloatVector a0 = b0, a1 = b0, a2 = b0, a3 = b0;
            for (int i = 0, wi = c; i < in; i++, wi += op) {
                final FloatVector w0 = FloatVector.fromArray(S, w, wi);
                a0 = w0.fma(FloatVector.broadcast(S, x[x0 + i]), a0);
                a1 = w0.fma(FloatVector.broadcast(S, x[x1 + i]), a1);
                a2 = w0.fma(FloatVector.broadcast(S, x[x2 + i]), a2);
                a3 = w0.fma(FloatVector.broadcast(S, x[x3 + i]), a3);
            }
            final int y0 = r * ys + c;
            activate(a0, act).intoArray(y, y0);
            activate(a1, act).intoArray(y, y0 + ys);
            activate(a2, act).intoArray(y, y0 + 2 * ys);
            activate(a3, act).intoArray(y, y0 + 3 * ys);
        }
    }

    /** The activation on one vector, with the reference's semantics in float32. */
    static FloatVector activate(FloatVector v, Activation act) {
        return switch (act) {
            case IDENTITY -> v;
            case TANH -> tanh(v);
            case RELU -> v.blend(0f, v.compare(VectorOperators.GT, 0f).not());
            case ELU -> v.blend(exp(v).sub(1f), v.compare(VectorOperators.GT, 0f).not());
            case SELU -> v.blend(exp(v).sub(1f).mul(SELU_ALPHA), v.compare(VectorOperators.GT, 0f).not()).mul(SELU_SCALE);
            case SIGMOID -> v.broadcast(1f).div(exp(v.neg()).add(1f));
            case SILU -> v.div(exp(v.neg()).add(1f));
            case LEAKY_RELU -> v.blend(v.mul(0.01f), v.compare(VectorOperators.GT, 0f).not());
            case SOFTPLUS -> v.blend(exp(v).lanewise(VectorOperators.LOG1P), v.compare(VectorOperators.GT, 20f).not());
        };
    }

    // exp: Cephes expf (round-to-nearest range reduction by ln 2, degree-5 polynomial, 2^n built in the exponent bits);
    // about 1 ulp on [-87.3, 88.3], inputs clamped to that range.
    private static final float LOG2E = 1.44269504088896341f;
    private static final float MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer kept in the low bits
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;

    /**
     * {@code exp(x)} in float32 without the Vector API's {@code EXP}, whose SVML stub is not used on every CPU (it
     * falls back to a per-lane loop there, 50 times slower).
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-87.3f).min(88.3f);
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
        FloatVector scale = t.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(scale);
    }

    /**
     * {@code tanh(x)} in float32: Eigen's rational approximation (degree 13 over degree 6, inputs clamped to
     * {@code [-7.9053, 7.9053]} where tanh rounds to 1), within a few ulp; relative error about 1e-7 near zero.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector c = x.max(-7.90531110763549805f).min(7.90531110763549805f);
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
