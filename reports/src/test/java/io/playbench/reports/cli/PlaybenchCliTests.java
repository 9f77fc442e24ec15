package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.playbench.reports.TestBundles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybenchCliTests {

    @TempDir
    Path temp;

    record Result(int code, String out, String err) {}

    private Result playbench(String... args) {
        return playbench(Instant.parse("2026-11-25T15:00:00Z"), args);
    }

    private Result playbench(Instant now, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandContext context = new CommandContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                temp,
                Map.of(),
                Clock.fixed(now, ZoneOffset.UTC));
        int code = Playbench.run(List.of(args), context);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void gatePassesAnUnchangedRunAgainstABaselineDirectory() {
        TestBundles.writeRun(temp.resolve("baseline"), 1.0, 1.0, 1.0);
        TestBundles.writeRun(temp.resolve("run"), 1.0, 1.0, 1.0);

        Result result = playbench("gate", "--baseline-dir", "baseline", "run");

        assertThat(result.code()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .startsWith("playbench gate: PASSED")
                .contains("effective_fps (+)")
                .doesNotContain("REGRESSION");
    }

    @Test
    void gateFailsADeliberatelySlowedRunWithAClearTableAndExitCode1() {
        TestBundles.writeRun(temp.resolve("baseline"), 1.0, 1.0, 1.0);
        TestBundles.writeRun(temp.resolve("slowed"), 1.5, 1.5, 1.5);

        Result result = playbench("gate", "--baseline-dir", "baseline", "slowed");
        System.out.println(result.out());

        assertThat(result.code()).isEqualTo(Playbench.EXIT_FAILED);
        assertThat(result.out())
                .startsWith("playbench gate: FAILED (1 of 1 benchmark(s) regressed or broke a budget)")
                .contains("CartPole-v1 sb3 16envs cpu tensorflow ckpt:aaaaaaaa  [current n=3, baseline n=3")
                .containsPattern(
                        "effective_fps \\(\\+\\) +[78],\\d{3} fps ±[0-9.]+% +5,[23]\\d\\d fps ±[0-9.]+% +-33\\.\\d% +-10\\.0% "
                                + "+\\[-3\\d\\.\\d%, -3\\d\\.\\d%\\] +REGRESSION")
                .containsPattern("step_latency_p50 \\(-\\) .* \\+50\\.\\d% +\\+15\\.0% .* REGRESSION")
                .containsPattern("success_rate \\(\\+\\) .* ok");
    }

    @Test
    void gateJsonOutputParsesAndCarriesAVerdictPerMetric() throws Exception {
        TestBundles.writeRun(temp.resolve("baseline"), 1.0, 1.0);
        TestBundles.writeRun(temp.resolve("slowed"), 1.5, 1.5);

        Result result = playbench("gate", "--json", "--output", "gate.json", "--baseline-dir", "baseline", "slowed");

        assertThat(result.code()).isEqualTo(1);
        JsonNode json = JsonMapper.builder().build().readTree(result.out());
        assertThat(json.get("format").asText()).isEqualTo("playbench-gate-1");
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("verdict").asText()).isEqualTo("fail");
        JsonNode benchmark = json.get("benchmarks").get(0);
        assertThat(benchmark.get("identity").get("task").asText()).isEqualTo("CartPole-v1");
        assertThat(benchmark.get("metrics")).hasSize(12);
        JsonNode fps = benchmark.get("metrics").get(0);
        assertThat(fps.get("metric").asText()).isEqualTo("effective_fps");
        assertThat(fps.get("direction").asText()).isEqualTo("higher_is_better");
        assertThat(fps.get("verdict").asText()).isEqualTo("regression");
        assertThat(fps.get("current").get("n").asInt()).isEqualTo(2);
        assertThat(fps.get("ci").get("method").asText()).isEqualTo("welch-log-ratio");
        assertThat(fps.get("change").asDouble()).isBetween(-0.34, -0.32);
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(temp.resolve("gate.json").toFile()))
                .isEqualTo(json);
    }

    @Test
    void gateDoesNotFlagAChangeInsideTheNoiseOfRepeatedRuns() {
        TestBundles.writeRun(temp.resolve("baseline"), 0.8, 1.0, 1.25);
        TestBundles.writeRun(temp.resolve("run"), 0.9, 1.15, 1.45);

        Result result = playbench("gate", "--baseline-dir", "baseline", "run");

        assertThat(result.code()).as(result.out()).isZero();
        assertThat(result.out()).containsPattern("effective_fps \\(\\+\\) .* -12\\.\\d% .* within noise");
    }

    @Test
    void gateTakesThePreviousRunOrAWindowFromTheHistoryAndNeverTheCurrentRunItself() {
        Path run1 = TestBundles.writeRun(temp.resolve("run1"), 1.0, 1.0);
        Path run2 = TestBundles.writeRun(temp.resolve("run2"), 1.02, 1.0);
        Path run3 = TestBundles.writeRun(temp.resolve("run3"), 1.5, 1.5);
        assertThat(playbench(
                                Instant.parse("2026-11-25T10:00:00Z"),
                                "history",
                                "import",
                                "--history",
                                "h",
                                "--run-id",
                                "r1",
                                "--tag",
                                "golden",
                                run1.toString())
                        .code())
                .isZero();
        assertThat(playbench(
                                Instant.parse("2026-11-25T11:00:00Z"),
                                "history",
                                "import",
                                "--history",
                                "h",
                                "--run-id",
                                "r2",
                                run2.toString())
                        .code())
                .isZero();
        Result imported = playbench(
                Instant.parse("2026-11-25T12:00:00Z"),
                "history",
                "import",
                "--history",
                "h",
                "--run-id",
                "r3",
                run3.toString());
        assertThat(imported.out())
                .contains("imported 2 bundle(s) of 1 benchmark(s)")
                .contains("as run r3");

        Result previous = playbench("gate", "--history", "h", "run3");
        assertThat(previous.code()).isEqualTo(1);
        assertThat(previous.out()).contains("baseline: previous run in history").contains("(run r2)");

        Result window = playbench("gate", "--history", "h", "--baseline", "last:2", "--run-id", "r3", "run3");
        assertThat(window.out())
                .contains("rolling window of the last 2 runs")
                .contains("runs r1, r2")
                .contains("baseline n=4");

        Result tagged = playbench("gate", "--history", "h", "--baseline", "tag:golden", "run2");
        assertThat(tagged.code()).as(tagged.out()).isZero();
        assertThat(tagged.out()).contains("run r1 (tag golden)");

        Result byRunId = playbench("gate", "--history", "h", "--run-id", "r3");
        assertThat(byRunId.code()).isEqualTo(1);
        assertThat(byRunId.out())
                .contains("current:  2 bundle(s) of run r3 in history")
                .contains("(run r2)");
        assertUsage(playbench("gate", "--history", "h", "--run-id", "r9"), "no bundles of run 'r9' in the history");

        Result list = playbench("history", "list", "--history", "h");
        assertThat(list.out()).contains("3 run(s), 6 bundle(s), 1 benchmark(s)").containsPattern("r1 .* golden");
    }

    @Test
    void gateFailsOnABrokenBudgetEvenWithoutABaseline() throws Exception {
        Path run = temp.resolve("run");
        io.playbench.schema.PlayBundles.write(
                run,
                TestBundles.bundle(
                        "CartPole-v1",
                        1.0,
                        11,
                        Map.of("budget.min_total_fps", 1_000_000, "budget.max_step_latency_p99_ms", 50)));

        Result result = playbench("gate", "--history", "empty-history", "--allow-no-baseline", "run");

        assertThat(result.code()).as(result.out()).isEqualTo(Playbench.EXIT_FAILED);
        assertThat(result.out())
                .startsWith("playbench gate: FAILED")
                .containsPattern("budget\\.min_total_fps +>= 1,000,000 fps +[78],\\d{3} fps +BUDGET BROKEN")
                .containsPattern("budget\\.max_step_latency_p99_ms +<= 50\\.000 ms +2\\.0\\d\\d ms +ok")
                .contains("checked 2 budget(s) read from the bundles' extra");
    }

    @Test
    void gateExplainsAMissingBaselineAndCanBeToldToAllowIt() {
        TestBundles.writeRun(temp.resolve("run"), 1.0);

        Result missing = playbench("gate", "--history", "empty-history", "run");
        assertThat(missing.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(missing.err())
                .contains("no baseline found: looked for the newest earlier run measuring any of the 1 benchmark(s)")
                .contains("CartPole-v1 sb3 16envs")
                .contains("holds 0 run(s)");

        Result allowed = playbench("gate", "--history", "empty-history", "--allow-no-baseline", "run");
        assertThat(allowed.code()).isZero();
        assertThat(allowed.out()).contains("new: not in the baseline").contains("no baseline yet");

        Result unknownRun = playbench("gate", "--history", "empty-history", "--baseline", "run:nope", "run");
        assertThat(unknownRun.code()).isEqualTo(2);
        assertThat(unknownRun.err()).contains("looked for run 'nope'");
    }

    @Test
    void usageErrorsExitWith2AndAMessage() {
        TestBundles.writeRun(temp.resolve("run"), 1.0);
        assertUsage(playbench(), "usage: playbench [-hV] COMMAND");
        assertUsage(playbench("frobnicate"), "unknown command 'frobnicate'");
        assertUsage(playbench("gate"), "give the run's bundle directories");
        assertUsage(playbench("gate", "--baseline-dir", "run", "does-not-exist"), "does-not-exist does not exist");
        assertUsage(playbench("gate", "--frobnicate", "run"), "unknown option '--frobnicate'");
        assertUsage(playbench("gate", "--tolerance", "lots", "--baseline-dir", "run", "run"), "expected a number >= 0");
        assertUsage(
                playbench("gate", "--tolerance", "speed=0.1", "--baseline-dir", "run", "run"),
                "unknown metric 'speed'");
        assertUsage(
                playbench("gate", "--baseline", "yesterday", "run"),
                "--baseline must be previous, last:K, run:ID or tag:NAME");
        assertUsage(playbench("gate", "--baseline-dir", "run", "--baseline", "previous", "run"), "exclude each other");
        assertUsage(
                playbench("gate", "--confidence", "2", "--baseline-dir", "run", "run"),
                "--confidence must be in (0, 1)");
        assertUsage(playbench("gate", "--baseline-dir", "run", "--history"), "--history needs a value");
        assertUsage(playbench("history"), "give a subcommand");
        assertUsage(playbench("history", "import"), "give the bundle directories");
        assertUsage(playbench("history", "import", "--run-id", "bad id", "run"), "a run id must be");
        assertUsage(playbench("history", "prune"), "give --keep-runs N and/or --max-age AGE");
        assertUsage(playbench("history", "prune", "--max-age", "forever"), "expected an age like 30d");
        assertUsage(playbench("history", "tag", "nope", "golden"), "no run 'nope'");
    }

    @Test
    void emptyRunDirectoriesAreAnInputError() throws Exception {
        Files.createDirectories(temp.resolve("empty"));
        Result result = playbench("gate", "--baseline-dir", "empty", "empty");
        assertUsage(result, "no bundles (play_*.json) found under");
    }

    @Test
    void helpIsShownForTheToolAndEachCommand() {
        Result overview = playbench("help");
        assertThat(overview.code()).isZero();
        assertThat(overview.out()).contains("gate").contains("history").contains("exit codes");
        Result gateHelp = playbench("gate", "--help");
        assertThat(gateHelp.code()).isZero();
        assertThat(gateHelp.out())
                .startsWith("usage: playbench gate")
                .contains("--baseline=SPEC")
                .contains("step_latency_p99");
        assertThat(playbench("help", "history").out()).startsWith("usage: playbench history import");
        assertThat(playbench("history", "prune", "--help").code()).isZero();
    }

    @Test
    void pruneAppliesRetentionFromTheCommandLine() {
        for (int i = 1; i <= 3; i++) {
            playbench(
                    Instant.parse("2026-11-2" + i + "T10:00:00Z"),
                    "history",
                    "import",
                    "--history",
                    "h",
                    "--run-id",
                    "r" + i,
                    TestBundles.writeRun(temp.resolve("run" + i), 1.0).toString());
        }
        Result pruned = playbench("history", "prune", "--history", "h", "--keep-runs", "1");
        assertThat(pruned.code()).isZero();
        assertThat(pruned.out()).startsWith("pruned 2 run(s) (2 bundle(s))").contains("1 run(s) kept");
        assertThat(playbench("history", "list", "--history", "h", "--json").out())
                .contains("\"run_id\" : \"r3\"")
                .doesNotContain("\"r1\"");
    }

    private static void assertUsage(Result result, String message) {
        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(result.err()).contains(message);
    }
}
