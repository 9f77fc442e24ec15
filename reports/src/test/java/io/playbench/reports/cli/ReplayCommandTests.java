package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code playbench replay} writes what Gymnasium's vector env returns, step by step. */
class ReplayCommandTests {

    @TempDir
    Path temp;

    /** classic-control.md §12.2: CartPole-v1, reset(seed=42), then actions 1, 0, 0, 1, 1. */
    @Test
    void cartPoleSeed42GivesGymnasiumsObservations() throws Exception {
        Files.writeString(temp.resolve("actions.json"), "[[1], [0], [0], [1], [1]]");

        CliRun run = CliRun.playbench(
                temp,
                "replay",
                "--task",
                "CartPole-v1",
                "--num-envs",
                "1",
                "--seed",
                "42",
                "--autoreset",
                "next-step",
                "--actions",
                "actions.json",
                "--output",
                "out.json");

        assertThat(run.code()).as(run.toString()).isZero();
        JsonNode out = Floats.MAPPER.readTree(temp.resolve("out.json").toFile());
        assertThat(floats(out.get("reset_obs").get(0)))
                .containsExactly(0.027395604f, -0.006112156f, 0.035859793f, 0.019736802f);
        assertThat(floats(out.get("obs").get(0).get(0)))
                .containsExactly(0.027273363f, 0.18847767f, 0.03625453f, -0.26141977f);
        assertThat(floats(out.get("obs").get(4).get(0)))
                .containsExactly(0.026685337f, 0.18650423f, 0.04001765f, -0.21788351f);
        assertThat(out.get("obs").size()).isEqualTo(5);
        assertThat(out.get("reward"))
                .hasSize(5)
                .allSatisfy(step -> assertThat(step.get(0).asDouble()).isEqualTo(1.0));
        assertThat(out.get("terminated").toString()).isEqualTo("[[false],[false],[false],[false],[false]]");
        assertThat(out.get("truncated").get(0).get(0).asBoolean()).isFalse();
        assertThat(out.get("final_obs").toString()).isEqualTo("[[null],[null],[null],[null],[null]]");
        // Every value is the shortest decimal of its float32 (Python's float() and numpy.float32() read it back).
        assertThat(Files.readString(temp.resolve("out.json")))
                .contains("[0.027395604, -0.006112156, 0.035859793, 0.019736802]");
    }

    @Test
    void sameStepModeReportsTheFinalObservationWhereAnEpisodeEnds() throws Exception {
        // Always pushing right topples CartPole within a few dozen steps.
        StringBuilder actions = new StringBuilder("[");
        for (int s = 0; s < 60; s++) {
            actions.append(s == 0 ? "" : ",").append("[1, 0]");
        }
        Files.writeString(temp.resolve("actions.json"), actions.append(']').toString());

        CliRun run = CliRun.playbench(
                temp,
                "replay",
                "--task",
                "CartPole-v1",
                "--num-envs",
                "2",
                "--seed",
                "7",
                "--autoreset",
                "same-step",
                "--actions",
                "actions.json",
                "--output",
                "out.json");

        assertThat(run.code()).as(run.toString()).isZero();
        JsonNode out = Floats.MAPPER.readTree(temp.resolve("out.json").toFile());
        assertThat(out.get("reset_obs").size()).isEqualTo(2);
        int ended = 0;
        for (int s = 0; s < 60; s++) {
            for (int e = 0; e < 2; e++) {
                boolean done = out.get("terminated").get(s).get(e).asBoolean()
                        || out.get("truncated").get(s).get(e).asBoolean();
                JsonNode fin = out.get("final_obs").get(s).get(e);
                assertThat(fin.isNull()).isEqualTo(!done);
                if (done) {
                    ended++;
                    assertThat(fin.size()).isEqualTo(4);
                    assertThat(Math.abs(fin.get(2).asDouble()) > 0.2
                                    || Math.abs(fin.get(0).asDouble()) > 2.4)
                            .isTrue();
                }
            }
        }
        assertThat(ended).isPositive();
        // Each float32 is written as the shortest decimal that reads back to it, in a form JSON and Python's float()
        // read.
        java.util.regex.Matcher numbers = java.util.regex.Pattern.compile("-?\\d+\\.\\d+(e-?\\d+)?")
                .matcher(Files.readString(temp.resolve("out.json")).split("\"reward\"")[0]);
        int checked = 0;
        while (numbers.find()) {
            String text = numbers.group();
            assertThat(Floats.shortest(Float.parseFloat(text))).isEqualTo(text);
            assertThat(text).doesNotContain("E");
            checked++;
        }
        assertThat(checked).isGreaterThan(400);
    }

