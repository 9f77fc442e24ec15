package io.playbench.monitor;

import io.playbench.schema.GpuDeviceInfo;
import io.playbench.schema.Hardware;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** Reads facts about the host and the Java runtime for the bundle's {@code hardware} and {@code versions} blocks. */
public final class HostInfo {

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    private HostInfo() {}

    /**
     * A snapshot of this host.
     *
     * @param gpus the GPUs visible to the run (from the engine), ordered by index
     * @return the hardware block
     */
    public static Hardware hardware(List<GpuDeviceInfo> gpus) {
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        String cpuName = cpuinfo.stream()
                .filter(l -> l.startsWith("model name"))
                .map(HostInfo::value)
                .findFirst()
                .orElse("unknown");
        Set<String> cores = new HashSet<>();
        String physical = "0";
        for (String line : cpuinfo) {
            if (line.startsWith("physical id")) {
                physical = value(line);
            } else if (line.startsWith("core id")) {
                cores.add(physical + ":" + value(line));
            }
        }
        Double ram = null;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getTotalMemorySize() > 0) {
            ram = Math.round(os.getTotalMemorySize() / GIB * 100) / 100.0;
        }
        return new Hardware(
                hostname(),
                gpus,
                cpuName.isBlank() ? "unknown" : cpuName,
                Runtime.getRuntime().availableProcessors(),
                cores.isEmpty() ? null : cores.size(),
                ram,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"));
    }

    /**
     * The host name: the {@code HOSTNAME} variable, else {@code /etc/hostname}, else the local address's name.
     *
     * @return the host name, {@code unknown} if none can be found
     */
    public static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        List<String> etc = lines(Path.of("/etc/hostname"));
        if (!etc.isEmpty() && !etc.getFirst().isBlank()) {
            return etc.getFirst().trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * PlayBench's own version, from the build.
     *
     * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown}
     */
    public static String playbenchVersion() {
        try (InputStream in = HostInfo.class.getResourceAsStream("/io/playbench/playbench.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.isBlank() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String value(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(colon + 1).trim();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
