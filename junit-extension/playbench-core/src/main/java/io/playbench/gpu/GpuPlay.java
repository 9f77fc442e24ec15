package io.playbench.gpu;

import io.playbench.cuda.CudaContext;
import io.playbench.cuda.CudaEvent;
import io.playbench.cuda.CudaFunction;
import io.playbench.cuda.CudaModule;
import io.playbench.cuda.DeviceMemory;
import io.playbench.env.AutoresetMode;
import io.playbench.library.PolicySpec;
import io.playbench.monitor.ResourceMonitor;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.EpisodeCounts;
import io.playbench.schema.MeanStd;
import io.playbench.schema.MeasurementMode;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayRuntime;
import io.playbench.schema.Resources;
import io.playbench.schema.StartupTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * GPU-resident play: the environments and the policy run in one fused CUDA kernel, {@code K} steps per launch, with
 * observations kept in registers; only the episode statistics come back, once per chunk of launches.
 *
 * <pre>{@code
 * try (CudaContext gpu = Cuda.open(0);
 *         GpuPlay play = GpuPlay.create(gpu, "CartPole-v1", spec, 65_536, AutoresetMode.SAME_STEP)) {
 *     PlayResult r = play.run(GpuPlay.Options.of(100, 1_000, 42L));
 *     System.out.println(r.totalFps());
 * }
 * }</pre>
 *
 * <p>Timing uses CUDA events around each launch ({@code measurement_mode} {@code device_synchronized}); the steps
 * inside one launch are not timed separately, so each is given the launch time divided by {@code K}. The env
 * follows Gymnasium's dynamics (binary64 state, float32 observations, the time limit, the task's success rule), with
 * resets drawn from a {@link Philox counter-based generator} instead of NumPy's streams.
 */
public final class GpuPlay implements AutoCloseable {

    /** The engine id recorded for runs of this path. */
    public static final String ENGINE = "cuda";

    /**
     * The tasks this path runs: Gymnasium's classic-control tasks (CartPole-v1, CartPole-v0, Acrobot-v1,
     * MountainCar-v0, MountainCarContinuous-v0, Pendulum-v1).
     */
    public static final Set<String> TASKS = Collections.unmodifiableSet(new LinkedHashSet<>(CudaTask.ids()));

    static final int BLOCK = 128;

    private final CudaContext context;
    private final String taskId;
    private final CudaTask task;
    private final PolicySpec spec;
    private final int numEnvs;
    private final AutoresetMode autoreset;
    private final CudaModule module;
    private final DeviceMemory globalParams;
    private final CudaFunction reset;
    private final CudaFunction play;
    private final CudaFunction stepOnce;
    private final CudaFunction observe;
    private final CudaFunction eval;
    private final DeviceMemory state;
    private final DeviceMemory steps;
    private final DeviceMemory returns;
    private final DeviceMemory resets;
    private final DeviceMemory pending;
    private final DeviceMemory counters;
    private final DeviceMemory sums;
    private final DeviceMemory maxima;
    private final double compileSeconds;
    private final int playBlock;
    private long seed;

    private GpuPlay(
            CudaContext context, String taskId, PolicySpec spec, int numEnvs, AutoresetMode autoreset, Tuning tuning) {
        this.context = context;
        this.taskId = taskId;
        this.task = CudaTask.of(taskId);
        this.spec = spec;
        this.numEnvs = numEnvs;
        this.autoreset = autoreset;
        long t0 = System.nanoTime();
        CudaPolicySource policy = new CudaPolicySource(spec, tuning.approximateTanh());
        String source = moduleSource(task, policy, autoreset, tuning.minBlocks());
        this.module = context.compileAndLoad(source, "play-" + taskId + ".cu", GpuPolicy.OPTIONS);
        this.compileSeconds = (System.nanoTime() - t0) / 1e9;
        // A block-synchronous (tiled) policy keeps 128 threads: its warps share each weight tile, which beat spreading
        // few envs over more SMs (H100, 4,096 envs, 256-256 nets: 13-14 M frames/s with 128 threads, 11 M with 32).
        this.playBlock = policy.blockSynchronous()
                ? BLOCK
                : playBlock(numEnvs, context.device().multiprocessors());
        this.globalParams = GpuPolicy.upload(context, module, policy);
        this.reset = module.function("env_reset");
        this.play = module.function("play");
        this.stepOnce = module.function("env_step_once");
        this.observe = module.function("env_observe");
        this.eval = module.function("policy_eval");
        long n = numEnvs;
        this.state = context.allocate(8L * task.stateSize() * n);
        this.steps = context.allocate(4 * n);
        this.returns = context.allocate(8 * n);
        this.resets = context.allocate(4 * n);
        this.pending = context.allocate(n);
        this.counters = context.allocate(4 * 8);
        this.sums = context.allocate(4 * 8);
        this.maxima = context.allocate(2 * 8);
    }

