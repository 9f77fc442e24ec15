package io.playbench.gpu;

import io.playbench.library.Activation;
import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import java.util.Arrays;
import java.util.Locale;

/**
 * A {@link PolicySpec} compiled into CUDA C++: a device function {@code policy_forward(const float* x, float* y)}
 * (every stage up to a final argmax) and, for discrete actions, {@code policy_act(const float* x)}.
 *
 * <p>Sizes are compile-time constants and the loops are unrolled, so intermediate vectors live in registers; a dense
 * layer followed by a small head is {@linkplain #STREAMED streamed}: its weights are read from shared memory, which
 * {@code policy_prologue()} fills once per block, so every kernel calls that first, with all its threads.
 * Parameters (weights, biases, clamp bounds, normaliser statistics, affine maps) are not part of the source: they are
 * packed into {@link #floatParams()} / {@link #doubleParams()} and copied into {@code __constant__} memory
 * ({@code c_params}, {@code c_dparams}) when they fit in {@value #CONSTANT_FLOATS} floats, else into global memory
 * read through {@code g_params}. The source therefore depends only on the policy's shape, and its PTX is cached.
 *
 * <p>Arithmetic follows the reference evaluator: dense layers are float32 fused multiply-adds (the reference
 * accumulates in double; the difference stays within the 1e-5 contract for the layer widths of RL policies),
 * normalisation and affine maps use explicitly rounded operations ({@code __fdiv_rn}, {@code __dmul_rn}, ...) so the
 * compiler cannot contract them.
 */
public final class CudaPolicySource {

    /** The most floats placed in constant memory (64 KiB less room for the double parameters). */
    public static final int CONSTANT_FLOATS = 14_000;

    /**
     * A dense layer followed by a small dense layer (a head of at most {@value #STREAM_HEAD_MAX} outputs) is compiled
     * as one <em>streamed</em> pair (system property {@code playbench.cuda.streamedLayers}, on by default): the loop
     * over the first layer's outputs stays rolled, four outputs per iteration, its weights are read as {@code float4}
     * from shared memory (copied there once per block and launch), its input stays in registers, and each output,
     * once activated, is folded straight into the head's accumulators, so the hidden vector is never stored. Every
     * sum still runs over its inputs in order with the same fused multiply-adds, so the outputs are bit-identical to
     * the unrolled form. Measured on an H100 with the SB3 CartPole policy (4-64-64-2) and CartPole: 3.0 G frames/s
     * at 1,048,576 envs against 1.19 G unrolled, with about a tenth of the machine code.
     */
    static final boolean STREAMED = !"false".equals(System.getProperty("playbench.cuda.streamedLayers"));

    /** The widest head a layer is streamed into (its accumulators live in registers). */
    static final int STREAM_HEAD_MAX = 16;

    /** The most floats of streamed weights per block in shared memory (32 KiB, under the 48 KiB static limit). */
    static final int SHARED_FLOATS = 8192;

    /**
     * A dense layer followed by a small head that cannot be streamed (input wider than {@value #STREAM_IN_MAX}, or
     * weights beyond the shared-memory budget, like SB3's 256-256 SAC and DQN nets) is <em>tiled</em> (system
     * property {@code playbench.cuda.tiledLayers}, on by default): the block copies its weights into shared memory a
     * tile of rows at a time ({@code float4} loads, between two {@code __syncthreads()}), every thread folds its
     * outputs of that tile into the head's accumulators as in the streamed form, and the next tile follows. Each weight
     * then comes from global memory once per block instead of once per warp. Sums and their order are unchanged, so
     * outputs stay bit-identical. Measured on an H100 with the SB3 DQN CartPole policy (4-256-256-2): 100 M frames/s
     * at 1,048,576 envs against 16 M rolled. Because {@code policy_forward} then synchronises the block, kernels must
     * call it from every thread equally often ({@code POLICY_BLOCK_SYNC}).
     */
    static final boolean TILED = !"false".equals(System.getProperty("playbench.cuda.tiledLayers"));

    /** Static shared memory per block, 48 KiB, in floats. */
    static final int STATIC_SHARED_FLOATS = 12_288;

    /** The widest input of a tiled layer (its input vector is spilled to local memory beyond the registers). */
    static final int TILE_IN_MAX = 1024;

