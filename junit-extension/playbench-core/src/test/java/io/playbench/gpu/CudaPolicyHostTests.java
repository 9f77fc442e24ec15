package io.playbench.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.playbench.library.Activation;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapters;
import io.playbench.library.PolicySpec;
import io.playbench.library.ReferencePolicy;
import io.playbench.library.Stage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CUDA policy code, without a GPU: {@link CudaPolicySource}'s source compiled for the host with the C++
 * compiler and a shim that maps CUDA's qualifiers and intrinsics to plain C++ (one thread per block, so the shared
 * memory prologue and the tiles copy every weight; {@code fmaf} stays a fused multiply-add), then evaluated on the
 * reference observations of every shared checkpoint and on random policies of the shapes that select the unrolled,
 * streamed and tiled forms, and compared with the reference evaluator under the 1e-5 contract. So CI checks the layout
 * and indexing of the code generator; the device's own {@code tanhf} and its FMA are checked on a GPU by
 * {@link GpuPlayTests}. Skipped where no {@code c++}/{@code g++} is on the {@code PATH}.
 */
class CudaPolicyHostTests {

    static final double TOLERANCE = 1e-5;

    static final String SHIM = """
            #include <cmath>
            #include <cstdio>
            #include <cstdlib>
            #include <cstring>
            #include <vector>
            #include <algorithm>
            using namespace std;
            #define __device__
            #define __forceinline__ inline
            #define __constant__ static
            #define __shared__ static
            #define __restrict__
            #define __align__(n) __attribute__((aligned(n)))
            #define __syncthreads() ((void) 0)
            #define asm(...) ((void) 0)
            struct float4 { float x, y, z, w; };
            static inline float4 make_float4(float a, float b, float c, float d) { return {a, b, c, d}; }
            static struct { unsigned int x = 0; } threadIdx;
            static struct { unsigned int x = 1; } blockDim;
            template <class T> static inline T __ldg(const T* p) { return *p; }
            static inline double __dmul_rn(double a, double b) { return a * b; }
            static inline double __dadd_rn(double a, double b) { return a + b; }
            static inline double __dsub_rn(double a, double b) { return a - b; }
            static inline double __ddiv_rn(double a, double b) { return a / b; }
            static inline float __fmul_rn(float a, float b) { return a * b; }
            static inline float __fadd_rn(float a, float b) { return a + b; }
            static inline float __fsub_rn(float a, float b) { return a - b; }
            static inline float __fdiv_rn(float a, float b) { return a / b; }
            static inline float __int_as_float(int i) { float f; memcpy(&f, &i, 4); return f; }
            static inline double __longlong_as_double(long long i) { double d; memcpy(&d, &i, 8); return d; }
            """;

