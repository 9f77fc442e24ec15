package io.playbench.reports.cli;

import io.playbench.checkpoint.CheckpointSettings;
import io.playbench.device.Device;
import io.playbench.inference.ReferenceEngine;
import io.playbench.library.Library;
import io.playbench.monitor.GpuProbe;
import io.playbench.rollout.DefaultComponents;
import io.playbench.rollout.PlayDefaults;
import io.playbench.rollout.PlayOutcome;
import io.playbench.rollout.PlayProtocol;
import io.playbench.rollout.PlayRequest;
import io.playbench.rollout.PlayResult;
import io.playbench.rollout.PlayRunner;
import io.playbench.schema.LatencyStats;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code playbench play}: plays a checkpoint on a task through {@link PlayRunner} and writes its bundle, the
 * command-line counterpart of Isaac Lab's {@code scripts/benchmarks/play.py}; with {@code --episodes N}, the evaluation
 * protocol of the shared checkpoints' {@code eval.json}.
 */
@Command(
        name = "play",
        customSynopsis = {
            "playbench play --library LIB --task TASK [--checkpoint CKPT] [--steps N | --episodes N]",
            "                      [options]"
        },
        description = {
            "play a checkpoint on a task (--steps or --episodes), print a summary, write the bundle",
            "",
            "Loads the checkpoint the library's way, compiles it with an inference engine, plays it on the task and"
                    + " writes the run's bundle (schema play-bundle 1.x), like Isaac Lab's scripts/benchmarks/play.py.",
            "",
            "--steps N (the default protocol): N measured steps after --warmup-steps. A step is one vectorised step"
                    + " of all --num-envs envs, worth --num-envs env frames; throughput is in env frames/s. A progress"
                    + " line on standard error on long runs (updated in place on a terminal, every 10 s otherwise) and a"
                    + " summary table at the end: effective, inference and env FPS, p50/p99 step latency, episodes,"
                    + " return, success rate.",
            "",
            "--episodes N: the evaluation protocol of the shared checkpoints' eval.json: N envs, env i reset once with"
                    + " seed + i, each plays exactly one episode with the deterministic policy (later episodes are"
                    + " ignored). The bundle's reward / ep_length / success_rate cover exactly those N episodes and its"
                    + " extra lists each one: episode.<i>.seed, .return, .length, .terminated, .truncated. With --seed"
                    + " 1000 it reproduces eval.json episode by episode (same lengths, returns to float rounding, except"
                    + " where a near-tie flips an action)."
        },
        footer = {
            "%nexamples:",
            "  playbench play --library sb3 --task CartPole-v1 --checkpoint model.zip --steps 2000 --num-envs 256",
            "  playbench play --library sb3 --task CartPole-v1 --checkpoint model.zip --episodes 20 --seed 1000",
            "%n--output is checked before the run: a symbolic link, the checkpoint itself or a path whose directory"
                    + " cannot be created is refused (exit 2); the bundle is written atomically.",
            "%nexit codes: 0 completed, 1 the run crashed (the crashed bundle is still written), 2 usage or input"
                    + " error (bad option or value, unknown engine or device, missing checkpoint file), 3 unexpected error"
        })
final class PlayCommand extends BaseCommand {

    @Option(
            names = "--library",
            required = true,
            paramLabel = "LIB",
            converter = Converters.LibraryConverter.class,
            completionCandidates = Converters.LibraryIds.class,
            description = "the library that trained the checkpoint: ${COMPLETION-CANDIDATES}")
    Library library;

    @Option(
            names = "--task",
            required = true,
            paramLabel = "TASK",
            converter = Converters.TaskConverter.class,
            completionCandidates = Converters.TaskIds.class,
            description = "the task id: ${COMPLETION-CANDIDATES}")
    String task;

    @Option(
            names = "--checkpoint",
            paramLabel = "CKPT",
            description = "checkpoint file, run directory, <run dir>/latest|best, or classpath:/file:/https: URI"
                    + " (default: the published checkpoint of library and task, see --checkpoint-store)")
    String checkpoint;

    @Option(
            names = "--checkpoint-sha256",
            paramLabel = "HEX",
            description = "refuse the checkpoint unless its SHA-256 is this")
    String checkpointSha256;

    @Mixin
    CheckpointStoreOption store;

    @Option(
            names = "--steps",
            paramLabel = "N",
            description = "measured steps, each a vectorised step of all --num-envs envs (default: ${DEFAULT-VALUE})")
    long steps = PlayDefaults.STEPS;