    @Test
    void pendulumTakesContinuousActionsAsArraysOrBareNumbers() throws Exception {
        Files.writeString(temp.resolve("actions.json"), "[[[0.5]], [-2.0], [[3.5]]]");

        CliRun run =
                CliRun.playbench(temp, "replay", "--task", "Pendulum-v1", "--seed", "1", "--actions", "actions.json");

        assertThat(run.code()).as(run.toString()).isZero();
        JsonNode out = Floats.MAPPER.readTree(run.out());
        assertThat(out.get("obs").size()).isEqualTo(3);
        assertThat(out.get("obs").get(2).get(0).size()).isEqualTo(3);
        assertThat(out.get("reward").get(0).get(0).asDouble()).isNegative();
    }

    @Test
    void badInputsExitWith2AndSayWhatIsWrong() throws Exception {
        Files.writeString(temp.resolve("short.json"), "[[1, 0], [1]]");
        Files.writeString(temp.resolve("range.json"), "[[1, 5]]");
        Files.writeString(temp.resolve("float.json"), "[[0.5, 1]]");
        Files.writeString(temp.resolve("broken.json"), "[[1, 0]");

        assertUsage(
                CliRun.playbench(temp, "replay", "--task", "CartPole-v1", "--num-envs", "2", "--actions", "short.json"),
                "step 1 of",
                "must be an array of 2 action(s), one per env");
        assertUsage(
                CliRun.playbench(temp, "replay", "--task", "CartPole-v1", "--num-envs", "2", "--actions", "range.json"),
                "step 0 of",
                "5");
        assertUsage(
                CliRun.playbench(temp, "replay", "--task", "CartPole-v1", "--num-envs", "2", "--actions", "float.json"),
                "takes a discrete action (an integer)",
                "0.5");
        assertUsage(
                CliRun.playbench(
                        temp, "replay", "--task", "CartPole-v1", "--num-envs", "2", "--actions", "broken.json"),
                "is not valid JSON");
        assertUsage(
                CliRun.playbench(temp, "replay", "--task", "CartPole-v1", "--actions", "missing.json"),
                "does not exist");
        assertUsage(
                CliRun.playbench(temp, "replay", "--task", "Cartpole-v1", "--actions", "short.json"),
                "unknown task 'Cartpole-v1'",
                "CartPole-v1");
        assertUsage(
                CliRun.playbench(
                        temp, "replay", "--task", "CartPole-v1", "--autoreset", "never", "--actions", "short.json"),
                "--autoreset must be next-step or same-step");
        assertUsage(
                CliRun.playbench(
                        temp,
                        "replay",
                        "--task",
                        "CartPole-v1",
                        "--env-option",
                        "gravity=3",
                        "--actions",
                        "short.json"),
                "unknown --env-option 'gravity'");
        assertUsage(
                CliRun.playbench(
                        temp,
                        "replay",
                        "--task",
                        "CartPole-v1",
                        "--env-option",
                        "math-mode=slow",
                        "--actions",
                        "short.json"),
                "math-mode must be exact or fast");
        assertUsage(CliRun.playbench(temp, "replay", "--actions", "short.json"), "--task is required");
    }

    private static void assertUsage(CliRun run, String... fragments) {
        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).contains(fragments);
    }

    private static float[] floats(JsonNode row) {
        float[] out = new float[row.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(row.get(i).asText());
        }
        return out;
    }
}
