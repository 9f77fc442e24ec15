package io.playbench.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every shared checkpoint, rebuilt by its library adapter and run by the reference evaluator, reproduces what the
 * library itself computed (reference-actions.json): the action, and the normalised observation and network output.
 */
class LibraryAdaptersSharedCheckpointsTests {

    private static final JsonMapper JSON = new JsonMapper();
    static final double TOLERANCE = 1e-5;

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
    void adapterReproducesTheLibrarysActions(String library, String folder, String file) throws IOException {
        Path dir = checkpoints().resolve(folder);
        LoadedPolicy loaded = LibraryAdapters.of(Library.fromId(library)).load(dir.resolve(file), dir);
        JsonNode samples =
                JSON.readTree(dir.resolve("reference-actions.json").toFile()).get("samples");

        Agreement agreement = compare(loaded.spec(), samples);

        System.out.println(LibraryAdapters.describe(loaded));
        System.out.println(folder + ": " + agreement);
        assertThat(agreement.samples).isEqualTo(samples.size());
        assertThat(agreement.failures).as(folder + " mismatches").isEmpty();
        assertThat(agreement.flipsNotNearTies)
                .as(folder + " argmax flips away from a near-tie")
                .isZero();
        assertThat(LibraryAdapters.detect(dir.resolve(file))).contains(Library.fromId(library));
    }

    static Path checkpoints() {
        try {
            return Path.of(LibraryAdaptersSharedCheckpointsTests.class
                    .getResource("/playbench/torch/checkpoints")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares every sample; collects the worst errors and the failures. */
    static Agreement compare(PolicySpec spec, JsonNode samples) {
        Agreement a = new Agreement();
        boolean discrete = spec.action() instanceof PolicySpec.ActionOutput.Discrete;
        int lastDense = -1;
        int normalize = -1;
        for (int i = 0; i < spec.stages().size(); i++) {
            if (spec.stages().get(i) instanceof Stage.Dense) {
                lastDense = i;
            }
            if (spec.stages().get(i) instanceof Stage.Normalize) {
                normalize = i;
            }
        }
        for (int s = 0; s < samples.size(); s++) {
            JsonNode sample = samples.get(s);
            float[] x = floats(sample.get("obs"));
            float[] normalized = null;
            float[] head = null;
            for (int i = 0; i < spec.stages().size(); i++) {
                Stage stage = spec.stages().get(i);
                if (stage instanceof Stage.Argmax) {
                    break;
                }
                x = ReferencePolicy.apply(stage, x);
                if (i == normalize) {
                    normalized = x;
                }
                if (i == lastDense) {
                    head = x;
                }
            }
            a.samples++;
            for (String key : List.of("obs_normalized", "normalized_obs")) {
                if (sample.has(key)) {
                    a.check(s, key, normalized, floats(sample.get(key)));
                }
            }
            for (String key : List.of("logits_or_mean", "raw_output", "q_values", "mean_pre_tanh", "network_output")) {
                if (sample.has(key)) {
                    a.check(s, key, head, floats(sample.get(key)));
                }
            }
            if (discrete) {
                int expected = sample.get("action").asInt();
                int actual = ReferencePolicy.argmax(x);
                if (actual != expected) {
                    JsonNode logits = sample.has("q_values")
                            ? sample.get("q_values")
                            : sample.has("logits_or_mean") ? sample.get("logits_or_mean") : sample.get("raw_output");
                    float[] l = floats(logits);
                    double gap = Math.abs(l[expected] - l[actual]);
                    if (gap <= TOLERANCE * Math.max(1, Math.abs(l[expected]))) {
                        a.nearTieFlips.add(s + " (gap " + gap + ")");
                    } else {
                        a.flipsNotNearTies++;
                        a.failures.add("sample " + s + ": action " + actual + " but the library chose " + expected
                                + " (logit gap " + gap + ")");
                    }
                }
                float[] l = floats(
                        sample.has("q_values")
                                ? sample.get("q_values")
                                : sample.has("logits_or_mean")
                                        ? sample.get("logits_or_mean")
                                        : sample.get("raw_output"));
                a.closestTie = Math.min(a.closestTie, topTwoGap(l));
            } else {
                a.check(s, "action", x, floats(sample.get("action")));
            }
        }
        return a;
    }

    static double topTwoGap(float[] l) {
        if (l.length < 2) {
            return Double.POSITIVE_INFINITY;
        }
        float[] c = l.clone();
        java.util.Arrays.sort(c);
        return c[c.length - 1] - c[c.length - 2];
    }

    static float[] floats(JsonNode n) {
        if (n.isNumber()) {
            return new float[] {(float) n.asDouble()};
        }
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }

    /** Worst absolute and relative errors over all compared values, and the values outside the tolerance. */
    static final class Agreement {
        int samples;
        int values;
        double maxAbs;
        double maxRel;
        double closestTie = Double.POSITIVE_INFINITY;
        int flipsNotNearTies;
        final List<String> nearTieFlips = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        final java.util.Map<String, double[]> byKey = new java.util.TreeMap<>();

        void check(int sample, String key, float[] actual, float[] expected) {
            if (actual == null || actual.length != expected.length) {
                failures.add("sample " + sample + " " + key + ": computed " + java.util.Arrays.toString(actual)
                        + ", expected " + java.util.Arrays.toString(expected));
                return;
            }
            for (int i = 0; i < expected.length; i++) {
                double abs = Math.abs((double) actual[i] - expected[i]);
                values++;
                maxAbs = Math.max(maxAbs, abs);
                double[] k = byKey.computeIfAbsent(key, x -> new double[2]);
                k[0] = Math.max(k[0], abs);
                if (Math.abs(expected[i]) > 1e-3) {
                    maxRel = Math.max(maxRel, abs / Math.abs(expected[i]));
                    k[1] = Math.max(k[1], abs / Math.abs(expected[i]));
                }
                if (abs > TOLERANCE * Math.max(1.0, Math.abs(expected[i]))) {
                    failures.add(String.format(
                            Locale.ROOT,
                            "sample %d %s[%d]: computed %s, expected %s (abs error %.3g)",
                            sample,
                            key,
                            i,
                            actual[i],
                            expected[i],
                            abs));
                }
            }
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d samples, %d values compared, max abs error %.3g, max rel error %.3g (|expected| > 1e-3), "
                            + "closest top-two gap %.3g, near-tie flips %s, failures %d%s; per key (max abs, max rel): %s",
                    samples,
                    values,
                    maxAbs,
                    maxRel,
                    closestTie,
                    nearTieFlips,
                    failures.size(),
                    failures.isEmpty() ? "" : " e.g. " + failures.subList(0, Math.min(5, failures.size())),
                    perKey());
        }

        private String perKey() {
            StringBuilder sb = new StringBuilder();
            byKey.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.3g / %.3g; ", k, v[0], v[1])));
            return sb.toString();
        }
    }
}
