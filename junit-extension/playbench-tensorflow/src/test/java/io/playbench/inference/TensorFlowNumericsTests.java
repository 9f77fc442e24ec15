package io.playbench.inference;

import io.playbench.library.PolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TensorFlow engine computes what the reference evaluator computes: continuous actions within 1e-5 relative (absolute
 * 1e-5 below magnitude 1), discrete actions identical except where the two best logits lie within that tolerance.
 *
 * <p>One documented exception: TensorFlow on policies with three or more hidden layers is held to 2e-5. Its MatMul
 * runs on oneDNN, whose blocked, FMA-contracted float32 sums differ from the reference's double sums by a few ulp
 * per layer; on the 4-layer Isaac-style policy the worst of 3,612 outputs deviates 1.02e-5. The Java engines, which
 * accumulate in input order, stay within 1e-5 there.
 */
class TensorFlowNumericsTests {

    static final double TOLERANCE = 1e-5;
    static final double ONEDNN_DEEP_TOLERANCE = 2e-5;

    static Stream<Arguments> enginesAndSpecs() {
        List<Arguments> args = new ArrayList<>();
        for (String engine : List.of("tensorflow")) {
            for (PolicySpecFixtures.Named spec : PolicySpecFixtures.all()) {
                args.add(Arguments.of(engine, spec));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("enginesAndSpecs")
    void engineMatchesTheReferenceEvaluator(String engine, PolicySpecFixtures.Named named) {
        PolicySpec spec = named.spec();
        long hidden = spec.stages().stream()
                        .filter(s -> s instanceof io.playbench.library.Stage.Dense)
                        .count()
                - 1;
        EngineNumericsTests.assertMatchesReference(engine, spec, hidden >= 3 ? ONEDNN_DEEP_TOLERANCE : TOLERANCE);
    }
}
