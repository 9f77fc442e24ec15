package io.playbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.device.Device;
import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.MathMode;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.InferenceEngines;
import io.playbench.inference.Policy;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapters;
import io.playbench.library.LoadedPolicy;
import io.playbench.library.PolicySpec;
import io.playbench.library.ReferencePolicy;
import io.playbench.rollout.PlayOutcome;
import io.playbench.rollout.PlayRequest;
import io.playbench.rollout.PlayRunner;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.ScanResult;
import io.playbench.schema.Violation;
import io.playbench.torch.NumpyArray;
import io.playbench.torch.PickleTree;
import io.playbench.torch.Pickles;
import io.playbench.torch.PyObject;
import io.playbench.torch.ReadOptions;
import io.playbench.torch.Tensor;
import io.playbench.torch.TorchCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API examples of docs/ as compiled, running code: each tagged region is cut into the docs by
 * {@link DocSnippetsTests}, and each test checks that the example does what the docs say.
 */
class DocExamplesTests {

    /** The shared checkpoints, kept once in playbench-core's test fixtures. */
    static final Path CHECKPOINTS =
            Path.of("../junit-extension/playbench-core/src/test/resources/playbench/torch/checkpoints");

    @TempDir
    Path temp;

    @Test
    void libraries() throws Exception {
        Path run = CHECKPOINTS.resolve("rsl_rl/v5-ppo-Pendulum-v1");
        float[] observation = {0.5f, -0.8f, 1.2f};
        // tag::libraries[]
        LoadedPolicy p = LibraryAdapters.of(Library.RSL_RL).load(run.resolve("model_199.pt"), run);
        System.out.println(LibraryAdapters.describe(p)); // what `playbench inspect` prints
        float[] action = new ReferencePolicy(p.spec()).forward(observation);
        // end::libraries[]
        assertThat(action).hasSize(1);
        assertThat(LibraryAdapters.describe(p)).contains("library:", "stages:");
    }

    @Test
    void engines() throws Exception {
        Path run = CHECKPOINTS.resolve("sb3/ppo-CartPole-v1");
        PolicySpec spec = LibraryAdapters.of(Library.SB3)
                .load(run.resolve("model.zip"), run)
                .spec();
        float[] observations = new float[4096 * spec.observationSize()];
        int[] actions = new int[4096];
        // tag::engines[]
        try (Policy policy = InferenceEngines.compile(spec, "auto", Device.AUTO, 4096)) { // engine, device, batch
            policy.warnings().forEach(System.err::println); // fallbacks: no GPU, Vector API module missing
            policy.notes(); // what auto chose and why, threads, SIMD width
            policy.deviceInfo(); // name, memory, compute capability, for the bundle
            policy.warmUp();
            policy.act(observations, actions); // int[] for discrete, float[] for continuous actions
        }
        // end::engines[]
        assertThat(java.util.Arrays.stream(actions).allMatch(a -> a == 0 || a == 1))
                .isTrue();
    }

    @Test
    void environments() {
        // tag::environments[]
        try (VecEnv env = Tasks.make("CartPole-v1", 4096)) { // default options
            env.reset(42); // env i seeded with 42 + i, as SyncVectorEnv
            int[] actions = new int[env.numEnvs()];
            for (int t = 0; t < 1000; t++) {
                float[] obs = env.observations(); // numEnvs x 4, row-major, owned by the env
                for (int i = 0; i < env.numEnvs(); i++) {
                    actions[i] = obs[i * 4 + 2] > 0 ? 1 : 0; // push towards the pole's lean
                }
                env.step(actions);
                double[] r = env.rewards();
                boolean[] ended = env.episodeEnded(); // episode ended on this step
                for (int i = 0; i < env.numEnvs(); i++) {
                    if (ended[i]) {
                        double ret = env.episodeReturns()[i];
                        int len = env.episodeLengths()[i];
                        boolean success = env.episodeSuccesses()[i];
                    }
                }
            }
            long episodes = env.episodesCompleted();
        }

        EnvOptions options = EnvOptions.defaults()
                .withAutoresetMode(AutoresetMode.SAME_STEP) // Isaac Lab style
                .withThreads(EnvOptions.allCores()) // step blocks of envs in parallel
                .withMaxEpisodeSteps(1000) // override the time limit (-1: none)
                .withMathMode(MathMode.EXACT); // the default
        try (VecEnv env = Tasks.make("Pendulum-v1", 65536, options)) {
            env.reset(0);
        }
        // end::environments[]
    }

    @Test
    void torchCheckpoint() throws Exception {
        Path file = CHECKPOINTS.resolve("rsl_rl/v5-ppo-Pendulum-v1/model_199.pt");
        // tag::torch[]
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
            Tensor w = ckpt.tensor("actor_state_dict.mlp.0.weight"); // dotted path; state-dict keys may contain dots
            float[] weights = w.toFloatArray(); // row-major, strides and offset honoured
            long iteration = (Long) ckpt.get("iter");
            System.out.println(ckpt.summary()); // keys, dtypes, shapes, devices, parameter count, sha256
        }
        // end::torch[]
    }

    @Test
    void vecNormalize() throws Exception {
        Path file = CHECKPOINTS.resolve("sb3/a2c-Acrobot-v1-vecnormalize/vecnormalize.pkl");
        // tag::pickle[]
        Object v = Pickles.load(file, ReadOptions.defaults().withSb3StandIns());
        double[] mean = ((NumpyArray) PickleTree.find(v, "obs_rms.mean").orElseThrow()).toDoubleArray();
        double[] var = ((NumpyArray) PickleTree.find(v, "obs_rms.var").orElseThrow()).toDoubleArray();
        double clipObs = (Double) ((PyObject) v).attribute("clip_obs"); // also epsilon, norm_obs, training, ...
        // end::pickle[]
        assertThat(mean).hasSize(6);
        assertThat(var).hasSize(6);
        assertThat(clipObs).isPositive();
    }

    @Test
    void bundles() throws Exception {
        Path run = CHECKPOINTS.resolve("sb3/ppo-CartPole-v1");
        PlayBundle bundle;
        try (PlayRunner runner =
                PlayRunner.builder().minWarmup(java.time.Duration.ZERO).build()) {
            PlayOutcome outcome = runner.run(PlayRequest.builder(Library.SB3, "CartPole-v1")
                    .checkpoint(run.resolve("model.zip").toString())
                    .steps(50)
                    .build());
            bundle = outcome.bundle();
        }
        Path bundleDir = temp;
        // tag::bundles[]
        Path file = PlayBundles.write(bundleDir, bundle); // atomic, collision-free name, validated before writing
        PlayBundle back = PlayBundles.read(file); // validated; InvalidBundleException lists JSON pointer + rule
        List<Violation> problems = PlayBundles.validate(Files.readString(file));
        ScanResult all = PlayBundles.scan(bundleDir); // every bundle under a directory; bad files reported, not fatal
        // end::bundles[]
        assertThat(problems).isEmpty();
        assertThat(back.run().library()).isEqualTo(Library.SB3);
        assertThat(all.entries()).hasSize(1);
    }
}
