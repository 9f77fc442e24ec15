package io.playbench.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.playbench.env.AutoresetMode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The device code of every task, without a GPU: its reset, step and observe functions (the CUDA source the play module
 * is built from) compiled for the host with the C++ compiler, with the CUDA intrinsics mapped to plain IEEE operations
 * ({@code __dmul_rn(a, b)} to {@code a * b} under {@code -ffp-contract=off}; {@code -O1 -fno-tree-vectorize}, because GCC
 * 12's {@code -O2} vectorizer dropped MountainCarContinuous's {@code (double) (float) p} rounding) and {@code sin}/{@code cos} from glibc,
 * as the CPU env uses, then compared with the CPU env step for step ({@link GpuEnvComparison}). So this checks the
 * port's arithmetic, order and rules; the device's own {@code sin}/{@code cos} are checked by {@link GpuPlayTests}.
 * Skipped where no {@code c++}/{@code g++} is on the {@code PATH}.
 */
class CudaTaskHostTests {

    static final String PRELUDE = """
            #include <cmath>
            #include <cstdio>
            #include <cstdlib>
            #include <vector>
            using namespace std;
            #define __device__
            #define __forceinline__ inline
            struct uint4 { unsigned int x, y, z, w; };
            struct uint2 { unsigned int x, y; };
            static inline uint4 make_uint4(unsigned a, unsigned b, unsigned c, unsigned d) { return {a, b, c, d}; }
            static inline uint2 make_uint2(unsigned a, unsigned b) { return {a, b}; }
            static inline unsigned __umulhi(unsigned a, unsigned b) { return (unsigned) (((unsigned long long) a * b) >> 32); }
            static inline double __dmul_rn(double a, double b) { return a * b; }
            static inline double __dadd_rn(double a, double b) { return a + b; }
            static inline double __dsub_rn(double a, double b) { return a - b; }
            static inline double __ddiv_rn(double a, double b) { return a / b; }
            static inline float __fmul_rn(float a, float b) { return a * b; }
            static inline float __fadd_rn(float a, float b) { return a + b; }
            static inline float __fsub_rn(float a, float b) { return a - b; }
            """;

    static final String CART_POLE_ADAPTER = """
            #define TASK_STATE 4
            #define TASK_OBS 4
            #define TASK_DISCRETE 1
            #define TASK_ACT 1
            static inline void task_reset(double* s, unsigned long long seed, unsigned int env, unsigned int r) { cp_reset(s, seed, env, r); }
            static inline bool task_step(double* s, int a, double* reward) { *reward = 1.0; return cp_step(s, a); }
            static inline void task_observe(const double* s, float* o) { cp_observe(s, o); }
            """;

