package io.playbench.cuda;

import static io.playbench.cuda.Native.INT;
import static io.playbench.cuda.Native.PTR;

import io.playbench.monitor.GpuProbe;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * GPU utilisation and memory through NVML ({@code libnvidia-ml.so.1}, shipped with the NVIDIA driver), as a
 * {@link GpuProbe} for the resource monitor.
 *
 * <p>Indices are NVML's, which follow PCI order; CUDA's order is the same unless {@code CUDA_DEVICE_ORDER} or
 * {@code CUDA_VISIBLE_DEVICES} changes it.
 */
public final class NvmlProbe implements GpuProbe {

    private final MethodHandle handleByIndex;
    private final MethodHandle utilization;
    private final MethodHandle memory;

    private NvmlProbe(SymbolLookup l) {
        String lib = "libnvidia-ml.so.1";
        MethodHandle init = Native.required(l, lib, "nvmlInit_v2");
        handleByIndex = Native.required(l, lib, "nvmlDeviceGetHandleByIndex_v2", INT, PTR);
        utilization = Native.required(l, lib, "nvmlDeviceGetUtilizationRates", PTR, PTR);
        memory = Native.required(l, lib, "nvmlDeviceGetMemoryInfo", PTR, PTR);
        int rc = Native.invoke(init);
        if (rc != 0) {
            throw new CudaUnavailableException("nvmlInit failed with NVML error " + rc);
        }
    }

    /**
     * The probe, when NVML can be loaded and initialised.
     *
     * @return the probe, or empty
     */
    public static Optional<GpuProbe> load() {
        try {
            return Native.open("libnvidia-ml.so.1").map(NvmlProbe::new);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Sample sample(int deviceIndex) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = arena.allocate(PTR);
            check("nvmlDeviceGetHandleByIndex", Native.invoke(handleByIndex, deviceIndex, handle));
            MemorySegment device = handle.get(PTR, 0);
            MemorySegment util = arena.allocate(8);
            check("nvmlDeviceGetUtilizationRates", Native.invoke(utilization, device, util));
            MemorySegment mem = arena.allocate(24);
            check("nvmlDeviceGetMemoryInfo", Native.invoke(memory, device, mem));
            return new Sample(util.get(ValueLayout.JAVA_INT, 0), mem.get(ValueLayout.JAVA_LONG, 16));
        }
    }

    private static void check(String call, int rc) {
        if (rc != 0) {
            throw new IllegalStateException(call + " failed with NVML error " + rc);
        }
    }
}
