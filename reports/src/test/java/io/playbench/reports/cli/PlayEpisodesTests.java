package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code playbench play --episodes N --seed 1000} reproduces every shared checkpoint's {@code eval.json}, episode by episode. */
class PlayEpisodesTests {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "sb3,      CartPole-v1, sb3/ppo-CartPole-v1/model.zip",
        "sb3,      CartPole-v1, sb3/dqn-CartPole-v1/model.zip",
        "sb3,      Acrobot-v1,  sb3/a2c-Acrobot-v1-vecnormalize/model.zip",
        "sb3,      Pendulum-v1, sb3/sac-Pendulum-v1/model.zip",
        "rl_games, CartPole-v1, rl_games/ppo-CartPole-v1/nn/cartpole.pth",
        "rl_games, Pendulum-v1, rl_games/ppo-Pendulum-v1/nn/pendulum.pth",
        "rsl_rl,   Pendulum-v1, rsl_rl/v5-ppo-Pendulum-v1/model_199.pt",
        "rsl_rl,   Pendulum-v1, rsl_rl/v2-ppo-Pendulum-v1/model_199.pt",
        "skrl,     Pendulum-v1, skrl/ppo-Pendulum-v1/checkpoints/agent_12000.pt"
    })
    void reproducesTheReferenceEvaluation(String library, String task, String checkpoint) throws Exception {
        Path folder = CliRun.CHECKPOINTS.resolve(checkpoint).getParent();
        while (!Files.exists(folder.resolve("eval.json"))) {
            folder = folder.getParent();
        }
        JsonNode eval = JsonMapper.builder()
                .build()
                .readTree(folder.resolve("eval.json").toFile());
        int n = eval.get("episodes").size();
        Path output = temp.resolve("bundle.json");

        CliRun run = CliRun.playbench(
                temp,
                "play",
                "--library",
                library,
                "--task",
                task,
                "--checkpoint",
                CliRun.checkpoint(checkpoint),
                "--episodes",
                Integer.toString(n),
                "--seed",
                "1000",
                "--output",
                output.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        PlayBundle bundle = PlayBundles.read(output);
        assertThat(bundle.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(bundle.episodes().completed()).isEqualTo(n);
        Map<String, Object> extra = bundle.extra();
        double sum = 0;
        int matched = 0;
        for (int i = 0; i < n; i++) {
            JsonNode expected = eval.get("episodes").get(i);
            assertThat(((Number) extra.get("episode." + i + ".seed")).longValue())
                    .isEqualTo(expected.get("seed").asLong())
                    .isEqualTo(1000L + i);
            int length = ((Number) extra.get("episode." + i + ".length")).intValue();
            double ret = ((Number) extra.get("episode." + i + ".return")).doubleValue();
            sum += ret;
            if (length == expected.get("length").asInt()
                    && Math.abs(ret - expected.get("return").asDouble()) <= 1e-6 * Math.max(1, Math.abs(ret))) {
                matched++;
            }
            assertThat(extra.get("episode." + i + ".terminated"))
                    .isEqualTo(expected.get("terminated").asBoolean());
        }
        System.out.printf(
                "%s %s: %d of %d episodes match eval.json; mean return %.6f (eval.json %.6f)%n",
                library,
                checkpoint,
                matched,
                n,
                sum / n,
                eval.get("mean_return").asDouble());
        // Every episode matches: no near-tie flips on these checkpoints (a flip would change one episode only).
        assertThat(matched).as(run.out()).isEqualTo(n);
        assertThat(bundle.reward().mean())
                .isCloseTo(eval.get("mean_return").asDouble(), within(1e-6 * Math.max(1, Math.abs(sum / n))));
    }
}
