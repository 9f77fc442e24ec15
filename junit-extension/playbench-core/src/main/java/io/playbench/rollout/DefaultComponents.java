package io.playbench.rollout;

import io.playbench.inference.InferenceEngine;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapter;
import io.playbench.library.LibraryAdapters;
import java.util.List;
import java.util.function.Function;

/** The library adapters, inference engines and GPU facts PlayBench uses unless a caller configures others. */
public final class DefaultComponents {

    private DefaultComponents() {}

    /**
     * The adapter of each library.
     *
     * @return a function from library to its adapter
     */
    public static Function<Library, LibraryAdapter> adapters() {
        List<LibraryAdapter> plugged = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(LibraryAdapter.class).forEach(plugged::add);
        return library -> new PluggableAdapter(
                library, plugged.stream().filter(a -> a.library() == library).toList(), builtIn(library));
    }

    private static LibraryAdapter builtIn(Library library) {
        return LibraryAdapters.of(library);
    }

    /** Asks adapters plugged in through ServiceLoader first, then PlayBench's own. */
    private record PluggableAdapter(Library library, List<LibraryAdapter> plugged, LibraryAdapter builtIn)
            implements LibraryAdapter {
        @Override
        public io.playbench.library.LoadedPolicy load(java.nio.file.Path checkpoint, java.nio.file.Path runDirectory)
                throws java.io.IOException {
            for (LibraryAdapter adapter : plugged) {
                if (adapter.accepts(checkpoint)) {
                    return adapter.load(checkpoint, runDirectory);
                }
            }
            return builtIn.load(checkpoint, runDirectory);
        }
    }

    /**
     * Compiles policies with the engine of the given id ({@code auto} picks one).
     *
     * @return the compiler
     */
    public static PolicyCompiler compiler() {
        return (spec, engine, device, batch) -> engine(engine).compile(spec, device, batch);
    }

    /**
     * The version of a plugged-in engine's runtime (TensorFlow's, for {@code tensorflow}), as the bundle records it.
     *
     * @param engine the engine id that ran the policy
     * @return the version, or {@code null} for PlayBench's own engines
     */
    public static String engineVersion(String engine) {
        if (engine == null) {
            return null;
        }
        return io.playbench.inference.InferenceEngines.provider(engine)
                .flatMap(io.playbench.inference.InferenceEngineProvider::version)
                .orElse(null);
    }

    /**
     * The GPUs of the host as the bundle records them: as the CUDA driver describes them, else as a plugged-in engine
     * (TensorFlow's GPU natives) does; empty without either.
     *
     * @return the GPUs
     */
    public static List<io.playbench.schema.GpuDeviceInfo> gpus() {
        List<io.playbench.schema.GpuDeviceInfo> out = new java.util.ArrayList<>();
        for (io.playbench.cuda.CudaDevice d : io.playbench.cuda.Cuda.devices()) {
            out.add(new io.playbench.schema.GpuDeviceInfo(
                    d.ordinal(),
                    d.name(),
                    Math.round(d.memoryBytes() / 1073741824.0 * 100) / 100.0,
                    d.computeCapability()));
        }
        if (!out.isEmpty()) {
            return out;
        }
        int i = 0;
        for (io.playbench.inference.DeviceInfo d : io.playbench.inference.InferenceEngines.pluggedGpus()) {
            String cc = d.computeCapability() == null || !d.computeCapability().matches("[0-9]+\\.[0-9]+")
                    ? "0.0"
                    : d.computeCapability();
            out.add(new io.playbench.schema.GpuDeviceInfo(
                    i++, d.name(), Math.round(Math.max(0, d.memoryBytes()) / 1073741824.0 * 100) / 100.0, cc));
        }
        return out;
    }

    /**
     * The engine of an id.
     *
     * @param id the engine id
     * @return the engine
     * @throws IllegalArgumentException listing the known ids
     */
    public static InferenceEngine engine(String id) {
        return io.playbench.inference.InferenceEngines.get(id);
    }

    /**
     * The number of GPUs usable by the default engines: those the CUDA driver reports (the GPU-resident path), else
     * those a plugged-in engine sees.
     *
     * @return the count, 0 without GPU support
     */
    public static int gpuCount() {
        int cuda = io.playbench.cuda.Cuda.deviceCount();
        if (cuda > 0) {
            return cuda;
        }
        return io.playbench.inference.InferenceEngines.pluggedGpus().size();
    }

    /**
     * Why no GPU is usable, for the message of a disabled GPU benchmark.
     *
     * @return the reason and what to do
     */
    public static String gpuAbsenceReason() {
        StringBuilder m = new StringBuilder("CUDA: ")
                .append(io.playbench.cuda.Cuda.unavailableReason().orElse("a GPU is present"));
        for (io.playbench.inference.InferenceEngineProvider p :
                io.playbench.inference.InferenceEngines.providers().values()) {
            m.append("; ").append(p.id()).append(": ").append(p.gpuAbsenceReason());
        }
        return m.toString();
    }

    /**
     * The GPU probe of the resource monitor: NVML where the driver ships it, else none.
     *
     * @return the probe
     */
    public static io.playbench.monitor.GpuProbe gpuProbe() {
        return io.playbench.cuda.NvmlProbe.load().orElse(io.playbench.monitor.GpuProbe.NONE);
    }
}
