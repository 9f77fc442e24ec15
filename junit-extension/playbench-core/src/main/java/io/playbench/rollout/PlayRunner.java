package io.playbench.rollout;

import io.playbench.checkpoint.CheckpointRequest;
import io.playbench.device.Device;
import io.playbench.checkpoint.CheckpointResolver;
import io.playbench.checkpoint.CheckpointSettings;
import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.env.EnvOptions;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapter;
import io.playbench.library.LoadedPolicy;
import io.playbench.monitor.GitInfo;
import io.playbench.monitor.GpuProbe;
import io.playbench.monitor.ResourceMonitor;
import io.playbench.schema.GpuDeviceInfo;
import io.playbench.schema.PhysicsBackend;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.RunStatus;
import io.playbench.schema.StartupTime;
import io.playbench.schema.TestIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs play benchmarks end to end, without JUnit: resolves the checkpoint, loads it the library's way, compiles it
 * with an inference engine, creates (or reuses) the environments, runs the {@link PlayLoop}, and builds the
 * {@link PlayBundle} — a {@code crashed} one when anything fails, so that nothing is lost.
 *
 * <p>Use it from a {@code @ParameterizedTest}, a main method or the command line:
 *
 * <pre>{@code
 * try (PlayRunner runner = PlayRunner.builder().build()) {
 *     PlayOutcome outcome = runner.run(new PlayRequest(Library.SB3, "CartPole-v1", 256, 2_000, 100,
 *             null, null, 0L, "cpu", "auto", null, 1, Budgets.NONE), null);
 *     System.out.println(outcome.result().totalFps());
 * }
 * }</pre>
 *
 * <p>Environments and compiled policies are kept in a {@link RunnerCache} keyed by what makes them equal and closed
 * with the runner. Rollouts on one device never overlap: a lock per device ({@code cpu}, {@code gpu:0}, {@code gpu:1},
 * ...) is held while measuring, so rollouts on different GPUs run at the same time and rollouts on one GPU take turns.
 * A request for {@code gpu:*} goes to the runner's next GPU in turn ({@code gpu:0}, {@code gpu:1}, ..., round robin).
 */
public final class PlayRunner implements AutoCloseable {

    private static final Map<String, ReentrantLock> DEVICE_LOCKS = new ConcurrentHashMap<>();

    private final CheckpointResolver resolver;
    private final Function<Library, LibraryAdapter> adapters;
    private final PolicyCompiler compiler;
    private final RunnerCache cache;
    private final boolean ownsCache;
    private final Settings settings;
    private final Map<PlayRequest, CachedPolicy> lastPolicy = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger allGpusTurn = new java.util.concurrent.atomic.AtomicInteger();
    private volatile GitInfo git;

    private PlayRunner(Builder b) {
        this.resolver = new CheckpointResolver(b.checkpoints);
        this.adapters = b.adapters;
        this.compiler = b.compiler;
        this.cache = b.cache == null ? RunnerCache.inMemory() : b.cache;
        this.ownsCache = b.cache == null;
        this.settings = new Settings(b.checkpoints, b.monitorInterval, b.progressInterval, b.progress, b.junitVersion, b.gpus, b.gpuProbe,
                b.tensorflowVersion, b.minWarmup, b.sessionId);
    }

    private record Settings(CheckpointSettings checkpoints, Duration monitorInterval, Duration progressInterval, Consumer<String> progress,
            String junitVersion, Supplier<List<GpuDeviceInfo>> gpus, GpuProbe gpuProbe, Function<String, String> tensorflowVersion,
            Duration minWarmup, String sessionId) {
    }

    /**
     * A builder with defaults: checkpoints relative to the working directory, published store from the
     * {@code playbench.checkpoints.root} system property, PlayBench's library adapters (and any plugged in through
     * {@code ServiceLoader}), engines chosen automatically.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs one benchmark.
     *
     * @param request what to run
     * @return the measurements and the bundle ({@code completed}), or the crash and a {@code crashed} bundle
     */
    public PlayOutcome run(PlayRequest request) {
        return run(request, null);
    }

