package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playbench.reports.TestBundles;
import io.playbench.schema.GpuDeviceInfo;
import io.playbench.schema.Hardware;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.RunIdentity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicesCommandTests {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path temp;

    /** A bundle of {@code device} whose rollout ran from {@code from} to {@code to} seconds after T0. */
    static PlayBundle on(String device, double from, double to, String session, int seed) {
        PlayBundle b = TestBundles.bundle(
                "CartPole-v1",
                1.0,
                seed,
                Map.of(
                        "rollout.start_utc", io.playbench.schema.Timestamps.format(T0.plusNanos((long) (from * 1e9))),
                        "rollout.end_utc", io.playbench.schema.Timestamps.format(T0.plusNanos((long) (to * 1e9)))));
        RunIdentity r = b.run();
        RunIdentity run = new RunIdentity(
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
                null,
                session);
        Hardware h = b.hardware();
        Hardware two = new Hardware(
                h.hostname(),
                List.of(
                        new GpuDeviceInfo(0, "NVIDIA H100 80GB HBM3", 79.19, "9.0"),
                        new GpuDeviceInfo(1, "NVIDIA H100 80GB HBM3", 79.19, "9.0")),
                h.cpuName(),
                h.cpuCount(),
                h.cpuPhysicalCount(),
                h.ramGb(),
                h.osName(),
                h.osArch());
        return new PlayBundle(
                run,
                b.versions(),
                two,
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

    private Path write(String dir, PlayBundle... bundles) throws Exception {
        Path d = temp.resolve(dir);
        for (PlayBundle b : bundles) {
            PlayBundles.write(d, b);
        }
        return d;
    }

    @Test
    void theAllureReportAttachesTheDeviceTableToEveryResultOfAMatrixSession() throws Exception {
        Path run = write(
                "run",
                on("gpu:0", 0, 3, "s1", 1),
                on("gpu:0", 3, 6, "s1", 2),
                on("gpu:1", 0, 3, "s1", 3),
                on("gpu:1", 3.5, 6, "s1", 4),
                on("gpu:0", 10, 11, "single", 5));
        Path results = temp.resolve("merged");

        io.playbench.reports.allure.ReportResults.merge(
                List.of(run),
                results,
                null,
                io.playbench.reports.allure.AllureHistory.read(temp.resolve("none.jsonl")),
                T0.toEpochMilli());

        ObjectMapper json = new ObjectMapper();
        int withTable = 0;
        int without = 0;
        try (var files = java.nio.file.Files.list(results)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                JsonNode result = json.readTree(f.toFile());
                JsonNode table = null;
                for (JsonNode a : result.path("attachments")) {
                    if (a.path("name").asText().equals(io.playbench.reports.allure.ReportResults.DEVICES_ATTACHMENT)) {
                        table = a;
                    }
                }
                if (table == null) {
                    without++;
                    continue;
                }
                withTable++;
                String text = java.nio.file.Files.readString(
                        results.resolve(table.path("source").asText()));
                assertThat(text)
                        .contains("session s1: 4 bundle(s) on 2 device(s)")
                        .containsPattern("gpu:1 +NVIDIA H100 80GB HBM3 +2 +5\\.500")
                        .contains("ok: no two rollouts overlapped on any device");
            }
        }
        // the four results of the two-GPU session carry the table; the one-device session's result does not
        assertThat(withTable).isEqualTo(4);
        assertThat(without).isEqualTo(1);
    }

    @Test
    void twoDevicesWithoutOverlapPassAndShowBusyTimeFpsAndUtilisation() throws Exception {
        write(
                "run",
                on("gpu:0", 0, 3, "s1", 1),
                on("gpu:0", 3, 6, "s1", 2),
                on("gpu:1", 0, 3, "s1", 3),
                on("gpu:1", 3.5, 6, "s1", 4));

        CliRun r = CliRun.playbench(temp, "devices", "run");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("session s1: 4 bundle(s) on 2 device(s), window 6.000 s")
                .containsPattern("gpu:0 +NVIDIA H100 80GB HBM3 +2 +6\\.000 +100\\.0%")
                .containsPattern("gpu:1 +NVIDIA H100 80GB HBM3 +2 +5\\.500 +91\\.7%")
                .contains("ok: no two rollouts overlapped on any device");
    }

    @Test
    void anOverlapOnOneDeviceIsReportedAndFails() throws Exception {
        write("run", on("gpu:0", 0, 3, "s1", 1), on("gpu:0", 2.5, 5, "s1", 2), on("gpu:1", 0, 5, "s1", 3));

        CliRun r = CliRun.playbench(temp, "devices", "run");

        assertThat(r.code()).as(r.toString()).isEqualTo(Playbench.EXIT_FAILED);
        assertThat(r.out())
                .containsPattern("gpu:0 .* 1 OVERLAP\\(S\\)")
                .containsPattern("OVERLAP on gpu:0: .* for 0\\.500000 s")
                .contains("FAIL: rollouts overlapped on a device");
    }

    @Test
    void touchingIntervalsAreNotAnOverlapAndOverlapAcrossDevicesIsFine() throws Exception {
        write("run", on("gpu:0", 0, 3, "s1", 1), on("gpu:0", 3, 6, "s1", 2), on("gpu:1", 1, 4, "s1", 3));

        assertThat(CliRun.playbench(temp, "devices", "run").code()).isZero();
    }

    @Test
    void theNewestSessionIsReportedUnlessAnotherIsChosen() throws Exception {
        write("run", on("gpu:0", 0, 3, "old", 1), on("gpu:0", 1, 2, "old", 2));
        PlayBundle newer = on("gpu:1", 0, 3, "new", 3);
        RunIdentity r = newer.run();
        write(
                "run",
                newer.withRun(new RunIdentity(
                        r.runId(),
                        r.library(),
                        r.config(),
                        r.task(),
                        r.seed(),
                        "2027-01-01T00:00:00.000000+00:00",
                        "2027-01-01T00:00:01.000000+00:00",
                        1.0,
                        r.status(),
                        r.numEnvs(),
                        null,
                        r.device(),
                        r.engine(),
                        null,
                        "new")));

        CliRun newest = CliRun.playbench(temp, "devices", "run");
        CliRun old = CliRun.playbench(temp, "devices", "--session", "old", "run");

        assertThat(newest.code()).isZero();
        assertThat(newest.out()).contains("session new (the newest of 2").contains("1 bundle(s) on 1 device(s)");
        assertThat(old.code()).as("the old session overlaps on gpu:0").isEqualTo(Playbench.EXIT_FAILED);
        assertThat(CliRun.playbench(temp, "devices", "--session", "nope", "run").err())
                .contains("sessions found");
    }

    @Test
    void jsonHasEveryDevice() throws Exception {
        write("run", on("gpu:0", 0, 2, "s1", 1), on("gpu:1", 0, 2, "s1", 2), on("gpu:1", 2, 4, "s1", 3));

        CliRun r = CliRun.playbench(temp, "devices", "--json", "run");

        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("session_id").asText()).isEqualTo("s1");
        assertThat(json.get("overlap").asBoolean()).isFalse();
        assertThat(json.get("window_s").asDouble()).isEqualTo(4.0);
        assertThat(json.get("devices")).hasSize(2);
        assertThat(json.get("devices").get(1).get("device").asText()).isEqualTo("gpu:1");
        assertThat(json.get("devices").get(1).get("invocations").asInt()).isEqualTo(2);
        assertThat(json.get("devices").get(1).get("utilisation").asDouble()).isEqualTo(1.0);
        assertThat(json.get("devices").get(0).get("utilisation").asDouble()).isEqualTo(0.5);
        assertThat(json.get("devices").get(0).get("fps_mean").asDouble()).isPositive();
    }

    @Test
    void noDirectoryIsAUsageError() {
        assertThat(CliRun.playbench(temp, "devices").code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(CliRun.playbench(temp, "devices", "missing").code()).isEqualTo(Playbench.EXIT_USAGE);
    }
}
