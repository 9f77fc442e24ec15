package io.playbench.rollout;

import io.playbench.checkpoint.CheckpointRequest;
import io.playbench.checkpoint.CheckpointResolver;
import io.playbench.checkpoint.CheckpointSettings;
import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.device.Device;
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
 * Runs play benchmarks end to end, without JUnit, through one pipeline: resolve the checkpoint, prepare a
 * {@link PlayBackend} (load the policy the library's way, compile it with an inference engine or into the fused CUDA
 * kernel, make the environments), take the device's lock, measure, and build the {@link PlayBundle} — a
 * {@code crashed} one when any step fails, so that nothing is lost. The JUnit extension and the {@code playbench}
 * command line both run benchmarks through it.
 *
 * <pre>{@code
 * try (PlayRunner runner = PlayRunner.builder().build()) {
 *     PlayOutcome outcome = runner.run(PlayRequest.builder(Library.SB3, "CartPole-v1").numEnvs(256).steps(2_000).build());
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
    private final PlayBackend.Context context;
    private final List<PlayBackend> backends;
    private final RunnerCache cache;
    private final boolean ownsCache;
    private final Settings settings;
    private final Map<PlayRequest, Played> lastPlayed = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger allGpusTurn =
            new java.util.concurrent.atomic.AtomicInteger();
    private volatile GitInfo git;

    private PlayRunner(Builder b) {
        this.resolver = new CheckpointResolver(b.checkpoints);
        this.cache = b.cache == null ? RunnerCache.inMemory() : b.cache;
        this.ownsCache = b.cache == null;
        this.context = new PlayBackend.Context(cache, b.adapters, b.compiler);
        List<PlayBackend> all = new ArrayList<>(b.backends == null ? pluggedBackends() : b.backends);
        all.add(new EngineBackend(b.engineVersion));
        this.backends = List.copyOf(all);
        this.settings = new Settings(
                b.checkpoints,
                b.monitorInterval,
                b.progressInterval,
                b.progress,
                b.junitVersion,
                b.gpus,
                b.gpuProbe,
                b.minWarmup,
                b.sessionId);
    }

    private record Settings(
            CheckpointSettings checkpoints,
            Duration monitorInterval,
            Duration progressInterval,
            Consumer<String> progress,
            String junitVersion,
            Supplier<List<GpuDeviceInfo>> gpus,
            GpuProbe gpuProbe,
            Duration minWarmup,
            String sessionId) {}

    /** What {@link #recordVideo} needs of a completed run: the loaded policy and where and how it ran. */
    private record Played(LoadedPolicy loaded, String engine, Device device) {}

    private static List<PlayBackend> pluggedBackends() {
        List<PlayBackend> found = new ArrayList<>();
        java.util.ServiceLoader.load(PlayBackend.class, PlayRunner.class.getClassLoader())
                .forEach(found::add);
        return found;
    }

    /**
     * A builder with defaults: checkpoints relative to the working directory, published store from the
     * {@code playbench.checkpoints.root} system property, PlayBench's library adapters (and any plugged in through
     * {@code ServiceLoader}), engines chosen automatically, backends plugged in through {@code ServiceLoader} before the
     * inference engines.
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
     * @param test the test (class, method, display name), or {@code null}
     * @return the measurements and the bundle ({@code completed}), or the crash and a {@code crashed} bundle
     */
    public PlayOutcome run(PlayRequest request, TestIdentity test) {
        PlayRequest concrete = request.device().isAllGpus() ? request.withDevice(nextGpu()) : request;
        Instant start = Instant.now();
        Double appLaunch = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        List<String> warnings = new ArrayList<>();
        Map<String, Object> extra = new LinkedHashMap<>();
        ResolvedCheckpoint checkpoint = null;
        PlayBackend.Prepared prepared = null;
        PlayResult result = null;
        Throwable crash = null;
        try {
            // 1. resolve
            checkpoint = resolver.resolve(new CheckpointRequest(
                    concrete.library(), concrete.task(), concrete.checkpoint(), concrete.checkpointSha256()));
            warnings.addAll(checkpoint.warnings());
            // 2. load and 3. prepare the backend (cached between runs)
            prepared = backendFor(concrete).prepare(concrete, checkpoint, context);
            warnings.addAll(prepared.warnings());
            NanWeights.warning(prepared.loaded().spec()).ifPresent(w -> {
                System.getLogger(PlayRunner.class.getName()).log(System.Logger.Level.WARNING, w);
                warnings.add(w);
            });
            Played played = new Played(prepared.loaded(), prepared.engine(), prepared.device());
            lastPlayed.put(concrete, played);
            lastPlayed.put(request, played);
            // 4. lock the device and 5. measure
            PlayBackend.Measurement measurement = new PlayBackend.Measurement(
                    concrete,
                    new StartupTime(appLaunch, prepared.envCreationSeconds(), prepared.policyLoadSeconds(), null),
                    settings.progressInterval(),
                    settings.progress(),
                    monitor(prepared.device()),
                    settings.minWarmup());
            PlayBackend.Prepared ready = prepared;
            result = measureExclusively(prepared.device().toString(), extra, () -> ready.measure(measurement));
        } catch (RuntimeException | Error e) {
            crash = crashed(e, warnings);
        }
        // 6. the bundle, completed or crashed
        if (prepared != null) {
            Map<String, Object> facts = new LinkedHashMap<>(prepared.extra());
            facts.putAll(extra);
            extra = facts;
        }
        Instant end = Instant.now();
        StartupTime startup = new StartupTime(
                appLaunch,
                prepared == null ? null : prepared.envCreationSeconds(),
                prepared == null ? null : prepared.policyLoadSeconds(),
                null);
        BundleFactory.Parts parts = new BundleFactory.Parts(
                concrete,
                start,
                end,
                crash == null ? RunStatus.COMPLETED : RunStatus.CRASHED,
                crash == null ? null : BundleFactory.failureLine(crash),
                checkpoint,
                prepared == null ? null : prepared.loaded(),
                result,
                startup,
                prepared == null ? PhysicsBackend.PLAYBENCH_CLASSIC : prepared.physics(),
                prepared == null ? concrete.engine() : prepared.engine(),
                prepared == null
                        ? concrete.device().toString()
                        : prepared.device().toString(),
                test,
                git(),
                settings.junitVersion(),
                prepared == null ? null : prepared.engineVersion(),
                settings.gpus().get(),
                warnings,
                extra);
        PlayBundle bundle;
        try {
            bundle = BundleFactory.build(parts);
        } catch (RuntimeException | Error e) {
            if (crash == null) {
                throw e;
            }
            // the JVM may be in no state to build a bundle after a fatal error: the original crash is what matters
            crash.addSuppressed(e);
            if (crash instanceof Error fatal) {
                throw fatal;
            }
            throw (RuntimeException) crash;
        }
        if (settings.sessionId() != null) {
            bundle = bundle.withRun(bundle.run().withSessionId(settings.sessionId()));
        }
        return new PlayOutcome(result, bundle, crash);
    }

    /** The first backend that takes the request; the inference engines take every request. */
    private PlayBackend backendFor(PlayRequest request) {
        for (PlayBackend backend : backends) {
            if (backend.accepts(request)) {
                return backend;
            }
        }
        throw new IllegalStateException("no backend accepts " + request);
    }

    /** The device of the next {@code gpu:*} request of this runner: the host's GPUs in turn, {@code gpu:0} without any. */
    private Device nextGpu() {
        int n = settings.gpus().get().size();
        return Device.gpu(n < 1 ? 0 : Math.floorMod(allGpusTurn.getAndIncrement(), n));
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
        Played played = lastPlayed.get(request);
        if (played == null) {
            throw new IllegalStateException("no rollout of " + request.task() + " to record: run the benchmark first");
        }
        try (VecEnv env = Tasks.make(
                request.task(),
                1,
                new EnvOptions(
                        io.playbench.env.AutoresetMode.NEXT_STEP,
                        io.playbench.env.SeedingLayout.PER_ENV,
                        1,
                        EnvOptions.TASK_DEFAULT,
                        io.playbench.env.MathMode.EXACT))) {
            io.playbench.render.Renderer renderer = io.playbench.render.Renderers.forEnv(env)
                    .orElseThrow(() -> new UnsupportedOperationException("no renderer draws " + request.task() + " ("
                            + env.getClass().getName() + "): implement io.playbench.render.RenderableEnv "
                            + "or register an io.playbench.render.RendererProvider"));
            Policy single;
            try {
                single = context.compiler().compile(played.loaded().spec(), played.engine(), Device.CPU, 1);
            } catch (RuntimeException e) {
                single = context.compiler()
                        .compile(played.loaded().spec(), io.playbench.inference.ReferenceEngine.ID, Device.CPU, 1);
            }
            ReentrantLock lock = lockDevice(played.device().toString());
            try (Policy p = single) {
                return io.playbench.video.VideoRecorder.record(env, p, renderer, video);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Runs a measured rollout holding the device's lock, recording the rollout's start and end in {@code extra}. */
    private static PlayResult measureExclusively(
            String device, Map<String, Object> extra, Supplier<PlayResult> rollout) {
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

    /**
     * Records a crash as a warning and returns it. Every {@link RuntimeException} and {@link Error} is recorded,
     * {@link StackOverflowError} and {@link OutOfMemoryError} included (a hostile checkpoint may cause either, and the
     * stack or the heap is usable again once the failing call has unwound): {@link #run} then builds a crashed bundle
     * and returns the crash in the {@link PlayOutcome}, and the caller rethrows it (the JUnit extension does, after
     * storing the outcome so that the bundle is written). No error escapes {@link #run} without a bundle; only when
     * building the bundle itself fails after a crash does the original crash propagate, with that failure suppressed.
     */
    private static Throwable crashed(Throwable e, List<String> warnings) {
        warnings.add("crashed: " + BundleFactory.failureLine(e));
        return e;
    }

    private Supplier<ResourceMonitor> monitor(Device device) {
        if (device.kind() == Device.Kind.GPU) {
            int index = device.index();
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

    /** Builds a {@link PlayRunner}. */
    public static final class Builder {
        private CheckpointSettings checkpoints = CheckpointSettings.defaults(
                java.nio.file.Path.of("").toAbsolutePath(),
                System.getProperty("playbench.checkpoints.root") == null
                        ? null
                        : java.nio.file.Path.of(System.getProperty("playbench.checkpoints.root")));
        private Function<Library, LibraryAdapter> adapters = DefaultComponents.adapters();
        private PolicyCompiler compiler = DefaultComponents.compiler();
        private RunnerCache cache;
        private Duration monitorInterval = Duration.ofMillis(100);
        private Duration progressInterval = Duration.ofSeconds(10);
        private Consumer<String> progress;
        private String junitVersion;
        private Supplier<List<GpuDeviceInfo>> gpus = DefaultComponents::gpus;
        private GpuProbe gpuProbe = GpuProbe.NONE;
        private Function<String, String> engineVersion = DefaultComponents::engineVersion;
        private List<PlayBackend> backends;
        private Duration minWarmup = PlayDefaults.MIN_WARMUP;
        private String sessionId;

        private Builder() {}

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
         * The runtime version to record for an engine id (TensorFlow's for {@code tensorflow}; {@code null} for
         * PlayBench's own engines); default {@link DefaultComponents#engineVersion}.
         *
         * @param value maps an engine id to a version
         * @return this builder
         */
        public Builder engineVersion(Function<String, String> value) {
            this.engineVersion = value;
            return this;
        }

        /**
         * The backends asked before the inference engines (default: those registered through {@code ServiceLoader},
         * i.e. the fused CUDA kernel).
         *
         * @param value the backends, in the order they are asked
         * @return this builder
         */
        public Builder backends(List<PlayBackend> value) {
            this.backends = List.copyOf(value);
            return this;
        }

        /**
         * The time floor of every warm-up (default 1 s): the warm-up runs its steps and at least this long, so
         * that the JIT compiler has compiled the policy and env code before anything is measured.
         *
         * @param value the floor, {@code Duration.ZERO} to warm up by the step count only
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
