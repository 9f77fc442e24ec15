package io.playbench.reports.cli;

import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.device.Device;
import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.library.Library;
import io.playbench.library.LoadedPolicy;
import io.playbench.monitor.GitInfo;
import io.playbench.monitor.GpuProbe;
import io.playbench.rollout.Budgets;
import io.playbench.rollout.BundleFactory;
import io.playbench.rollout.DefaultComponents;
import io.playbench.rollout.EpisodeEvaluation;
import io.playbench.rollout.PlayOutcome;
import io.playbench.rollout.PlayRequest;
import io.playbench.rollout.PlayResult;
import io.playbench.rollout.PlayRunner;
import io.playbench.schema.LatencyStats;
import io.playbench.schema.PhysicsBackend;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.RunStatus;
import io.playbench.schema.StartupTime;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code playbench play}: plays a checkpoint on a task and writes its bundle, the command-line counterpart of Isaac
 * Lab's {@code scripts/benchmarks/play.py}; with {@code --episodes N}, the evaluation protocol of the shared
 * checkpoints' {@code eval.json}.
 */
final class PlayCommand implements Command {

    static final long DEFAULT_FRAMES = 1_000;
    static final long DEFAULT_WARMUP = 100;
    static final int DEFAULT_ENVS = 256;

    private static final List<Arguments.Option> OPTIONS = List.of(
            Arguments.Option.valued("library", "LIB", "the library that trained the checkpoint: rsl_rl, rl_games, skrl, sb3 (required)"),
            Arguments.Option.valued("task", "TASK", "the task id, e.g. CartPole-v1 (required)"),
            Arguments.Option.valued("checkpoint", "CKPT", "checkpoint file, run directory, <run dir>/latest|best, or classpath:/file:/https: URI "
                    + "(default: the published checkpoint of library and task, from $PLAYBENCH_CHECKPOINTS)"),
            Arguments.Option.valued("checkpoint-sha256", "HEX", "refuse the checkpoint unless its SHA-256 is this"),
            Arguments.Option.valued("frames", "N", "measured iterations (vectorised steps, each worth --num-envs env frames; default "
                    + DEFAULT_FRAMES + ")"),
            Arguments.Option.valued("episodes", "N", "instead of --frames: the eval.json protocol, N envs, env i reset once with seed + i, "
                    + "one episode each with the deterministic policy"),
            Arguments.Option.valued("warmup-frames", "N", "iterations run before measuring (default " + DEFAULT_WARMUP + "; --frames only)"),
            Arguments.Option.valued("warmup-min-ms", "MS", "the warm-up also lasts at least this long, so the JIT has compiled the hot "
                    + "paths (default 1000; 0 = by frames only; --frames only)"),
            Arguments.Option.valued("num-envs", "N", "parallel envs (default " + DEFAULT_ENVS + "; --frames only: with --episodes it is N)"),
            Arguments.Option.valued("seed", "S", "the reset seed, env i gets S + i (default 0; the shared eval.json files use 1000)"),
            Arguments.Option.valued("device", "DEV", "cpu, gpu, gpu:N or auto (default cpu)"),
            Arguments.Option.valued("engine", "ID", "inference engine: auto, java, tensorflow, reference (default: auto with --frames, "
                    + "reference with --episodes, for exactness)"),
            Arguments.Option.valued("env-threads", "K", "threads stepping the envs (default 1)"),
            Arguments.Option.valued("output", "PATH", "where the bundle goes: a .json file, or a directory for play_<...>.json (default: .)"),
            Arguments.Option.flag("quiet", "no progress and no summary table, only the bundle path"),
            Arguments.Option.flag("help", "show this help"));

    @Override
    public String name() {
        return "play";
    }

    @Override
    public String summary() {
        return "play a checkpoint on a task (--frames or --episodes), print a summary, write the bundle";
    }

