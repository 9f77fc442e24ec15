package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.inference.InferenceEngines;
import io.playbench.monitor.HostInfo;
import io.playbench.rollout.PlayDefaults;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The picocli command line itself: version, help, suggestions, exit codes, messages, environment defaults. */
class PlaybenchCommandLineTests {

    private static final String CARTPOLE = CliRun.checkpoint("sb3/ppo-CartPole-v1/model.zip");

    @TempDir
    Path temp;

    @Test
    void versionPrintsPlayBenchsVersionAndTheJavaRuntime() {
        CliRun run = CliRun.playbench(temp, "--version");

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(HostInfo.playbenchVersion()).isNotEqualTo("unknown");
        assertThat(run.out())
                .startsWith("PlayBench " + HostInfo.playbenchVersion() + "\n")
                .contains("Java " + Runtime.version());
        assertThat(CliRun.playbench(temp, "-V").out()).isEqualTo(run.out());
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        CliRun run = CliRun.playbench(temp, "gaet", "run");

        assertThat(run.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err())
                .contains("playbench: unknown command 'gaet'; commands: play, inspect, act, replay, gate,")
                .contains("playbench: did you mean playbench gate")
                .doesNotContain("Exception");
        assertThat(CliRun.playbench(temp, "help", "gaet").err()).contains("did you mean playbench gate");
        assertThat(CliRun.playbench(temp, "history", "improt").err())
                .contains("unknown subcommand 'improt'")
                .contains("did you mean playbench history import");
    }

