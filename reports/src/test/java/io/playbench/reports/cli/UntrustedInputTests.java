package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playbench.reports.TestBundles;
import io.playbench.reports.allure.AllureFixtures;
import io.playbench.reports.history.BenchmarkIdentity;
import io.playbench.reports.history.HistoryStore;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles and Allure results are untrusted input: a bad one is skipped and reported without stopping the command, and
 * no input string picks where a file is written.
 */
class UntrustedInputTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The bad bundles of issue 18, by file name. */
    private static final Map<String, Consumer<ObjectNode>> BAD = badBundles();

    @TempDir
    Path temp;

    private static Map<String, Consumer<ObjectNode>> badBundles() {
        Map<String, Consumer<ObjectNode>> bad = new LinkedHashMap<>();
        bad.put("play_bad-device.json", b -> run(b).put("device", "gpu:99999999999999999999"));
        bad.put("play_bad-task.json", b -> run(b).put("task", "T".repeat(300)));
        bad.put(
                "play_bad-timestamp.json",
                b -> b.putObject("extra")
                        .put("rollout.start_utc", "garbage")
                        .put("rollout.end_utc", "2026-11-25T12:00:03.000000+00:00"));
        return bad;
    }

    private static ObjectNode run(ObjectNode bundle) {
        return (ObjectNode) bundle.get("run");
    }

    /** Writes {@code good} good bundles and the three bad ones into a directory. */
    private Path mixed(String name, double... scales) throws IOException {
        Path dir = TestBundles.writeRun(temp.resolve(name), scales);
        int i = 0;
        for (var bad : BAD.entrySet()) {
            ObjectNode tree =
                    (ObjectNode) JSON.readTree(PlayBundles.toJson(TestBundles.bundle("Bad-v1", 1, 900 + i++, null)));
            bad.getValue().accept(tree);
            Files.writeString(dir.resolve(bad.getKey()), JSON.writeValueAsString(tree), StandardCharsets.UTF_8);
        }
        return dir;
    }

    private static void assertSkippedEachBadBundle(CliRun result) {
        String all = result.out() + result.err();
        assertThat(all)
                .as(result.toString())
                .contains("play_bad-device.json")
                .contains(
                        "run.device must be 'cpu' or 'gpu:N' with N from 0 to 9999 but was 'gpu:99999999999999999999'")
                .contains("play_bad-task.json")
                .contains("run.task must be at most 200 characters but was 300 characters")
                .contains("play_bad-timestamp.json")
                .contains("extra.rollout.start_utc must be a UTC timestamp like 2026-06-16T12:00:02.513904+00:00 but"
                        + " was 'garbage'");
    }

    private List<Path> walk(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void historyImportSkipsBadBundlesAndImportsTheRest() throws Exception {
        mixed("run", 1.0, 1.0);

        CliRun result = CliRun.playbench(temp, "history", "import", "--history", "hist", "--run-id", "r1", "run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertSkippedEachBadBundle(result);
        assertThat(HistoryStore.open(temp.resolve("hist")).read().records()).hasSize(2);
    }

    @Test
    void devicesSkipsBadBundlesAndReportsTheRest() throws Exception {
        mixed("run", 1.0, 1.0);

        CliRun result = CliRun.playbench(temp, "devices", "run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertSkippedEachBadBundle(result);
        assertThat(result.out()).contains("cpu");
    }

    @Test
    void reportSkipsBadBundlesAndMergesTheRest() throws Exception {
        mixed("run", 1.0, 1.0);

        CliRun result = CliRun.playbench(temp, "report", "--results-only", "--output", "out", "run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertSkippedEachBadBundle(result);
        assertThat(result.out()).contains("merged 0 Allure test result(s) and 2 bundle(s) without one");
    }

    @Test
    void gateSkipsBadBundlesAndJudgesTheRest() throws Exception {
        mixed("baseline", 1.0, 1.0);
        mixed("run", 1.0, 1.0);

        CliRun result = CliRun.playbench(temp, "gate", "--baseline-dir", "baseline", "run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("playbench gate: PASSED");
        assertSkippedEachBadBundle(result);
    }

    @Test
    void aFailedImportLeavesTheHistoryAsBeforeAndCanBeRetried() throws Exception {
        // GIVEN a history with one run, and a new run of two benchmarks
        Path hist = temp.resolve("hist");
        TestBundles.writeRun(temp.resolve("first"), 1.0);
        assertThat(CliRun.playbench(temp, "history", "import", "--history", "hist", "first")
                        .code())
                .isZero();
        Path run = temp.resolve("run");
        PlayBundle cartPole = TestBundles.bundle("CartPole-v1", 1.0, 7001, null);
        PlayBundle pendulum = TestBundles.bundle("Pendulum-v1", 1.0, 7002, null);
        Files.createDirectories(run);
        PlayBundles.writeTo(run.resolve("play_a.json"), cartPole);
        PlayBundles.writeTo(run.resolve("play_b.json"), pendulum);
        // AND the second benchmark's history file cannot be written (a directory stands in its place)
        Path obstacle = hist.resolve("benchmarks")
                .resolve(BenchmarkIdentity.of(pendulum).fileName());
        Files.createDirectories(obstacle);
        Map<Path, byte[]> before = snapshot(hist);

        // WHEN the import fails part-way
        CliRun failed = CliRun.playbench(temp, "history", "import", "--history", "hist", "--run-id", "r2", "run");

        // THEN the history is exactly as before: no line of the CartPole bundle, no run index line
        assertThat(failed.code()).as(failed.toString()).isNotZero();
        Map<Path, byte[]> after = snapshot(hist);
        assertThat(after).as(failed.toString()).containsOnlyKeys(before.keySet());
        before.forEach(
                (file, bytes) -> assertThat(after.get(file)).as(file.toString()).isEqualTo(bytes));
        assertThat(hist.resolve(HistoryStore.JOURNAL_FILE)).doesNotExist();

        // AND once the obstacle is gone the same import succeeds in full
        Files.delete(obstacle);
        CliRun retried = CliRun.playbench(temp, "history", "import", "--history", "hist", "--run-id", "r2", "run");
        assertThat(retried.code()).as(retried.toString()).isZero();
        assertThat(retried.out()).contains("2 bundle(s)");
        assertThat(HistoryStore.open(hist).read().run("r2").orElseThrow().bundles())
                .isEqualTo(2);
    }

    @Test
    void anImportThatCrashedPartWayIsRolledBackByTheNextWriter() throws Exception {
        Path hist = temp.resolve("hist");
        TestBundles.writeRun(temp.resolve("first"), 1.0);
        HistoryStore store = HistoryStore.open(hist);
        store.importRun("r1", List.of(), List.of(temp.resolve("first")), java.time.Instant.EPOCH);
        Map<Path, byte[]> before = snapshot(hist);
        // a crashed import: journal written, a line appended to runs.jsonl and a new benchmark file created
        Path runs = hist.resolve(HistoryStore.RUNS_FILE);
        Files.writeString(
                hist.resolve(HistoryStore.JOURNAL_FILE),
                "{\"lengths\":{\"runs.jsonl\":" + Files.size(runs) + ",\"benchmarks/x_1.jsonl\":-1}}");
        Files.writeString(runs, "{\"history_run\":\"crashed\"", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(hist.resolve("benchmarks/x_1.jsonl"), "{}\n");

        store.tag("r1", "kept", java.time.Instant.EPOCH.plusSeconds(1));

        assertThat(hist.resolve(HistoryStore.JOURNAL_FILE)).doesNotExist();
        assertThat(hist.resolve("benchmarks/x_1.jsonl")).doesNotExist();
        assertThat(new String(Files.readAllBytes(runs), StandardCharsets.UTF_8))
                .startsWith(new String(before.get(Path.of(HistoryStore.RUNS_FILE)), StandardCharsets.UTF_8))
                .doesNotContain("crashed");
        assertThat(store.read().problems()).isEmpty();
    }

    @Test
    void longTaskAndEngineNamesGiveShortHistoryFileNames() throws Exception {
        PlayBundle good = TestBundles.cartPole(1.0);
        String json = PlayBundles.toJson(good);
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        run(tree).put("task", "../../" + "t".repeat(194)).put("engine", "e".repeat(200));
        Path run = Files.createDirectories(temp.resolve("run"));
        Files.writeString(run.resolve("play_long.json"), JSON.writeValueAsString(tree));
        List<Path> outside = walk(temp);

        CliRun result = CliRun.playbench(temp, "history", "import", "--history", "hist", "run");

        assertThat(result.code()).as(result.toString()).isZero();
        List<Path> written =
                walk(temp).stream().filter(p -> !outside.contains(p)).toList();
        assertThat(written).allSatisfy(p -> assertThat(p).startsWith(temp.resolve("hist")));
        assertThat(written)
                .filteredOn(
                        p -> p.toString().endsWith(".jsonl") && p.getParent().endsWith("benchmarks"))
                .singleElement()
                .satisfies(p -> assertThat(p.getFileName().toString())
                        .hasSizeLessThanOrEqualTo(120)
                        .startsWith("_.-..-ttt"));
    }

    @Test
    void hostileAllureUuidsWriteNothingOutsideTheOutputDirectory() throws Exception {
        // GIVEN Allure results whose uuids are an absolute path, ../../x, a NUL, 300 characters, an escape sequence
        Path root = temp.resolve("root");
        Path results = root.resolve("shard").resolve("allure-results");
        Path victim = temp.resolve("victim");
        List<String> uuids = List.of(
                victim.resolve("abs").toString(),
                "../../x",
                "nul\u0000byte",
                "u".repeat(300),
                "\u001b]0;owned\u0007esc");
        int i = 0;
        for (String hostile : uuids) {
            String uuid = AllureFixtures.writeExtensionResult(
                    results, TestBundles.bundle("Task" + i, 1.0, 500 + i, null), "com.example.T", "m" + i);
            i++;
            Path file = results.resolve(uuid + "-result.json");
            ObjectNode result = (ObjectNode) JSON.readTree(file.toFile());
            result.put("uuid", hostile);
            JSON.writeValue(file.toFile(), result);
        }
        List<Path> before = walk(temp);

        // WHEN they are merged
        CliRun result = CliRun.playbench(root, "report", "--results-only", "--output", "out", "shard");

        // THEN every file written is inside the output directory, and each hostile uuid was reported and replaced
        assertThat(result.code()).as(result.toString()).isZero();
        List<Path> written =
                walk(temp).stream().filter(p -> !before.contains(p)).toList();
        assertThat(written).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(root.resolve("out")));
        assertThat(victim).doesNotExist();
        assertThat(result.err())
                .contains("is not a safe file name")
                .contains("'../../x'")
                .contains("'nul\\u0000byte'")
                .contains("'\\u001B]0;owned\\u0007esc'")
                .doesNotContain("\u001b", "\u0000");
        assertThat(result.out()).contains("5 benchmark(s) with metrics");
    }

    private static Map<Path, byte[]> snapshot(Path root) throws IOException {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                if (!p.getFileName().toString().equals(".lock")) {
                    files.put(root.relativize(p), Files.readAllBytes(p));
                }
            }
        }
        return files;
    }
}
