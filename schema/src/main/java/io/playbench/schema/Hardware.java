package io.playbench.schema;

import java.util.List;

/**
 * A snapshot of the host ({@code hardware}).
 *
 * @param hostname the host name
 * @param gpuDevices the visible GPUs, ordered by index
 * @param cpuName the CPU model, {@code unknown} if absent
 * @param cpuCount logical CPUs available to the JVM
 * @param cpuPhysicalCount physical cores, {@code null} when unknown
 * @param ramGb total host memory [GiB], {@code null} when unknown
 * @param osName the operating system
 * @param osArch the processor architecture
 */
public record Hardware(
        String hostname,
        List<GpuDeviceInfo> gpuDevices,
        String cpuName,
        int cpuCount,
        Integer cpuPhysicalCount,
        Double ramGb,
        String osName,
        String osArch) {

    /** Checks the invariants. */
    public Hardware {
        Checks.nonBlank("hardware.hostname", hostname);
        gpuDevices = Checks.listOf("hardware.gpu_devices", gpuDevices);
        Checks.nonBlank("hardware.cpu_name", cpuName);
        if (cpuCount < 1) {
            throw new IllegalArgumentException("hardware.cpu_count must be >= 1 but was " + cpuCount);
        }
        Checks.atLeastOrNull("hardware.cpu_physical_count", cpuPhysicalCount, 1);
        Checks.nonNegativeOrNull("hardware.ram_gb", ramGb);
        Checks.nonBlank("hardware.os_name", osName);
        Checks.nonBlank("hardware.os_arch", osArch);
    }
}
