package io.playbench.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbench.library.PolicySpec.ActionOutput;
import io.playbench.library.Stage.Normalize.Formula;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencePolicyTests {

    @Test
    void denseLayersComputeWxPlusBThenActivation() {
        // 2 -> 2 (relu) -> 1 (identity), computed by hand.
        PolicySpec spec = new PolicySpec(
                Library.SB3,
                "PPO",
                2,
                new ActionOutput.Continuous(1),
                List.of(
                        new Stage.Dense(new float[] {1, 2, -3, 4}, new float[] {0.5f, -1}, 2, 2, Activation.RELU),
                        new Stage.Dense(new float[] {2, -1}, new float[] {0.25f}, 2, 1, Activation.IDENTITY)),
                List.of());

        float[] out = new ReferencePolicy(spec).forward(new float[] {1, -1});

        // layer 1: [1*1 + 2*-1 + 0.5, -3*1 + 4*-1 - 1] = [-0.5, -8] -> relu -> [0, 0]; layer 2: 0.25
        assertThat(out).containsExactly(0.25f);
        assertThat(new ReferencePolicy(spec).forward(new float[] {2, 1})).containsExactly(2 * 4.5f - 0 + 0.25f);
    }

    @Test
    void normalisationFollowsEachLibrarysFormula() {
        float[] x = {3f};
        double[] mean = {1.0};
        assertThat(norm(Formula.STD_PLUS_EPS, new double[] {2.0}, 1e-2, Double.POSITIVE_INFINITY, false, x))
                .isEqualTo(2f / (2f + 0.01f));
        assertThat(norm(Formula.SQRT_VAR_PLUS_EPS, new double[] {4.0}, 1e-5, 5, false, x))
                .isEqualTo(2f / (float) Math.sqrt(4f + 1e-5f));
        assertThat(norm(Formula.SQRT_VAR_THEN_PLUS_EPS, new double[] {4.0}, 1e-8, 5, false, x))
                .isEqualTo(2f / (2f + 1e-8f));
        assertThat(norm(Formula.SQRT_VAR_PLUS_EPS, new double[] {1e-4}, 1e-8, 10, true, x))
                .isEqualTo(10f);
        assertThat(norm(Formula.SQRT_VAR_PLUS_EPS, new double[] {4.0}, 1e-8, 10, true, x))
                .isEqualTo((float) (2.0 / Math.sqrt(4.0 + 1e-8)));
        assertThat(new ReferencePolicy(new PolicySpec(
                                Library.SKRL,
                                "PPO",
                                1,
                                new ActionOutput.Continuous(1),
                                List.of(new Stage.Normalize(
                                        Formula.SQRT_VAR_PLUS_EPS, mean, new double[] {1.0}, 0, 5, false)),
                                List.of()))
                        .forward(new float[] {100f}))
                .containsExactly(5f);
    }

    @Test
    void discretePoliciesTakeTheFirstMaximum() {
        PolicySpec spec = new PolicySpec(
                Library.SB3,
                "DQN",
                2,
                new ActionOutput.Discrete(3),
                List.of(
                        new Stage.Dense(new float[] {1, 0, 0, 1, 1, 0}, null, 2, 3, Activation.IDENTITY),
                        new Stage.Argmax()),
                List.of());
        int[] actions = new int[2];

        new ReferencePolicy(spec).act(new float[] {1, 2, 5, 1}, 2, actions);

        assertThat(actions).containsExactly(1, 0);
        assertThat(ReferencePolicy.argmax(new float[] {1, 3, 3})).isEqualTo(1);
    }

    @Test
    void stagesThatDoNotChainAreRejectedWithTheirIndex() {
        assertThatThrownBy(() -> new PolicySpec(
                        Library.SB3,
                        "PPO",
                        3,
                        new ActionOutput.Continuous(1),
                        List.of(new Stage.Dense(new float[4], null, 2, 2, Activation.TANH)),
                        List.of()))
                .hasMessageContaining("stage 0 (Dense) does not fit")
                .hasMessageContaining("expects 2 inputs but receives 3");
        assertThatThrownBy(() -> new PolicySpec(
                        Library.SB3,
                        "PPO",
                        2,
                        new ActionOutput.Discrete(3),
                        List.of(new Stage.Dense(new float[4], null, 2, 2, Activation.TANH), new Stage.Argmax()),
                        List.of()))
                .hasMessageContaining("chooses among 2 outputs but the action space has n = 3");
        assertThatThrownBy(() -> new PolicySpec(
                        Library.SB3,
                        "PPO",
                        2,
                        new ActionOutput.Continuous(3),
                        List.of(new Stage.Dense(new float[4], null, 2, 2, Activation.TANH)),
                        List.of()))
                .hasMessageContaining("produce 2 values but the action has 3 dimensions");
    }

    @Test
    void activationNamesAreParsedAsTheLibrariesWriteThem() {
        assertThat(Activation.parse("elu")).isEqualTo(Activation.ELU);
        assertThat(Activation.parse("torch.nn.modules.activation.Tanh")).isEqualTo(Activation.TANH);
        assertThat(Activation.parse("nn.ReLU")).isEqualTo(Activation.RELU);
        assertThat(Activation.parse("None")).isEqualTo(Activation.IDENTITY);
        assertThatThrownBy(() -> Activation.parse("gelu")).hasMessageContaining("unsupported activation 'gelu'");
    }

    private static float norm(Formula formula, double[] spread, double eps, double clip, boolean f64, float[] x) {
        PolicySpec spec = new PolicySpec(
                Library.SB3,
                "PPO",
                1,
                new ActionOutput.Continuous(1),
                List.of(new Stage.Normalize(formula, new double[] {1.0}, spread, eps, clip, f64)),
                List.of());
        return new ReferencePolicy(spec).forward(x)[0];
    }
}
