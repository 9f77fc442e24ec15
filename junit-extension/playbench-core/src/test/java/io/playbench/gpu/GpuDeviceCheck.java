package io.playbench.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.playbench.cuda.Cuda;
import io.playbench.cuda.CudaContext;
import io.playbench.cuda.CudaDevice;
import io.playbench.cuda.Nvrtc;
import io.playbench.device.Device;
import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.InferenceEngines;
import io.playbench.inference.Policy;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapters;
import io.playbench.library.PolicySpec;
import io.playbench.library.ReferencePolicy;
import io.playbench.library.Stage;
import io.playbench.rollout.PlayLoop;
import io.playbench.rollout.PlayResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Verification and benchmark of the GPU play path on a GPU host, as one program (the GPU host has no build tools):
 * device facts, generated policies against the reference evaluator on every shared checkpoint, GPU env steps of every
 * task against the CPU env from the same states ({@link GpuEnvComparison}), episode statistics against a CPU run per
 * task family, and frames/s at several env counts.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -Dsections=env,stats -cp ... io.playbench.gpu.GpuDeviceCheck
 * <checkpoints dir> <out dir>}; sections (comma-separated; default {@code policy,env,stats,runner,bench}): {@code policy},
 * {@code env}, {@code stats}, {@code runner}, {@code bench} (CartPole frames/s), {@code taskbench} (every task at 65,536
 * and 1,048,576 envs).
 */
public final class GpuDeviceCheck {

    private static final JsonMapper JSON = new JsonMapper();
    private static final StringBuilder REPORT = new StringBuilder();
    private static final double TOLERANCE = 1e-5;

    private GpuDeviceCheck() {}

