package io.playbench.reports;

import io.playbench.library.Library;
import io.playbench.schema.CheckpointInfo;
import io.playbench.schema.CheckpointOrigin;
import io.playbench.schema.EpisodeCounts;
import io.playbench.schema.GpuDeviceInfo;
import io.playbench.schema.Hardware;
import io.playbench.schema.MeanStd;
import io.playbench.schema.MeasurementMode;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.PlayRuntime;
import io.playbench.schema.Resources;
import io.playbench.schema.RunConfig;
import io.playbench.schema.RunIdentity;
import io.playbench.schema.RunStatus;
import io.playbench.schema.StartupTime;
import io.playbench.schema.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Realistic bundles for the tests: a 16-env SB3 run whose step time is scaled, with a little seeded jitter. */
public final class TestBundles {

    /** The nominal step time: 2 ms per iteration of 16 envs, 8000 frames/s. */
    public static final double STEP_SECONDS = 0.002;

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private TestBundles() {}

    /**
     * A CartPole bundle.
     *
     * @param scale step time factor: 1 nominal, 1.5 = 50 % slower
     * @return the bundle, unique (seeded jitter)
     */
    public static PlayBundle cartPole(double scale) {
        return bundle("CartPole-v1", scale, SEQUENCE.incrementAndGet(), null);
    }

    /**
     * A bundle.
     *
     * @param task the task
     * @param scale step time factor
     * @param seed jitter seed; equal seeds give equal bundles
     * @param extra the extra block, or {@code null}
     * @return the bundle
     */
    public static PlayBundle bundle(String task, double scale, long seed, Map<String, Object> extra) {
        Random random = new Random(seed);
        int n = 50;
        double[] inference = new double[n];
        double[] env = new double[n];
        double[] step = new double[n];
        for (int i = 0; i < n; i++) {
            double jitter = 1 + 0.02 * (random.nextDouble() - 0.5);
            inference[i] = STEP_SECONDS * 0.7 * scale * jitter;
            env[i] = STEP_SECONDS * 0.3 * scale * jitter;
            step[i] = inference[i] + env[i];
        }
        Instant start = Instant.parse("2026-11-25T12:00:00Z").plusSeconds(seed % 100_000);
        Instant end = start.plusSeconds(3);
        RunIdentity run = RunIdentity.of(
                Library.SB3,
                RunConfig.playbenchClassic(),
                task,
                42L,
                start,
                end,
                RunStatus.COMPLETED,
                16,
                "cpu",
                "tensorflow");
        Versions versions = new Versions(
                "0.1.0-SNAPSHOT",
                "25.0.1+8-LTS",
                "Eclipse Adoptium",
                "6.1.3",
                "1.1.0",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        Hardware hardware = new Hardware(
                "runner-" + (seed % 7),
                List.of(new GpuDeviceInfo(0, "NVIDIA H100 80GB HBM3", 79.19, "9.0")),
                "AMD EPYC 7763 64-Core Processor",
                16,
                8,
                64.0,
                "Linux 6.8.0",
                "amd64");
        PlayRuntime runtime = PlayRuntime.fromIterations(
                new StartupTime(1.0, 0.003, 0.5, 0.01), MeasurementMode.HOST_RETURN, 10, 16, step, inference, env);
        return new PlayBundle(
                run,
                versions,
                hardware,
                runtime,
                Resources.notMeasured(),
                0.75,
                MeanStd.of(500, 500, 500, 212),
                MeanStd.of(500, 500, 500, 212),
                new EpisodeCounts(4, 1, 3, 3L),
                "/tmp/model.zip",
                new CheckpointInfo(CheckpointOrigin.PUBLISHED, "classpath:model.zip", "a".repeat(64), 1000),
                null,
                null,
                List.of(),
                extra,
                PlayBundle.SCHEMA_VERSION);
    }

    /**
     * Writes bundles of CartPole with the given step-time factors into a directory.
     *
     * @param dir the directory
     * @param scales one bundle per factor
     * @return the directory
     */
    public static Path writeRun(Path dir, double... scales) {
        try {
            for (double scale : scales) {
                PlayBundles.write(dir, cartPole(scale));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
