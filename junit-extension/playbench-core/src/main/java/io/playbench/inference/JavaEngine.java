package io.playbench.inference;

import io.playbench.device.Device;
import io.playbench.library.PolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plain-Java inference engines: {@code java-vector} runs dense layers on the incubating Vector API
 * ({@code jdk.incubator.vector}) with weights laid out for the SIMD width, fused bias and activation, no allocation
 * per call and the batch split over a small pool of threads owned by each policy; {@code java-scalar} is the same
 * engine with a plain loop instead of explicit SIMD.
 *
 * <p>The Vector API must be enabled with {@code --add-modules jdk.incubator.vector} on the JVM command line (PlayBench's
 * build adds it to the test JVMs). Without it, {@code java-vector} still works: it compiles scalar policies and says
 * so in {@link Policy#warnings()}.
 *
 * <pre>{@code
 * try (Policy policy = JavaEngine.vector().compile(spec, Device.CPU, 4096)) {
 *     policy.warmUp();
 *     policy.act(observations, actions);
 * }
 * }</pre>
 *
 * <p>Both run on the CPU only; ask for {@code gpu} and they throw {@link DeviceUnavailableException}.
 */
public final class JavaEngine implements InferenceEngine {

    /** The SIMD engine's id. */
    public static final String VECTOR_ID = "java-vector";
    /** The scalar engine's id. */
    public static final String SCALAR_ID = "java-scalar";

    /**
     * The system property that turns a missing Vector API into a failure instead of a scalar fallback:
     * {@code -Dplaybench.require.vector=true}.
     */
    public static final String REQUIRE_VECTOR_PROPERTY = "playbench.require.vector";

    private static final String MODULE = "jdk.incubator.vector";

    private final boolean simd;
    private final int threads;

    private JavaEngine(boolean simd, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        this.simd = simd;
        this.threads = threads;
    }

    /**
     * The Vector API engine on every core.
     *
     * @return {@code java-vector}
     */
    public static JavaEngine vector() {
        return new JavaEngine(true, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The scalar engine on every core.
     *
     * @return {@code java-scalar}
     */
    public static JavaEngine scalar() {
        return new JavaEngine(false, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The same engine with another thread count (a policy uses fewer when its batch is small).
     *
     * @param threads threads per policy, {@code >= 1}
     * @return the engine
     */
    public JavaEngine withThreads(int threads) {
        return new JavaEngine(simd, threads);
    }

    /**
     * Threads per policy.
     *
     * @return the thread count
     */
    public int threads() {
        return threads;
    }

    @Override
    public String id() {
        return simd ? VECTOR_ID : SCALAR_ID;
    }

    /**
     * Whether the Vector API can be used in this JVM.
     *
     * @return {@code true} when {@code jdk.incubator.vector} is in the boot layer and its kernel loads
     */
    public static boolean vectorApiAvailable() {
        return VectorSupport.KERNEL != null;
    }

    /**
     * The SIMD width of the Vector API kernel in floats, or {@code 1} without it.
     *
     * @return lanes per vector
     */
    public static int vectorLanes() {
        return VectorSupport.KERNEL == null ? 1 : VectorSupport.KERNEL.lanes();
    }

    @Override
    public Policy compile(PolicySpec spec, Device device, int batchSize) {
        return compile(spec, device, batchSize, List.of());
    }

    Policy compile(PolicySpec spec, Device device, int batchSize, List<String> notes) {
        if (device.needsGpu()) {
            throw new DeviceUnavailableException("engine " + id() + " runs on the CPU only but device '" + device
                    + "' was requested; use device cpu, or engine auto for the GPU path");
        }
        List<String> warnings = new ArrayList<>();
        DenseKernel kernel;
        if (!simd) {
            kernel = new ScalarKernel();
        } else if (VectorSupport.KERNEL != null) {
            kernel = VectorSupport.KERNEL;
        } else {
            String problem = vectorApiProblem().orElseThrow();
            if (Boolean.getBoolean(REQUIRE_VECTOR_PROPERTY)) {
                throw new IllegalStateException(
                        problem + ", and -D" + REQUIRE_VECTOR_PROPERTY + "=true forbids the scalar fallback");
            }
            kernel = new ScalarKernel();
            warnings.add(problem);
            VectorSupport.warnOnce(problem);
        }
        return new JavaPolicy(spec, id(), batchSize, kernel, threads, warnings, notes);
    }

    /**
     * Why {@code java-vector} would run scalar code in this JVM, with what to do; empty when the Vector API works.
     *
     * @return the problem, one sentence
     */
    public static Optional<String> vectorApiProblem() {
        if (VectorSupport.KERNEL != null) {
            return Optional.empty();
        }
        return Optional.of(
                "engine java-vector: " + VectorSupport.PROBLEM + "; running scalar Java instead (several times slower)."
                        + " Add --add-modules jdk.incubator.vector to the JVM options (surefire argLine, Gradle jvmArgs, JDK_JAVA_OPTIONS"
                        + " for an IDE, or the java command line)");
    }

    /** Loads the Vector API kernel once, only when its module is present. */
    private static final class VectorSupport {

        static final DenseKernel KERNEL;
        static final String PROBLEM;

        static {
            DenseKernel kernel = null;
            String problem = null;
            if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
                problem = "the module " + MODULE + " is not enabled in this JVM";
            } else {
                try {
                    kernel = (DenseKernel) Class.forName("io.playbench.inference.VectorKernel")
                            .getDeclaredConstructor()
                            .newInstance();
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    problem = "the Vector API kernel could not be loaded (" + e + ")";
                }
            }
            KERNEL = kernel;
            PROBLEM = problem;
        }

        private static final java.util.concurrent.atomic.AtomicBoolean WARNED =
                new java.util.concurrent.atomic.AtomicBoolean();

        /** Says it on the console once per JVM, where an IDE run shows it; bundles record it every time. */
        static void warnOnce(String problem) {
            if (WARNED.compareAndSet(false, true)) {
                System.err.println("PlayBench WARNING: " + problem);
            }
        }
    }
}
