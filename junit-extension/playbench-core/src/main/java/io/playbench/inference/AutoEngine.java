package io.playbench.inference;

import io.playbench.device.Device;
import io.playbench.library.Activation;
import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The default engine ({@code auto}): picks an engine per policy, batch and device, and records the choice and its
 * reason in {@link Policy#notes()}.
 *
 * <p>The rule: a GPU (asked for, or found by device {@code auto}) goes to a plugged-in engine that drives one
 * ({@code tensorflow} from {@code playbench-tensorflow}); PlayBench's own GPU path is the fused CUDA rollout, chosen by
 * the run pipeline before an engine is asked. On the CPU, each engine's time per call is predicted by a cost model,
 * {@code overhead + batch * (macs * perMac + transcendentals * perTranscendental)}, and the cheaper one wins. The Java
 * constants come from JMH runs ({@code InferenceCpuProbe}, {@code InferenceBenchmark}; 2-core AMD EPYC Zen 5): the
 * Vector API engine pays 1-6 µs per call and reaches about 50 G multiply-adds/s; the scalar fallback spends most of its
 * time in double-precision {@code Math.tanh}/{@code expm1}. Plugged-in engines predict their own cost
 * ({@link InferenceEngineProvider#predictCpuNanos}). With the Vector API enabled, {@code java-vector} wins every CPU
 * case measured.
 */
public final class AutoEngine implements InferenceEngine {

    /** The engine's id. */
    public static final String ID = "auto";

    // Cost model constants, nanoseconds (see the class comment): java-vector 1-6 us at batch 1, 4.5 ms for 4096 rows of
    // 54,016 MACs (Isaac-style); scalar Java ~0.1 ns per MAC and 40-100 ns per double-precision tanh / expm1.
    static final double VECTOR_OVERHEAD = 1_000;
    static final double VECTOR_PER_MAC = 0.02;
    static final double VECTOR_PER_TRANSCENDENTAL = 0.3;
    static final double SCALAR_OVERHEAD = 1_000;
    static final double SCALAR_PER_MAC = 0.1;
    static final double SCALAR_PER_TRANSCENDENTAL = 40;

    private final Map<String, InferenceEngineProvider> plugged;
    private final JavaEngine java;

    /** The automatic choice between {@link JavaEngine#vector()} and the plugged-in engines. */
    public AutoEngine() {
        this(InferenceEngines.providers(), JavaEngine.vector());
    }

    /**
     * The automatic choice between a configured Java engine and the given plugged-in engines.
     *
     * @param plugged the other candidates, by id
     * @param java the Java engine
     */
    public AutoEngine(Map<String, InferenceEngineProvider> plugged, JavaEngine java) {
        this.plugged = Map.copyOf(plugged);
        this.java = java;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Policy compile(PolicySpec spec, Device device, int batchSize) {
        if (device.needsGpu() || device.isAuto()) {
            for (InferenceEngineProvider p : plugged.values()) {
                List<DeviceInfo> gpus = p.gpus();
                if (!gpus.isEmpty()) {
                    Device gpu = device.needsGpu() ? device : Device.gpu(0);
                    return InferenceEngines.withNotes(
                            p.create().compile(spec, gpu, batchSize),
                            List.of("engine auto chose " + p.id()
                                    + (device.isAuto()
                                            ? ": device auto found " + gpus.getFirst()
                                            : ": device " + device + " is a GPU")));
                }
            }
            if (device.needsGpu()) {
                throw new DeviceUnavailableException(
                        "device " + device + " was requested for engine auto, but no inference engine on "
                                + "the class path drives a GPU (" + gpuAbsence()
                                + "); PlayBench's own GPU path is the fused CUDA rollout of "
                                + "@PlayBenchmark/PlayRunner, or run on device cpu");
            }
        }
        Choice choice = choose(
                spec, batchSize, JavaEngine.vectorApiAvailable() && java.id().equals(JavaEngine.VECTOR_ID), plugged);
        List<String> notes = List.of(choice.reason());
        InferenceEngineProvider winner = plugged.get(choice.engine());
        if (winner != null) {
            return InferenceEngines.withNotes(winner.create().compile(spec, Device.CPU, batchSize), notes);
        }
        return java.compile(spec, Device.CPU, batchSize, notes);
    }

    private String gpuAbsence() {
        if (plugged.isEmpty()) {
            return "add io.playbench:playbench-tensorflow with TensorFlow's GPU natives for the tensorflow engine";
        }
        return String.join(
                "; ",
                plugged.values().stream()
                        .map(InferenceEngineProvider::gpuAbsenceReason)
                        .toList());
    }

    /**
     * The CPU choice and its reason.
     *
     * @param engine the engine id chosen
     * @param reason one line with every prediction
     */
    record Choice(String engine, String reason) {}

    static Choice choose(PolicySpec spec, int batch, boolean simd, Map<String, InferenceEngineProvider> plugged) {
        long macs = 0;
        long transcendentals = 0;
        for (Stage s : spec.stages()) {
            if (s instanceof Stage.Dense d) {
                macs += (long) d.in() * d.out();
                transcendentals += transcendental(d.activation()) ? d.out() : 0;
            }
        }
        double best = simd
                ? VECTOR_OVERHEAD + batch * (macs * VECTOR_PER_MAC + transcendentals * VECTOR_PER_TRANSCENDENTAL)
                : SCALAR_OVERHEAD + batch * (macs * SCALAR_PER_MAC + transcendentals * SCALAR_PER_TRANSCENDENTAL);
        String bestId = JavaEngine.VECTOR_ID;
        StringBuilder predictions = new StringBuilder(String.format(
                Locale.ROOT,
                "%.1f µs for %s",
                best / 1e3,
                simd ? JavaEngine.VECTOR_ID : JavaEngine.VECTOR_ID + " (scalar fallback)"));
        for (InferenceEngineProvider p : plugged.values()) {
            OptionalDouble predicted = p.predictCpuNanos(macs, transcendentals, batch);
            if (predicted.isPresent()) {
                predictions.append(
                        String.format(Locale.ROOT, ", %.1f µs for %s", predicted.getAsDouble() / 1e3, p.id()));
                if (predicted.getAsDouble() < best) {
                    best = predicted.getAsDouble();
                    bestId = p.id();
                }
            }
        }
        String reason = String.format(
                Locale.ROOT,
                "engine auto chose %s on the CPU for %d multiply-adds per row at batch %d: " + "predicted %s per call",
                bestId,
                macs,
                batch,
                predictions);
        return new Choice(bestId, reason);
    }

    private static boolean transcendental(Activation a) {
        return switch (a) {
            case IDENTITY, RELU, LEAKY_RELU -> false;
            default -> true;
        };
    }
}
