package io.playbench.reports.devices;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.reports.cli.CommandContext;
import io.playbench.reports.cli.Playbench;
import io.playbench.rollout.PlayOutcome;
import io.playbench.rollout.PlayRequest;
import io.playbench.rollout.PlayResult;
import io.playbench.rollout.PlayRunner;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.RunStatus;
import io.playbench.schema.ScanResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The multi-GPU device check, run by hand on a host with several GPUs (not a test): (a) a single-GPU baseline, the SB3
 * PPO CartPole checkpoint on {@code gpu:0} with 65,536 envs, twice; (b) a {@code gpu:*} matrix of {@link Matrix#REPEAT}
 * identical invocations through the JUnit Platform launcher with parallel execution; (c) {@code playbench devices} on
 * its bundles, checking that every GPU ran at least two rollouts and was busy, that no two rollouts overlapped on one
 * GPU, and that each GPU's mean frame rate is within 5 % of the baseline. Prints PASS or FAIL; writes everything under
 * the directory given as the first argument (default {@code $OUT}).
 *
 * <p>Run from the repository root (the checkpoint path is relative to it), with {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class MultiGpuCheck {

    static final String CHECKPOINT =
            "junit-extension/playbench-core/src/test/resources/playbench/torch/checkpoints/sb3/ppo-CartPole-v1/model.zip";
    static final int ENVS = 65_536;
    static final long FRAMES = 40_000;
    static final long WARMUP = 2_000;
    static final long SEED = 42;
    static final long MIN_WARMUP_MS = 500;

    private MultiGpuCheck() {}

    /** The matrix: {@link #REPEAT} identical invocations spread over every GPU. */
    static class Matrix {
        static final int REPEAT = 4;

        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = ENVS,
                steps = FRAMES,
                warmupSteps = WARMUP,
                seed = SEED,
                checkpoint = CHECKPOINT,
                device = "gpu:*",
                repeat = REPEAT)
        void everyGpu(PlayResult result) {}
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : System.getenv().getOrDefault("OUT", "target/multi-gpu-check"));
        Files.createDirectories(out);
        List<String> failures = new ArrayList<>();
        int gpus = io.playbench.rollout.DefaultComponents.gpuCount();
        System.out.println("GPUs: " + gpus + " " + io.playbench.rollout.DefaultComponents.gpus());
        if (gpus < 1) {
            System.out.println("FAIL: no GPU: " + io.playbench.rollout.DefaultComponents.gpuAbsenceReason());
            System.exit(1);
        }
        // (a) baseline
        List<Double> baseline = new ArrayList<>();
        Path baseDir = out.resolve("baseline");
        try (PlayRunner runner = PlayRunner.builder()
                .minWarmup(Duration.ofMillis(MIN_WARMUP_MS))
                .gpus(io.playbench.rollout.DefaultComponents::gpus, io.playbench.rollout.DefaultComponents.gpuProbe())
                .sessionId("baseline")
                .build()) {
            for (int i = 0; i < 2; i++) {
                long t0 = System.nanoTime();
                PlayOutcome o = runner.run(PlayRequest.builder(Library.SB3, "CartPole-v1")
                        .numEnvs(ENVS)
                        .steps(FRAMES)
                        .warmupSteps(WARMUP)
                        .checkpoint(CHECKPOINT)
                        .seed(SEED)
                        .device("gpu:0")
                        .build());
                PlayBundles.write(baseDir, o.bundle());
                if (o.crashed()) {
                    System.out.println("FAIL: the baseline crashed: " + o.crash());
                    o.crash().printStackTrace(System.out);
                    System.exit(1);
                }
                double fps = o.bundle().runtime().effectiveFps();
                baseline.add(fps);
                System.out.printf(
                        Locale.ROOT,
                        "baseline %d on gpu:0 (%s): %.1f M frames/s, rollout %.2f s, call %.1f s, engine %s%n",
                        i + 1,
                        o.bundle().run().deviceName(),
                        fps / 1e6,
                        o.bundle().runtime().totalWallTimeS(),
                        (System.nanoTime() - t0) / 1e9,
                        o.bundle().run().engine());
            }
        }
        double base =
                baseline.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        // (b) matrix
        Path bundles = out.resolve("bundles");
        String session = "matrix-" + System.currentTimeMillis();
        long m0 = System.nanoTime();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(Matrix.class))
                        .configurationParameters(Map.of(
                                "junit.jupiter.execution.parallel.enabled",
                                "true",
                                "junit.jupiter.execution.parallel.mode.default",
                                "concurrent",
                                "junit.jupiter.execution.parallel.config.strategy",
                                "fixed",
                                "junit.jupiter.execution.parallel.config.fixed.parallelism",
                                Integer.toString(gpus),
                                "playbench.output.dir",
                                bundles.toAbsolutePath().toString(),
                                "playbench.warmup.min.ms",
                                Long.toString(MIN_WARMUP_MS),
                                "playbench.session.id",
                                session))
                        .build(),
                summary);
        summary.getSummary().printTo(new java.io.PrintWriter(System.out, true));
        summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.out, true), 20);
        System.out.printf(Locale.ROOT, "matrix: %.1f s wall%n", (System.nanoTime() - m0) / 1e9);
        if (summary.getSummary().getTotalFailureCount() > 0) {
            failures.add(summary.getSummary().getTotalFailureCount() + " matrix invocation(s) failed");
        }
        // (c) the aggregate
        ScanResult scan = PlayBundles.scan(bundles);
        List<PlayBundle> all = scan.entries().stream()
                .map(ScanResult.Entry::bundle)
                .filter(b -> session.equals(b.run().sessionId()))
                .toList();
        for (String format : List.of("text", "json")) {
            try (PrintStream file = new PrintStream(
                    out.resolve("devices." + (format.equals("json") ? "json" : "txt"))
                            .toFile(),
                    StandardCharsets.UTF_8)) {
                List<String> cli = new ArrayList<>(List.of("devices", "--session", session));
                if (format.equals("json")) {
                    cli.add("--json");
                }
                cli.add(bundles.toAbsolutePath().toString());
                Playbench.run(
                        cli,
                        new CommandContext(
                                file, System.err, Path.of("").toAbsolutePath(), System.getenv(), Clock.systemUTC()));
            }
        }
        System.out.print(Files.readString(out.resolve("devices.txt")));
        DeviceReport report = DeviceReport.of(all);
        if (all.size() < 2 * gpus) {
            failures.add("the matrix has " + all.size() + " bundles; at least 2 x " + gpus + " GPUs = " + 2 * gpus
                    + " are needed");
        }
        all.stream()
                .filter(b -> b.run().status() != RunStatus.COMPLETED)
                .forEach(b -> failures.add(b.test().displayName() + " "
                        + b.run().status() + ": " + b.test().failure()));
        for (int i = 0; i < gpus; i++) {
            String device = "gpu:" + i;
            DeviceReport.Device d = report.devices().stream()
                    .filter(x -> x.device().equals(device))
                    .findFirst()
                    .orElse(null);
            if (d == null || d.invocations() < 2) {
                failures.add(device + " ran " + (d == null ? 0 : d.invocations())
                        + " rollout(s); every GPU must run at least 2");
                continue;
            }
            if (!d.overlaps().isEmpty()) {
                failures.add(device + ": " + d.overlaps().size() + " overlapping rollout(s): " + d.overlaps());
            }
            if (d.utilisation() == null || d.utilisation() < 0.5) {
                failures.add(String.format(
                        Locale.ROOT,
                        "%s was busy only %.1f %% of the matrix window",
                        device,
                        100 * (d.utilisation() == null ? 0 : d.utilisation())));
            }
            double dev = d.fpsMean() / base - 1;
            System.out.printf(
                    Locale.ROOT,
                    "%s: mean %.1f M frames/s (min %.1f, max %.1f) vs single-GPU baseline %.1f M: %+.2f %%%n",
                    device,
                    d.fpsMean() / 1e6,
                    d.fpsMin() / 1e6,
                    d.fpsMax() / 1e6,
                    base / 1e6,
                    100 * dev);
            if (Math.abs(dev) > 0.05) {
                failures.add(String.format(
                        Locale.ROOT,
                        "%s: mean FPS %.1f M is %+.2f %% off the single-GPU baseline %.1f M (limit 5 %%)",
                        device,
                        d.fpsMean() / 1e6,
                        100 * dev,
                        base / 1e6));
            }
        }
        double busy = report.devices().stream()
                .mapToDouble(DeviceReport.Device::busySeconds)
                .sum();
        System.out.printf(
                Locale.ROOT,
                "concurrency: %.2f devices busy on average over the %.2f s window%n",
                busy / report.windowSeconds(),
                report.windowSeconds());
        String verdict = failures.isEmpty() ? "PASS" : "FAIL";
        StringBuilder text = new StringBuilder(
                verdict + ": multi-GPU check on " + gpus + " GPU(s), " + all.size() + " matrix bundles\n");
        failures.forEach(f -> text.append("  - ").append(f).append('\n'));
        Files.writeString(out.resolve("verdict.txt"), text);
        System.out.print(text);
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
