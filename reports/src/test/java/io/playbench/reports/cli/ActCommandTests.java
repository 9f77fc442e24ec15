package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code playbench act} reproduces the checkpoints' {@code reference-actions.json}. */
class ActCommandTests {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "sb3,      CartPole-v1, sb3/ppo-CartPole-v1/model.zip",
        "sb3,      Acrobot-v1,  sb3/a2c-Acrobot-v1-vecnormalize/model.zip",
        "sb3,      Pendulum-v1, sb3/sac-Pendulum-v1/model.zip",
        "rl_games, CartPole-v1, rl_games/ppo-CartPole-v1/nn/cartpole.pth",
        "rsl_rl,   Pendulum-v1, rsl_rl/v5-ppo-Pendulum-v1/model_199.pt",
        "skrl,     Pendulum-v1, skrl/ppo-Pendulum-v1/checkpoints/agent_12000.pt"
    })
    void reproducesTheReferenceActions(String library, String task, String checkpoint) throws Exception {
        Path folder = CliRun.CHECKPOINTS.resolve(checkpoint).getParent();
        while (!Files.exists(folder.resolve("reference-actions.json"))) {
            folder = folder.getParent();
        }
        JsonNode samples = Floats.MAPPER
                .readTree(folder.resolve("reference-actions.json").toFile())
                .get("samples");
        ArrayNode observations = Floats.MAPPER.createArrayNode();
        samples.forEach(s -> observations.add(s.get("obs")));
        Files.writeString(temp.resolve("obs.json"), observations.toString());

        CliRun run = CliRun.playbench(
                temp,
                "act",
                "--library",
                library,
                "--checkpoint",
                CliRun.checkpoint(checkpoint),
                "--task",
                task,
                "--observations",
                "obs.json",
                "--output",
                "actions.json");

        assertThat(run.code()).as(run.toString()).isZero();
        JsonNode actions = Floats.MAPPER.readTree(temp.resolve("actions.json").toFile());
        assertThat(actions.size()).isEqualTo(samples.size());
        int identical = 0;
        double worst = 0;
        for (int i = 0; i < samples.size(); i++) {
            JsonNode expected = samples.get(i).get("action");
            JsonNode got = actions.get(i);
            if (expected.isIntegralNumber()) {
                assertThat(got.size()).isEqualTo(1);
                if (got.get(0).asInt() == expected.asInt()) {
                    identical++;
                }
            } else {
                assertThat(got.size()).isEqualTo(expected.size());
                boolean same = true;
                for (int j = 0; j < expected.size(); j++) {
                    float e = Floats.parse(expected.get(j));
                    float g = Floats.parse(got.get(j));
                    worst = Math.max(worst, Math.abs(e - g) / Math.max(1e-3, Math.abs(e)));
                    same &= Math.abs(e - g) <= 1e-5 * Math.max(1, Math.abs(e));
                }
                if (same) {
                    identical++;
                }
            }
        }
        System.out.printf(
                "act %s: %d of %d samples match reference-actions.json (worst relative error %.2e)%n",
                checkpoint, identical, samples.size(), worst);
        // Discrete: at most a documented near-tie flip; continuous: all within 1e-5.
        assertThat(identical).isGreaterThanOrEqualTo(samples.size() - 1);
    }

    @Test
    void aDiscreteActionIsAOneElementArrayAndStandardOutputIsTheDefault() throws Exception {
        Files.writeString(temp.resolve("obs.json"), "[[0.0, 0.0, 0.05, 0.0], [0.0, 0.0, -0.05, 0.0]]");

        CliRun run = CliRun.playbench(
                temp,
                "act",
                "--library",
                "sb3",
                "--checkpoint",
                CliRun.checkpoint("sb3/ppo-CartPole-v1/model.zip"),
                "--observations",
                "obs.json");

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(Floats.MAPPER.readTree(run.out()).toString()).isEqualTo("[[1],[0]]");
    }

    @Test
    void anObservationOfTheWrongWidthIsAUsageError() throws Exception {
        Files.writeString(temp.resolve("obs.json"), "[[0.0, 0.0, 0.05]]");

        CliRun run = CliRun.playbench(
                temp,
                "act",
                "--library",
                "sb3",
                "--checkpoint",
                CliRun.checkpoint("sb3/ppo-CartPole-v1/model.zip"),
                "--observations",
                "obs.json");

        assertThat(run.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).contains("observation 0").contains("has 3 values but the policy takes 4");
    }

    @Test
    void aPolicyForAnotherTaskIsAUsageError() throws Exception {
        Files.writeString(temp.resolve("obs.json"), "[[0.0, 0.0, 0.05, 0.0]]");

        CliRun run = CliRun.playbench(
                temp,
                "act",
                "--library",
                "sb3",
                "--checkpoint",
                CliRun.checkpoint("sb3/ppo-CartPole-v1/model.zip"),
                "--task",
                "Pendulum-v1",
                "--observations",
                "obs.json");

        assertThat(run.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).contains("trained on another task");
    }
}
