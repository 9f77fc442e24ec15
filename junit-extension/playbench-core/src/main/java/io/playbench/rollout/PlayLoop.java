package io.playbench.rollout;

import io.playbench.env.Space;
import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.library.PolicySpec;
import io.playbench.monitor.ResourceMonitor;
import io.playbench.schema.EpisodeCounts;
import io.playbench.schema.MeanStd;
import io.playbench.schema.MeasurementMode;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayRuntime;
import io.playbench.schema.Resources;
import io.playbench.schema.StartupTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The play loop: warm-up, then measured iterations of policy inference and env step for all envs, with each part
 * timed on its own, and the episodes that end along the way.
 *
 * <p>One iteration = {@code policy.act(observations)} then {@code env.step(actions)}; the clock is read before,
 * between and after ({@code System.nanoTime}, host-return timing). Episode bookkeeping and progress output happen
 * outside the timed parts. The first iteration run is the cold first step: it is reported as
 * {@code startup_time_s.first_step} and, as part of the warm-up, never enters the steady-state figures (unless the
 * warm-up is 0). Episodes are counted when they end during the measured iterations, with their full return and length
 * (including steps taken during warm-up), accumulated by the env in float64.
 */
public final class PlayLoop {

    private static final System.Logger LOG = System.getLogger(PlayLoop.class.getName());
    private static final int FEW_EPISODES = 10;
    private static final long WARMUP_WINDOW_NANOS = 100_000_000L;
    private static final long MAX_WARMUP_FACTOR = 10;

    private PlayLoop() {}

