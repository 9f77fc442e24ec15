package com.example;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.PlayBundle;

/** A user's benchmark: a Stable-Baselines3 PPO agent on CartPole, budgets as assertions. */
class CartPoleBenchmarks {

    static final String CHECKPOINT =
            "../../junit-extension/playbench-core/src/test/resources/playbench/torch/checkpoints/sb3/ppo-CartPole-v1/model.zip";

    @PlayBenchmark(library = Library.SB3, task = "CartPole-v1", numEnvs = {16, 256}, steps = 500, checkpoint = CHECKPOINT)
    void cartpoleHoldsItsBudget(PlayResult result, PlayBundle bundle) {
        assertThat(result).hasTotalFpsAtLeast(10_000).hasSuccessRateAtLeast(0.95);
        org.junit.jupiter.api.Assertions.assertEquals("java-vector", result.engine(), "the default engine on the CPU");
        org.junit.jupiter.api.Assertions.assertTrue(bundle.warnings() == null
                || bundle.warnings().stream().noneMatch(w -> w.contains("jdk.incubator.vector")), "the Vector API is enabled");
    }
}
