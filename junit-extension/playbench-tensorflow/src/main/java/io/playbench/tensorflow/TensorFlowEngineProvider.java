package io.playbench.tensorflow;

import io.playbench.inference.DeviceInfo;
import io.playbench.inference.InferenceEngine;
import io.playbench.inference.InferenceEngineProvider;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Plugs the {@code tensorflow} engine into playbench-core (registered in
 * {@code META-INF/services/io.playbench.inference.InferenceEngineProvider}).
 *
 * <p>Its cost model for the {@code auto} choice: about 90 µs per {@code Session.run} and 25 G multiply-adds/s on two
 * cores (JMH {@code InferenceCpuProbe}, {@code InferenceBenchmark}; 2-core AMD EPYC Zen 5): 86 µs per call on a trivial
 * graph, 8.5-9.8 ms for 4096 x 54,016 multiply-adds.
 */
public final class TensorFlowEngineProvider implements InferenceEngineProvider {

    static final double OVERHEAD = 90_000;
    static final double PER_MAC = 0.04;
    static final double PER_TRANSCENDENTAL = 0.5;

    @Override
    public String id() {
        return TensorFlowEngine.ID;
    }

    @Override
    public InferenceEngine create() {
        return new TensorFlowEngine();
    }

    @Override
    public List<DeviceInfo> gpus() {
        if (!TensorFlowDevices.nativesFlavour().endsWith("-gpu")) {
            return List.of();
        }
        try {
            return TensorFlowDevices.gpus();
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    @Override
    public String gpuAbsenceReason() {
        String flavour = TensorFlowDevices.nativesFlavour();
        return flavour.endsWith("-gpu")
                ? "TensorFlow's GPU natives found no usable GPU (check the NVIDIA driver, the CUDA 12 runtime and CUDA_VISIBLE_DEVICES)"
                : "the TensorFlow natives on the class path are the CPU build (" + flavour
                        + "); use tensorflow-core-native's "
                        + "linux-x86_64-gpu classifier (in this repository: -Ptensorflow-gpu) on a host with an NVIDIA driver and a "
                        + "CUDA 12 runtime";
    }

    @Override
    public Optional<String> version() {
        try {
            return Optional.of(org.tensorflow.TensorFlow.version());
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    @Override
    public OptionalDouble predictCpuNanos(long multiplyAdds, long transcendentals, int batch) {
        return OptionalDouble.of(OVERHEAD + batch * (multiplyAdds * PER_MAC + transcendentals * PER_TRANSCENDENTAL));
    }
}