    /**
     * How to run the loop.
     *
     * @param warmupSteps iterations run before measuring ({@code >= 0}); the unit is vectorised steps, each worth
     *     {@code numEnvs} env frames
     * @param steps measured iterations ({@code >= 1}), in the same unit
     * @param seed the seed of the reset (env i gets seed + i), or {@code null} for an unseeded reset
     * @param library the library id recorded in the result
     * @param engine the engine id recorded in the result
     * @param startup app-launch, env-creation and policy-load times measured by the caller ({@code firstStep} is
     *     filled in by the loop)
     * @param progressInterval how often to report progress on long runs
     * @param progress where progress lines go (e.g. a logger)
     * @param monitor creates the resource monitor started around the measured iterations, or {@code null} for none
     * @param episodeLogLimit how many completed episodes to keep individually in the result (aggregates use all)
     * @param minWarmup the warm-up goes on until at least this much time has passed as well, and then until the step
     *     time is steady (a 100 ms window no more than 10 % faster than the one before; at most 10 times this floor),
     *     so that the JIT has compiled the hot paths before anything is measured ({@code Duration.ZERO}: warm up by
     *     the step count only); the iterations actually run are recorded
     */
    public record Options(
            long warmupSteps,
            long steps,
            Long seed,
            String library,
            String engine,
            StartupTime startup,
            Duration progressInterval,
            Consumer<String> progress,
            Supplier<ResourceMonitor> monitor,
            int episodeLogLimit,
            Duration minWarmup) {

        /** Checks the workload: non-positive frame counts are refused with a clear message. */
        public Options {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1 (measured vectorised steps) but was " + steps);
            }
            if (steps > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "steps must be below 2^31 per rollout but was " + steps + "; split the run");
            }
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("warmupSteps must be >= 0 but was " + warmupSteps);
            }
            if (episodeLogLimit < 0) {
                throw new IllegalArgumentException("episodeLogLimit must be >= 0 but was " + episodeLogLimit);
            }
            startup = startup == null ? new StartupTime(null, null, null, null) : startup;
            progressInterval = progressInterval == null ? Duration.ofSeconds(10) : progressInterval;
            progress = progress == null ? line -> LOG.log(System.Logger.Level.INFO, line) : progress;
            minWarmup = minWarmup == null ? Duration.ZERO : minWarmup;
            if (minWarmup.isNegative()) {
                throw new IllegalArgumentException("minWarmup must not be negative but was " + minWarmup);
            }
        }

        /**
         * Options without a time floor on the warm-up.
         *
         * @param warmupSteps warm-up iterations
         * @param steps measured iterations
         * @param seed the reset seed, or {@code null}
         * @param library the library id recorded in the result
         * @param engine the engine id recorded in the result
         * @param startup startup times measured by the caller
         * @param progressInterval how often to report progress
         * @param progress where progress lines go
         * @param monitor creates the resource monitor, or {@code null}
         * @param episodeLogLimit completed episodes kept individually
         */
        public Options(
                long warmupSteps,
                long steps,
                Long seed,
                String library,
                String engine,
                StartupTime startup,
                Duration progressInterval,
                Consumer<String> progress,
                Supplier<ResourceMonitor> monitor,
                int episodeLogLimit) {
            this(
                    warmupSteps,
                    steps,
                    seed,
                    library,
                    engine,
                    startup,
                    progressInterval,
                    progress,
                    monitor,
                    episodeLogLimit,
                    Duration.ZERO);
        }

        /**
         * Options with defaults: no seed record beyond the given one, progress every 10 s to the logger, a CPU monitor,
         * up to 10,000 logged episodes.
         *
         * @param warmupSteps warm-up iterations
         * @param steps measured iterations
         * @param seed the reset seed, or {@code null}
         * @return the options
         */
        public static Options of(long warmupSteps, long steps, Long seed) {
            return new Options(
                    warmupSteps, steps, seed, null, null, null, null, null, ResourceMonitor::cpuOnly, 10_000);
        }
    }

    /**
     * Resets the env with the seed and runs warm-up and measured iterations.
     *
     * @param env the environments
     * @param policy the compiled policy, for {@code env.numEnvs()} observations per call
     * @param options what to run
     * @return the measurements
     * @throws IllegalArgumentException when policy and env do not fit together (sizes, action kind)
     */
    public static PlayResult run(VecEnv env, Policy policy, Options options) {
        checkFit(env, policy);
        int n = env.numEnvs();
        boolean discrete = policy.spec().action() instanceof PolicySpec.ActionOutput.Discrete;
        int actionWidth = discrete ? 1 : policy.spec().outputSize();
        int[] discreteActions = discrete ? new int[n] : null;
        float[] continuousActions = discrete ? null : new float[n * actionWidth];
        int steps = (int) options.steps();

        if (options.seed() != null) {
            env.reset(options.seed());
        } else {
            env.reset();
        }

        Double firstStep = null;
        long progressEvery = options.progressInterval().toNanos();
        long runStart = System.nanoTime();
        long nextProgress = runStart + progressEvery;
        String label = env.taskId() + (options.library() == null ? "" : " " + options.library()) + " x" + n;
        long warmupDeadline = runStart + options.minWarmup().toNanos();
        // With a time floor, the warm-up also waits for steady state: it goes on while the last window of steps ran
        // more than 10 % faster than the window before (the JIT compiler is still improving the code), for at most
        // MAX_WARMUP_FACTOR times the floor.
        boolean steady = options.minWarmup().isZero();
        long warmupCap = runStart + options.minWarmup().toNanos() * MAX_WARMUP_FACTOR;
        long windowStart = runStart;
        long windowSteps = 0;
        double previousWindow = Double.NaN;
        long warmupDone = 0;
        for (long i = 0; i < options.warmupSteps() || System.nanoTime() < warmupDeadline || !steady; i++) {
            warmupDone = i + 1;
            long t0 = System.nanoTime();
            step(env, policy, discreteActions, continuousActions);
            long t1 = System.nanoTime();
            if (firstStep == null) {
                firstStep = (t1 - t0) / 1e9;
            }
            if (!steady) {
                windowSteps++;
                if (windowSteps >= 32 && t1 - windowStart >= WARMUP_WINDOW_NANOS) {
                    double perStep = (double) (t1 - windowStart) / windowSteps;
                    steady = t1 >= warmupCap || (t1 >= warmupDeadline && !(perStep < 0.9 * previousWindow));
                    previousWindow = perStep;
                    windowStart = t1;
                    windowSteps = 0;
                }
            }
            if (t1 >= nextProgress) {
                options.progress()
                        .accept(String.format(
                                Locale.ROOT, "[playbench] %s: warm-up %,d/%,d", label, i + 1, options.warmupSteps()));
                nextProgress = t1 + progressEvery;
            }
        }

        long[] inferenceNs = new long[steps];
        long[] envNs = new long[steps];
        Episodes episodes = new Episodes(options.episodeLogLimit());
        long completedBefore = env.episodesCompleted();
        ResourceMonitor monitor =
                options.monitor() == null ? null : options.monitor().get().start();
        Resources resources;
        List<String> warnings = new ArrayList<>();
        long measuredStart = System.nanoTime();
        try {
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                if (discrete) {
                    policy.act(env.observations(), discreteActions);
                } else {
                    policy.act(env.observations(), continuousActions);
                }
                long t1 = System.nanoTime();
                if (discrete) {
                    env.step(discreteActions);
                } else {
                    env.step(continuousActions);
                }
                long t2 = System.nanoTime();
                inferenceNs[i] = t1 - t0;
                envNs[i] = t2 - t1;
                if (firstStep == null) {
                    firstStep = (t2 - t0) / 1e9;
                }
                long completed = env.episodesCompleted();
                if (completed != completedBefore) {
                    episodes.collect(env, i);
                    completedBefore = completed;
                }
                if ((i & 63) == 0 && t2 >= nextProgress) {
                    double elapsed = (t2 - measuredStart) / 1e9;
                    double fps = (double) (i + 1) * n / Math.max(elapsed, 1e-9);
                    double eta = (steps - i - 1) * elapsed / (i + 1);
                    options.progress()
                            .accept(String.format(
                                    Locale.ROOT,
                                    "[playbench] %s: %,d/%,d steps (%.0f%%), %s frames/s, ETA %.0f s",
                                    label,
                                    i + 1,
                                    steps,
                                    100.0 * (i + 1) / steps,
                                    human(fps),
                                    eta));
                    nextProgress = t2 + progressEvery;
                }
            }
        } finally {
            resources = monitor == null ? Resources.notMeasured() : monitor.stop();
            if (monitor != null) {
                warnings.addAll(monitor.warnings());
            }
        }

        double[] inference = seconds(inferenceNs);
        double[] envTimes = seconds(envNs);
        double[] total = new double[steps];
        for (int i = 0; i < steps; i++) {
            total[i] = (inferenceNs[i] + envNs[i]) / 1e9;
        }
        StartupTime s = options.startup();
        StartupTime startup = new StartupTime(s.appLaunch(), s.envCreation(), s.policyLoad(), firstStep);
        PlayRuntime runtime = PlayRuntime.fromIterations(
                startup, MeasurementMode.HOST_RETURN, warmupDone, n, total, inference, envTimes);

        long completed = episodes.count();
        if (completed == 0) {
            warnings.add("No episode ended during the " + steps + " measured steps of " + n
                    + " envs, so reward, ep_length and "
                    + "success_rate are null (not zero); raise steps to at least the task's episode length.");
        } else if (completed < FEW_EPISODES) {
            warnings.add("Only " + completed
                    + " episode(s) ended during the measured steps; reward, ep_length and success_rate "
                    + "rest on few episodes and are biased toward short ones. Raise steps for a stable figure.");
        }
        return new PlayResult(
                env.taskId(),
                options.library(),
                n,
                policy.device(),
                options.engine(),
                options.seed(),
                runtime,
                episodes.counts(),
                episodes.returns(),
                episodes.lengths(),
                episodes.successRate(),
                resources,
                episodes.log(),
                warnings);
    }

    private static void step(VecEnv env, Policy policy, int[] discreteActions, float[] continuousActions) {
        if (discreteActions != null) {
            policy.act(env.observations(), discreteActions);
            env.step(discreteActions);
        } else {
            policy.act(env.observations(), continuousActions);
            env.step(continuousActions);
        }
    }

    /**
     * Checks that a policy can drive an env: observation width, action kind and width, batch size.
     *
     * @param env the env
     * @param policy the policy
     * @throws IllegalArgumentException saying what differs
     */
    public static void checkFit(VecEnv env, Policy policy) {
        PolicySpec spec = policy.spec();
        int obsWidth = width(env.observationSpace());
        if (spec.observationSize() != obsWidth) {
            throw new IllegalArgumentException("the policy expects observations of " + spec.observationSize()
                    + " values but " + env.taskId() + " gives " + obsWidth + "; is the checkpoint for another task?");
        }
        if (policy.batchSize() != env.numEnvs()) {
            throw new IllegalArgumentException("the policy was compiled for batches of " + policy.batchSize()
                    + " but the env has " + env.numEnvs() + " envs");
        }
        switch (env.actionSpace()) {
            case Space.Discrete d -> {
                if (!(spec.action() instanceof PolicySpec.ActionOutput.Discrete pd) || pd.n() != d.n()) {
                    throw new IllegalArgumentException(
                            env.taskId() + " takes a discrete action in [0, " + d.n() + ") but the policy produces "
                                    + describe(spec.action()) + "; is the checkpoint for another task?");
                }
            }
            case Space.Box b -> {
                int w = width(b);
                if (!(spec.action() instanceof PolicySpec.ActionOutput.Continuous pc) || pc.size() != w) {
                    throw new IllegalArgumentException(
                            env.taskId() + " takes a continuous action of " + w + " values but the policy produces "
                                    + describe(spec.action()) + "; is the checkpoint for another task?");
                }
            }
        }
    }

    private static String describe(PolicySpec.ActionOutput action) {
        return switch (action) {
            case PolicySpec.ActionOutput.Discrete d -> "a discrete action in [0, " + d.n() + ")";
            case PolicySpec.ActionOutput.Continuous c -> "a continuous action of " + c.size() + " values";
        };
    }

    private static int width(Space space) {
        return switch (space) {
            case Space.Box b -> Arrays.stream(b.shape()).reduce(1, (a, c) -> a * c);
            case Space.Discrete d -> 1;
        };
    }

    private static double[] seconds(long[] nanos) {
        double[] s = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            s[i] = nanos[i] / 1e9;
        }
        return s;
    }

    static String human(double fps) {
        if (fps >= 1e9) {
            return String.format(Locale.ROOT, "%.2f G", fps / 1e9);
        }
        if (fps >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", fps / 1e6);
        }
        if (fps >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", fps / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", fps);
    }

    /** Completed-episode bookkeeping in primitive arrays. */
    private static final class Episodes {
        private final int logLimit;
        private double[] returns = new double[256];
        private double[] lengths = new double[256];
        private long count;
        private long terminated;
        private long successes;
        private final List<EpisodeRecord> log = new ArrayList<>();

        Episodes(int logLimit) {
            this.logLimit = logLimit;
        }

        void collect(VecEnv env, long step) {
            boolean[] ended = env.episodeEnded();
            boolean[] term = env.terminated();
            double[] ret = env.episodeReturns();
            int[] len = env.episodeLengths();
            boolean[] success = env.episodeSuccesses();
            for (int e = 0; e < ended.length; e++) {
                if (!ended[e]) {
                    continue;
                }
                if (count == returns.length) {
                    returns = Arrays.copyOf(returns, returns.length * 2);
                    lengths = Arrays.copyOf(lengths, lengths.length * 2);
                }
                returns[(int) count] = ret[e];
                lengths[(int) count] = len[e];
                count++;
                if (term[e]) {
                    terminated++;
                }
                if (success[e]) {
                    successes++;
                }
                if (log.size() < logLimit) {
                    log.add(new EpisodeRecord(e, step, ret[e], len[e], term[e], success[e]));
                }
            }
        }

        long count() {
            return count;
        }

        EpisodeCounts counts() {
            return new EpisodeCounts(count, terminated, count - terminated, count == 0 ? null : successes);
        }

        MeanStd returns() {
            return count == 0 ? null : MeanStd.of(Arrays.copyOf(returns, (int) count));
        }

        MeanStd lengths() {
            return count == 0 ? null : MeanStd.of(Arrays.copyOf(lengths, (int) count));
        }

        Double successRate() {
            return count == 0 ? null : PlayBundle.successRate(successes, count);
        }

        List<EpisodeRecord> log() {
            return log;
        }
    }
}
