package io.playbench.bench;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;

import io.playbench.junit.PlayBenchmark;
import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.PlayBundle;
import org.junit.jupiter.api.Tag;

/**
 * Sample 5: the latest checkpoint of a training run. skrl wrote {@code checkpoints/agent_1200.pt} ...
 * {@code agent_12000.pt} into its run directory; {@code <run directory>/latest} orders them by the number in the name
 * (so 12000 comes after 9600), and the run's {@code params/agent.yaml} supplies the network config.
 */
@Tag("benchmark")
class PlaySample_05_LatestInARunDirectory {

    @PlayBenchmark(
            library = Library.SKRL,
            task = "Pendulum-v1",
            numEnvs = 256,
            steps = 400,
            checkpoint = "src/test/resources/checkpoints/skrl-run/latest",
            minTotalFps = 100_000)
    void latestSkrlAgent(PlayResult result, PlayBundle bundle) {
        org.assertj.core.api.Assertions.assertThat(bundle.checkpointPath()).endsWith("agent_12000.pt");
        assertThat(result)
                .hasMeanRewardAtLeast(
                        ReferenceEvaluations.of("skrl/ppo-Pendulum-v1").lowestHealthyMean());
    }
}