    /** The widest input of a streamed layer (the input vector lives in registers). */
    static final int STREAM_IN_MAX = 128;

    /**
     * Dense layers are fully unrolled while the policy's multiply-adds so far stay within this budget (the SB3 default
     * 4-64-64-2 MLP has 4,480); later layers keep the loop over outputs rolled, which bounds code size and NVRTC time
     * (fully unrolled 3-layer 256-wide policies took about 30 s to compile).
     */
    static final long UNROLL_BUDGET = 8192;

    private final PolicySpec spec;
    private final float[] floatParams;
    private final double[] doubleParams;
    private final String source;
    private final boolean constant;
    private final boolean blockSynchronous;

    /**
     * Generates the source.
     *
     * @param spec the policy
     */
    public CudaPolicySource(PolicySpec spec) {
        this(spec, false);
    }

    /**
     * Generates the source, optionally with the hardware {@code tanh.approx.f32} (about 2^-11 relative error: faster,
     * but outside the 1e-5 numerics contract, so only for experiments).
     *
     * @param spec the policy
     * @param approximateTanh whether to use the approximate hardware tanh
     */
    public CudaPolicySource(PolicySpec spec, boolean approximateTanh) {
        this.spec = spec;
        FloatList f = new FloatList();
        DoubleList d = new DoubleList();
        StringBuilder body = new StringBuilder();
        int width = spec.observationSize();
        String in = "x";
        int var = 0;
        boolean discrete = spec.action() instanceof PolicySpec.ActionOutput.Discrete;
        long unrolled = 0;
        int last = discrete ? spec.stages().size() - 1 : spec.stages().size();
        int sharedFloats = 0;
        int tileFloats = 0;
        StringBuilder prologue = new StringBuilder();
        for (int s = 0; s < last; s++) {
            Stage stage = spec.stages().get(s);
            if (STREAMED
                    && s + 1 < last
                    && stage instanceof Stage.Dense dense
                    && spec.stages().get(s + 1) instanceof Stage.Dense head
                    && streamable(dense, head, sharedFloats)) {
                String out = s + 1 == last - 1 ? "y" : "v" + var++;
                if (!out.equals("y")) {
                    body.append("    float ")
                            .append(out)
                            .append('[')
                            .append(head.out())
                            .append("];\n");
                }
                sharedFloats = streamed(body, prologue, dense, head, in, out, f, sharedFloats, approximateTanh);
                in = out;
                width = head.out();
                s++;
                continue;
            }
            if (TILED
                    && tileFloats == 0
                    && s + 1 < last
                    && stage instanceof Stage.Dense dense
                    && spec.stages().get(s + 1) instanceof Stage.Dense head
                    && tileable(dense, head, sharedFloats)) {
                String out = s + 1 == last - 1 ? "y" : "v" + var++;
                if (!out.equals("y")) {
                    body.append("    float ")
                            .append(out)
                            .append('[')
                            .append(head.out())
                            .append("];\n");
                }
                tileFloats = tiled(body, dense, head, in, out, f, sharedFloats, approximateTanh);
                in = out;
                width = head.out();
                s++;
                continue;
            }
            int outWidth = stage.outputSize(width);
            String out = s == last - 1 ? "y" : "v" + var++;
            if (!out.equals("y")) {
                body.append("    float ")
                        .append(out)
                        .append('[')
                        .append(outWidth)
                        .append("];\n");
            }
            body.append("    // stage ")
                    .append(s)
                    .append(": ")
                    .append(stage.getClass().getSimpleName())
                    .append('\n');
            switch (stage) {
                case Stage.Clamp c -> {
                    int p = f.addAll(c.low());
                    f.addAll(c.high());
                    loop(
                            body,
                            width,
                            out + "[i] = fminf(fmaxf(" + in + "[i], PARAM(" + p + " + i)), PARAM(" + (p + width)
                                    + " + i));");
                }
                case Stage.Normalize n -> normalize(body, n, in, out, width, f, d);
                case Stage.Dense dense -> {
                    unrolled += (long) dense.in() * dense.out();
                    dense(body, dense, in, out, f, approximateTanh, unrolled <= UNROLL_BUDGET);
                }
                case Stage.Slice sl -> loop(body, outWidth, out + "[i] = " + in + "[" + sl.from() + " + i];");
                case Stage.Apply a ->
                    loop(body, width, out + "[i] = " + activation(a.activation(), in + "[i]", approximateTanh) + ";");
                case Stage.Affine a -> {
                    int p = f.addAll(a.scale());
                    f.addAll(a.offset());
                    loop(
                            body,
                            width,
                            out + "[i] = __fadd_rn(__fmul_rn(" + in + "[i], PARAM(" + p + " + i)), PARAM(" + (p + width)
                                    + " + i));");
                }
                case Stage.Argmax ignored -> throw new IllegalStateException("argmax is only allowed last");
            }
            in = out;
            width = outWidth;
        }
        if (last == 0) {
            loop(body, width, "y[i] = x[i];");
        }
        this.floatParams = f.toArray();
        this.doubleParams = d.toArray();
        this.constant = floatParams.length <= CONSTANT_FLOATS;
        StringBuilder src = new StringBuilder();
        src.append("// generated by PlayBench from a ")
                .append(spec.library().id())
                .append(' ')
                .append(spec.algorithm())
                .append(" policy\n");
        src.append("#define POLICY_IN ").append(spec.observationSize()).append('\n');
        src.append("#define POLICY_OUT ").append(spec.outputSize()).append('\n');
        if (constant) {
            src.append("__constant__ float c_params[")
                    .append(Math.max(1, floatParams.length))
                    .append("];\n");
            src.append("#define PARAM(i) c_params[(i)]\n");
        } else {
            src.append("__device__ const float* __restrict__ g_params;\n");
            src.append("#define PARAM(i) __ldg(g_params + (i))\n");
        }
        src.append("__constant__ double c_dparams[")
                .append(Math.max(1, doubleParams.length))
                .append("];\n");
        src.append("#define DPARAM(i) c_dparams[(i)]\n");
        if (sharedFloats > 0) {
            src.append("__shared__ __align__(16) float s_params[")
                    .append(sharedFloats)
                    .append("];\n");
        }
        if (tileFloats > 0) {
            src.append("__shared__ __align__(16) float s_tile[")
                    .append(tileFloats)
                    .append("];\n");
        }
        src.append(
                constant
                        ? "#define PARAM4(i) make_float4(PARAM(i), PARAM((i) + 1), PARAM((i) + 2), PARAM((i) + 3))\n"
                        : "#define PARAM4(i) __ldg(reinterpret_cast<const float4*>(g_params + (i)))\n");
        src.append(
                "// 1 when policy_forward synchronises the block (tiled layers): every thread of a block must then call it\n"
                        + "// equally often, so kernels run inactive threads on a copy of a real env instead of returning early\n");
        src.append("#define POLICY_BLOCK_SYNC ").append(tileFloats > 0 ? 1 : 0).append('\n');
        this.blockSynchronous = tileFloats > 0;
        src.append(
                "// every thread of a block calls this before its first policy_forward (it may synchronise the block)\n");
        src.append("__device__ __forceinline__ void policy_prologue() {\n").append(prologue);
        if (sharedFloats > 0) {
            src.append("    __syncthreads();\n");
        }
        src.append("}\n");
        src.append(
                "__device__ __forceinline__ float tanh_approx(float x) { float y; asm(\"tanh.approx.f32 %0, %1;\" : \"=f\"(y) : \"f\"(x)); return y; }\n");
        src.append(
                "__device__ __forceinline__ void policy_forward(const float* __restrict__ x, float* __restrict__ y) {\n");
        src.append(body);
        src.append("}\n");
        if (discrete) {
            src.append("""
                    __device__ __forceinline__ int policy_act(const float* __restrict__ x) {
                        float y[POLICY_OUT];
                        policy_forward(x, y);
                        int best = 0;
                    #pragma unroll
                        for (int i = 1; i < POLICY_OUT; i++) {
                            if (isnan(y[best])) break;
                            if (y[i] > y[best] || isnan(y[i])) best = i;
                        }
                        return best;
                    }
                    """);
        }
        this.source = src.toString();
    }

