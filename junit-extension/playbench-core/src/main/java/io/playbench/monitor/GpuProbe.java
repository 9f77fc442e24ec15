package io.playbench.monitor;

/** Reads the utilisation and memory of a GPU, for the {@link ResourceMonitor}; provided by GPU-capable engines. */
public interface GpuProbe {

    /** The probe of a run without a GPU. */
    GpuProbe NONE = index -> {
        throw new UnsupportedOperationException("no GPU probe");
    };

    /**
     * Samples one device.
     *
     * @param deviceIndex the device, as in {@code gpu:N}
     * @return utilisation and memory now
     */
    Sample sample(int deviceIndex);

    /**
     * One reading.
     *
     * @param utilizationPct busy fraction of the device over the driver's last period [%]
     * @param memoryUsedBytes memory used on the device by all processes [bytes]
     */
    record Sample(double utilizationPct, long memoryUsedBytes) {}
}
