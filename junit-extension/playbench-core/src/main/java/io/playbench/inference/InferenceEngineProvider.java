package io.playbench.inference;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A pluggable inference engine, found through {@link java.util.ServiceLoader} from
 * {@code META-INF/services/io.playbench.inference.InferenceEngineProvider}: adding its jar to the class path (for
 * example {@code playbench-tensorflow}) makes its engine id known to {@link InferenceEngines}, {@code @PlayBenchmark},
 * the CLI and the {@code auto} choice.
 *
 * <p>A provider is cheap to create: it loads its natives only when asked for an engine, its GPUs or its version.
 */
public interface InferenceEngineProvider {

    /**
     * The id of the engine it provides.
     *
     * @return e.g. {@code tensorflow}
     */
    String id();

    /**
     * A new engine with its default settings.
     *
     * @return the engine
     */
    InferenceEngine create();

    /**
     * The GPUs this engine can drive, in index order.
     *
     * @return the GPUs, empty when none (or the engine is CPU-only)
     */
    default List<DeviceInfo> gpus() {
        return List.of();
    }

    /**
     * Why {@link #gpus()} is empty and how to enable a GPU, for messages.
     *
     * @return one sentence
     */
    default String gpuAbsenceReason() {
        return "engine " + id() + " runs on the CPU only";
    }

    /**
     * The version of the engine's runtime, recorded in the bundle.
     *
     * @return the version, empty when unknown
     */
    default Optional<String> version() {
        return Optional.empty();
    }

    /**
     * The predicted time of one CPU call, for the {@code auto} engine's cost model.
     *
     * @param multiplyAdds multiply-adds per observation row
     * @param transcendentals transcendental activations per row ({@code tanh}, {@code exp}, ...)
     * @param batch rows per call
     * @return nanoseconds per call; empty when the engine does not compete on the CPU
     */
    default OptionalDouble predictCpuNanos(long multiplyAdds, long transcendentals, int batch) {
        return OptionalDouble.empty();
    }
}
