package io.playbench.schema;

import io.playbench.library.Library;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realistic bundles for the tests. */
final class SampleBundles {

    static final Instant START = Instant.parse("2026-06-16T12:00:02.513904Z");
    static final Instant END = Instant.parse("2026-06-16T12:01:31.044112Z");

    private SampleBundles() {}

    /** A completed 16-env SB3 CartPole run with every block filled. */
    static PlayBundle complete() {
        RunIdentity run = RunIdentity.of(
                        Library.SB3,
                        RunConfig.playbenchClassic(),
                        "CartPole-v1",
                        42L,
                        START,
                        END,
                        RunStatus.COMPLETED,
                        16,
                        "cpu",
                        "tensorflow")
                .withSessionId("20260616T120000-3f9a2c");
        Versions versions = new Versions(
                "0.1.0-SNAPSHOT",
                "25.0.3+9-LTS",
                "Eclipse Adoptium",
                "6.1.3",
                "1.1.0",
                "2.11.0",
                null,
                null,
                null,
                "2.9.0a4",
                "3d42b11d513c1a7e1e0b7b5f1b2f3e4d5c6b7a89",
                "main",
                false);
        Hardware hardware = new Hardware(
                "benchmark-host",
                List.of(new GpuDeviceInfo(0, "NVIDIA H100 80GB HBM3", 79.19, "9.0")),
                "AMD EPYC 7763 64-Core Processor",
                128,
                64,
                503.72,
                "Linux 6.8.0",
                "amd64");
        PlayRuntime runtime = PlayRuntime.fromIterations(
                new StartupTime(1.25, 0.004, 0.85, 0.0498),
                MeasurementMode.HOST_RETURN,
                10,
                16,
                new double[] {0.002, 0.0021, 0.0019, 0.0025},
                new double[] {0.0015, 0.0016, 0.0014, 0.0018},
                new double[] {0.0005, 0.0005, 0.0005, 0.0007});
        Resources resources = new Resources(
                null,
                null,
                new MeanStd(101.7, 22.5, null),
                new MeanStd(0.84, 0.02, 0.87),
                new MeanStd(0.12, 0.01, 0.15),
                0.003,
                3,
                0.1);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("note", "sample");
        extra.put("threads", 2);
        extra.put("deterministic", true);
        return new PlayBundle(
                run,
                versions,
                hardware,
                runtime,
                resources,
                0.75,
                MeanStd.of(500, 500, 500, 212),
                MeanStd.of(500, 500, 500, 212),
                new EpisodeCounts(4, 1, 3, 3L),
                "/tmp/checkpoints/sb3/CartPole-v1/model.zip",
                new CheckpointInfo(
                        CheckpointOrigin.PUBLISHED,
                        "classpath:playbench/checkpoints/sb3/CartPole-v1/model.zip",
                        "a".repeat(64),
                        139_807),
                null,
                new TestIdentity(
                        "com.example.CartPoleTests",
                        "holdsItsBudget",
                        "holdsItsBudget(PlayResult)",
                        "[engine:junit-jupiter]/[class:com.example.CartPoleTests]/[method:holdsItsBudget()]",
                        null),
                List.of("no checkpoint given; using the published checkpoint for sb3 / CartPole-v1"),
                extra,
                PlayBundle.SCHEMA_VERSION);
    }

    /** A run that crashed before anything was measured. */
    static PlayBundle crashed() {
        RunIdentity run = RunIdentity.of(
                null,
                RunConfig.playbenchClassic(),
                "CartPole-v1",
                null,
                START,
                END,
                RunStatus.CRASHED,
                null,
                "cpu",
                "tensorflow");
        PlayBundle ok = complete();
        PlayRuntime runtime = PlayRuntime.fromIterations(
                new StartupTime(null, null, null, null),
                MeasurementMode.HOST_RETURN,
                0,
                1,
                new double[0],
                new double[0],
                new double[0]);
        return new PlayBundle(
                run,
                ok.versions(),
                ok.hardware(),
                runtime,
                Resources.notMeasured(),
                null,
                null,
                null,
                EpisodeCounts.none(),
                null,
                null,
                null,
                null,
                List.of("java.io.FileNotFoundException: no checkpoint for sb3 / CartPole-v1"),
                null,
                PlayBundle.SCHEMA_VERSION);
    }
}
