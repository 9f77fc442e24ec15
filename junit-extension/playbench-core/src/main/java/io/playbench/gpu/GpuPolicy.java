package io.playbench.gpu;

import io.playbench.cuda.CudaContext;
import io.playbench.cuda.CudaFunction;
import io.playbench.cuda.CudaModule;
import io.playbench.cuda.DeviceMemory;
import io.playbench.library.PolicySpec;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * A {@link PolicySpec} compiled for a GPU on its own (without an environment): evaluates batches of observations on
 * the device, to check the generated code against the reference evaluator.
 */
public final class GpuPolicy implements AutoCloseable {

    static final List<String> OPTIONS = List.of("--std=c++17");

    private final CudaContext context;
    private final CudaPolicySource policy;
    private final CudaModule module;
    private final DeviceMemory globalParams;
    private final CudaFunction eval;

    /**
     * Compiles and loads the policy.
     *
     * @param context the GPU
     * @param spec the policy
     */
    public GpuPolicy(CudaContext context, PolicySpec spec) {
        this.context = context;
        this.policy = new CudaPolicySource(spec);
        this.module = context.compileAndLoad(policy.source() + CudaPolicySource.EVAL_KERNEL, "policy.cu", OPTIONS);
        this.globalParams = upload(context, module, policy);
        this.eval = module.function("policy_eval");
    }

    /** Copies a policy's parameters into a loaded module; returns the global-memory block to free, or {@code null}. */
    static DeviceMemory upload(CudaContext context, CudaModule module, CudaPolicySource policy) {
        float[] f = policy.floatParams();
        DeviceMemory owned = null;
        if (policy.constantMemory()) {
            if (f.length > 0) {
                module.global("c_params").copyFrom(f);
            }
        } else {
            owned = context.allocate(4L * f.length);
            owned.copyFrom(f);
            try (Arena arena = Arena.ofConfined()) {
                module.global("g_params").copyFrom(arena.allocateFrom(ValueLayout.JAVA_LONG, owned.address()));
            }
        }
        double[] d = policy.doubleParams();
        if (d.length > 0) {
            module.global("c_dparams").copyFrom(d);
        }
        return owned;
    }

    /**
     * The generated source.
     *
     * @return the CUDA C++ source
     */
    public CudaPolicySource source() {
        return policy;
    }

    /**
     * Evaluates observations on the device.
     *
     * @param observations {@code n} rows of {@code observationSize} floats
     * @param n the number of rows
     * @param outputs receives {@code n} rows of {@code outputSize} floats (before a final argmax)
     * @param actions receives the argmax of each row (meaningful for discrete policies), or {@code null}
     */
    public void evaluate(float[] observations, int n, float[] outputs, int[] actions) {
        PolicySpec spec = policy.spec();
        try (DeviceMemory obs = context.allocate(4L * n * spec.observationSize());
                DeviceMemory out = context.allocate(4L * n * spec.outputSize());
                DeviceMemory act = context.allocate(4L * n)) {
            obs.copyFrom(java.util.Arrays.copyOf(observations, n * spec.observationSize()));
            eval.launch((n + 127) / 128, 128, 0, obs, out, act, n);
            context.synchronize();
            out.copyTo(outputs);
            if (actions != null) {
                act.copyTo(actions);
            }
        }
    }

    @Override
    public void close() {
        module.close();
        if (globalParams != null) {
            globalParams.close();
        }
    }
}
