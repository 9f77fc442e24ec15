package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code playbench play --steps}: a valid bundle, a summary table, a crashed bundle and exit 1 when the run crashes. */
class PlayCommandTests {

    @TempDir
    Path temp;

    @Test
    void stepsWritesAValidBundleAndPrintsTheSummaryTable() throws Exception {
        CliRun run = CliRun.playbench(
                temp,
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--checkpoint",
                CliRun.checkpoint("sb3/ppo-CartPole-v1/model.zip"),
                "--steps",
                "600",
                "--warmup-steps",
                "20",
                "--warmup-min-ms",
                "0",
                "--num-envs",
                "16",
                "--seed",
                "3",
                "--output",
                "out/run.json");

        assertThat(run.code()).as(run.toString()).isZero();
        PlayBundle bundle = PlayBundles.read(temp.resolve("out/run.json"));
        assertThat(bundle.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(bundle.run().numEnvs()).isEqualTo(16);
        assertThat(bundle.run().seed()).isEqualTo(3L);
        assertThat(bundle.runtime().iterationsCompleted()).isEqualTo(600);
        assertThat(bundle.runtime().warmupIterations()).isEqualTo(20);
        assertThat(bundle.runtime().frames()).isEqualTo(600 * 16);
        assertThat(bundle.checkpoint().sha256()).hasSize(64);
        assertThat(run.out())
                .contains(
                        "effective FPS",
                        "inference FPS",
                        "env FPS",
                        "step latency",
                        "p50",
                        "p99",
                        "episodes",
                        "return",
                        "success rate",
                        "bundle: " + temp.resolve("out/run.json"));
        assertThat(run.err()).contains("[playbench] sb3 CartPole-v1: 16 envs, 20 warm-up + 600 measured steps");
    }

    @Test
    void aDirectoryOutputGetsABundleFileNamedByTheRun() throws Exception {
        CliRun run = CliRun.playbench(
                temp,
                "play",
                "--library",
                "rsl_rl",
                "--task",
                "Pendulum-v1",
                "--checkpoint",
                CliRun.checkpoint("rsl_rl/v5-ppo-Pendulum-v1/model_199.pt"),
                "--steps",
                "250",
                "--warmup-steps",
                "5",
                "--warmup-min-ms",
                "0",
                "--num-envs",
                "8",
                "--quiet",
                "--output",
                "bundles");

        assertThat(run.code()).as(run.toString()).isZero();
        List<Path> files;
        try (Stream<Path> s = Files.list(temp.resolve("bundles"))) {
            files = s.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(PlayBundles.isBundleFileName(files.getFirst())).isTrue();
        PlayBundle bundle = PlayBundles.read(files.getFirst());
        assertThat(bundle.episodes().completed()).isEqualTo(8); // Pendulum: every episode is truncated at 200 steps
        assertThat(run.out()).doesNotContain("effective FPS").contains("bundle: ");
    }

    @Test
    void aCheckpointForAnotherTaskCrashesTheRunWritesACrashedBundleAndExits1() throws Exception {
        CliRun run = CliRun.playbench(
                temp,
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--checkpoint",
                CliRun.checkpoint("sb3/sac-Pendulum-v1/model.zip"),
                "--steps",
                "100",
                "--num-envs",
                "4",
                "--output",
                "crashed.json");

        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_FAILED);
        PlayBundle bundle = PlayBundles.read(temp.resolve("crashed.json"));
        assertThat(bundle.run().status()).isEqualTo(RunStatus.CRASHED);
        assertThat(bundle.warnings()).anyMatch(w -> w.startsWith("crashed: ") && w.contains("another task"));
        assertThat(run.err())
                .contains("the run crashed")
                .contains("another task")
                .contains("crashed bundle is in");
    }

    @Test
    void episodesCrashToo() throws Exception {
        CliRun run = CliRun.playbench(
                temp,
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--checkpoint",
                CliRun.checkpoint("sb3/sac-Pendulum-v1/model.zip"),
                "--episodes",
                "3",
                "--output",
                "crashed.json");

        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_FAILED);
        assertThat(PlayBundles.read(temp.resolve("crashed.json")).run().status())
                .isEqualTo(RunStatus.CRASHED);
    }

    @Test
    void usageErrorsExitWith2() {
        String ckpt = CliRun.checkpoint("sb3/ppo-CartPole-v1/model.zip");
        assertUsage(CliRun.playbench(temp, "play", "--task", "CartPole-v1"), "--library is required");
        assertUsage(
                CliRun.playbench(temp, "play", "--library", "sb4", "--task", "CartPole-v1"), "unknown library 'sb4'");
        assertUsage(
                CliRun.playbench(temp, "play", "--library", "sb3", "--task", "CartPole-v9"),
                "unknown task 'CartPole-v9'");
        assertUsage(
                CliRun.playbench(temp, "play", "--library", "sb3", "--task", "CartPole-v1", "--checkpoint", "nope.zip"),
                "does not exist");
        assertUsage(
                CliRun.playbench(
                        temp,
                        "play",
                        "--library",
                        "sb3",
                        "--task",
                        "CartPole-v1",
                        "--checkpoint",
                        ckpt,
                        "--steps",
                        "0"),
                "--steps must be a whole number >= 1");
        assertUsage(
                CliRun.playbench(
                        temp,
                        "play",
                        "--library",
                        "sb3",
                        "--task",
                        "CartPole-v1",
                        "--checkpoint",
                        ckpt,
                        "--episodes",
                        "3",
                        "--steps",
                        "10"),
                "either --episodes");
        assertUsage(
                CliRun.playbench(
                        temp,
                        "play",
                        "--library",
                        "sb3",
                        "--task",
                        "CartPole-v1",
                        "--checkpoint",
                        ckpt,
                        "--episodes",
                        "3",
                        "--num-envs",
                        "4"),
                "uses N envs");
        assertUsage(
                CliRun.playbench(temp, "play", "--library", "sb3", "--task", "CartPole-v1", "--device", "tpu"),
                "unknown device 'tpu'");
        assertUsage(
                CliRun.playbench(temp, "play", "--library", "sb3", "--task", "CartPole-v1", "--fps", "3"),
                "unknown option '--fps'");
    }

    @Test
    void helpListsTheNewCommands() {
        CliRun run = CliRun.playbench(temp, "help");
        assertThat(run.out()).contains("play ", "inspect ", "act ", "replay ", "gate ", "history ");
        assertThat(CliRun.playbench(temp, "play", "--help").out())
                .contains("--episodes N", "exit codes: 0 completed, 1 the run crashed");
    }

    private static void assertUsage(CliRun run, String fragment) {
        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).contains(fragment);
    }
}
