package io.playbench.schema;

/**
 * One GPU of the host.
 *
 * @param index the device index, as in {@code gpu:N}
 * @param name the device name
 * @param memGb total device memory [GiB]
 * @param computeCap the compute capability, e.g. {@code 9.0}
 */
public record GpuDeviceInfo(int index, String name, double memGb, String computeCap) {

    /** Checks the invariants. */
    public GpuDeviceInfo {
        Checks.nonNegative("hardware.gpu_devices.index", index);
        Checks.nonBlank("hardware.gpu_devices.name", name);
        Checks.nonNegative("hardware.gpu_devices.mem_gb", memGb);
        Checks.matches(
                "hardware.gpu_devices.compute_cap", computeCap, "[0-9]+\\.[0-9]+", "a compute capability like 9.0");
    }
}