    /** A kernel {@code policy_eval(obs, out, act, n)} writing each observation's outputs and argmax (for verification). */
    static final String EVAL_KERNEL = """
            // Verification: the policy's outputs (before a final argmax) and, for discrete actions, its action.
            extern "C" __global__ void policy_eval(const float* obs, float* out, int* act, int n) {
                policy_prologue();
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i >= n && !POLICY_BLOCK_SYNC) return;
                int row = i < n ? i : 0;
                float x[POLICY_IN];
            #pragma unroll
                for (int j = 0; j < POLICY_IN; j++) x[j] = obs[row * POLICY_IN + j];
                float y[POLICY_OUT];
                policy_forward(x, y);
                if (i >= n) return;
            #pragma unroll
                for (int j = 0; j < POLICY_OUT; j++) out[i * POLICY_OUT + j] = y[j];
                int best = 0;
                for (int j = 1; j < POLICY_OUT; j++) {
                    if (isnan(y[best])) break;
                    if (y[j] > y[best] || isnan(y[j])) best = j;
                }
                act[i] = best;
            }
            """;

    private static boolean streamable(Stage.Dense dense, Stage.Dense head, int sharedFloats) {
        return head.in() == dense.out()
                && head.out() <= STREAM_HEAD_MAX
                && dense.in() <= STREAM_IN_MAX
                && sharedFloats + (long) padded(dense.in()) * dense.out() <= SHARED_FLOATS;
    }