    /**
     * Runs one benchmark on behalf of a test, whose identity the bundle records.
     *
     * @param request what to run
     * @param test the test (class, method, display name)
     * @return the measurements and the bundle ({@code completed}), or the crash and a {@code crashed} bundle
     */
    public PlayOutcome run(PlayRequest request, TestIdentity test) {
        PlayRequest concrete = request.device().isAllGpus() ? request.withDevice(nextGpu()) : request;
        PlayOutcome outcome = GpuRoute.applies(concrete) ? runOnGpu(concrete, test) : runOnEngines(concrete, test);
        if (concrete != request && lastPolicy.containsKey(concrete)) {
            lastPolicy.put(request, lastPolicy.get(concrete));
        }
        return outcome;
    }

    /** The device of the next {@code gpu:*} request of this runner: the host's GPUs in turn, {@code gpu:0} without any. */
    private Device nextGpu() {
        int n = settings.gpus().get().size();
        return Device.gpu(n < 1 ? 0 : Math.floorMod(allGpusTurn.getAndIncrement(), n));
    }

    private PlayOutcome runOnEngines(PlayRequest request, TestIdentity test) {
        Instant start = Instant.now();
        Double appLaunch = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        List<String> warnings = new ArrayList<>();
        Map<String, Object> extra = new LinkedHashMap<>();
        ResolvedCheckpoint checkpoint = null;
        CachedPolicy policy = null;
        CachedEnv env = null;
        PlayResult result = null;
        Throwable crash = null;
        Double policyLoad = null;
        Double envCreation = null;
        try {
            long t0 = System.nanoTime();
            checkpoint = resolver.resolve(new CheckpointRequest(request.library(), request.task(), request.checkpoint(),
                    request.checkpointSha256()));
            warnings.addAll(checkpoint.warnings());
            ResolvedCheckpoint ckpt = checkpoint;
            String policyKey = String.join("|", "policy", ckpt.sha256(), request.library().id(), request.engine(), request.device().toString(),
                    Integer.toString(request.numEnvs()));
            boolean[] freshPolicy = {false};
            policy = cache.computeIfAbsent(policyKey, CachedPolicy.class, () -> {
                freshPolicy[0] = true;
                return loadPolicy(request, ckpt, t0);
            });
            policyLoad = policy.loadSeconds();
            lastPolicy.put(request, policy);
            warnings.addAll(policy.loaded().warnings());
            warnings.addAll(policy.warnings());
            extra.put("policy.reused", !freshPolicy[0]);
            String device = policy.policy().device();
            String envKey = String.join("|", "env", request.task(), Integer.toString(request.numEnvs()), request.autoreset().name(),
                    Integer.toString(request.envThreads()), device);
            boolean[] freshEnv = {false};
            env = cache.computeIfAbsent(envKey, CachedEnv.class, () -> {
                freshEnv[0] = true;
                long e0 = System.nanoTime();
                VecEnv made = Tasks.make(request.task(), request.numEnvs(), new EnvOptions(request.autoreset(),
                        io.playbench.env.SeedingLayout.PER_ENV, request.envThreads(), EnvOptions.TASK_DEFAULT, io.playbench.env.MathMode.EXACT));
                return new CachedEnv(made, (System.nanoTime() - e0) / 1e9);
            });
            envCreation = env.creationSeconds();
            extra.put("env.reused", !freshEnv[0]);
            extra.put("env.threads", request.envThreads());
            StartupTime startup = new StartupTime(appLaunch, envCreation, policyLoad, null);
            PlayLoop.Options options = new PlayLoop.Options(request.warmupSteps(), request.steps(), request.seed(), request.library().id(),
                    policy.engine(), startup, settings.progressInterval(), settings.progress(), monitor(device), 10_000, settings.minWarmup());
            CachedEnv e = env;
            CachedPolicy p = policy;
            result = measureExclusively(device, extra, () -> PlayLoop.run(e.env(), p.policy(), options));
        } catch (RuntimeException | Error e) {
            crash = crashed(e, warnings);
        }
        Instant end = Instant.now();
        String engine = policy != null ? policy.engine() : request.engine();
        String device = policy != null ? policy.policy().device() : request.device().toString();
        return outcome(request, start, end, crash, checkpoint, policy == null ? null : policy.loaded(), result,
                new StartupTime(appLaunch, envCreation, policyLoad, null), PhysicsBackend.PLAYBENCH_CLASSIC, engine, device, test,
                settings.tensorflowVersion().apply(engine), settings.gpus().get(), warnings, extra);
    }