    @Test
    void aMistypedOptionGetsASuggestion() {
        CliRun run = CliRun.playbench(temp, "play", "--library", "sb3", "--task", "CartPole-v1", "--stesp", "10");

        assertThat(run.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("""
                playbench play: unknown option '--stesp'
                playbench play: did you mean --steps?
                playbench play: see playbench play --help
                """);
        assertThat(CliRun.playbench(temp, "gate", "--baseline-dri", "x", "run").err())
                .contains("unknown option '--baseline-dri'")
                .contains("did you mean --baseline");
    }

    @Test
    void theEngineJavaIsRefusedUpFrontWithTheSuggestionAndNoBundle() throws IOException {
        CliRun run = CliRun.playbench(
                temp,
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--checkpoint",
                CARTPOLE,
                "--engine",
                "java",
                "--steps",
                "10",
                "--output",
                "out");

        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err())
                .startsWith(
                        "playbench play: --engine: unknown inference engine 'java'; known: " + InferenceEngines.ids())
                .contains("did you mean java-vector?");
        assertThat(run.out()).isEmpty();
        assertThat(bundlesUnder(temp)).isEmpty();
        assertThat(temp.resolve("out")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "--num-envs x                 | --num-envs: 'x' is not a whole number",
                "--num-envs 0                 | --num-envs must be a whole number >= 1 but was 0",
                "--steps 1.5                  | --steps: '1.5' is not a whole number",
                "--warmup-steps -1            | --warmup-steps must be a whole number >= 0 but was -1",
                "--seed -3                    | --seed must be a whole number >= 0 but was -3",
                "--env-threads 0              | --env-threads must be a whole number >= 1 but was 0",
                "--episodes 0                 | --episodes must be a whole number from 1 to 1,000,000 but was 0",
                "--device tpu                 | --device: unknown device 'tpu'; use cpu, gpu, gpu:N (N >= 0), gpu:* or auto",
                "--device gpu:x               | --device: unknown device 'gpu:x'",
                "--engine tensorflow          | --engine: inference engine 'tensorflow' is not on the class path: add the dependency"
                        + " io.playbench:playbench-tensorflow",
                "--library sb4                | --library: unknown library 'sb4'",
                "--task Cartpole-v1           | --task: unknown task 'Cartpole-v1'",
                "--checkpoint missing.zip     | checkpoint " + "MISSING" + " does not exist",
                "--steps 10 --frames 10       | --frames is the old name of --steps; give --steps only",
                "--seed                       | --seed needs a value (S)",
                "extra                        | unexpected argument 'extra'"
            })
    void badValuesAreUsageErrorsWithExitCode2(String options, String message) throws IOException {
        List<String> args = new java.util.ArrayList<>(
                List.of("play", "--library", "sb3", "--task", "CartPole-v1", "--checkpoint", CARTPOLE));
        args.addAll(List.of(options.split(" ")));
        CliRun run = CliRun.playbench(temp, args.toArray(String[]::new));

        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err())
                .startsWith("playbench play: ")
                .contains(message.replace("MISSING", temp.resolve("missing.zip").toString()))
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(run.err().lines())
                .allMatch(l -> l.startsWith("playbench play: ") && !l.startsWith("playbench play: playbench"));
        assertThat(bundlesUnder(temp)).isEmpty();
    }

    @Test
    void inputErrorsOfTheOtherCommandsAreExitCode2WithOnePrefix() throws IOException {
        Files.writeString(temp.resolve("broken.json"), "[[0.1");
        assertOnePrefix(
                CliRun.playbench(
                        temp, "act", "--library", "sb3", "--checkpoint", CARTPOLE, "--observations", "broken.json"),
                "playbench act: ",
                "is not valid JSON");
        assertOnePrefix(
                CliRun.playbench(
                        temp,
                        "act",
                        "--library",
                        "sb3",
                        "--checkpoint",
                        CARTPOLE,
                        "--observations",
                        "broken.json",
                        "--engine",
                        "java"),
                "playbench act: ",
                "did you mean java-vector?");
        assertOnePrefix(
                CliRun.playbench(temp, "history", "import", "--run-id", "bad id", "."),
                "playbench history import: ",
                "a run id must be");
        assertOnePrefix(
                CliRun.playbench(temp, "history", "prune", "--max-age", "forever"),
                "playbench history prune: ",
                "--max-age: expected an age like 30d");
        assertOnePrefix(CliRun.playbench(temp, "inspect", "missing.pt"), "playbench inspect: ", "does not exist");
        assertOnePrefix(
                CliRun.playbench(temp, "replay", "--task", "CartPole-v1", "--num-envs", "0", "--actions", "a.json"),
                "playbench replay: ",
                "--num-envs must be a whole number >= 1");
    }

    @Test
    void aCrashPrintsTheWholeMessageThenWhereTheCrashedBundleIs() throws Exception {
        Files.createDirectories(temp.resolve("empty-run"));

        CliRun run = CliRun.playbench(
                temp,
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--checkpoint",
                "empty-run",
                "--steps",
                "10",
                "--quiet",
                "--output",
                "crashed.json");

        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_FAILED);
        List<String> lines = run.err().lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4).allMatch(l -> l.startsWith("playbench play: "));
        assertThat(lines.getFirst())
                .isEqualTo(
                        "playbench play: the run crashed: CheckpointNotFoundException: No checkpoint in run directory "
                                + temp.resolve("empty-run") + " found. Tried:");
        assertThat(lines.get(1)).startsWith("playbench play:   - " + temp.resolve("empty-run") + ", ");
        assertThat(lines.get(2))
                .isEqualTo(
                        "playbench play: Point checkpoint at the file itself, or at the run directory that the library wrote.");
        assertThat(lines.getLast())
                .isEqualTo("playbench play: the crashed bundle is in " + temp.resolve("crashed.json"));
        assertThat(PlayBundles.read(temp.resolve("crashed.json")).run().status())
                .isEqualTo(RunStatus.CRASHED);
    }

    @Test
    void javaConstantsInEngineMessagesAreShownAsTheCommandLineValue() throws Exception {
        CliRun run = CliRun.playbench(
                temp,
                "play",
                "--library",
                "rsl_rl",
                "--task",
                "CartPole-v1",
                "--checkpoint",
                CliRun.checkpoint("rl_games/ppo-CartPole-v1/nn/cartpole.pth"),
                "--steps",
                "10",
                "--output",
                "crashed.json");

        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_FAILED);
        assertThat(run.err())
                .contains("This looks like a rl_games checkpoint; load it with --library rl_games.")
                .doesNotContain("Library.");
        assertThat(run.out()).contains("load it with --library rl_games").doesNotContain("Library.");
        // the bundle keeps the engine's own words
        assertThat(PlayBundles.read(temp.resolve("crashed.json")).warnings())
                .anyMatch(w -> w.contains("Library.RL_GAMES"));
        assertThat(Errors.forCli("load it with Library.RSL_RL or Library.SB3; not Library.NOPE or MyLibrary.SKRL"))
                .isEqualTo("load it with --library rsl_rl or --library sb3; not Library.NOPE or MyLibrary.SKRL");
    }

    @Test
    void theDeprecatedFramesOptionsStillWorkWithANote() throws Exception {
        CliRun run = CliRun.playbench(
                temp,
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--checkpoint",
                CARTPOLE,
                "--frames",
                "30",
                "--warmup-frames",
                "3",
                "--warmup-min-ms",
                "0",
                "--num-envs",
                "2",
                "--quiet",
                "--output",
                "run.json");

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.err().lines().toList())
                .containsExactly(
                        "playbench play: warning: --frames is deprecated, use --steps (the same count of vectorised steps)",
                        "playbench play: warning: --warmup-frames is deprecated, use --warmup-steps (the same count of vectorised steps)");
        PlayBundle bundle = PlayBundles.read(temp.resolve("run.json"));
        assertThat(bundle.runtime().iterationsCompleted()).isEqualTo(30);
        assertThat(bundle.runtime().warmupIterations()).isEqualTo(3);
        assertThat(CliRun.playbench(temp, "play", "--help").out())
                .doesNotContain("--frames")
                .doesNotContain("--warmup-frames");
    }

    @Test
    void helpDefaultsComeFromPlayDefaults() {
        CliRun run = CliRun.playbench(temp, "play", "--help");

        assertThat(run.code()).isZero();
        String help = run.out().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("--num-envs=N parallel envs (default: " + PlayDefaults.NUM_ENVS + ";")
                .contains("--steps=N measured steps, each a vectorised step of all --num-envs envs (default: "
                        + PlayDefaults.STEPS + ")")
                .contains("--warmup-steps=N steps run before measuring (default: " + PlayDefaults.WARMUP_STEPS + ")")
                .contains("(default: " + PlayDefaults.MIN_WARMUP.toMillis() + "; 0 = by steps only)")
                .contains("--seed=S the reset seed: env i gets S + i (default: " + PlayDefaults.SEED + ";")
                .contains("(default: " + PlayDefaults.DEVICE + "; $PLAYBENCH_DEVICE sets it)")
                .contains("--engine=ID the inference engine: " + String.join(", ", InferenceEngines.ids())
                        + " (default: " + PlayDefaults.ENGINE + ",")
                .contains("--env-threads=K threads stepping the envs (default: " + PlayDefaults.ENV_THREADS + ")");
        assertThat(CliRun.playbench(temp, "replay", "--help").out().replaceAll("\\s+", " "))
                .contains("--num-envs=N number of envs (default: " + PlayDefaults.NUM_ENVS + ")")
                .contains("(default: " + ReplayCommand.cliName(PlayDefaults.AUTORESET) + ")");
    }

    @Test
    void theEnvironmentSetsTheDefaultsOfDeviceEngineAndHistory() {
        Map<String, String> env = Map.of(
                "PLAYBENCH_DEVICE", "gpu:*", "PLAYBENCH_ENGINE", "java-scalar", "PLAYBENCH_HISTORY", "shared-history");

        String help = CliRun.playbench(temp, env, "play", "--help").out().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("(default: gpu:*; $PLAYBENCH_DEVICE sets it)")
                .contains("(default: java-scalar, $PLAYBENCH_ENGINE sets it;");
        assertThat(CliRun.playbench(temp, env, "history", "list").out())
                .startsWith("history " + temp.resolve("shared-history") + ":");
        assertThat(CliRun.playbench(temp, Map.of("PLAYBENCH_HISTORY", " "), "history", "list")
                        .out())
                .startsWith("history " + temp.resolve(".playbench/history") + ":");

        CliRun badEngine = CliRun.playbench(
                temp,
                Map.of("PLAYBENCH_ENGINE", "java"),
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--checkpoint",
                CARTPOLE,
                "--steps",
                "5");
        assertThat(badEngine.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(badEngine.err()).contains("--engine: unknown inference engine 'java'");
    }

    @Test
    void theEnvironmentEngineAppliesToStepsButEpisodesStayOnTheReferenceEngine() throws Exception {
        Map<String, String> env = Map.of("PLAYBENCH_ENGINE", "java-scalar");
        CliRun steps = CliRun.playbench(
                temp,
                env,
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--checkpoint",
                CARTPOLE,
                "--steps",
                "5",
                "--warmup-min-ms",
                "0",
                "--quiet",
                "--output",
                "steps.json");
        CliRun episodes = CliRun.playbench(
                temp,
                env,
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--checkpoint",
                CARTPOLE,
                "--episodes",
                "2",
                "--seed",
                "1000",
                "--output",
                "episodes.json");

        assertThat(steps.code()).as(steps.toString()).isZero();
        assertThat(PlayBundles.read(temp.resolve("steps.json")).run().engine()).isEqualTo("java-scalar");
        assertThat(episodes.code()).as(episodes.toString()).isZero();
        assertThat(PlayBundles.read(temp.resolve("episodes.json")).run().engine())
                .isEqualTo("reference");
        assertThat(episodes.out())
                .containsPattern("episode +seed +return +length +ended by")
                .containsPattern("\\n +0 +1000 +500\\.000000 +500 +truncated\\n +1 +1001 ")
                .contains("mean return 500.0000 ± 0.0000 (population std, as eval.json) over 2 episodes");
    }

    @Test
    void helpWorksForEveryCommandThroughHelpAndTheOption() {
        for (String command : List.of(
                "play", "inspect", "act", "replay", "gate", "history", "report", "devices", "generate-completion")) {
            CliRun viaHelp = CliRun.playbench(temp, "help", command);
            CliRun viaOption = CliRun.playbench(temp, command, "--help");
            CliRun viaShort = CliRun.playbench(temp, command, "-h");
            assertThat(viaHelp.code()).as(command).isZero();
            assertThat(viaHelp.out())
                    .as(command)
                    .startsWith("usage: playbench " + command)
                    .isEqualTo(viaOption.out())
                    .isEqualTo(viaShort.out());
            assertThat(viaHelp.out().lines()).as(command).allMatch(l -> l.length() <= Playbench.HELP_WIDTH);
        }
        assertThat(CliRun.playbench(temp, "history", "import", "--help").out())
                .startsWith("usage: playbench history import")
                .contains("--run-id=ID")
                .contains("--history=DIR");
        assertThat(CliRun.playbench(temp, "--help").out())
                .isEqualTo(CliRun.playbench(temp, "help").out())
                .contains("generate-completion");
        CliRun none = CliRun.playbench(temp);
        assertThat(none.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(none.err()).isEqualTo(CliRun.playbench(temp, "help").out());
    }

    @Test
    void generateCompletionPrintsABashScriptWithTheCommandsAndOptions() {
        CliRun run = CliRun.playbench(temp, "generate-completion");

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_playbench")
                .contains("playbench")
                .contains("--warmup-steps")
                .contains("history")
                .contains("java-vector")
                .doesNotContain("--frames");
    }

    @Test
    void environmentDefaultsResolveNestedFallbacksAgainstTheGivenEnvironment() {
        EnvironmentDefaults defaults = new EnvironmentDefaults(Map.of("A", "a", "BLANK", " "));

        assertThat(defaults.resolve("${env:A}")).isEqualTo("a");
        assertThat(defaults.resolve("${env:MISSING}")).isNull();
        assertThat(defaults.resolve("${env:BLANK:-fallback}")).isEqualTo("fallback");
        assertThat(defaults.resolve("${env:MISSING:-${env:A}/x}/y")).isEqualTo("a/x/y");
        assertThat(defaults.resolve("${env:MISSING:-${env:OTHER:-}}")).isEmpty();
        assertThat(defaults.resolve("${sys:java.version}")).isEqualTo(System.getProperty("java.version"));
    }

    private static void assertOnePrefix(CliRun run, String prefix, String fragment) {
        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).as(run.toString()).contains(fragment);
        assertThat(run.err().lines())
                .as(run.toString())
                .isNotEmpty()
                .allMatch(l -> l.startsWith(prefix)
                        && !l.substring(prefix.length()).startsWith(prefix.substring("playbench ".length())));
    }

    private static List<Path> bundlesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(PlayBundles::isBundleFileName).toList();
        }
    }
}