    static final String DRIVER = """
            // argv: params file, dparams file, rows; observations on stdin, outputs on stdout
            static vector<float> read_all(const char* file, size_t n) {
                vector<float> v(n);
                FILE* f = fopen(file, "rb");
                if (n > 0 && fread(v.data(), 4, n, f) != n) exit(3);
                fclose(f);
                return v;
            }
            int main(int argc, char** argv) {
                size_t nf = strtoull(argv[2], 0, 10), nd = strtoull(argv[4], 0, 10);
                int rows = atoi(argv[5]);
                vector<float> params = read_all(argv[1], nf);
                vector<double> dparams(nd > 0 ? nd : 1);
                if (nd > 0) { FILE* f = fopen(argv[3], "rb"); if (fread(dparams.data(), 8, nd, f) != nd) return 3; fclose(f); }
                memcpy(c_dparams, dparams.data(), 8 * (nd > 0 ? nd : 0));
            #ifdef HOST_GLOBAL_PARAMS
                g_params = params.data();
            #else
                memcpy(c_params, params.data(), 4 * nf);
            #endif
                policy_prologue();
                vector<float> x(POLICY_IN), y(POLICY_OUT);
                for (int r = 0; r < rows; r++) {
                    if (fread(x.data(), 4, POLICY_IN, stdin) != POLICY_IN) return 2;
                    policy_forward(x.data(), y.data());
                    fwrite(y.data(), 4, POLICY_OUT, stdout);
                }
                return 0;
            }
            """;

    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "rsl_rl, rsl_rl/v5-ppo-Pendulum-v1, model_199.pt",
        "rl_games, rl_games/ppo-Pendulum-v1, nn/pendulum.pth",
        "rl_games, rl_games/ppo-CartPole-v1, nn/cartpole.pth",
        "skrl, skrl/ppo-Pendulum-v1, checkpoints/agent_12000.pt",
        "sb3, sb3/ppo-CartPole-v1, model.zip",
        "sb3, sb3/dqn-CartPole-v1, model.zip",
        "sb3, sb3/sac-Pendulum-v1, model.zip",
        "sb3, sb3/a2c-Acrobot-v1-vecnormalize, model.zip",
    })
    void everySharedCheckpointsGeneratedPolicyMatchesTheReference(String library, String folder, String file)
            throws Exception {
        Path ckpt = CudaPolicySourceTests.checkpoints().resolve(folder);
        PolicySpec spec = LibraryAdapters.of(Library.fromId(library))
                .load(ckpt.resolve(file), ckpt)
                .spec();
        JsonNode samples =
                JSON.readTree(ckpt.resolve("reference-actions.json").toFile()).get("samples");
        int w = spec.observationSize();
        float[] obs = new float[samples.size() * w];
        for (int s = 0; s < samples.size(); s++) {
            for (int j = 0; j < w; j++) {
                obs[s * w + j] = (float) samples.get(s).get("obs").get(j).asDouble();
            }
        }

        checkAgainstReference(spec, obs, samples.size());
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                // streamed 64x64 into a 2-logit head (the SB3 default)
                Arguments.of("4-64-64-2 tanh", random(new int[] {4, 64, 64, 2}, Activation.TANH, 1, true)),
                // tiled 256x256 (SB3's DQN and SAC nets), global-memory parameters
                Arguments.of("4-256-256-2 relu", random(new int[] {4, 256, 256, 2}, Activation.RELU, 2, true)),
                // odd widths: padded rows, a head of 3, unroll 1 over 7 outputs
                Arguments.of("5-7-3 elu", random(new int[] {5, 7, 3}, Activation.ELU, 3, true)),
                // tiled with a partial last tile (200 rows, 32 a tile) and 130 inputs padded to 132; continuous head of
                // 5
                Arguments.of("6-130-200-5 tanh", random(new int[] {6, 130, 200, 5}, Activation.TANH, 4, false)),
                // nothing streamed: a 3-layer Isaac-style net whose last hidden layer is too wide for its 12-wide head
                Arguments.of(
                        "48-256-128-64-12 elu", random(new int[] {48, 256, 128, 64, 12}, Activation.ELU, 5, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void everyLayoutOfTheGeneratorMatchesTheReference(String name, PolicySpec spec) throws Exception {
        Random random = new Random(11);
        int rows = 64;
        float[] obs = new float[rows * spec.observationSize()];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) (random.nextGaussian() * 2);
        }

        checkAgainstReference(spec, obs, rows);
    }

    private void checkAgainstReference(PolicySpec spec, float[] obs, int rows) throws Exception {
        Optional<String> compiler = CudaTaskHostTests.compiler();
        assumeTrue(
                compiler.isPresent(), "no C++ compiler (c++ or g++) on the PATH to build the policy code for the host");
        CudaPolicySource src = new CudaPolicySource(spec);
        float[] out = runOnHost(compiler.get(), src, obs, rows);

        ReferencePolicy ref = new ReferencePolicy(spec);
        int w = spec.observationSize();
        int o = spec.outputSize();
        int outside = 0;
        double maxAbs = 0;
        int argmaxMismatches = 0;
        for (int r = 0; r < rows; r++) {
            float[] expected = ref.forward(java.util.Arrays.copyOfRange(obs, r * w, (r + 1) * w));
            float[] actual = java.util.Arrays.copyOfRange(out, r * o, (r + 1) * o);
            for (int j = 0; j < o; j++) {
                double abs = Math.abs((double) actual[j] - expected[j]);
                maxAbs = Math.max(maxAbs, abs);
                if (!(abs <= TOLERANCE * Math.max(1.0, Math.abs(expected[j])))) {
                    outside++;
                }
            }
            if (spec.action() instanceof PolicySpec.ActionOutput.Discrete
                    && ReferencePolicy.argmax(actual) != ReferencePolicy.argmax(expected)) {
                argmaxMismatches++;
            }
        }
        String what = rows * o + " outputs, max abs err " + maxAbs + ", outside 1e-5: " + outside
                + ", argmax mismatches " + argmaxMismatches;
        assertThat(outside).as(what).isZero();
        assertThat(argmaxMismatches).as(what).isZero();
    }

    private float[] runOnHost(String compiler, CudaPolicySource src, float[] obs, int rows)
            throws IOException, InterruptedException {
        String code = SHIM + (src.constantMemory() ? "" : "#define HOST_GLOBAL_PARAMS 1\n") + src.source() + DRIVER;
        Path cpp = dir.resolve("policy.cpp");
        Path bin = dir.resolve("policy");
        Files.writeString(cpp, code);
        Process cc = new ProcessBuilder(
                        compiler, "-O1", "-ffp-contract=off", "-w", "-o", bin.toString(), cpp.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(cc.getInputStream().readAllBytes());
        assertThat(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0)
                .as("host build of the generated policy:\n" + log)
                .isTrue();

        float[] fp = src.floatParams();
        double[] dp = src.doubleParams();
        Path pf = dir.resolve("params.bin");
        Path pd = dir.resolve("dparams.bin");
        ByteBuffer fb = ByteBuffer.allocate(4 * fp.length).order(ByteOrder.nativeOrder());
        fb.asFloatBuffer().put(fp);
        Files.write(pf, fb.array());
        ByteBuffer db = ByteBuffer.allocate(8 * dp.length).order(ByteOrder.nativeOrder());
        db.asDoubleBuffer().put(dp);
        Files.write(pd, db.array());

        Process p = new ProcessBuilder(
                        bin.toString(),
                        pf.toString(),
                        Integer.toString(fp.length),
                        pd.toString(),
                        Integer.toString(dp.length),
                        Integer.toString(rows))
                .start();
        ByteBuffer in = ByteBuffer.allocate(4 * obs.length).order(ByteOrder.nativeOrder());
        in.asFloatBuffer().put(obs);
        try (OutputStream os = p.getOutputStream()) {
            os.write(in.array());
        }
        byte[] bytes = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as("host run of the generated policy, exit " + p.exitValue())
                .isTrue();
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asFloatBuffer().get(out);
        assertThat(out).hasSize(rows * src.spec().outputSize());
        return out;
    }

    /** A policy of the given widths with PyTorch-like uniform weights; discrete (argmax) or continuous. */
    static PolicySpec random(int[] widths, Activation hidden, long seed, boolean discrete) {
        Random random = new Random(seed);
        List<Stage> stages = new java.util.ArrayList<>();
        for (int l = 0; l + 1 < widths.length; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float bound = (float) (1 / Math.sqrt(in));
            float[] weight = new float[in * out];
            float[] bias = new float[out];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (random.nextFloat() * 2 - 1) * bound;
            }
            for (int i = 0; i < bias.length; i++) {
                bias[i] = (random.nextFloat() * 2 - 1) * bound;
            }
            stages.add(new Stage.Dense(weight, bias, in, out, l + 2 < widths.length ? hidden : Activation.IDENTITY));
        }
        int actions = widths[widths.length - 1];
        if (discrete) {
            stages.add(new Stage.Argmax());
        }
        return new PolicySpec(
                Library.SB3,
                "PPO",
                widths[0],
                discrete
                        ? new PolicySpec.ActionOutput.Discrete(actions)
                        : new PolicySpec.ActionOutput.Continuous(actions),
                stages,
                List.of());
    }
}