    private static boolean tileable(Stage.Dense dense, Stage.Dense head, int sharedFloats) {
        int in4 = padded(dense.in());
        return head.in() == dense.out()
                && head.out() <= STREAM_HEAD_MAX
                && dense.in() <= TILE_IN_MAX
                && Math.min(SHARED_FLOATS, STATIC_SHARED_FLOATS - sharedFloats) >= 4 * in4;
    }

    /**
     * Emits a tiled dense pair (see {@link #TILED}) and returns the floats of its shared-memory tile.
     */
    private static int tiled(
            StringBuilder b,
            Stage.Dense d,
            Stage.Dense head,
            String in,
            String out,
            FloatList f,
            int sharedFloats,
            boolean approximateTanh) {
        f.alignTo(4);
        Pair p = Pair.pack(d, head, f);
        int budget = Math.min(SHARED_FLOATS, STATIC_SHARED_FLOATS - sharedFloats);
        int rowsPerTile = Math.min(d.out(), budget / p.in4() / p.unroll() * p.unroll());
        b.append("    // tiled: dense ")
                .append(d.in())
                .append("->")
                .append(d.out())
                .append(" (weights through shared memory, ")
                .append(rowsPerTile)
                .append(" rows a tile) folded into dense ")
                .append(head.in())
                .append("->")
                .append(head.out())
                .append('\n');
        p.headInit(b, out);
        b.append("#pragma unroll 1\n    for (int o0 = 0; o0 < ")
                .append(d.out())
                .append("; o0 += ")
                .append(rowsPerTile)
                .append(") {\n");
        b.append("        int rows = min(")
                .append(rowsPerTile)
                .append(", ")
                .append(d.out())
                .append(" - o0);\n");
        b.append("        __syncthreads();\n");
        b.append("        for (int j = threadIdx.x; j < rows * ")
                .append(p.in4() / 4)
                .append("; j += blockDim.x) reinterpret_cast<float4*>(s_tile)[j] = PARAM4(")
                .append(p.weights())
                .append(" + o0 * ")
                .append(p.in4())
                .append(" + 4 * j);\n");
        b.append("        __syncthreads();\n");
        p.fold(b, "        ", "o0", "o0 + rows", "s_tile", "o - o0", in, out, approximateTanh);
        b.append("    }\n");
        p.headActivation(b, out, approximateTanh);
        return rowsPerTile * p.in4();
    }

    private static int padded(int n) {
        return (n + 3) & ~3;
    }