    /**
     * Compiles the fused kernel for a task and policy and allocates the envs' state on the device.
     *
     * @param context the GPU
     * @param taskId the task ({@link #TASKS})
     * @param spec the policy (its observation and action must fit the task)
     * @param numEnvs the number of envs
     * @param autoreset when an ended episode is reset: on the next step (Gymnasium's default; that step is a reset,
     *     not a physics step) or in the same step
     * @return the play path, to be closed
     * @throws IllegalArgumentException for a task this path does not run, or a policy that does not fit it
     */
    public static GpuPlay create(
            CudaContext context, String taskId, PolicySpec spec, int numEnvs, AutoresetMode autoreset) {
        return create(context, taskId, spec, numEnvs, autoreset, Tuning.DEFAULT);
    }

    /**
     * As {@link #create(CudaContext, String, PolicySpec, int, AutoresetMode)} with code-generation settings for
     * experiments.
     *
     * @param context the GPU
     * @param taskId the task
     * @param spec the policy
     * @param numEnvs the number of envs
     * @param autoreset the autoreset mode
     * @param tuning code-generation settings
     * @return the play path, to be closed
     */
    public static GpuPlay create(
            CudaContext context, String taskId, PolicySpec spec, int numEnvs, AutoresetMode autoreset, Tuning tuning) {
        CudaTask.of(taskId).checkPolicy(spec);
        if (numEnvs < 1) {
            throw new IllegalArgumentException("numEnvs must be >= 1 but was " + numEnvs);
        }
        return new GpuPlay(
                context, taskId, spec, numEnvs, autoreset == null ? AutoresetMode.NEXT_STEP : autoreset, tuning);
    }

    /**
     * Code-generation settings.
     *
     * @param minBlocks blocks of 128 threads the compiler should fit per SM (caps registers), 0 for its choice
     * @param approximateTanh the hardware {@code tanh.approx.f32}: faster, but about 2^-11 relative error, outside the
     *     1e-5 numerics contract
     */
    public record Tuning(int minBlocks, boolean approximateTanh) {
        /** The compiler's choice and the accurate {@code tanhf}. */
        public static final Tuning DEFAULT = new Tuning(0, false);
    }

    /**
     * How a run goes.
     *
     * @param warmupSteps vectorised steps run before measuring
     * @param steps measured vectorised steps (rounded up to a multiple of {@code stepsPerLaunch})
     * @param stepsPerLaunch {@code K}, steps of every env per kernel launch
     * @param seed the reset seed, or {@code null} for a seed from the clock
     * @param library the library id recorded in the result
     * @param startup app-launch, env-creation, policy-load times measured by the caller
     * @param monitor creates the resource monitor started around the measured launches, or {@code null}
     */
    public record Options(
            long warmupSteps,
            long steps,
            int stepsPerLaunch,
            Long seed,
            String library,
            StartupTime startup,
            Supplier<ResourceMonitor> monitor) {

        /** Checks the workload. */
        public Options {
            if (steps < 1 || warmupSteps < 0 || stepsPerLaunch < 1) {
                throw new IllegalArgumentException("need steps >= 1, warmupSteps >= 0 and stepsPerLaunch >= 1 but got "
                        + steps + ", " + warmupSteps + ", " + stepsPerLaunch);
            }
            startup = startup == null ? new StartupTime(null, null, null, null) : startup;
        }

        /**
         * Options with 100 steps per launch and no monitor.
         *
         * @param warmupSteps warm-up steps
         * @param steps measured steps
         * @param seed the seed, or {@code null}
         * @return the options
         */
        public static Options of(long warmupSteps, long steps, Long seed) {
            return new Options(warmupSteps, steps, 100, seed, null, null, null);
        }
    }