    /**
     * Records one episode of the policy that {@link #run} last rolled out for {@code request}, as an animated GIF:
     * a fresh single env of the task, reset with {@code video.seed()}, driven by the same policy compiled for batches
     * of one (same engine, on the CPU; the reference engine if that engine cannot), drawn by the env's
     * {@link io.playbench.render.Renderer}. Call it after {@link #run} has returned: nothing of it is timed or
     * counted in the bundle's runtime. It holds the lock of the policy's device, so that it never overlaps a
     * measured rollout on that device under parallel execution.
     *
     * @param request a request {@link #run} completed
     * @param video frame rate, caps and seed
     * @return the recording
     * @throws IllegalStateException when {@code request} was not run, or its policy failed to load
     * @throws UnsupportedOperationException when nothing can draw the task
     * @throws io.playbench.video.VideoRecorder.TooLargeException when the GIF is over the size cap
     */
    public io.playbench.video.Recording recordVideo(PlayRequest request, io.playbench.video.VideoSettings video) {
        CachedPolicy cached = lastPolicy.get(request);
        if (cached == null) {
            throw new IllegalStateException("no rollout of " + request.task() + " to record: run the benchmark first");
        }
        try (VecEnv env = Tasks.make(request.task(), 1, new EnvOptions(io.playbench.env.AutoresetMode.NEXT_STEP,
                io.playbench.env.SeedingLayout.PER_ENV, 1, EnvOptions.TASK_DEFAULT, io.playbench.env.MathMode.EXACT))) {
            io.playbench.render.Renderer renderer = io.playbench.render.Renderers.forEnv(env).orElseThrow(() -> new UnsupportedOperationException(
                    "no renderer draws " + request.task() + " (" + env.getClass().getName() + "): implement io.playbench.render.RenderableEnv "
                            + "or register an io.playbench.render.RendererProvider"));
            Policy single;
            try {
                single = compiler.compile(cached.loaded().spec(), cached.engine(), Device.CPU, 1);
            } catch (RuntimeException e) {
                single = compiler.compile(cached.loaded().spec(), "reference", Device.CPU, 1);
            }
            ReentrantLock lock = lockDevice(cached.policy().device());
            try (Policy p = single) {
                return io.playbench.video.VideoRecorder.record(env, p, renderer, video);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The GPU-resident path: env and policy fused in one CUDA kernel ({@link io.playbench.gpu.GpuPlay}), physics
     * backend {@code playbench_cuda}, engine {@code cuda}, timing {@code device_synchronized}.
     */
    private PlayOutcome runOnGpu(PlayRequest request, TestIdentity test) {
        Instant start = Instant.now();
        Double appLaunch = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        List<String> warnings = new ArrayList<>();
        Map<String, Object> extra = new LinkedHashMap<>();
        ResolvedCheckpoint checkpoint = null;
        GpuRoute.CachedGpuPlay gpu = null;
        PlayResult result = null;
        Throwable crash = null;
        int ordinal = request.device().index();
        String device = "gpu:" + ordinal;
        try {
            long t0 = System.nanoTime();
            checkpoint = resolver.resolve(new CheckpointRequest(request.library(), request.task(), request.checkpoint(),
                    request.checkpointSha256()));
            warnings.addAll(checkpoint.warnings());
            ResolvedCheckpoint ckpt = checkpoint;
            String key = String.join("|", "gpu-play", ckpt.sha256(), request.library().id(), request.task(), Integer.toString(request.numEnvs()),
                    request.autoreset().name(), device);
            boolean[] fresh = {false};
            gpu = cache.computeIfAbsent(key, GpuRoute.CachedGpuPlay.class, () -> {
                fresh[0] = true;
                LoadedPolicy loaded;
                try {
                    loaded = adapters.apply(request.library()).load(ckpt.file(), ckpt.runDirectory());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot load " + ckpt.file() + " as a " + request.library().id() + " checkpoint: " + e.getMessage(), e);
                }
                return GpuRoute.CachedGpuPlay.create(ordinal, request, loaded, t0);
            });
            warnings.addAll(gpu.loaded().warnings());
            extra.put("policy.reused", !fresh[0]);
            extra.put("env.reused", !fresh[0]);
            extra.put("gpu.steps_per_launch", GpuRoute.stepsPerLaunch());
            extra.put("gpu.autoreset", request.autoreset().name());
            extra.put("gpu.threads_per_block", gpu.play().threadsPerBlock());
            extra.put("gpu.reset_rng", "philox4x32-10 (seed, env, reset index); not NumPy's PCG64 streams");
            extra.put("gpu.compile_s", gpu.play().compileSeconds());
            StartupTime startup = new StartupTime(appLaunch, null, gpu.loadSeconds(), null);
            GpuRoute.CachedGpuPlay g = gpu;
            result = measureExclusively(device, extra, () -> g.play().run(new io.playbench.gpu.GpuPlay.Options(request.warmupSteps(),
                    request.steps(), GpuRoute.stepsPerLaunch(), request.seed(), request.library().id(), startup, monitor(device))));
        } catch (RuntimeException | Error e) {
            crash = crashed(e, warnings);
        }
        Instant end = Instant.now();
        return outcome(request, start, end, crash, checkpoint, gpu == null ? null : gpu.loaded(), result,
                result == null ? new StartupTime(appLaunch, null, gpu == null ? null : gpu.loadSeconds(), null) : result.runtime().startupTimeS(),
                PhysicsBackend.PLAYBENCH_CUDA, io.playbench.gpu.GpuPlay.ENGINE, device, test, null, GpuRoute.gpus(settings.gpus().get()),
                warnings, extra);
    }

    /** Runs a measured rollout holding the device's lock, recording the rollout's start and end in {@code extra}. */
    private static PlayResult measureExclusively(String device, Map<String, Object> extra, Supplier<PlayResult> rollout) {
        ReentrantLock lock = lockDevice(device);
        try {
            extra.put("rollout.start_utc", io.playbench.schema.Timestamps.format(Instant.now()));
            return rollout.get();
        } finally {
            extra.put("rollout.end_utc", io.playbench.schema.Timestamps.format(Instant.now()));
            lock.unlock();
        }
    }

    /**
     * Takes the device's lock (fair: first come, first served). Waiting happens through
     * {@link java.util.concurrent.ForkJoinPool#managedBlock}, so that a fork-join pool running tests in parallel (JUnit's
     * default executor) adds a worker while this one waits, and invocations for other devices keep those devices busy.
     * Only one device lock is ever held at a time, so there is no lock order to get wrong.
     */
    private static ReentrantLock lockDevice(String device) {
        ReentrantLock lock = DEVICE_LOCKS.computeIfAbsent(device, d -> new ReentrantLock(true));
        if (lock.tryLock()) {
            return lock;
        }
        try {
            java.util.concurrent.ForkJoinPool.managedBlock(new java.util.concurrent.ForkJoinPool.ManagedBlocker() {
                private boolean held;

                @Override
                public boolean block() {
                    if (!held) {
                        lock.lock();
                        held = true;
                    }
                    return true;
                }

                @Override
                public boolean isReleasable() {
                    return held || (held = lock.tryLock());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("interrupted while waiting for device " + device, e);
            }
        }
        return lock;
    }

    /** Records a crash as a warning and returns it; virtual-machine errors other than running out of memory propagate. */
    private static Throwable crashed(Throwable e, List<String> warnings) {
        if (e instanceof VirtualMachineError vm && !(vm instanceof OutOfMemoryError)) {
            throw vm;
        }
        warnings.add("crashed: " + BundleFactory.failureLine(e));
        return e;
    }

    /** The outcome of a run: its bundle, completed or crashed. */
    private PlayOutcome outcome(PlayRequest request, Instant start, Instant end, Throwable crash, ResolvedCheckpoint checkpoint,
            LoadedPolicy loaded, PlayResult result, StartupTime startup, PhysicsBackend physics, String engine, String device,
            TestIdentity test, String tensorflowVersion, List<GpuDeviceInfo> gpus, List<String> warnings, Map<String, Object> extra) {
        PlayBundle bundle = BundleFactory.build(new BundleFactory.Parts(request, start, end, crash == null ? RunStatus.COMPLETED : RunStatus.CRASHED,
                crash == null ? null : BundleFactory.failureLine(crash), checkpoint, loaded, result, startup, physics, engine, device, test, git(),
                settings.junitVersion(), tensorflowVersion, gpus, warnings, extra));
        if (settings.sessionId() != null) {
            bundle = bundle.withRun(bundle.run().withSessionId(settings.sessionId()));
        }
        return new PlayOutcome(result, bundle, crash);
    }

    private CachedPolicy loadPolicy(PlayRequest request, ResolvedCheckpoint ckpt, long t0) {
        LibraryAdapter adapter = adapters.apply(request.library());
        LoadedPolicy loaded;
        try {
            loaded = adapter.load(ckpt.file(), ckpt.runDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + ckpt.file() + " as a " + request.library().id() + " checkpoint: " + e.getMessage(), e);
        }
        Policy compiled = compiler.compile(loaded.spec(), request.engine(), request.device(), request.numEnvs());
        List<String> engineWarnings = new ArrayList<>(compiled.warnings());
        compiled.warmUp();
        String engine = compiled.engine() == null || compiled.engine().equals("unknown") ? request.engine() : compiled.engine();
        return new CachedPolicy(compiled, loaded, (System.nanoTime() - t0) / 1e9, engine, engineWarnings);
    }

    private Supplier<ResourceMonitor> monitor(String device) {
        if (device.startsWith("gpu:")) {
            int index = Integer.parseInt(device.substring(4));
            return () -> new ResourceMonitor(settings.monitorInterval(), settings.gpuProbe(), index);
        }
        return () -> new ResourceMonitor(settings.monitorInterval(), GpuProbe.NONE, 0);
    }

    private GitInfo git() {
        GitInfo g = git;
        if (g == null) {
            g = GitInfo.of(settings.checkpoints().baseDirectory());
            git = g;
        }
        return g;
    }

    @Override
    public void close() {
        if (ownsCache) {
            cache.close();
        }
    }

    record CachedEnv(VecEnv env, double creationSeconds) implements AutoCloseable {
        @Override
        public void close() {
            env.close();
        }
    }

    record CachedPolicy(Policy policy, LoadedPolicy loaded, double loadSeconds, String engine, List<String> warnings) implements AutoCloseable {
        @Override
        public void close() {
            policy.close();
        }
    }

    /** Builds a {@link PlayRunner}. */
    public static final class Builder {
        private CheckpointSettings checkpoints = CheckpointSettings.defaults(java.nio.file.Path.of("").toAbsolutePath(),
                System.getProperty("playbench.checkpoints.root") == null ? null : java.nio.file.Path.of(System.getProperty("playbench.checkpoints.root")));
        private Function<Library, LibraryAdapter> adapters = DefaultComponents.adapters();
        private PolicyCompiler compiler = DefaultComponents.compiler();
        private RunnerCache cache;
        private Duration monitorInterval = Duration.ofMillis(100);
        private Duration progressInterval = Duration.ofSeconds(10);
        private Consumer<String> progress;
        private String junitVersion;
        private Supplier<List<GpuDeviceInfo>> gpus = DefaultComponents::gpus;
        private GpuProbe gpuProbe = GpuProbe.NONE;
        private Function<String, String> tensorflowVersion = DefaultComponents::engineVersion;
        private Duration minWarmup = PlayDefaults.MIN_WARMUP;
        private String sessionId;

        private Builder() {
        }

        /**
         * Where checkpoints are looked up.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder checkpoints(CheckpointSettings value) {
            this.checkpoints = value;
            return this;
        }

        /**
         * The library adapters.
         *
         * @param value the adapter of each library
         * @return this builder
         */
        public Builder adapters(Function<Library, LibraryAdapter> value) {
            this.adapters = value;
            return this;
        }

        /**
         * How policies are compiled.
         *
         * @param value the compiler
         * @return this builder
         */
        public Builder compiler(PolicyCompiler value) {
            this.compiler = value;
            return this;
        }

        /**
         * Where environments and policies are kept between runs (the runner does not close a given cache).
         *
         * @param value the cache
         * @return this builder
         */
        public Builder cache(RunnerCache value) {
            this.cache = value;
            return this;
        }

        /**
         * The resource sampling interval.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder monitorInterval(Duration value) {
            this.monitorInterval = value;
            return this;
        }

        /**
         * Progress reporting on long runs.
         *
         * @param interval how often
         * @param sink where lines go, or {@code null} for the logger
         * @return this builder
         */
        public Builder progress(Duration interval, Consumer<String> sink) {
            this.progressInterval = interval;
            this.progress = sink;
            return this;
        }

        /**
         * The JUnit version recorded in bundles.
         *
         * @param value the version, or {@code null}
         * @return this builder
         */
        public Builder junitVersion(String value) {
            this.junitVersion = value;
            return this;
        }

        /**
         * The host's GPUs and how to sample them.
         *
         * @param devices the GPUs, read when a bundle is built
         * @param probe samples utilisation and memory
         * @return this builder
         */
        public Builder gpus(Supplier<List<GpuDeviceInfo>> devices, GpuProbe probe) {
            this.gpus = devices;
            this.gpuProbe = probe;
            return this;
        }

        /**
         * The TensorFlow version to record for a given engine id ({@code null} when the engine is not TensorFlow).
         *
         * @param value maps an engine id to a version
         * @return this builder
         */
        public Builder tensorflowVersion(Function<String, String> value) {
            this.tensorflowVersion = value;
            return this;
        }

        /**
         * The time floor of every warm-up (default 1 s): the warm-up runs its frames and at least this long, so
         * that the JIT compiler has compiled the policy and env code before anything is measured.
         *
         * @param value the floor, {@code Duration.ZERO} to warm up by frames only
         * @return this builder
         */
        public Builder minWarmup(Duration value) {
            this.minWarmup = value;
            return this;
        }

        /**
         * The id that every bundle of this runner records as {@code run.session_id} (default: {@link Devices#sessionId()},
         * one per JVM unless the system property {@code playbench.session.id} sets it).
         *
         * @param value the id, or {@code null} for the default
         * @return this builder
         */
        public Builder sessionId(String value) {
            this.sessionId = value == null || value.isBlank() ? null : value.strip();
            return this;
        }

        /**
         * Builds the runner.
         *
         * @return the runner, to be closed
         */
        public PlayRunner build() {
            return new PlayRunner(this);
        }
    }
}