    /**
     * Emits a streamed dense pair (see {@link #STREAMED}) and returns the shared floats in use after it.
     */
    private static int streamed(
            StringBuilder b,
            StringBuilder prologue,
            Stage.Dense d,
            Stage.Dense head,
            String in,
            String out,
            FloatList f,
            int sharedAt,
            boolean approximateTanh) {
        Pair p = Pair.pack(d, head, f);
        int n = p.in4() * d.out();
        prologue.append("    for (int j = threadIdx.x; j < ")
                .append(n)
                .append("; j += blockDim.x) s_params[")
                .append(sharedAt)
                .append(" + j] = PARAM(")
                .append(p.weights())
                .append(" + j);\n");
        b.append("    // streamed: dense ")
                .append(d.in())
                .append("->")
                .append(d.out())
                .append(" (weights in shared memory) folded into dense ")
                .append(head.in())
                .append("->")
                .append(head.out())
                .append('\n');
        p.headInit(b, out);
        p.fold(b, "    ", "0", Integer.toString(d.out()), "s_params + " + sharedAt, "o", in, out, approximateTanh);
        p.headActivation(b, out, approximateTanh);
        return sharedAt + n;
    }

    /**
     * A dense layer and the small head it is folded into, as packed for the streamed and tiled forms: the layer's rows
     * padded to {@code in4} floats (a multiple of 4, for {@code float4} reads), outputs taken {@code unroll} at a time.
     *
     * @param dense the layer
     * @param head the head
     * @param in4 the padded row length
     * @param unroll outputs per iteration
     * @param weights where the padded rows start in the parameters
     * @param bias where the layer's bias starts, or -1
     * @param headWeights where the head's weights start
     * @param headBias where the head's bias starts, or -1
     */
    private record Pair(
            Stage.Dense dense,
            Stage.Dense head,
            int in4,
            int unroll,
            int weights,
            int bias,
            int headWeights,
            int headBias) {

        static Pair pack(Stage.Dense d, Stage.Dense head, FloatList f) {
            int in4 = padded(d.in());
            float[] rows = new float[in4 * d.out()];
            for (int o = 0; o < d.out(); o++) {
                System.arraycopy(d.weight(), o * d.in(), rows, o * in4, d.in());
            }
            int w = f.addAll(rows);
            int bias = d.bias() == null ? -1 : f.addAll(d.bias());
            int hw = f.addAll(head.weight());
            int hb = head.bias() == null ? -1 : f.addAll(head.bias());
            return new Pair(d, head, in4, d.out() % 4 == 0 ? 4 : d.out() % 2 == 0 ? 2 : 1, w, bias, hw, hb);
        }

        void headInit(StringBuilder b, String out) {
            loop(b, head.out(), out + "[i] = " + (headBias < 0 ? "0.0f" : "PARAM(" + headBias + " + i)") + ";");
        }

        void headActivation(StringBuilder b, String out, boolean approximateTanh) {
            if (head.activation() != Activation.IDENTITY) {
                loop(b, head.out(), out + "[i] = " + activation(head.activation(), out + "[i]", approximateTanh) + ";");
            }
        }

        /**
         * The loop over outputs {@code from} to {@code to}, {@link #unroll} at a time: each output's sum over the inputs
         * in order, with its row read as {@code float4} from {@code rowsBase} at row {@code row + u}, then activated and
         * folded into the head's accumulators {@code out}.
         */
        void fold(
                StringBuilder b,
                String indent,
                String from,
                String to,
                String rowsBase,
                String row,
                String in,
                String out,
                boolean approximateTanh) {
            String i1 = indent + "    ";
            String i2 = i1 + "    ";
            String i3 = i2 + "    ";
            b.append("#pragma unroll 1\n")
                    .append(indent)
                    .append("for (int o = ")
                    .append(from)
                    .append("; o < ")
                    .append(to)
                    .append("; o += ")
                    .append(unroll)
                    .append(") {\n");
            b.append(i1).append("float acc[").append(unroll).append("];\n");
            b.append("#pragma unroll\n")
                    .append(i1)
                    .append("for (int u = 0; u < ")
                    .append(unroll)
                    .append("; u++) acc[u] = ")
                    .append(bias < 0 ? "0.0f" : "PARAM(" + bias + " + o + u)")
                    .append(";\n");
            b.append("#pragma unroll\n")
                    .append(i1)
                    .append("for (int i = 0; i < ")
                    .append(in4)
                    .append("; i += 4) {\n");
            b.append("#pragma unroll\n")
                    .append(i2)
                    .append("for (int u = 0; u < ")
                    .append(unroll)
                    .append("; u++) {\n");
            b.append(i3)
                    .append("float4 w = reinterpret_cast<const float4*>(")
                    .append(rowsBase)
                    .append(")[((")
                    .append(row)
                    .append(" + u) * ")
                    .append(in4)
                    .append(" + i) / 4];\n");
            b.append(i3).append("acc[u] = fmaf(w.x, ").append(in).append("[i], acc[u]);\n");
            String[] lanes = {"y", "z", "w"};
            for (int l = 1; l < 4; l++) {
                b.append(i3)
                        .append("if (i + ")
                        .append(l)
                        .append(" < ")
                        .append(dense.in())
                        .append(") acc[u] = fmaf(w.")
                        .append(lanes[l - 1])
                        .append(", ")
                        .append(in)
                        .append("[i + ")
                        .append(l)
                        .append("], acc[u]);\n");
            }
            b.append(i2).append("}\n").append(i1).append("}\n");
            b.append("#pragma unroll\n")
                    .append(i1)
                    .append("for (int u = 0; u < ")
                    .append(unroll)
                    .append("; u++) {\n");
            b.append(i2)
                    .append("float h = ")
                    .append(activation(dense.activation(), "acc[u]", approximateTanh))
                    .append(";\n");
            b.append("#pragma unroll\n")
                    .append(i2)
                    .append("for (int p = 0; p < ")
                    .append(head.out())
                    .append("; p++) ")
                    .append(out)
                    .append("[p] = fmaf(PARAM(")
                    .append(headWeights)
                    .append(" + p * ")
                    .append(head.in())
                    .append(" + o + u), h, ")
                    .append(out)
                    .append("[p]);\n");
            b.append(i1).append("}\n").append(indent).append("}\n");
        }
    }

