package io.playbench.inference;

import io.playbench.library.Activation;
import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import java.util.List;
import java.util.Locale;

/**
 * The default engine ({@code auto}): picks {@code tensorflow} or {@code java-vector} per policy, batch and device, and
 * records the choice and its reason in {@link Policy#notes()}.
 *
 * <p>The rule: a GPU (asked for, or found by {@code auto}) goes to TensorFlow, the only engine that drives one. On the
 * CPU, each engine's time per call is predicted by a cost model, {@code overhead + batch * (macs * perMac +
 * transcendentals * perTranscendental)}, whose constants come from the JMH runs recorded in the project notes
 * ({@code InferenceCpuProbe}, {@code InferenceBenchmark}; 2-core AMD EPYC Zen 5): TensorFlow pays about 90 µs per
 * {@code Session.run} and reaches about 25 G multiply-adds/s on two cores; the Vector API engine pays 1-6 µs and
 * reaches about 50 G/s; the scalar fallback spends most of its time in double-precision {@code Math.tanh}/{@code expm1}. The cheaper prediction wins,
 * so with the Vector API enabled the Java engine takes every CPU policy measured, and without it (scalar fallback)
 * TensorFlow takes large policies and batches.
 */
public final class AutoEngine implements InferenceEngine {

    /** The engine's id. */
    public static final String ID = "auto";

    // Cost model constants, nanoseconds, from InferenceCpuProbe / JMH on the 2-core AMD EPYC (Zen 5) dev machine
    // (notes/issue7.md): TensorFlow 86 us per call on a trivial graph, 8.5-9.8 ms for 4096 x 54,016 MACs (Isaac);
    // java-vector 1-6 us at batch 1, 4.5 ms for the same Isaac batch; scalar Java ~0.1 ns per MAC and 40-100 ns per
    // double-precision tanh / expm1.
    static final double TF_OVERHEAD = 90_000;
    static final double TF_PER_MAC = 0.04;
    static final double TF_PER_TRANSCENDENTAL = 0.5;
    static final double VECTOR_OVERHEAD = 1_000;
    static final double VECTOR_PER_MAC = 0.02;
    static final double VECTOR_PER_TRANSCENDENTAL = 0.3;
    static final double SCALAR_OVERHEAD = 1_000;
    static final double SCALAR_PER_MAC = 0.1;
    static final double SCALAR_PER_TRANSCENDENTAL = 40;

    private final TensorFlowEngine tensorflow;
    private final JavaEngine java;

    /** The automatic choice between a default {@link TensorFlowEngine} and {@link JavaEngine#vector()}. */
    public AutoEngine() {
        this(new TensorFlowEngine(), JavaEngine.vector());
    }

    /**
     * The automatic choice between two configured engines.
     *
     * @param tensorflow the TensorFlow engine
     * @param java the Java engine
     */
    public AutoEngine(TensorFlowEngine tensorflow, JavaEngine java) {
        this.tensorflow = tensorflow;
        this.java = java;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Policy compile(PolicySpec spec, String device, int batchSize) {
        DeviceRequest request = DeviceRequest.parse(device);
        if (request.kind() == DeviceRequest.Kind.GPU) {
            return tensorflow.compile(spec, device, batchSize, List.of("engine auto chose tensorflow: device " + device + " is a GPU"));
        }
        if (request.kind() == DeviceRequest.Kind.AUTO && !TensorFlowDevices.gpus().isEmpty()) {
            return tensorflow.compile(spec, "gpu:0", batchSize, List.of("engine auto chose tensorflow: device auto found "
                    + TensorFlowDevices.gpus().getFirst()));
        }
        Choice choice = choose(spec, batchSize, JavaEngine.vectorApiAvailable() && java.id().equals(JavaEngine.VECTOR_ID));
        List<String> notes = List.of(choice.reason());
        if (choice.engine().equals(TensorFlowEngine.ID)) {
            return tensorflow.compile(spec, "cpu", batchSize, notes);
        }
        return java.compile(spec, "cpu", batchSize, notes);
    }

    /**
     * The CPU choice and its reason.
     *
     * @param engine the engine id chosen
     * @param reason one line with both predictions
     */
    record Choice(String engine, String reason) {
    }

    static Choice choose(PolicySpec spec, int batch, boolean simd) {
        long macs = 0;
        long transcendentals = 0;
        for (Stage s : spec.stages()) {
            if (s instanceof Stage.Dense d) {
                macs += (long) d.in() * d.out();
                transcendentals += transcendental(d.activation()) ? d.out() : 0;
            }
        }
        double tf = TF_OVERHEAD + batch * (macs * TF_PER_MAC + transcendentals * TF_PER_TRANSCENDENTAL);
        double jv = simd
                ? VECTOR_OVERHEAD + batch * (macs * VECTOR_PER_MAC + transcendentals * VECTOR_PER_TRANSCENDENTAL)
                : SCALAR_OVERHEAD + batch * (macs * SCALAR_PER_MAC + transcendentals * SCALAR_PER_TRANSCENDENTAL);
        String javaId = simd ? JavaEngine.VECTOR_ID : JavaEngine.VECTOR_ID + " (scalar fallback)";
        boolean useTf = tf < jv;
        String reason = String.format(Locale.ROOT, "engine auto chose %s on the CPU for %d multiply-adds per row at batch %d: "
                + "predicted %.1f µs per call for tensorflow, %.1f µs for %s", useTf ? TensorFlowEngine.ID : JavaEngine.VECTOR_ID,
                macs, batch, tf / 1e3, jv / 1e3, javaId);
        return new Choice(useTf ? TensorFlowEngine.ID : JavaEngine.VECTOR_ID, reason);
    }

    private static boolean transcendental(Activation a) {
        return switch (a) {
            case IDENTITY, RELU, LEAKY_RELU -> false;
            default -> true;
        };
    }
}