    public static void main(String[] args) throws Exception {
        Path checkpoints = Path.of(args[0]);
        Path out = Path.of(args.length > 1 ? args[1] : ".");
        Files.createDirectories(out);
        java.util.Set<String> only =
                java.util.Set.of(System.getProperty("sections", "device,policy,env,stats,runner,bench")
                        .split(","));
        try {
            log("device count " + Cuda.deviceCount() + ", reason "
                    + Cuda.unavailableReason().orElse("-"));
            CudaDevice dev = Cuda.device(0);
            log("device " + dev + ", NVRTC " + Nvrtc.get().version() + " at "
                    + Nvrtc.get().library());
            try (CudaContext gpu = Cuda.open(0)) {
                if (only.contains("policy")) {
                    section(() -> policies(gpu, checkpoints));
                }
                PolicySpec ppo = LibraryAdapters.of(Library.SB3)
                        .load(
                                checkpoints.resolve("sb3/ppo-CartPole-v1/model.zip"),
                                checkpoints.resolve("sb3/ppo-CartPole-v1"))
                        .spec();
                PolicySpec dqn = LibraryAdapters.of(Library.SB3)
                        .load(
                                checkpoints.resolve("sb3/dqn-CartPole-v1/model.zip"),
                                checkpoints.resolve("sb3/dqn-CartPole-v1"))
                        .spec();
                Files.writeString(
                        out.resolve("play-sb3-ppo-CartPole.cu"),
                        Philox.CUDA
                                + new CudaPolicySource(ppo).source()
                                + CudaPolicySource.EVAL_KERNEL
                                + CudaCartPole.source(500, AutoresetMode.NEXT_STEP));
                for (String task : GpuPlay.TASKS) {
                    Files.writeString(
                            out.resolve("play-" + task + ".cu"),
                            GpuPlay.moduleSource(task, CudaTaskTests.policyFor(task), AutoresetMode.NEXT_STEP));
                }
                if (only.contains("env")) {
                    for (String task : GpuPlay.TASKS) {
                        section(() -> envSteps(gpu, task));
                    }
                }
                if (only.contains("stats")) {
                    section(() -> stats(gpu, "CartPole-v1", ppo, "sb3 ppo"));
                    section(() -> stats(gpu, "CartPole-v1", dqn, "sb3 dqn"));
                    section(() -> stats(gpu, "CartPole-v1", randomize(ppo, 3), "random-weight 4-64-64-2 tanh"));
                    section(() -> stats(gpu, "Pendulum-v1", CudaTaskTests.policyFor("Pendulum-v1"), "sb3 sac"));
                    section(() -> stats(
                            gpu,
                            "Pendulum-v1",
                            CudaTaskTests.load(Library.RSL_RL, "rsl_rl/v5-ppo-Pendulum-v1", "model_199.pt"),
                            "rsl_rl v5 ppo"));
                    section(() ->
                            stats(gpu, "Acrobot-v1", CudaTaskTests.policyFor("Acrobot-v1"), "sb3 a2c + VecNormalize"));
                    section(() -> stats(
                            gpu,
                            "MountainCar-v0",
                            CudaTaskTests.mountainCarController("MountainCar-v0"),
                            "energy controller"));
                    section(() -> stats(
                            gpu,
                            "MountainCar-v0",
                            CudaTaskTests.policyFor("MountainCar-v0"),
                            "random-weight 2-64-64-3 tanh"));
                    section(() -> stats(
                            gpu,
                            "MountainCarContinuous-v0",
                            CudaTaskTests.mountainCarController("MountainCarContinuous-v0"),
                            "energy controller"));
                    section(() -> stats(
                            gpu,
                            "MountainCarContinuous-v0",
                            CudaTaskTests.policyFor("MountainCarContinuous-v0"),
                            "random-weight 2-64-64-1 tanh"));
                }
                if (only.contains("taskbench")) {
                    for (String task : GpuPlay.TASKS) {
                        for (int n : new int[] {65_536, 1_048_576}) {
                            section(() -> runTask(gpu, task, CudaTaskTests.policyFor(task), n));
                        }
                    }
                }
                if (only.contains("runner")) {
                    section(() -> runner(checkpoints, out));
                }
                if (only.contains("bench")) {
                    section(() -> bench(gpu, ppo, "sb3-ppo-trained", true));
                    section(() -> bench(gpu, randomize(ppo, 3), "random-weights", false));
                }
                if (only.contains("widebench")) {
                    // 256-256 policies: tiled layers (SB3 DQN on CartPole, SB3 SAC on Pendulum)
                    PolicySpec sac = LibraryAdapters.of(Library.SB3)
                            .load(
                                    checkpoints.resolve("sb3/sac-Pendulum-v1/model.zip"),
                                    checkpoints.resolve("sb3/sac-Pendulum-v1"))
                            .spec();
                    // a partial last block: its idle threads must still pass every __syncthreads of a tiled policy
                    section(() -> partialBlock(gpu, dqn, "sb3 dqn"));
                    section(() -> partialBlock(gpu, sac, "sb3 sac"));
                    for (int n : new int[] {1000, 4100, 4096, 65_536, 1_048_576}) {
                        section(() -> runTask(gpu, "CartPole-v1", dqn, n));
                        section(() -> runTask(gpu, "Pendulum-v1", sac, n));
                    }
                }
            }
        } catch (Throwable t) {
            log("FAILED: " + t);
            t.printStackTrace();
        } finally {
            Files.writeString(out.resolve("java-report.txt"), REPORT.toString());
        }
    }

    interface Section {
        void run() throws Exception;
    }