    static final String DRIVER = """
            int main(int argc, char** argv) {
                int n = atoi(argv[2]);
                unsigned long long seed = strtoull(argv[3], 0, 10);
                vector<double> s(TASK_STATE * n);
                vector<float> o(TASK_OBS * n);
                if (argv[1][0] == 'r') {
                    for (int i = 0; i < n; i++) task_reset(&s[TASK_STATE * i], seed, (unsigned) i, 0u);
                } else {
                    if (fread(s.data(), 8, s.size(), stdin) != s.size()) return 2;
            #if TASK_DISCRETE
                    vector<int> a(n);
            #else
                    vector<float> a(n * TASK_ACT);
            #endif
                    if (fread(a.data(), 4, a.size(), stdin) != a.size()) return 2;
                    vector<double> rew(n);
                    vector<unsigned char> term(n);
                    for (int i = 0; i < n; i++) {
            #if TASK_DISCRETE
                        term[i] = task_step(&s[TASK_STATE * i], a[i], &rew[i]);
            #else
                        term[i] = task_step(&s[TASK_STATE * i], &a[TASK_ACT * i], &rew[i]);
            #endif
                    }
                    fwrite(term.data(), 1, n, stdout);
                    fwrite(rew.data(), 8, n, stdout);
                }
                for (int i = 0; i < n; i++) task_observe(&s[TASK_STATE * i], &o[TASK_OBS * i]);
                fwrite(s.data(), 8, s.size(), stdout);
                fwrite(o.data(), 4, o.size(), stdout);
                return 0;
            }
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"})
    void theDeviceCodeCompiledForTheHostStepsAsTheCpuEnv(String taskId) throws Exception {
        Optional<String> compiler = compiler();
        assumeTrue(
                compiler.isPresent(), "no C++ compiler (c++ or g++) on the PATH to build the device code for the host");
        CudaTask task = CudaTask.of(taskId);
        Path binary = build(compiler.get(), task);
        int n = 512;

        GpuEnvComparison.Result r = GpuEnvComparison.compare(taskId, n, new HostDevice(binary, task, n), 200, 42);
        System.out.println(r.line());

        assertThat(r.resetMismatches()).as(r.line()).isZero();
        assertThat(r.resetObservationsEqual()).as(r.line()).isEqualTo(r.resetObservations());
        assertThat(r.observationsEqual()).as(r.line()).isEqualTo(r.observations());
        assertThat(r.terminationMismatches()).as(r.line()).isZero();
        if (!taskId.startsWith("MountainCar-v0") && !taskId.startsWith("Pendulum")) {
            assertThat(r.terminations())
                    .as("episodes reach the goal, so terminations are compared: " + r.line())
                    .isPositive();
        }
        // the only arithmetic difference: x * x for NumPy's x ** 2 (glibc's pow / powf), in Pendulum's cost and
        // Acrobot's
        // dynamics; Pendulum's float32 torque term 0.001 * u ** 2 can then differ by a float32 ulp (at most 4e-10
        // absolute)
        assertThat(r.maxRewardAbsDiff()).as(r.line()).isLessThan(1e-9);
        assertThat(r.rewardsEqual()).as(r.line()).isGreaterThanOrEqualTo(r.rewards() - r.rewards() / 200);
        assertThat(r.maxStateRelDiff()).as(r.line()).isLessThan(1e-10);
        if (!taskId.equals("Acrobot-v1")) {
            assertThat(r.statesEqual()).as(r.line()).isEqualTo(r.states());
        }
    }

    static Optional<String> compiler() {
        for (String c : List.of("c++", "g++")) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, c))) {
                    return Optional.of(Path.of(d, c).toString());
                }
            }
        }
        return Optional.empty();
    }

    Path build(String compiler, CudaTask task) throws IOException, InterruptedException {
        String full = task.source(AutoresetMode.NEXT_STEP, 0);
        String functions;
        if (task.isCartPole()) {
            functions = full.substring(0, full.indexOf("// Seeded reset of every env")) + CART_POLE_ADAPTER;
        } else {
            functions = full.substring(0, full.indexOf("#if TASK_DISCRETE\n#define ACTION_T"));
        }
        Path src = dir.resolve(task.id() + ".cpp");
        Files.writeString(
                src, PRELUDE + Philox.CUDA.replace("__device__ __forceinline__", "static inline") + functions + DRIVER);
        Path bin = dir.resolve(task.id());
        Process p = new ProcessBuilder(
                        compiler,
                        "-O1",
                        "-fno-tree-vectorize",
                        "-ffp-contract=off",
                        "-w",
                        "-o",
                        bin.toString(),
                        src.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as("host build of %s: %s", task.id(), log)
                .isTrue();
        return bin;
    }

    /** The task's device code compiled for the host, one process per call. */
    static final class HostDevice implements GpuEnvComparison.Device {

        private final Path binary;
        private final CudaTask task;
        private final int n;
        private float[] observations;

        HostDevice(Path binary, CudaTask task, int n) {
            this.binary = binary;
            this.task = task;
            this.n = n;
        }

        private ByteBuffer exec(String mode, long seed, byte[] input) {
            try {
                Process p = new ProcessBuilder(
                                binary.toString(), mode, Integer.toString(n), Long.toUnsignedString(seed))
                        .start();
                try (OutputStream os = p.getOutputStream()) {
                    os.write(input);
                }
                byte[] out = p.getInputStream().readAllBytes();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(task.id() + " host binary failed: "
                            + new String(p.getErrorStream().readAllBytes()));
                }
                return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public double[] reset(long seed) {
            ByteBuffer b = exec("r", seed, new byte[0]);
            double[] s = new double[task.stateSize() * n];
            b.asDoubleBuffer().get(s);
            float[] o = new float[task.observationSize() * n];
            b.position(8 * s.length);
            b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(o);
            observations = o;
            return s;
        }

        @Override
        public float[] observations() {
            return observations;
        }

        @Override
        public void stepOnce(
                double[] in,
                int[] discrete,
                float[] continuous,
                int count,
                double[] next,
                float[] obs,
                byte[] term,
                double[] rewards) {
            int w = task.stateSize();
            ByteBuffer buf =
                    ByteBuffer.allocate(8 * w * n + 4 * n * task.actionSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < w * n; i++) {
                buf.putDouble(in[i]);
            }
            if (discrete != null) {
                for (int i = 0; i < n; i++) {
                    buf.putInt(discrete[i]);
                }
            } else {
                for (int i = 0; i < n * task.actionSize(); i++) {
                    buf.putFloat(continuous[i]);
                }
            }
            ByteBuffer b = exec("s", 0, buf.array());
            b.get(term, 0, n);
            for (int i = 0; i < n; i++) {
                rewards[i] = b.getDouble();
            }
            for (int i = 0; i < w * n; i++) {
                next[i] = b.getDouble();
            }
            for (int i = 0; i < task.observationSize() * n; i++) {
                obs[i] = b.getFloat();
            }
        }
    }
}
