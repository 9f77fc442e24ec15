package io.playbench.reports.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.reports.TestBundles;
import io.playbench.schema.GpuDeviceInfo;
import io.playbench.schema.Hardware;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.RunIdentity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkIdentityDeviceTests {

    private static PlayBundle on(String device, String deviceName, String... gpuNames) {
        PlayBundle b = TestBundles.bundle("CartPole-v1", 1.0, 7, Map.of());
        RunIdentity r = b.run();
        Hardware h = b.hardware();
        List<GpuDeviceInfo> gpus = new java.util.ArrayList<>();
        for (int i = 0; i < gpuNames.length; i++) {
            gpus.add(new GpuDeviceInfo(i, gpuNames[i], 80, "9.0"));
        }
        return new PlayBundle(
                new RunIdentity(
                        r.runId(),
                        r.library(),
                        r.config(),
                        r.task(),
                        r.seed(),
                        r.startTimeUtc(),
                        r.endTimeUtc(),
                        r.durationS(),
                        r.status(),
                        r.numEnvs(),
                        null,
                        device,
                        "cuda",
                        deviceName,
                        null),
                b.versions(),
                new Hardware(
                        h.hostname(),
                        gpus,
                        h.cpuName(),
                        h.cpuCount(),
                        h.cpuPhysicalCount(),
                        h.ramGb(),
                        h.osName(),
                        h.osArch()),
                b.runtime(),
                b.resources(),
                b.successRate(),
                b.reward(),
                b.epLength(),
                b.episodes(),
                b.checkpointPath(),
                b.checkpoint(),
                b.videoPath(),
                b.test(),
                b.warnings(),
                b.extra(),
                b.schemaVersion());
    }

    @Test
    void eachGpuOfAHostIsItsOwnSeriesKeyedByIndexAndName() {
        BenchmarkIdentity gpu0 = BenchmarkIdentity.of(
                on("gpu:0", "NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"));
        BenchmarkIdentity gpu1 = BenchmarkIdentity.of(
                on("gpu:1", "NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"));

        assertThat(gpu0.id()).isNotEqualTo(gpu1.id());
        assertThat(gpu1.deviceName()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(gpu1.key()).contains("device=gpu:1 device_name=NVIDIA H100 80GB HBM3 engine=cuda");
    }

    @Test
    void aBundleWithoutDeviceNameTakesItFromTheHardwareSoOldAndNewBundlesShareASeries() {
        BenchmarkIdentity named =
                BenchmarkIdentity.of(on("gpu:1", "NVIDIA H100 80GB HBM3", "NVIDIA A100", "NVIDIA H100 80GB HBM3"));
        BenchmarkIdentity old = BenchmarkIdentity.of(on("gpu:1", null, "NVIDIA A100", "NVIDIA H100 80GB HBM3"));

        assertThat(old).isEqualTo(named);
    }

    @Test
    void anotherCardInTheSameSlotStartsANewSeries() {
        BenchmarkIdentity h100 =
                BenchmarkIdentity.of(on("gpu:1", null, "NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"));
        BenchmarkIdentity h200 = BenchmarkIdentity.of(on("gpu:1", null, "NVIDIA H100 80GB HBM3", "NVIDIA H200"));

        assertThat(h100.id()).isNotEqualTo(h200.id());
    }

    @Test
    void aCpuIdentityHasNoDeviceNameAndKeepsItsKey() {
        BenchmarkIdentity cpu = BenchmarkIdentity.of(TestBundles.bundle("CartPole-v1", 1.0, 7, Map.of()));

        assertThat(cpu.deviceName()).isNull();
        assertThat(cpu.key()).contains("device=cpu engine=").doesNotContain("device_name");
    }
}