    /**
     * Resets every env with the seed (reset draws {@code Philox(seed, env, 0)}).
     *
     * @param seed the seed
     */
    public void reset(long seed) {
        this.seed = seed;
        reset.launch(blocks(), BLOCK, 0, state, steps, returns, resets, pending, seed, numEnvs);
        context.synchronize();
    }

    /**
     * The envs' binary64 states, {@link #stateSize()} values per env: CartPole {@code (x, x_dot, theta, theta_dot)};
     * Acrobot {@code (theta1, theta2, dtheta1, dtheta2, just reset)}; MountainCar {@code (position, velocity)};
     * MountainCarContinuous {@code (position, velocity, just reset)}; Pendulum {@code (theta, theta_dot, upright
     * streak)}. "Just reset" is 1 until the first step after a reset (the observation, or MountainCarContinuous's
     * float32 arithmetic, depends on it).
     *
     * @return {@code stateSize() * numEnvs} values, env-major
     */
    public double[] states() {
        int w = task.stateSize();
        double[] soa = new double[w * numEnvs];
        state.copyTo(soa);
        double[] out = new double[w * numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            for (int c = 0; c < w; c++) {
                out[w * i + c] = soa[c * numEnvs + i];
            }
        }
        return out;
    }

    /**
     * The envs' current float32 observations, as the policy sees them.
     *
     * @return {@code observationSize() * numEnvs} values, env-major
     */
    public float[] observations() {
        float[] out = new float[task.observationSize() * numEnvs];
        try (DeviceMemory obs = context.allocate(4L * out.length)) {
            observe.launch(blocks(), BLOCK, 0, state, obs, numEnvs);
            context.synchronize();
            obs.copyTo(out);
        }
        return out;
    }

    /**
     * Binary64 values per env in {@link #states()}.
     *
     * @return the state size
     */
    public int stateSize() {
        return task.stateSize();
    }

    /**
     * Float32 values per observation.
     *
     * @return the observation size
     */
    public int observationSize() {
        return task.observationSize();
    }

    /**
     * The state the device's seeded reset gives an env, computed in Java from the {@link Philox} twin.
     *
     * @param taskId a task of {@link #TASKS}
     * @param seed the seed
     * @param env the env index
     * @param resetIndex which reset of that env (0 = the seeded one)
     * @return the state, as {@link #states()} lays it out
     */
    public static double[] resetState(String taskId, long seed, int env, int resetIndex) {
        return CudaTask.of(taskId).resetState(seed, env, resetIndex);
    }

    /**
     * The module source (Philox, policy, policy evaluation kernel, task kernels) compiled for a task and policy.
     *
     * @param taskId a task of {@link #TASKS}
     * @param spec a policy that fits it
     * @param autoreset the autoreset mode
     * @return CUDA C++ source
     */
    public static String moduleSource(String taskId, PolicySpec spec, AutoresetMode autoreset) {
        CudaTask task = CudaTask.of(taskId);
        task.checkPolicy(spec);
        return moduleSource(task, new CudaPolicySource(spec), autoreset, 0);
    }

    private static String moduleSource(CudaTask task, CudaPolicySource policy, AutoresetMode autoreset, int minBlocks) {
        return Philox.CUDA + policy.source() + CudaPolicySource.EVAL_KERNEL + task.source(autoreset, minBlocks);
    }

