package io.playbench.bench.jmh;

import io.playbench.library.Activation;
import io.playbench.library.Library;
import io.playbench.library.PolicySpec;
import io.playbench.library.PolicySpec.ActionOutput;
import io.playbench.library.Stage;
import java.util.List;
import java.util.Random;

/** The policies of the inference benchmarks, with PyTorch's default initialisation and a fixed seed. */
final class BenchPolicies {

    private BenchPolicies() {}

    static PolicySpec byName(String name) {
        Random r = new Random(42);
        return switch (name) {
            // SB3's default MlpPolicy for CartPole: 4 -> 64 -> 64 -> 2, tanh, argmax
            case "sb3" ->
                new PolicySpec(
                        Library.SB3,
                        "PPO",
                        4,
                        new ActionOutput.Discrete(2),
                        List.of(
                                dense(r, 4, 64, Activation.TANH),
                                dense(r, 64, 64, Activation.TANH),
                                dense(r, 64, 2, Activation.IDENTITY),
                                new Stage.Argmax()),
                        List.of());
            // Isaac Lab locomotion-style actor: 48 -> 256 -> 128 -> 64 -> 12, elu
            case "isaac" ->
                new PolicySpec(
                        Library.RSL_RL,
                        "PPO",
                        48,
                        new ActionOutput.Continuous(12),
                        List.of(
                                dense(r, 48, 256, Activation.ELU),
                                dense(r, 256, 128, Activation.ELU),
                                dense(r, 128, 64, Activation.ELU),
                                dense(r, 64, 12, Activation.IDENTITY)),
                        List.of());
            // the trivial graph: one element-wise affine map of one float (fixed per-call cost)
            case "trivial" ->
                new PolicySpec(
                        Library.SB3,
                        "PPO",
                        1,
                        new ActionOutput.Continuous(1),
                        List.of(new Stage.Affine(new float[] {2f}, new float[] {1f})),
                        List.of());
            default ->
                throw new IllegalArgumentException("unknown benchmark policy " + name + "; known: sb3, isaac, trivial");
        };
    }

    static boolean discrete(PolicySpec spec) {
        return spec.action() instanceof ActionOutput.Discrete;
    }

    static float[] observations(PolicySpec spec, int batch) {
        Random r = new Random(7);
        float[] x = new float[batch * spec.observationSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static Stage.Dense dense(Random r, int in, int out, Activation a) {
        float bound = (float) (1 / Math.sqrt(in));
        float[] w = new float[in * out];
        float[] b = new float[out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (2 * r.nextFloat() - 1) * bound;
        }
        for (int i = 0; i < out; i++) {
            b[i] = (2 * r.nextFloat() - 1) * bound;
        }
        return new Stage.Dense(w, b, in, out, a);
    }
}
