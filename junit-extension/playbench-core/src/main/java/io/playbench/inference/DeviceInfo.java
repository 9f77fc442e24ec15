package io.playbench.inference;

import io.playbench.schema.GpuDeviceInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The device a compiled {@link Policy} runs on, as recorded in a bundle.
 *
 * @param id the resolved device: {@code cpu} or {@code gpu:N}
 * @param name what the device calls itself (a CPU model name, a GPU product name), or {@code unknown}
 * @param memoryBytes the device memory (system memory for the CPU; for a GPU, the memory TensorFlow may use), or
 *     {@code -1} when unknown
 * @param computeCapability a GPU's CUDA compute capability such as {@code 9.0}, or {@code null} (CPU, or unknown)
 */
public record DeviceInfo(String id, String name, long memoryBytes, String computeCapability) {

    /**
     * Whether this is a GPU.
     *
     * @return {@code true} for {@code gpu:N}
     */
    public boolean isGpu() {
        return id.startsWith("gpu");
    }

    /**
     * The bundle's view of a GPU ({@code hardware.gpu_devices}); empty for the CPU or when the compute capability is
     * unknown (the bundle requires it).
     *
     * @return the bundle record
     */
    public Optional<GpuDeviceInfo> toBundleGpu() {
        if (!isGpu() || computeCapability == null || !computeCapability.matches("[0-9]+\\.[0-9]+")) {
            return Optional.empty();
        }
        int index = Integer.parseInt(id.substring(id.indexOf(':') + 1));
        return Optional.of(new GpuDeviceInfo(index, name, Math.max(0, memoryBytes) / 1e9, computeCapability));
    }

    /**
     * This machine's CPU: the model name from {@code /proc/cpuinfo} and the total memory from {@code /proc/meminfo}
     * where those exist.
     *
     * @return the CPU device
     */
    public static DeviceInfo cpu() {
        String name = System.getProperty("os.arch");
        long memory = -1;
        try {
            name = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(name);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                    .findFirst()
                    .orElse(-1L);
        } catch (IOException | RuntimeException e) {
            // not Linux: keep what the JVM knows
        }
        return new DeviceInfo(
                "cpu", name + " (" + Runtime.getRuntime().availableProcessors() + " cores)", memory, null);
    }
}
