package io.playbench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.playbench.device.Device;
import io.playbench.library.PolicySpec;
import io.playbench.library.ReferencePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every engine computes what the reference evaluator computes: continuous actions within 1e-5 relative (absolute
 * 1e-5 below magnitude 1), discrete actions identical except where the two best logits lie within that tolerance.
 *
 * <p>The optional TensorFlow engine is checked the same way in its own module ({@code TensorFlowNumericsTests}).
 */
class EngineNumericsTests {

    static final double TOLERANCE = 1e-5;

    static Stream<Arguments> enginesAndSpecs() {
        List<Arguments> args = new ArrayList<>();
        for (String engine : List.of(JavaEngine.VECTOR_ID, JavaEngine.SCALAR_ID, ReferenceEngine.ID)) {
            for (PolicySpecFixtures.Named spec : PolicySpecFixtures.all()) {
                args.add(Arguments.of(engine, spec));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("enginesAndSpecs")
    void engineMatchesTheReferenceEvaluator(String engine, PolicySpecFixtures.Named named) {
        assertMatchesReference(engine, named.spec(), TOLERANCE);
    }

    /**
     * Compiles the spec with the engine at batches 1, 37 and 301 and compares every action with the reference
     * evaluator's; also used by the optional engines' modules (TensorFlowNumericsTests).
     */
    static void assertMatchesReference(String engine, PolicySpec spec, double tolerance) {
        ReferencePolicy reference = new ReferencePolicy(spec);
        // 1 row; an odd batch that is no multiple of the row tile; a batch split over two threads with a partial block
        for (int batch : new int[] {1, 37, 301}) {
            float[] obs = PolicySpecFixtures.observations(new Random(batch), batch, spec.observationSize());
            try (Policy policy = InferenceEngines.compile(spec, engine, Device.CPU, batch)) {
                if (spec.action() instanceof PolicySpec.ActionOutput.Discrete) {
                    int[] actual = new int[batch];
                    int[] expected = new int[batch];
                    policy.act(obs, actual);
                    reference.act(obs, batch, expected);
                    for (int b = 0; b < batch; b++) {
                        if (actual[b] != expected[b]) {
                            float[] logits = reference.forward(row(obs, b, spec.observationSize()));
                            double gap = Math.abs(logits[actual[b]] - logits[expected[b]]);
                            if (gap > tolerance * Math.max(1, Math.abs(logits[expected[b]]))) {
                                fail(
                                        "%s batch %d row %d: action %d but the reference chose %d (logits %s, gap %g)",
                                        engine,
                                        batch,
                                        b,
                                        actual[b],
                                        expected[b],
                                        java.util.Arrays.toString(logits),
                                        gap);
                            }
                        }
                    }
                } else {
                    int width = spec.outputSize();
                    float[] actual = new float[batch * width];
                    float[] expected = new float[batch * width];
                    policy.act(obs, actual);
                    reference.act(obs, batch, expected);
                    double worst = 0;
                    for (int i = 0; i < actual.length; i++) {
                        double err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
                        if (!(err <= tolerance)) {
                            fail(
                                    "%s batch %d row %d element %d: %s but the reference computed %s (relative error %g > %g)",
                                    engine, batch, i / width, i % width, actual[i], expected[i], err, tolerance);
                        }
                        worst = Math.max(worst, err);
                    }
                    assertThat(worst).isLessThanOrEqualTo(tolerance);
                }
            }
        }
    }

    private static float[] row(float[] obs, int b, int width) {
        float[] r = new float[width];
        System.arraycopy(obs, b * width, r, 0, width);
        return r;
    }
}
