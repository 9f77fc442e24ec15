package io.playbench.monitor;

import io.playbench.schema.MeanStd;
import io.playbench.schema.Resources;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples the resource use of this process in the background while a rollout runs: process CPU, resident memory,
 * Java heap, garbage-collection time and, through a {@link GpuProbe}, GPU utilisation and memory.
 *
 * <p>Unlike Isaac Lab's monitor it primes the CPU counter before the window (no zero first sample), samples at a
 * configurable interval (default 100 ms) plus once at start and once at stop, reports {@code null} for what it cannot
 * measure, and keeps its errors as warnings instead of printing them. Start it right before the measured window;
 * {@link #stop()} returns the aggregates. It runs one daemon thread, ended by {@link #stop()} or {@link #close()}.
 */
public final class ResourceMonitor implements AutoCloseable {

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final Duration interval;
    private final GpuProbe gpu;
    private final int gpuIndex;
    private final com.sun.management.OperatingSystemMXBean os;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<double[]> samples = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread thread;
    private long lastCpuNanos;
    private long lastWallNanos;
    private long gcStartMillis;
    private Resources result;

    /**
     * Creates a monitor (not yet started).
     *
     * @param interval time between samples, {@code >= 1 ms}
     * @param gpu the GPU probe ({@link GpuProbe#NONE} on CPU runs)
     * @param gpuIndex the index of the run's GPU, ignored without a probe
     */
    public ResourceMonitor(Duration interval, GpuProbe gpu, int gpuIndex) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("the sampling interval must be at least 1 ms but was " + interval);
        }
        this.interval = interval;
        this.gpu = gpu;
        this.gpuIndex = gpuIndex;
        this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
                ? bean
                : null;
    }

    /**
     * A CPU-only monitor sampling every 100 ms.
     *
     * @return the monitor
     */
    public static ResourceMonitor cpuOnly() {
        return new ResourceMonitor(Duration.ofMillis(100), GpuProbe.NONE, 0);
    }

    /**
     * Starts sampling: primes the CPU counter, takes a first sample, and starts the sampling thread.
     *
     * @return this monitor
     */
    public synchronized ResourceMonitor start() {
        if (thread != null) {
            throw new IllegalStateException("this monitor was already started; use a new one per window");
        }
        gcStartMillis = gcMillis();
        lastCpuNanos = cpuNanos();
        lastWallNanos = System.nanoTime();
        running = true;
        thread = Thread.ofPlatform().daemon().name("playbench-monitor").unstarted(this::loop);
        thread.start();
        return this;
    }

    /**
     * Stops sampling, takes a last sample, and aggregates.
     *
     * @return the resources block of the bundle
     */
    public Resources stop() {
        Thread sampler;
        synchronized (this) {
            if (result != null) {
                return result;
            }
            if (thread == null) {
                throw new IllegalStateException("the monitor was never started");
            }
            running = false;
            sampler = thread;
        }
        // join without holding this object's lock: the sampler may be about to take it in sample()
        LockSupport.unpark(sampler);
        try {
            sampler.join(interval.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (result == null) {
                sample();
                result = aggregate();
            }
            return result;
        }
    }

    /**
     * Problems met while sampling (a failing probe, an unreadable {@code /proc}), once each.
     *
     * @return the warnings
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        if (thread != null && result == null) {
            stop();
        }
    }

    private void loop() {
        long period = interval.toNanos();
        sample();
        while (running) {
            LockSupport.parkNanos(period);
            if (running) {
                sample();
            }
        }
    }

    private synchronized void sample() {
        long wall = System.nanoTime();
        long cpu = cpuNanos();
        double cpuPct = Double.NaN;
        if (cpu >= 0 && wall > lastWallNanos) {
            cpuPct = 100.0 * (cpu - lastCpuNanos) / (wall - lastWallNanos);
            lastCpuNanos = cpu;
            lastWallNanos = wall;
        }
        double rss = rssGib();
        double heap = memory.getHeapMemoryUsage().getUsed() / GIB;
        double gpuUtil = Double.NaN;
        double gpuMem = Double.NaN;
        if (gpu != GpuProbe.NONE) {
            try {
                GpuProbe.Sample s = gpu.sample(gpuIndex);
                gpuUtil = s.utilizationPct();
                gpuMem = s.memoryUsedBytes() / GIB;
            } catch (RuntimeException e) {
                warn("GPU sampling failed: " + e.getMessage());
            }
        }
        samples.add(new double[] {cpuPct, rss, heap, gpuUtil, gpuMem});
    }

    private Resources aggregate() {
        List<double[]> all = new ArrayList<>(samples);
        return new Resources(
                series(all, 3, false),
                series(all, 4, true),
                series(all, 0, false),
                series(all, 1, true),
                series(all, 2, true),
                gcStartMillis < 0 ? null : Math.max(0, gcMillis() - gcStartMillis) / 1000.0,
                all.size(),
                interval.toNanos() / 1e9);
    }

    private static MeanStd series(List<double[]> all, int column, boolean peak) {
        double[] values = all.stream()
                .mapToDouble(s -> s[column])
                .filter(Double::isFinite)
                .toArray();
        if (values.length == 0) {
            return null;
        }
        return peak ? MeanStd.of(values) : MeanStd.withoutPeak(values);
    }

    private long cpuNanos() {
        if (os == null) {
            return -1;
        }
        long t = os.getProcessCpuTime();
        if (t < 0) {
            warn("process CPU time is not available on this JVM");
        }
        return t;
    }

    private double rssGib() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024.0 / GIB;
                }
            }
        } catch (IOException | RuntimeException e) {
            warn("resident memory is not available (" + PROC_STATUS + ": " + e.getMessage() + ")");
        }
        return Double.NaN;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            long t = gc.getCollectionTime();
            if (t > 0) {
                total += t;
            }
        }
        return total;
    }

    private void warn(String message) {
        if (!warnings.contains(message)) {
            warnings.add(message);
        }
    }

    /**
     * Reads the resident set size of this process.
     *
     * @return RSS in bytes, or -1 where {@code /proc/self/status} is not available
     */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