    /**
     * Steps given CartPole states once on the device, without resets (to compare with the CPU env).
     *
     * @param states {@code 4 * n} binary64 values, env-major
     * @param actions one action per env
     * @param n the number of envs
     * @param nextStates receives the {@code 4 * n} new states
     * @param observations receives the {@code 4 * n} float32 observations
     * @param terminated receives 1 where the step terminated the episode
     */
    public void stepOnce(
            double[] states, int[] actions, int n, double[] nextStates, float[] observations, byte[] terminated) {
        stepOnce(states, actions, null, n, nextStates, observations, terminated, new double[n]);
    }

    /**
     * Steps given states once on the device, without resets (to compare with the CPU env).
     *
     * @param states {@code stateSize() * n} binary64 values, env-major (see {@link #states()})
     * @param discreteActions one action per env for a discrete task, else {@code null}
     * @param continuousActions {@code actionSize * n} values for a continuous task (passed to the env as the policy's
     *     output is), else {@code null}
     * @param n the number of envs
     * @param nextStates receives the {@code stateSize() * n} new states
     * @param observations receives the {@code observationSize() * n} float32 observations
     * @param terminated receives 1 where the step terminated the episode
     * @param rewards receives the {@code n} rewards
     */
    public void stepOnce(
            double[] states,
            int[] discreteActions,
            float[] continuousActions,
            int n,
            double[] nextStates,
            float[] observations,
            byte[] terminated,
            double[] rewards) {
        if ((discreteActions == null) != task.continuous()) {
            throw new IllegalArgumentException(taskId + " takes " + task.describeAction());
        }
        int w = task.stateSize();
        long actionBytes = task.continuous() ? 4L * task.actionSize() * n : 4L * n;
        try (DeviceMemory in = context.allocate(8L * w * n);
                DeviceMemory act = context.allocate(actionBytes);
                DeviceMemory out = context.allocate(8L * w * n);
                DeviceMemory obs = context.allocate(4L * task.observationSize() * n);
                DeviceMemory term = context.allocate(Math.max(8L, n));
                DeviceMemory rew = context.allocate(8L * n)) {
            in.copyFrom(Arrays.copyOf(states, w * n));
            if (task.continuous()) {
                act.copyFrom(Arrays.copyOf(continuousActions, task.actionSize() * n));
            } else {
                act.copyFrom(Arrays.copyOf(discreteActions, n));
            }
            stepOnce.launch((n + BLOCK - 1) / BLOCK, BLOCK, 0, in, act, out, obs, term, rew, n);
            context.synchronize();
            out.copyTo(nextStates);
            obs.copyTo(observations);
            rew.copyTo(rewards);
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                java.lang.foreign.MemorySegment seg = arena.allocate(n);
                term.copyTo(seg);
                java.lang.foreign.MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, terminated, 0, n);
            }
        }
    }

    /**
     * Runs the fused policy on observations (the module's {@code policy_eval}).
     *
     * @param observations {@code n} rows of {@code observationSize()} floats
     * @param n rows
     * @param outputs receives {@code n} rows of the policy's outputs (logits, or the continuous action)
     * @param actions receives {@code n} argmax actions (meaningful for discrete policies)
     */
    public void evaluatePolicy(float[] observations, int n, float[] outputs, int[] actions) {
        int w = spec.observationSize();
        try (DeviceMemory obs = context.allocate(4L * w * n);
                DeviceMemory out = context.allocate(4L * n * spec.outputSize());
                DeviceMemory act = context.allocate(4L * n)) {
            obs.copyFrom(Arrays.copyOf(observations, w * n));
            eval.launch((n + BLOCK - 1) / BLOCK, BLOCK, 0, obs, out, act, n);
            context.synchronize();
            out.copyTo(outputs);
            act.copyTo(actions);
        }
    }

    /**
     * Seconds NVRTC took (0 when the PTX came from the cache) plus loading.
     *
     * @return seconds
     */
    public double compileSeconds() {
        return compileSeconds;
    }

    /**
     * Resets with the seed, runs warm-up and measured launches, and collects the episodes that ended while measuring.
     *
     * @param options what to run
     * @return the measurements, {@code measurement_mode} {@code device_synchronized}
     */
    public PlayResult run(Options options) {
        long k = Math.min(options.stepsPerLaunch(), options.steps());
        k = Math.max(1, Math.min(k, Integer.MAX_VALUE / numEnvs));
        int kk = (int) k;
        long launches = (options.steps() + k - 1) / k;
        long warmupLaunches = (options.warmupSteps() + k - 1) / k;
        List<String> warnings = new ArrayList<>();
        if (launches * k != options.steps()) {
            warnings.add("the GPU path runs " + k + " steps per launch, so the " + options.steps()
                    + " measured steps were rounded up to " + launches * k);
        }
        long s = options.seed() != null ? options.seed() : System.nanoTime();
        reset(s);
        Double firstStep = null;
        for (long i = 0; i < warmupLaunches; i++) {
            long t0 = System.nanoTime();
            launch(kk);
            if (firstStep == null) {
                context.synchronize();
                firstStep = (System.nanoTime() - t0) / 1e9 / k;
            }
        }
        counters.clear();
        sums.clear();
        maxima.copyFrom(new double[] {Double.longBitsToDouble(Long.MIN_VALUE), 0.0});
        context.synchronize();

        int chunk = 256;
        double[] launchSeconds = new double[(int) launches];
        CudaEvent[] events = new CudaEvent[chunk + 1];
        ResourceMonitor monitor =
                options.monitor() == null ? null : options.monitor().get().start();
        Resources resources;
        try {
            for (int e = 0; e < events.length; e++) {
                events[e] = context.event();
            }
            long done = 0;
            while (done < launches) {
                int m = (int) Math.min(chunk, launches - done);
                events[0].record();
                for (int j = 0; j < m; j++) {
                    long t0 = System.nanoTime();
                    launch(kk);
                    events[j + 1].record();
                    if (firstStep == null) {
                        events[1].synchronize();
                        firstStep = (System.nanoTime() - t0) / 1e9 / k;
                    }
                }
                events[m].synchronize();
                for (int j = 0; j < m; j++) {
                    launchSeconds[(int) (done + j)] = events[j + 1].millisSince(events[j]) / 1e3;
                }
                done += m;
            }
        } finally {
            for (CudaEvent e : events) {
                if (e != null) {
                    e.close();
                }
            }
            resources = monitor == null ? Resources.notMeasured() : monitor.stop();
            if (monitor != null) {
                warnings.addAll(monitor.warnings());
            }
        }
        long[] c = new long[4];
        counters.copyTo(c);
        if (c[3] > 0) {
            throw new IllegalStateException("the policy produced " + c[3] + " non-finite action value(s) for " + taskId
                    + " during the measured "
                    + "steps; actions of a continuous task must be finite (the CPU env rejects them too)");
        }
        double[] sm = new double[4];
        sums.copyTo(sm);
        long[] mx = new long[2];
        maxima.copyTo(mx);

        int iterations = (int) (launches * k);
        double[] step = new double[iterations];
        for (int j = 0; j < launches; j++) {
            Arrays.fill(step, (int) (j * k), (int) ((j + 1) * k), launchSeconds[j] / k);
        }
        StartupTime st = options.startup();
        StartupTime startup = new StartupTime(st.appLaunch(), st.envCreation(), st.policyLoad(), firstStep);
        PlayRuntime r = PlayRuntime.fromIterations(
                startup,
                MeasurementMode.DEVICE_SYNCHRONIZED,
                warmupLaunches * k,
                numEnvs,
                step,
                step,
                new double[iterations]);
        PlayRuntime runtime = new PlayRuntime(
                r.startupTimeS(),
                r.measurementMode(),
                r.warmupIterations(),
                r.iterationsCompleted(),
                r.totalWallTimeS(),
                r.stepsPerIteration(),
                r.frames(),
                r.effectiveFps(),
                r.iterationTimeS(),
                r.collectionFps(),
                r.totalFps(),
                r.iterationsPerS(),
                r.stepLatencyS(),
                null,
                null,
                null,
                null);

        long completed = c[0];
        EpisodeCounts counts = new EpisodeCounts(completed, c[1], completed - c[1], completed == 0 ? null : c[2]);
        MeanStd reward = completed == 0 ? null : meanStd(sm[0], sm[1], completed, unordered(mx[0]));
        MeanStd length = completed == 0 ? null : meanStd(sm[2], sm[3], completed, mx[1]);
        Double success = completed == 0 ? null : PlayBundle.successRate(c[2], completed);
        if (completed == 0) {
            warnings.add("No episode ended during the " + iterations + " measured steps of " + numEnvs
                    + " envs, so reward, ep_length and "
                    + "success_rate are null (not zero); raise steps to at least the task's episode length.");
        }
        warnings.add(
                "GPU path: per-step latency is the launch time divided by " + k
                        + " steps per launch; inference and env step run "
                        + "fused, so they are not timed apart; reset draws come from Philox4x32-10, not NumPy's PCG64 streams; no per-episode log"
                        + (task.isCartPole()
                                ? ""
                                : "; device sin/cos (and x*x for NumPy's x**2) may differ from glibc's in the last binary64 ulp"));
        return new PlayResult(
                taskId,
                options.library(),
                numEnvs,
                "gpu:" + context.device().ordinal(),
                ENGINE,
                options.seed(),
                runtime,
                counts,
                reward,
                length,
                success,
                resources,
                List.of(),
                warnings);
    }

    private void launch(int k) {
        play.launch(
                playBlocks(),
                playBlock,
                0,
                state,
                steps,
                returns,
                resets,
                pending,
                seed,
                numEnvs,
                k,
                counters,
                sums,
                maxima);
    }

    private int blocks() {
        return (numEnvs + BLOCK - 1) / BLOCK;
    }

    /**
     * Threads per block of the play kernel (see {@link #playBlock(int, int)}).
     *
     * @return 32, 64 or 128
     */
    public int threadsPerBlock() {
        return playBlock;
    }

    private int playBlocks() {
        return (numEnvs + playBlock - 1) / playBlock;
    }

    /**
     * The play kernel's block size: 128 threads, halved (down to one warp) while that leaves fewer than two blocks per
     * SM, so that few envs still spread over the whole GPU (4,096 envs on an H100's 132 SMs: 128 blocks of 32 rather
     * than 32 blocks of 128).
     *
     * @param numEnvs the envs
     * @param multiprocessors the GPU's SMs
     * @return threads per block
     */
    static int playBlock(int numEnvs, int multiprocessors) {
        int block = BLOCK;
        while (block > 32 && (numEnvs + block - 1L) / block < 2L * multiprocessors) {
            block /= 2;
        }
        return block;
    }

    static MeanStd meanStd(double sum, double sumSquares, long n, double max) {
        double mean = sum / n;
        double var = n < 2 ? 0.0 : Math.max(0.0, (sumSquares - n * mean * mean) / (n - 1));
        return new MeanStd(mean, Math.sqrt(var), Math.max(max, mean));
    }

    static double unordered(long ordered) {
        long bits = ordered >= 0 ? ordered : ordered ^ 0x7fffffffffffffffL;
        return Double.longBitsToDouble(bits);
    }

    /**
     * The task.
     *
     * @return the task id
     */
    public String taskId() {
        return taskId;
    }

    /**
     * The number of envs.
     *
     * @return the count
     */
    public int numEnvs() {
        return numEnvs;
    }

    /**
     * The autoreset mode.
     *
     * @return the mode
     */
    public AutoresetMode autoreset() {
        return autoreset;
    }

    @Override
    public void close() {
        for (DeviceMemory m :
                new DeviceMemory[] {state, steps, returns, resets, pending, counters, sums, maxima, globalParams}) {
            if (m != null) {
                m.close();
            }
        }
        module.close();
    }
}