    private static void loop(StringBuilder b, int n, String statement) {
        b.append("#pragma unroll\n    for (int i = 0; i < ")
                .append(n)
                .append("; i++) { ")
                .append(statement)
                .append(" }\n");
    }

    private static void normalize(
            StringBuilder b, Stage.Normalize n, String in, String out, int w, FloatList f, DoubleList d) {
        if (n.float64()) {
            double[] den = new double[w];
            for (int i = 0; i < w; i++) {
                den[i] = switch (n.formula()) {
                    case STD_PLUS_EPS -> n.spread()[i] + n.epsilon();
                    case SQRT_VAR_PLUS_EPS -> Math.sqrt(n.spread()[i] + n.epsilon());
                    case SQRT_VAR_THEN_PLUS_EPS -> Math.sqrt(n.spread()[i]) + n.epsilon();
                };
            }
            int p = d.addAll(n.mean());
            d.addAll(den);
            String clip = dlit(n.clip());
            loop(
                    b,
                    w,
                    "double v = __ddiv_rn(__dsub_rn((double) " + in + "[i], DPARAM(" + p + " + i)), DPARAM(" + (p + w)
                            + " + i)); " + out + "[i] = (float) fmin(fmax(v, -" + clip + "), " + clip + ");");
        } else {
            float[] mean = new float[w];
            float[] den = new float[w];
            float eps = (float) n.epsilon();
            for (int i = 0; i < w; i++) {
                mean[i] = (float) n.mean()[i];
                float spread = (float) n.spread()[i];
                den[i] = switch (n.formula()) {
                    case STD_PLUS_EPS -> spread + eps;
                    case SQRT_VAR_PLUS_EPS -> (float) Math.sqrt(spread + eps);
                    case SQRT_VAR_THEN_PLUS_EPS -> (float) Math.sqrt(spread) + eps;
                };
            }
            int p = f.addAll(mean);
            f.addAll(den);
            String clip = flit((float) n.clip());
            loop(
                    b,
                    w,
                    "float v = __fdiv_rn(__fsub_rn(" + in + "[i], PARAM(" + p + " + i)), PARAM(" + (p + w) + " + i)); "
                            + out + "[i] = fminf(fmaxf(v, -" + clip + "), " + clip + ");");
        }
    }

