package io.playbench.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbench.schema.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceMonitorTests {

    @Test
    void aBusyWindowShowsCpuMemoryAndHeapWithoutAZeroFirstSample() {
        ResourceMonitor monitor = new ResourceMonitor(Duration.ofMillis(20), GpuProbe.NONE, 0).start();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        double sink = 0;
        while (System.nanoTime() < end) {
            sink += Math.sin(sink + 1);
        }
        Resources resources = monitor.stop();

        assertThat(sink).isNotNaN();
        assertThat(resources.samples()).isGreaterThanOrEqualTo(5);
        assertThat(resources.sampleIntervalS()).isEqualTo(0.02);
        assertThat(resources.cpuUtilPct()).isNotNull();
        assertThat(resources.cpuUtilPct().mean())
                .as("one busy thread, percent of one core")
                .isGreaterThan(20);
        assertThat(resources.cpuUtilPct().peak()).isNull();
        assertThat(resources.heapGb().mean()).isPositive();
        assertThat(resources.gcTimeS()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(resources.gpuUtilPct())
                .as("no GPU probe: not measured, not zero")
                .isNull();
        assertThat(resources.gpuMemGb()).isNull();
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertThat(resources.ramGb().mean()).isPositive();
            assertThat(resources.ramGb().peak())
                    .isGreaterThanOrEqualTo(resources.ramGb().mean());
        }
        assertThat(monitor.stop()).isSameAs(resources);
    }

    @Test
    void aGpuProbeFeedsGpuFiguresAndItsFailuresBecomeWarnings() {
        GpuProbe probe = index -> new GpuProbe.Sample(50.0 + index, 2L * 1024 * 1024 * 1024);
        ResourceMonitor ok = new ResourceMonitor(Duration.ofMillis(10), probe, 1).start();
        Resources resources = ok.stop();
        ResourceMonitor failing = new ResourceMonitor(
                        Duration.ofMillis(10),
                        index -> {
                            throw new IllegalStateException("NVML not loaded");
                        },
                        0)
                .start();
        Resources none = failing.stop();

        assertThat(resources.gpuUtilPct().mean()).isEqualTo(51.0);
        assertThat(resources.gpuMemGb().mean()).isEqualTo(2.0);
        assertThat(none.gpuUtilPct()).isNull();
        assertThat(failing.warnings()).containsExactly("GPU sampling failed: NVML not loaded");
    }

    @Test
    void misuseIsReported() {
        ResourceMonitor monitor = ResourceMonitor.cpuOnly();
        assertThatThrownBy(monitor::stop).hasMessageContaining("never started");
        monitor.start();
        assertThatThrownBy(monitor::start).hasMessageContaining("already started");
        monitor.close();
        assertThatThrownBy(() -> new ResourceMonitor(Duration.ZERO, GpuProbe.NONE, 0))
                .hasMessageContaining("at least 1 ms");
    }

    @Test
    void hostFactsAreFilledIn() {
        var hardware = HostInfo.hardware(List.of());

        assertThat(hardware.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(hardware.hostname()).isNotBlank();
        assertThat(hardware.osArch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(HostInfo.playbenchVersion()).isNotEqualTo("unknown").doesNotContain("${");
    }

    @Test
    void gitInfoReadsCommitBranchAndDirtiness(@TempDir Path repo) throws Exception {
        assertThat(GitInfo.of(repo).commit()).isNull();
        git(repo, "init", "-q", "-b", "trunk");
        Files.writeString(repo.resolve("a.txt"), "a");
        git(repo, "add", "a.txt");
        git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "init");

        GitInfo clean = GitInfo.of(repo);
        Files.writeString(repo.resolve("a.txt"), "b");
        GitInfo dirty = GitInfo.of(repo);

        assertThat(clean.commit()).matches("[0-9a-f]{40}");
        assertThat(clean.branch()).isEqualTo("trunk");
        assertThat(clean.dirty()).isFalse();
        assertThat(dirty.dirty()).isTrue();
    }

    private static void git(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p =
                new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }
}