    private static void section(Section s) {
        try {
            s.run();
        } catch (Throwable t) {
            log("SECTION FAILED: " + t);
            java.io.StringWriter w = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(w));
            log(w.toString());
        }
    }

    static void log(String line) {
        System.out.println(line);
        REPORT.append(line).append('\n');
    }

    /** Every shared checkpoint's reference observations through the generated CUDA policy vs the reference evaluator. */
    static void policies(CudaContext gpu, Path checkpoints) throws Exception {
        String[][] all = {
            {"rsl_rl", "rsl_rl/v5-ppo-Pendulum-v1", "model_199.pt"},
            {"rsl_rl", "rsl_rl/v2-ppo-Pendulum-v1", "model_199.pt"},
            {"rl_games", "rl_games/ppo-Pendulum-v1", "nn/pendulum.pth"},
            {"rl_games", "rl_games/ppo-CartPole-v1", "nn/cartpole.pth"},
            {"skrl", "skrl/ppo-Pendulum-v1", "checkpoints/agent_12000.pt"},
            {"sb3", "sb3/ppo-CartPole-v1", "model.zip"},
            {"sb3", "sb3/dqn-CartPole-v1", "model.zip"},
            {"sb3", "sb3/sac-Pendulum-v1", "model.zip"},
            {"sb3", "sb3/a2c-Acrobot-v1-vecnormalize", "model.zip"},
        };
        for (String[] c : all) {
            Path dir = checkpoints.resolve(c[1]);
            PolicySpec spec = LibraryAdapters.of(Library.fromId(c[0]))
                    .load(dir.resolve(c[2]), dir)
                    .spec();
            JsonNode samples = JSON.readTree(
                            dir.resolve("reference-actions.json").toFile())
                    .get("samples");
            int n = samples.size();
            int w = spec.observationSize();
            int o = spec.outputSize();
            float[] obs = new float[n * w];
            for (int s = 0; s < n; s++) {
                JsonNode x = samples.get(s).get("obs");
                for (int j = 0; j < w; j++) {
                    obs[s * w + j] = (float) x.get(j).asDouble();
                }
            }
            float[] outputs = new float[n * o];
            int[] actions = new int[n];
            long t0 = System.nanoTime();
            try (GpuPolicy p = new GpuPolicy(gpu, spec)) {
                double compile = (System.nanoTime() - t0) / 1e9;
                p.evaluate(obs, n, outputs, actions);
                ReferencePolicy ref = new ReferencePolicy(spec);
                boolean discrete = spec.action() instanceof PolicySpec.ActionOutput.Discrete;
                double maxAbs = 0;
                double maxRel = 0;
                int failures = 0;
                int actionMismatch = 0;
                int libraryMismatch = 0;
                for (int s = 0; s < n; s++) {
                    float[] row = java.util.Arrays.copyOfRange(obs, s * w, (s + 1) * w);
                    float[] expected = ref.forward(row);
                    for (int j = 0; j < o; j++) {
                        double abs = Math.abs((double) outputs[s * o + j] - expected[j]);
                        maxAbs = Math.max(maxAbs, abs);
                        if (Math.abs(expected[j]) > 1e-3) {
                            maxRel = Math.max(maxRel, abs / Math.abs(expected[j]));
                        }
                        if (abs > TOLERANCE * Math.max(1.0, Math.abs(expected[j]))) {
                            failures++;
                        }
                    }
                    if (discrete) {
                        if (actions[s] != ReferencePolicy.argmax(expected)) {
                            actionMismatch++;
                        }
                        if (actions[s] != samples.get(s).get("action").asInt()) {
                            libraryMismatch++;
                        }
                    }
                }
                log(String.format(
                        Locale.ROOT,
                        "POLICY %-32s %s samples %d outputs %d, max abs err %.3g, max rel err %.3g, outside 1e-5: %d, "
                                + "argmax != reference: %s, argmax != library: %s, constant memory %s, compile+load %.2f s",
                        c[1],
                        c[0],
                        n,
                        n * o,
                        maxAbs,
                        maxRel,
                        failures,
                        discrete ? actionMismatch : "n/a",
                        discrete ? libraryMismatch : "n/a",
                        p.source().constantMemory(),
                        compile));
            }
        }
    }

    /** GPU env steps vs the CPU env from the same states; and GPU reset states vs the Java Philox twin. */
    static void envSteps(CudaContext gpu, String task) {
        try (GpuPlay play = GpuPlay.create(gpu, task, CudaTaskTests.policyFor(task), 4096, AutoresetMode.NEXT_STEP)) {
            log(GpuEnvComparison.compare(play, task.startsWith("CartPole") ? 600 : 300, 42)
                    .line());
        }
    }

    /** Episode statistics of a GPU run vs a CPU run of the same policy. */
    static void stats(CudaContext gpu, String task, PolicySpec spec, String label) {
        int cpuEnvs = 512;
        long cpuSteps = 3000;
        VecEnv cpu = Tasks.make(task, cpuEnvs, EnvOptions.defaults());
        PlayResult c;
        try (Policy p = InferenceEngines.compile(spec, "java-scalar", Device.CPU, cpuEnvs)) {
            c = PlayLoop.run(cpu, p, PlayLoop.Options.of(500, cpuSteps, 42L));
        }
        cpu.close();
        int gpuEnvs = 65_536;
        try (GpuPlay play = GpuPlay.create(gpu, task, spec, gpuEnvs, AutoresetMode.NEXT_STEP)) {
            PlayResult g = play.run(GpuPlay.Options.of(500, 3000, 42L));
            log(String.format(
                    Locale.ROOT,
                    "STATS %s %s: CPU %d envs x %d steps: %d episodes, return %.3f +- %.3f, length %.3f, success %.4f | "
                            + "GPU %d envs x %d steps: %d episodes, return %.3f +- %.3f, length %.3f, success %.4f | z(mean return) = %.2f",
                    task,
                    label,
                    cpuEnvs,
                    cpuSteps,
                    c.completedEpisodes(),
                    mean(c.reward()),
                    std(c.reward()),
                    mean(c.epLength()),
                    nz(c.successRate()),
                    gpuEnvs,
                    3000,
                    g.completedEpisodes(),
                    mean(g.reward()),
                    std(g.reward()),
                    mean(g.epLength()),
                    nz(g.successRate()),
                    z(c, g)));
        }
    }

    static double z(PlayResult a, PlayResult b) {
        if (a.reward() == null || b.reward() == null) {
            return Double.NaN;
        }
        double se = Math.sqrt(
                sq(a.reward().std()) / a.completedEpisodes() + sq(b.reward().std()) / b.completedEpisodes());
        return se == 0 ? 0 : (a.reward().mean() - b.reward().mean()) / se;
    }

    static double sq(double x) {
        return x * x;
    }

    static double mean(io.playbench.schema.MeanStd m) {
        return m == null ? Double.NaN : m.mean();
    }

    static double std(io.playbench.schema.MeanStd m) {
        return m == null ? Double.NaN : m.std();
    }

    static double nz(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** A {@code device = "gpu"} request through PlayRunner, as the JUnit extension and the command line make it; writes the bundle. */
    static void runner(Path checkpoints, Path out) throws Exception {
        try (io.playbench.rollout.PlayRunner runner = io.playbench.rollout.PlayRunner.builder()
                .adapters(io.playbench.rollout.DefaultComponents.adapters())
                .gpus(io.playbench.rollout.DefaultComponents::gpus, io.playbench.rollout.DefaultComponents.gpuProbe())
                .build()) {
            io.playbench.rollout.PlayOutcome o = runner.run(io.playbench.rollout.PlayRequest.builder(
                            Library.SB3, "CartPole-v1")
                    .numEnvs(65_536)
                    .steps(3000)
                    .warmupSteps(500)
                    .checkpoint(
                            checkpoints.resolve("sb3/ppo-CartPole-v1/model.zip").toString())
                    .seed(42)
                    .device("gpu")
                    .autoreset(AutoresetMode.NEXT_STEP)
                    .build());
            String json = io.playbench.schema.PlayBundles.toJson(o.bundle());
            Files.writeString(out.resolve("bundle-gpu-runner.json"), json);
            log("RUNNER crash " + o.crash() + ", schema violations " + io.playbench.schema.PlayBundles.validate(json)
                    + ", fps "
                    + (o.result() == null
                            ? "-"
                            : String.format(Locale.ROOT, "%.3f G", o.result().totalFps() / 1e9)) + ", gpus "
                    + o.bundle().hardware().gpuDevices() + ", resources "
                    + o.bundle().resources());
        }
    }

    /** Frames/s of a task (NEXT_STEP autoreset, K = 100). */
    /** A policy evaluated for 250 rows (a partial block) gives the same bits as for 256. */
    static void partialBlock(CudaContext gpu, PolicySpec spec, String label) {
        int w = spec.observationSize();
        int o = spec.outputSize();
        java.util.Random random = new java.util.Random(7);
        float[] obs = new float[256 * w];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) random.nextGaussian();
        }
        float[] full = new float[256 * o];
        float[] part = new float[250 * o];
        try (GpuPolicy p = new GpuPolicy(gpu, spec)) {
            p.evaluate(obs, 256, full, new int[256]);
            p.evaluate(obs, 250, part, new int[250]);
        }
        int mismatches = 0;
        for (int i = 0; i < part.length; i++) {
            if (Float.floatToIntBits(part[i]) != Float.floatToIntBits(full[i])) {
                mismatches++;
            }
        }
        log("WIDE " + label + " partial block: 250 rows vs 256 rows, " + part.length + " outputs, bit mismatches "
                + mismatches);
    }

    static void runTask(CudaContext gpu, String task, PolicySpec spec, int n) {
        try (GpuPlay play = GpuPlay.create(gpu, task, spec, n, AutoresetMode.NEXT_STEP)) {
            long steps = n >= 1_000_000 ? 500 : 2000;
            PlayResult r = play.run(new GpuPlay.Options(100, steps, 100, 42L, null, null, null));
            log(String.format(
                    Locale.ROOT,
                    "TASKBENCH %-26s %-32s envs %9d: %.3f G frames/s (%d frames in %.3f s), compile+load %.1f s, episodes %d, "
                            + "mean return %.2f, mean length %.1f, success %.3f",
                    task,
                    spec.library().id() + " " + spec.algorithm(),
                    n,
                    r.totalFps() / 1e9,
                    r.frames(),
                    r.runtime().totalWallTimeS(),
                    play.compileSeconds(),
                    r.completedEpisodes(),
                    mean(r.reward()),
                    mean(r.epLength()),
                    nz(r.successRate())));
        }
    }

    /** Frames/s at 4,096, 65,536 and 1,048,576 envs. */
    static void bench(CudaContext gpu, PolicySpec spec, String label, boolean variants) {
        int[] sizes = variants ? new int[] {4096, 65_536, 1_048_576} : new int[] {1_048_576};
        for (int n : sizes) {
            run(gpu, spec, label, n, AutoresetMode.SAME_STEP, 100, GpuPlay.Tuning.DEFAULT);
            if (variants && n >= 65_536) {
                run(gpu, spec, label, n, AutoresetMode.NEXT_STEP, 100, GpuPlay.Tuning.DEFAULT);
                run(gpu, spec, label, n, AutoresetMode.SAME_STEP, 100, new GpuPlay.Tuning(0, true));
            }
        }
    }

    static void run(
            CudaContext gpu, PolicySpec spec, String label, int n, AutoresetMode mode, int k, GpuPlay.Tuning tuning) {
        try (GpuPlay play = GpuPlay.create(gpu, "CartPole-v1", spec, n, mode, tuning)) {
            long steps = n >= 1_000_000 ? 2000 : n >= 65_536 ? 5000 : 20_000;
            PlayResult r = play.run(new GpuPlay.Options(500, steps, k, 42L, "sb3", null, null));
            log(String.format(
                    Locale.ROOT,
                    "BENCH %-18s envs %9d autoreset %-9s K %3d minBlocks %d approxTanh %-5s: %.3f G frames/s (%d frames in "
                            + "%.3f s), episodes %d, mean return %.1f, success %.3f",
                    label,
                    n,
                    mode,
                    k,
                    tuning.minBlocks(),
                    tuning.approximateTanh(),
                    r.totalFps() / 1e9,
                    r.frames(),
                    r.runtime().totalWallTimeS(),
                    r.completedEpisodes(),
                    mean(r.reward()),
                    nz(r.successRate())));
        }
    }

    /** The same shapes with random weights (Kaiming-uniform-like, as PyTorch initialises Linear layers). */
    static PolicySpec randomize(PolicySpec spec, long seed) {
        Random rnd = new Random(seed);
        List<Stage> stages = new ArrayList<>();
        for (Stage s : spec.stages()) {
            if (s instanceof Stage.Dense d) {
                float bound = (float) (1 / Math.sqrt(d.in()));
                float[] w = new float[d.weight().length];
                float[] b = new float[d.out()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (rnd.nextFloat() * 2 - 1) * bound;
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (rnd.nextFloat() * 2 - 1) * bound;
                }
                stages.add(new Stage.Dense(w, b, d.in(), d.out(), d.activation()));
            } else {
                stages.add(s);
            }
        }
        return new PolicySpec(
                spec.library(),
                spec.algorithm(),
                spec.observationSize(),
                spec.action(),
                stages,
                List.of("random weights"));
    }
}