    private static void dense(
            StringBuilder b,
            Stage.Dense d,
            String in,
            String out,
            FloatList f,
            boolean approximateTanh,
            boolean unroll) {
        int w = f.addAll(d.weight());
        int bias = d.bias() == null ? -1 : f.addAll(d.bias());
        boolean small = unroll;
        b.append(small ? "#pragma unroll\n" : "#pragma unroll 1\n");
        b.append("    for (int o = 0; o < ").append(d.out()).append("; o++) {\n");
        b.append("        float acc = ")
                .append(bias < 0 ? "0.0f" : "PARAM(" + bias + " + o)")
                .append(";\n");
        b.append(d.in() <= 512 ? "#pragma unroll\n" : "#pragma unroll 8\n");
        b.append("        for (int i = 0; i < ")
                .append(d.in())
                .append("; i++) acc = fmaf(PARAM(")
                .append(w)
                .append(" + o * ")
                .append(d.in())
                .append(" + i), ")
                .append(in)
                .append("[i], acc);\n");
        b.append("        ")
                .append(out)
                .append("[o] = ")
                .append(activation(d.activation(), "acc", approximateTanh))
                .append(";\n");
        b.append("    }\n");
    }

    static String activation(Activation a, String x, boolean approximateTanh) {
        return switch (a) {
            case IDENTITY -> x;
            case TANH -> (approximateTanh ? "tanh_approx(" : "tanhf(") + x + ")";
            case RELU -> "fmaxf(" + x + ", 0.0f)";
            case ELU -> "(" + x + " > 0.0f ? " + x + " : expm1f(" + x + "))";
            case SELU -> "(" + x + " > 0.0f ? 1.05070098735548f * " + x + " : 1.75809934084738f * expm1f(" + x + "))";
            case SIGMOID -> "(1.0f / (1.0f + expf(-" + x + ")))";
            case SILU -> "(" + x + " / (1.0f + expf(-" + x + ")))";
            case LEAKY_RELU -> "(" + x + " > 0.0f ? " + x + " : 0.01f * " + x + ")";
            case SOFTPLUS -> "(" + x + " > 20.0f ? " + x + " : log1pf(expf(" + x + ")))";
        };
    }

    static String flit(float v) {
        if (Float.isInfinite(v)) {
            return v > 0 ? "__int_as_float(0x7f800000)" : "__int_as_float(0xff800000)";
        }
        return String.format(Locale.ROOT, "%.9ef", v);
    }

    static String dlit(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "__longlong_as_double(0x7ff0000000000000LL)" : "__longlong_as_double(0xfff0000000000000LL)";
        }
        return String.format(Locale.ROOT, "%.17e", v);
    }

    /**
     * The policy.
     *
     * @return the spec
     */
    public PolicySpec spec() {
        return spec;
    }

    /**
     * The CUDA C++ source of {@code policy_forward} (and {@code policy_act}).
     *
     * @return the source
     */
    public String source() {
        return source;
    }

    /**
     * The float32 parameters, in the order the source indexes them.
     *
     * @return a copy
     */
    public float[] floatParams() {
        return floatParams.clone();
    }

    /**
     * The float64 parameters (float64 normalisers).
     *
     * @return a copy
     */
    public double[] doubleParams() {
        return doubleParams.clone();
    }

    /**
     * Whether {@code policy_forward} synchronises the block (a {@linkplain #TILED tiled} layer): kernels must then call it
     * from every thread of a block equally often.
     *
     * @return {@code true} for a block-synchronous policy
     */
    public boolean blockSynchronous() {
        return blockSynchronous;
    }

    /**
     * Whether the float parameters live in constant memory (else in global memory through {@code g_params}).
     *
     * @return {@code true} for constant memory
     */
    public boolean constantMemory() {
        return constant;
    }

    private static final class FloatList {
        private float[] a = new float[256];
        private int n;

        int addAll(float[] v) {
            int at = n;
            if (n + v.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + v.length));
            }
            System.arraycopy(v, 0, a, n, v.length);
            n += v.length;
            return at;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }

        void alignTo(int floats) {
            while (n % floats != 0) {
                addAll(new float[1]);
            }
        }
    }

    private static final class DoubleList {
        private double[] a = new double[16];
        private int n;

        int addAll(double[] v) {
            int at = n;
            if (n + v.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + v.length));
            }
            System.arraycopy(v, 0, a, n, v.length);
            n += v.length;
            return at;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