    @Option(
            names = "--warmup-steps",
            paramLabel = "N",
            description = "steps run before measuring (default: ${DEFAULT-VALUE})")
    long warmupSteps = PlayDefaults.WARMUP_STEPS;

    @Option(
            names = "--warmup-min-ms",
            paramLabel = "MS",
            description = "the warm-up also lasts at least this long, so that the JIT has compiled the hot paths"
                    + " (default: ${DEFAULT-VALUE}; 0 = by steps only)")
    long warmupMinMs = PlayDefaults.MIN_WARMUP.toMillis();

    @Option(
            names = "--episodes",
            paramLabel = "N",
            description = "instead of --steps: the eval.json protocol, N envs, env i reset once with seed + i, one"
                    + " episode each with the deterministic policy")
    Long episodes;

    @Option(
            names = "--num-envs",
            paramLabel = "N",
            description = "parallel envs (default: ${DEFAULT-VALUE}; with --episodes N it is N)")
    int numEnvs = PlayDefaults.NUM_ENVS;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "the reset seed: env i gets S + i (default: ${DEFAULT-VALUE}; the shared eval.json files use"
                    + " 1000)")
    long seed = PlayDefaults.SEED;

    @Option(
            names = "--device",
            paramLabel = "DEV",
            defaultValue = "${env:PLAYBENCH_DEVICE}",
            converter = Converters.DeviceConverter.class,
            completionCandidates = Converters.DeviceForms.class,
            description = "where the policy runs: " + Device.FORMS
                    + " (default: ${DEFAULT-VALUE}; $PLAYBENCH_DEVICE sets it)")
    Device device = PlayDefaults.DEVICE;

    @Option(
            names = "--engine",
            paramLabel = "ID",
            defaultValue = "${env:PLAYBENCH_ENGINE}",
            converter = Converters.EngineConverter.class,
            completionCandidates = Converters.EngineIds.class,
            description = "the inference engine: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, $PLAYBENCH_ENGINE"
                    + " sets it; with --episodes: " + ReferenceEngine.ID + ", the exact evaluator)")
    String engine = PlayDefaults.ENGINE;

    @Option(
            names = "--env-threads",
            paramLabel = "K",
            description = "threads stepping the envs (default: ${DEFAULT-VALUE})")
    int envThreads = PlayDefaults.ENV_THREADS;

    @Option(
            names = "--output",
            paramLabel = "PATH",
            description =
                    "where the bundle goes: a .json file, or a directory for play_<...>.json (default: ${DEFAULT-VALUE})")
    String output = ".";

    @Option(names = "--quiet", description = "no progress and no summary table, only the bundle path")
    boolean quiet;

    /** The old name of {@code --steps}: still accepted, with a note. */
    @Option(names = "--frames", paramLabel = "N", hidden = true)
    Long frames;

    /** The old name of {@code --warmup-steps}: still accepted, with a note. */
    @Option(names = "--warmup-frames", paramLabel = "N", hidden = true)
    Long warmupFrames;

    PlayCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() throws UsageException, IOException {
        long measured = alias("--frames", frames, "--steps", steps);
        long warmup = alias("--warmup-frames", warmupFrames, "--warmup-steps", warmupSteps);
        PolicyOptions.requireLocalExists(checkpoint, context);
        atLeast("--seed", seed, 0);
        atLeast("--env-threads", envThreads, 1);
        PlayRequest.Builder builder = PlayRequest.builder(library, task)
                .checkpoint(checkpoint)
                .checkpointSha256(checkpointSha256)
                .seed(seed)
                .device(device)
                .envThreads(envThreads);
        if (episodes != null) {
            for (String option :
                    List.of("--steps", "--warmup-steps", "--warmup-min-ms", "--frames", "--warmup-frames")) {
                if (given(option)) {
                    throw usage("give either --episodes (the eval.json protocol) or " + option + ", not both");
                }
            }
            if (episodes < 1 || episodes > 1_000_000) {
                throw usage("--episodes must be a whole number from 1 to 1,000,000 but was " + episodes);
            }
            if (given("--num-envs") && numEnvs != episodes) {
                throw usage("with --episodes N the run uses N envs (one episode each); drop --num-envs " + numEnvs);
            }
            builder.engine(given("--engine") ? engine : ReferenceEngine.ID).episodes(episodes.intValue());
        } else {
            atLeast(frames != null ? "--frames" : "--steps", measured, 1);
            atLeast(warmupFrames != null ? "--warmup-frames" : "--warmup-steps", warmup, 0);
            atLeast("--warmup-min-ms", warmupMinMs, 0);
            atLeast("--num-envs", numEnvs, 1);
            builder.engine(engine).numEnvs(numEnvs).steps(measured).warmupSteps(warmup);
        }
        PlayRequest request;
        try {
            request = builder.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Path target = context.path(output);
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("checkpoint", PolicyOptions.localFile(checkpoint, context));
        Outputs.check("--output", target, inputs, true);
        return play(request, target, store.settings(context));
    }

    /** The value of a deprecated option name, with a note, or the current option's value. */
    private long alias(String deprecated, Long deprecatedValue, String current, long currentValue) {
        if (deprecatedValue == null) {
            return currentValue;
        }
        if (given(current)) {
            throw usage(deprecated + " is the old name of " + current + "; give " + current + " only");
        }
        note("warning: " + deprecated + " is deprecated, use " + current + " (the same count of vectorised steps)");
        return deprecatedValue;
    }

    private int play(PlayRequest request, Path output, CheckpointSettings checkpoints) throws IOException {
        Progress progress = new Progress(context.err(), quiet, isTerminal(context));
        PlayOutcome outcome;
        try (PlayRunner runner = PlayRunner.builder()
                .checkpoints(checkpoints)
                .adapters(DefaultComponents.adapters())
                .compiler(DefaultComponents.compiler())
                .progress(progress.interval(), progress)
                .minWarmup(Duration.ofMillis(warmupMinMs))
                .gpus(DefaultComponents::gpus, GpuProbe.NONE)
                .engineVersion(DefaultComponents::engineVersion)
                .build()) {
            if (!quiet) {
                context.err().println(startLine(request));
            }
            outcome = runner.run(request);
        }
        progress.done();
        PlayBundle bundle = outcome.bundle();
        Path written = write(bundle, output);
        PrintStream out = context.out();
        if (!quiet) {
            out.print(episodeTable(bundle.extra()));
            out.print(summary(bundle, outcome.result(), request.numEnvs()));
        }
        if (outcome.crashed()) {
            note("the run crashed: " + Errors.describe(outcome.crash()));
            note("the crashed bundle is in " + written);
            return Playbench.EXIT_FAILED;
        }
        out.println("bundle: " + Errors.escape(written.toString()));
        return Playbench.EXIT_OK;
    }

    private static String startLine(PlayRequest r) {
        if (r.protocol() == PlayProtocol.EPISODES) {
            return String.format(
                    Locale.ROOT,
                    "[playbench] %s %s: %,d episodes (env i reset once with seed %d + i), device %s, engine %s",
                    r.library().id(),
                    r.task(),
                    r.numEnvs(),
                    r.seed(),
                    r.device(),
                    r.engine());
        }
        return String.format(
                Locale.ROOT,
                "[playbench] %s %s: %,d envs, %,d warm-up + %,d measured steps, seed %d, device %s, engine %s",
                r.library().id(),
                r.task(),
                r.numEnvs(),
                r.warmupSteps(),
                r.steps(),
                r.seed(),
                r.device(),
                r.engine());
    }

    static Path write(PlayBundle bundle, Path output) throws IOException {
        boolean file = output.getFileName() != null
                && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                && !Files.isDirectory(output);
        if (file) {
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            PlayBundles.writeTo(output, bundle);
            return output;
        }
        return PlayBundles.write(output, bundle);
    }

    /**
     * The per-episode table of an {@code --episodes} run, read from the bundle's {@code extra}
     * ({@code episode.<i>.seed}, {@code .return}, {@code .length}, {@code .terminated}, {@code .truncated}).
     *
     * @param extra the bundle's extra values
     * @return the table, or an empty string when the run has no episodes there
     */
    static String episodeTable(Map<String, Object> extra) {
        if (extra == null || !(extra.get("episodes.count") instanceof Number count)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT, "%7s  %6s  %14s  %6s  %s%n", "episode", "seed", "return", "length", "ended by"));
        for (int i = 0; i < count.intValue(); i++) {
            String k = "episode." + i + ".";
            boolean terminated = Boolean.TRUE.equals(extra.get(k + "terminated"));
            boolean truncated = Boolean.TRUE.equals(extra.get(k + "truncated"));
            sb.append(String.format(
                    Locale.ROOT,
                    "%7d  %6d  %14.6f  %6d  %s%n",
                    i,
                    number(extra.get(k + "seed")).longValue(),
                    number(extra.get(k + "return")).doubleValue(),
                    number(extra.get(k + "length")).longValue(),
                    terminated ? (truncated ? "terminated+truncated" : "terminated") : "truncated"));
        }
        sb.append(String.format(
                Locale.ROOT,
                "mean return %.4f ± %.4f (population std, as eval.json) over %d episodes%n%n",
                number(extra.get("episodes.mean_return")).doubleValue(),
                number(extra.get("episodes.std_return_population")).doubleValue(),
                count.intValue()));
        return sb.toString();
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : Double.NaN;
    }

    static String summary(PlayBundle bundle, PlayResult result, int numEnvs) {
        StringBuilder sb = new StringBuilder();
        var run = bundle.run();
        row(sb, "status", String.valueOf(run.status()).toLowerCase(Locale.ROOT));
        row(
                sb,
                "benchmark",
                run.task() + " " + run.library() + " x" + (run.numEnvs() == null ? numEnvs : run.numEnvs()) + " on "
                        + run.device() + " (" + run.engine() + ")");
        if (result != null) {
            var rt = result.runtime();
            row(
                    sb,
                    "measured",
                    String.format(
                            Locale.ROOT,
                            "%,d steps, %,d env frames in %.3f s (warm-up %,d steps)",
                            rt.iterationsCompleted(),
                            rt.frames(),
                            rt.totalWallTimeS(),
                            rt.warmupIterations()));
            row(sb, "effective FPS", fps(result.totalFps()));
            row(sb, "inference FPS", fps(result.inferenceFps()));
            row(sb, "env FPS", fps(result.envFps()));
            LatencyStats l = result.stepLatency();
            if (l != null) {
                row(
                        sb,
                        "step latency",
                        String.format(Locale.ROOT, "p50 %s  p99 %s  max %s", ms(l.p50()), ms(l.p99()), ms(l.max())));
            }
            row(
                    sb,
                    "episodes",
                    String.format(
                            Locale.ROOT,
                            "%,d completed (%,d terminated, %,d truncated)",
                            result.episodes().completed(),
                            result.episodes().terminated(),
                            result.episodes().truncated()));
            row(
                    sb,
                    "return",
                    result.reward() == null
                            ? "n/a (no episode completed)"
                            : String.format(
                                    Locale.ROOT,
                                    "%.3f ± %.3f (sample std), max %.3f",
                                    result.reward().mean(),
                                    result.reward().std(),
                                    result.reward().peak()));
            row(
                    sb,
                    "episode length",
                    result.epLength() == null
                            ? "n/a"
                            : String.format(
                                    Locale.ROOT,
                                    "%.1f ± %.1f",
                                    result.epLength().mean(),
                                    result.epLength().std()));
            row(
                    sb,
                    "success rate",
                    result.successRate() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", result.successRate()));
        }
        if (bundle.checkpoint() != null) {
            row(
                    sb,
                    "checkpoint",
                    Errors.escape(bundle.checkpointPath()) + " (sha256 "
                            + bundle.checkpoint().sha256().substring(0, 12) + "...)");
        }
        if (bundle.warnings() != null) {
            for (String w : bundle.warnings()) {
                row(sb, "warning", Errors.escape(Errors.forCli(w)));
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "%-15s %s%n", label, value));
    }

    static String fps(double fps) {
        if (fps >= 1e6) {
            return String.format(Locale.ROOT, "%,.2f M frames/s", fps / 1e6);
        }
        if (fps >= 1e3) {
            return String.format(Locale.ROOT, "%,.1f k frames/s", fps / 1e3);
        }
        return String.format(Locale.ROOT, "%,.1f frames/s", fps);
    }

    private static String ms(double seconds) {
        return seconds >= 1e-3
                ? String.format(Locale.ROOT, "%.3f ms", seconds * 1e3)
                : String.format(Locale.ROOT, "%.1f µs", seconds * 1e6);
    }

    private static boolean isTerminal(CommandContext context) {
        return context.err() == System.err && System.console() != null;
    }

    /** Progress lines on standard error: rewritten in place on a terminal (every second), a line every 10 s otherwise. */
    private static final class Progress implements Consumer<String> {
        private final PrintStream err;
        private final boolean quiet;
        private final boolean terminal;
        private int lastLength;

        Progress(PrintStream err, boolean quiet, boolean terminal) {
            this.err = err;
            this.quiet = quiet;
            this.terminal = terminal;
        }

        Duration interval() {
            return terminal ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        }

        @Override
        public synchronized void accept(String line) {
            if (quiet) {
                return;
            }
            if (terminal) {
                err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
                lastLength = line.length();
            } else {
                err.println(line);
            }
            err.flush();
        }

        synchronized void done() {
            if (terminal && lastLength > 0) {
                err.println();
            }
        }
    }
}
