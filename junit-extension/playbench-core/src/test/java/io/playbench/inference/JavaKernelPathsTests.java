package io.playbench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.playbench.device.Device;
import io.playbench.library.Activation;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapters;
import io.playbench.library.PolicySpec;
import io.playbench.library.PolicySpec.ActionOutput;
import io.playbench.library.ReferencePolicy;
import io.playbench.library.Stage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java engines' shape-dependent paths against the reference evaluator: a first dense layer that reads the
 * observations in place, narrow heads computed as dot products (1-4 outputs, inputs with and without a partial SIMD
 * vector), the two-action head fused with the argmax, on random policies and on the shared checkpoints; batches that
 * are and are not multiples of the row tile, on one and two threads.
 */
class JavaKernelPathsTests {

    private static final double TOLERANCE = EngineNumericsTests.TOLERANCE;
    private static final JsonMapper JSON = new JsonMapper();

    static Stream<Arguments> shapes() {
        List<Arguments> args = new ArrayList<>();
        for (String engine : List.of(JavaEngine.VECTOR_ID, JavaEngine.SCALAR_ID)) {
            for (int out : new int[] {1, 2, 3, 4, 5}) {
                for (int hidden : new int[] {7, 16, 20, 64}) {
                    for (boolean discrete : new boolean[] {true, false}) {
                        if (discrete && out == 1) {
                            continue;
                        }
                        args.add(Arguments.of(engine, 4, hidden, out, discrete, Activation.TANH, false));
                    }
                }
            }
            for (Activation a : Activation.values()) {
                args.add(Arguments.of(engine, 6, 33, 2, true, a, true));
                args.add(Arguments.of(engine, 19, 40, 3, false, a, false));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}: obs {1}, hidden {2}, out {3}, discrete {4}, {5}, normaliser first {6}")
    @MethodSource("shapes")
    void everyShapeMatchesTheReference(
            String engine, int obs, int hidden, int out, boolean discrete, Activation act, boolean normaliseFirst) {
        Random r = new Random(obs * 1000L + hidden * 10L + out);
        List<Stage> stages = new ArrayList<>();
        if (normaliseFirst) {
            double[] mean = new double[obs];
            double[] var = new double[obs];
            Arrays.fill(var, 2.0);
            stages.add(new Stage.Normalize(Stage.Normalize.Formula.SQRT_VAR_PLUS_EPS, mean, var, 1e-8, 10, false));
        }
        stages.add(PolicySpecFixtures.dense(r, obs, hidden, act, true));
        stages.add(PolicySpecFixtures.dense(r, hidden, hidden, act, true));
        stages.add(PolicySpecFixtures.dense(r, hidden, out, Activation.IDENTITY, true));
        if (discrete) {
            stages.add(new Stage.Argmax());
        }
        PolicySpec spec = new PolicySpec(
                Library.SB3,
                "PPO",
                obs,
                discrete ? new ActionOutput.Discrete(out) : new ActionOutput.Continuous(out),
                stages,
                List.of());
        for (int threads : new int[] {1, 2}) {
            for (int batch : new int[] {1, 3, 4, 37, 301}) {
                float[] observations = moderateObservations(new Random(batch), batch, obs);
                JavaEngine e = (engine.equals(JavaEngine.VECTOR_ID) ? JavaEngine.vector() : JavaEngine.scalar())
                        .withThreads(threads);
                try (Policy policy = e.compile(spec, Device.CPU, batch)) {
                    assertMatchesReference(engine + " threads " + threads, spec, policy, observations, batch);
                }
            }
        }
    }

    @Test
    void theFusedTwoActionHeadIsUsedWhereItApplies() {
        Random r = new Random(5);
        PolicySpec spec = twoActionPolicy(r, 4, 64);
        try (Policy policy = JavaEngine.vector().compile(spec, Device.CPU, 64)) {
            assertThat(String.join("\n", policy.notes()))
                    .contains(
                            JavaEngine.vectorApiAvailable()
                                    ? "two-action head fused with the argmax"
                                    : "kernel scalar");
        }
    }

    @Test
    void theFusedTwoActionHeadFollowsTheReferenceOnNaNAndInfinity() {
        // ReLU hidden units are exactly 0 for some rows; an infinite head weight then makes 0 * inf = NaN in one logit
        Random r = new Random(9);
        Stage.Dense hidden = PolicySpecFixtures.dense(r, 4, 32, Activation.RELU, true);
        float[] head = new float[2 * 32];
        for (int i = 0; i < head.length; i++) {
            head[i] = r.nextFloat() - 0.5f;
        }
        for (int logit = 0; logit < 2; logit++) {
            float[] w = head.clone();
            w[logit * 32 + 3] = Float.POSITIVE_INFINITY;
            PolicySpec spec = new PolicySpec(
                    Library.SB3,
                    "PPO",
                    4,
                    new ActionOutput.Discrete(2),
                    List.of(
                            hidden,
                            new Stage.Dense(w, new float[] {0.1f, -0.1f}, 32, 2, Activation.IDENTITY),
                            new Stage.Argmax()),
                    List.of());
            int batch = 203;
            float[] obs = PolicySpecFixtures.observations(new Random(logit), batch, 4);
            obs[4 * 7 + 1] = Float.NaN; // and a NaN observation
            obs[4 * 201] = Float.NaN; // in the last, partial row tile
            for (String engine : List.of(JavaEngine.VECTOR_ID, JavaEngine.SCALAR_ID)) {
                try (Policy policy = InferenceEngines.compile(spec, engine, Device.CPU, batch)) {
                    int[] actual = new int[batch];
                    int[] expected = new int[batch];
                    policy.act(obs, actual);
                    new ReferencePolicy(spec).act(obs, batch, expected);
                    assertThat(actual)
                            .as("%s, infinite weight in logit %d", engine, logit)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "rsl_rl, rsl_rl/v5-ppo-Pendulum-v1, model_199.pt",
        "rsl_rl, rsl_rl/v2-ppo-Pendulum-v1, model_199.pt",
        "rl_games, rl_games/ppo-Pendulum-v1, nn/pendulum.pth",
        "rl_games, rl_games/ppo-CartPole-v1, nn/cartpole.pth",
        "skrl, skrl/ppo-Pendulum-v1, checkpoints/agent_12000.pt",
        "sb3, sb3/ppo-CartPole-v1, model.zip",
        "sb3, sb3/dqn-CartPole-v1, model.zip",
        "sb3, sb3/sac-Pendulum-v1, model.zip",
        "sb3, sb3/a2c-Acrobot-v1-vecnormalize, model.zip",
    })
    void sharedCheckpointsMatchTheReference(String library, String folder, String file)
            throws IOException, URISyntaxException {
        Path dir = Path.of(
                        getClass().getResource("/playbench/torch/checkpoints").toURI())
                .resolve(folder);
        PolicySpec spec = LibraryAdapters.of(Library.fromId(library))
                .load(dir.resolve(file), dir)
                .spec();
        JsonNode samples =
                JSON.readTree(dir.resolve("reference-actions.json").toFile()).get("samples");
        int n = samples.size();
        int width = spec.observationSize();
        float[] recorded = new float[n * width];
        for (int s = 0; s < n; s++) {
            JsonNode o = samples.get(s).get("obs");
            for (int i = 0; i < width; i++) {
                recorded[s * width + i] = (float) o.get(i).asDouble();
            }
        }
        for (int threads : new int[] {1, 2}) {
            try (Policy policy = JavaEngine.vector().withThreads(threads).compile(spec, Device.CPU, n)) {
                assertMatchesReference(
                        folder + " recorded observations, threads " + threads, spec, policy, recorded, n);
            }
            try (Policy policy = JavaEngine.vector().withThreads(threads).compile(spec, Device.CPU, 301)) {
                float[] random = PolicySpecFixtures.observations(new Random(threads), 301, width);
                assertMatchesReference(folder + " random observations, threads " + threads, spec, policy, random, 301);
            }
        }
    }

    /**
     * Gaussian observations of scale 2 with some exact zeros, no outliers: with unbounded activations (identity, ReLU)
     * the fixtures' outliers of magnitude ~300 make float32 accumulation itself (in every engine) drift past 1e-5.
     */
    static float[] moderateObservations(Random r, int batch, int width) {
        float[] x = new float[batch * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() < 0.03 ? 0f : (float) (r.nextGaussian() * 2);
        }
        return x;
    }

    static PolicySpec twoActionPolicy(Random r, int obs, int hidden) {
        return new PolicySpec(
                Library.SB3,
                "PPO",
                obs,
                new ActionOutput.Discrete(2),
                List.of(
                        PolicySpecFixtures.dense(r, obs, hidden, Activation.TANH, true),
                        PolicySpecFixtures.dense(r, hidden, hidden, Activation.TANH, true),
                        PolicySpecFixtures.dense(r, hidden, 2, Activation.IDENTITY, true),
                        new Stage.Argmax()),
                List.of());
    }

    /** Continuous: within the tolerance; discrete: identical except where the two logits lie within it. */
    static void assertMatchesReference(String what, PolicySpec spec, Policy policy, float[] obs, int batch) {
        ReferencePolicy reference = new ReferencePolicy(spec);
        int width = spec.observationSize();
        if (spec.action() instanceof ActionOutput.Discrete) {
            int[] actual = new int[batch];
            int[] expected = new int[batch];
            policy.act(obs, actual);
            reference.act(obs, batch, expected);
            for (int b = 0; b < batch; b++) {
                if (actual[b] != expected[b]) {
                    float[] logits = reference.forward(Arrays.copyOfRange(obs, b * width, (b + 1) * width));
                    double gap = Math.abs(logits[actual[b]] - logits[expected[b]]);
                    if (!(gap <= TOLERANCE * Math.max(1, Math.abs(logits[expected[b]])))) {
                        fail(
                                "%s batch %d row %d: action %d but the reference chose %d (logits %s)",
                                what, batch, b, actual[b], expected[b], Arrays.toString(logits));
                    }
                }
            }
        } else {
            int out = spec.outputSize();
            float[] actual = new float[batch * out];
            float[] expected = new float[batch * out];
            policy.act(obs, actual);
            reference.act(obs, batch, expected);
            for (int i = 0; i < actual.length; i++) {
                double err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
                if (!(err <= TOLERANCE) && !(Float.isNaN(actual[i]) && Float.isNaN(expected[i]))) {
                    fail(
                            "%s batch %d row %d element %d: %s but the reference computed %s",
                            what, batch, i / out, i % out, actual[i], expected[i]);
                }
            }
        }
    }
}
