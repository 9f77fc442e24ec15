package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code playbench inspect}: contents of a checkpoint and how PlayBench runs it. */
class InspectCommandTests {

    @TempDir
    Path temp;

    @Test
    void anSb3ZipShowsItsEntriesDataPolicyTensorsAndStages() {
        CliRun run = CliRun.playbench(temp, "inspect", CliRun.checkpoint("sb3/a2c-Acrobot-v1-vecnormalize/model.zip"));
        System.out.println(run.out());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains(
                        "library      sb3 (detected from the checkpoint's structure",
                        "vecnormalize.pkl",
                        "SB3 zip",
                        "policy.pth",
                        "stable-baselines3 version: 2.9.0a4",
                        "== how PlayBench runs it ==",
                        "normalize",
                        "dense",
                        "argmax",
                        "observation:  6 float32",
                        "action:       Discrete(3)");
    }

    @Test
    void aTorchCheckpointShowsItsTensorsAndTheGivenLibrary() {
        CliRun run = CliRun.playbench(
                temp, "inspect", CliRun.checkpoint("rsl_rl/v5-ppo-Pendulum-v1/model_199.pt"), "--library", "rsl_rl");
        System.out.println(run.out());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains(
                        "library      rsl_rl (given with --library)",
                        "actor_state_dict.mlp.0.weight",
                        "params/agent.yaml",
                        "action:       Box(1) float32",
                        "notes:");
    }

    @Test
    void aRunDirectoryIsInspectedThroughItsLatestCheckpoint() {
        CliRun run = CliRun.playbench(temp, "inspect", CliRun.checkpoint("skrl/ppo-Pendulum-v1"));

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("agent_12000.pt", "library      skrl (detected");
    }

    @Test
    void aFileThatIsNoCheckpointIsAUsageError() throws Exception {
        Files.writeString(temp.resolve("notes.txt"), "hello");

        CliRun run = CliRun.playbench(temp, "inspect", "notes.txt");

        assertThat(run.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).contains("does not look like a checkpoint");
        assertThat(CliRun.playbench(temp, "inspect").err()).contains("give exactly one checkpoint");
        assertThat(CliRun.playbench(temp, "inspect", "missing.pt").err()).contains("does not exist");
    }
}