    @Override
    public String help() {
        return """
                usage: playbench play --library LIB --task TASK [--checkpoint CKPT] [--frames N | --episodes N] [options]

                Loads the checkpoint the library's way, compiles it with an inference engine, plays it on the task and
                writes the run's bundle (schema play-bundle 1.x), like Isaac Lab's scripts/benchmarks/play.py.

                --frames N (default): N measured iterations of all --num-envs envs after --warmup-frames; a progress line
                on standard error on long runs (updated in place on a terminal, every 10 s otherwise) and a summary table
                at the end: effective, inference and env FPS, p50/p99 step latency, episodes, return, success rate.

                --episodes N: the evaluation protocol of the shared checkpoints' eval.json: N envs, env i reset once with
                seed + i, each plays exactly one episode with the deterministic policy (later episodes are ignored). The
                bundle's reward / ep_length / success_rate cover exactly those N episodes and its extra lists each one:
                episode.<i>.seed, .return, .length, .terminated, .truncated. With --seed 1000 it reproduces eval.json
                episode by episode (same lengths, returns to float rounding, except where a near-tie flips an action).

                options:
                """ + Arguments.describe(OPTIONS) + """

                examples:
                  playbench play --library sb3 --task CartPole-v1 --checkpoint ppo-CartPole-v1/model.zip --frames 2000 --num-envs 4096
                  playbench play --library sb3 --task CartPole-v1 --checkpoint ppo-CartPole-v1/model.zip --episodes 20 --seed 1000

                exit codes: 0 completed, 1 the run crashed (the crashed bundle is still written), 2 usage or input error,
                3 unexpected error
                """;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException, IOException {
        Arguments a = Arguments.parse("play", OPTIONS, args);
        if (a.has("help")) {
            context.out().print(help());
            return Playbench.EXIT_OK;
        }
        if (!a.positionals().isEmpty()) {
            throw new UsageException("play takes no positional arguments but got " + a.positionals() + "; give the checkpoint with --checkpoint");
        }
        Library library = PolicyOptions.library("play", PolicyOptions.required("play", a, "library", "sb3"));
        String task = PolicyOptions.task("play", PolicyOptions.required("play", a, "task", "CartPole-v1"));
        String checkpoint = a.value("checkpoint").orElse(null);
        PolicyOptions.requireLocalExists("play", checkpoint, context);
        Optional<Long> episodes = PolicyOptions.longValue("play", a, "episodes", 1);
        if (episodes.isPresent() && (a.has("frames") || a.has("warmup-frames") || a.has("warmup-min-ms"))) {
            throw new UsageException("give either --episodes (the eval.json protocol) or --frames/--warmup-frames, not both");
        }
        long seed = PolicyOptions.longValue("play", a, "seed", 0).orElse(0L);
        int envThreads = a.intValue("play", "env-threads", 1).orElse(1);
        Device device = PolicyOptions.device("play", a.value("device").orElse(null));
        Path output = context.path(a.value("output").orElse("."));
        boolean quiet = a.has("quiet");
        if (episodes.isPresent()) {
            long n = episodes.get();
            if (n > 1_000_000) {
                throw new UsageException("--episodes must be at most 1,000,000 but was " + n);
            }
            Optional<Integer> envs = a.intValue("play", "num-envs", 1);
            if (envs.isPresent() && envs.get() != n) {
                throw new UsageException("with --episodes N the run uses N envs (one episode each); drop --num-envs " + envs.get());
            }
            PlayRequest request = request(library, task, (int) n, 1, 0, checkpoint, a.value("checkpoint-sha256").orElse(null), seed, device,
                    a.value("engine").orElse("reference"), envThreads);
            return episodes(request, output, quiet, context);
        }
        long frames = PolicyOptions.longValue("play", a, "frames", 1).orElse(DEFAULT_FRAMES);
        long warmup = PolicyOptions.longValue("play", a, "warmup-frames", 0).orElse(DEFAULT_WARMUP);
        int numEnvs = a.intValue("play", "num-envs", 1).orElse(DEFAULT_ENVS);
        PlayRequest request = request(library, task, numEnvs, frames, warmup, checkpoint, a.value("checkpoint-sha256").orElse(null), seed, device,
                a.value("engine").orElse("auto"), envThreads);
        long minWarmupMs = PolicyOptions.longValue("play", a, "warmup-min-ms", 0).orElse(1000L);
        return frames(request, output, quiet, context, minWarmupMs);
    }

    private static PlayRequest request(Library library, String task, int numEnvs, long frames, long warmup, String checkpoint, String sha256,
            long seed, Device device, String engine, int envThreads) throws UsageException {
        try {
            return new PlayRequest(library, task, numEnvs, frames, warmup, checkpoint, sha256, seed, device, engine, AutoresetMode.NEXT_STEP,
                    envThreads, Budgets.NONE);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private int frames(PlayRequest request, Path output, boolean quiet, CommandContext context, long minWarmupMs) throws IOException {
        Progress progress = new Progress(context.err(), quiet, isTerminal(context));
        PlayOutcome outcome;
        try (PlayRunner runner = PlayRunner.builder()
                .checkpoints(PolicyOptions.settings(context))
                .adapters(DefaultComponents.adapters())
                .compiler(DefaultComponents.compiler())
                .progress(progress.interval(), progress)
                .minWarmup(java.time.Duration.ofMillis(minWarmupMs))
                .gpus(DefaultComponents::gpus, GpuProbe.NONE)
                .engineVersion(DefaultComponents::engineVersion)
                .build()) {
            if (!quiet) {
                context.err().printf(Locale.ROOT, "[playbench] %s %s: %,d envs, %,d warm-up + %,d measured iterations, seed %d, device %s, engine %s%n",
                        request.library().id(), request.task(), request.numEnvs(), request.warmupSteps(), request.steps(), request.seed(),
                        request.device(), request.engine());
            }
            outcome = runner.run(request, null);
        }
        progress.done();
        return finish(outcome.bundle(), outcome.result(), outcome.crash(), null, request.numEnvs(), output, quiet, context);
    }

    private int episodes(PlayRequest request, Path output, boolean quiet, CommandContext context) throws IOException {
        Instant start = Instant.now();
        Double appLaunch = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        List<String> warnings = new ArrayList<>();
        Map<String, Object> extra = new LinkedHashMap<>();
        ResolvedCheckpoint checkpoint = null;
        LoadedPolicy loaded = null;
        EpisodeEvaluation.Evaluation evaluation = null;
        Throwable crash = null;
        String engine = request.engine();
        String device = request.device().toString();
        Double policyLoad = null;
        Double envCreation = null;
        if (!quiet) {
            context.err().printf(Locale.ROOT, "[playbench] %s %s: %d episodes (env i reset once with seed %d + i), engine %s%n",
                    request.library().id(), request.task(), request.numEnvs(), request.seed(), request.engine());
        }
        try {
            long t0 = System.nanoTime();
            checkpoint = PolicyOptions.resolve(request.library(), request.task(), request.checkpoint(), request.checkpointSha256(), context);
            warnings.addAll(checkpoint.warnings());
            loaded = PolicyOptions.load(request.library(), checkpoint);
            warnings.addAll(loaded.warnings());
            try (Policy policy = DefaultComponents.compiler().compile(loaded.spec(), request.engine(), request.device(), request.numEnvs())) {
                warnings.addAll(policy.warnings());
                engine = policy.engine() == null || policy.engine().equals("unknown") ? request.engine() : policy.engine();
                device = policy.device();
                policyLoad = (System.nanoTime() - t0) / 1e9;
                long e0 = System.nanoTime();
                try (VecEnv env = Tasks.make(request.task(), request.numEnvs(), EnvOptions.defaults().withThreads(request.envThreads()))) {
                    envCreation = (System.nanoTime() - e0) / 1e9;
                    long maxSteps = env.maxEpisodeSteps() > 0 ? env.maxEpisodeSteps() + 1L : 10_000_000L;
                    evaluation = EpisodeEvaluation.run(env, policy, request.seed(), maxSteps, request.library().id(), engine,
                            new StartupTime(appLaunch, envCreation, policyLoad, null));
                }
            }
            extra.putAll(evaluation.extra());
        } catch (RuntimeException | IOException | Error e) {
            if (e instanceof VirtualMachineError vm && !(vm instanceof OutOfMemoryError)) {
                throw vm;
            }
            crash = e;
            warnings.add("crashed: " + BundleFactory.failureLine(e));
        }
        Instant end = Instant.now();
        PlayResult result = evaluation == null ? null : evaluation.result();
        PlayRequest recorded = result == null ? request : new PlayRequest(request.library(), request.task(), request.numEnvs(),
                Math.max(1, result.runtime().iterationsCompleted()), 0, request.checkpoint(), request.checkpointSha256(), request.seed(),
                request.device(), engine, request.autoreset(), request.envThreads(), request.budgets());
        PlayBundle bundle = BundleFactory.build(new BundleFactory.Parts(recorded, start, end, crash == null ? RunStatus.COMPLETED : RunStatus.CRASHED,
                crash == null ? null : BundleFactory.failureLine(crash), checkpoint, loaded, result,
                new StartupTime(appLaunch, envCreation, policyLoad, null), PhysicsBackend.PLAYBENCH_CLASSIC, engine, device, null,
                GitInfo.of(context.workingDirectory()), null, DefaultComponents.engineVersion(engine), DefaultComponents.gpus(), warnings, extra));
        return finish(bundle, result, crash, evaluation, request.numEnvs(), output, quiet, context);
    }

    private static int finish(PlayBundle bundle, PlayResult result, Throwable crash, EpisodeEvaluation.Evaluation evaluation, int numEnvs, Path output,
            boolean quiet, CommandContext context) throws IOException {
        Path written = write(bundle, output);
        PrintStream out = context.out();
        if (!quiet) {
            if (evaluation != null) {
                out.print(episodeTable(evaluation));
            }
            out.print(summary(bundle, result, numEnvs));
        }
        if (crash != null) {
            context.err().println("playbench play: the run crashed: " + BundleFactory.failureLine(crash));
            context.err().println("  the crashed bundle is in " + written);
            return Playbench.EXIT_FAILED;
        }
        out.println("bundle: " + written);
        return Playbench.EXIT_OK;
    }

    static Path write(PlayBundle bundle, Path output) throws IOException {
        boolean file = output.getFileName() != null && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
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

    static String episodeTable(EpisodeEvaluation.Evaluation evaluation) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%7s  %6s  %14s  %6s  %s%n", "episode", "seed", "return", "length", "ended by"));
        for (EpisodeEvaluation.Episode e : evaluation.episodes()) {
            sb.append(String.format(Locale.ROOT, "%7d  %6d  %14.6f  %6d  %s%n", e.env(), e.seed(), e.episodeReturn(), e.length(),
                    e.terminated() ? (e.truncated() ? "terminated+truncated" : "terminated") : "truncated"));
        }
        sb.append(String.format(Locale.ROOT, "mean return %.4f ± %.4f (population std, as eval.json) over %d episodes%n%n",
                evaluation.meanReturn(), evaluation.populationStdReturn(), evaluation.episodes().size()));
        return sb.toString();
    }

    static String summary(PlayBundle bundle, PlayResult result, int numEnvs) {
        StringBuilder sb = new StringBuilder();
        var run = bundle.run();
        row(sb, "status", String.valueOf(run.status()).toLowerCase(Locale.ROOT));
        row(sb, "benchmark", run.task() + " " + run.framework() + " x" + (run.numEnvs() == null ? numEnvs : run.numEnvs()) + " on " + run.device()
                + " (" + run.engine() + ")");
        if (result != null) {
            var rt = result.runtime();
            row(sb, "measured", String.format(Locale.ROOT, "%,d iterations, %,d env frames in %.3f s (warm-up %,d)", rt.iterationsCompleted(),
                    rt.frames(), rt.totalWallTimeS(), rt.warmupIterations()));
            row(sb, "effective FPS", fps(result.totalFps()));
            row(sb, "inference FPS", fps(result.inferenceFps()));
            row(sb, "env FPS", fps(result.envFps()));
            LatencyStats l = result.stepLatency();
            if (l != null) {
                row(sb, "step latency", String.format(Locale.ROOT, "p50 %s  p99 %s  max %s", ms(l.p50()), ms(l.p99()), ms(l.max())));
            }
            row(sb, "episodes", String.format(Locale.ROOT, "%,d completed (%,d terminated, %,d truncated)", result.episodes().completed(),
                    result.episodes().terminated(), result.episodes().truncated()));
            row(sb, "return", result.reward() == null ? "n/a (no episode completed)"
                    : String.format(Locale.ROOT, "%.3f ± %.3f (sample std), max %.3f", result.reward().mean(), result.reward().std(),
                            result.reward().peak()));
            row(sb, "episode length", result.epLength() == null ? "n/a"
                    : String.format(Locale.ROOT, "%.1f ± %.1f", result.epLength().mean(), result.epLength().std()));
            row(sb, "success rate", result.successRate() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", result.successRate()));
        }
        if (bundle.checkpoint() != null) {
            row(sb, "checkpoint", bundle.checkpointPath() + " (sha256 " + bundle.checkpoint().sha256().substring(0, 12) + "...)");
        }
        if (bundle.warnings() != null) {
            for (String w : bundle.warnings()) {
                row(sb, "warning", w);
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
        return seconds >= 1e-3 ? String.format(Locale.ROOT, "%.3f ms", seconds * 1e3) : String.format(Locale.ROOT, "%.1f µs", seconds * 1e6);
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
