package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playbench.reports.TestBundles;
import io.playbench.reports.allure.AllureFixtures;
import io.playbench.reports.allure.ReportMetric;
import io.playbench.reports.allure.ReportResults;
import io.playbench.reports.history.BenchmarkIdentity;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    record Result(int code, String out, String err) {}

    private Result playbench(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandContext context = new CommandContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                temp,
                environment,
                Clock.fixed(Instant.parse("2026-11-25T15:00:00Z"), ZoneOffset.UTC));
        int code = Playbench.run(List.of(args), context);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result playbench(String... args) {
        return playbench(Map.of(), args);
    }

    @Test
    void mergesShardsOfAllureResultsAndBundlesIntoOneEnrichedResultsDirectory() throws Exception {
        // GIVEN shard 1 with the extension's Allure result and the same bundle on disk, shard 2 with bundles only
        PlayBundle cartPole = TestBundles.cartPole(1.0);
        AllureFixtures.writeExtensionResult(
                temp.resolve("shard-1/allure-results"), cartPole, "com.example.CartPoleBench", "holdsItsBudget");
        PlayBundles.write(temp.resolve("shard-1/playbench"), cartPole);
        PlayBundles.write(temp.resolve("shard-2/playbench"), TestBundles.bundle("Acrobot-v1", 1.0, 7, null));
        PlayBundles.write(temp.resolve("shard-2/playbench"), TestBundles.bundle("Acrobot-v1", 1.1, 8, null));

        // WHEN
        Result result = playbench("report", "--results-only", "--output", "out", "shard-1", "shard-2");

        // THEN one result per bundle: the extension's, enriched, and two written for the bundles of shard 2
        assertThat(result.code()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("merged 1 Allure test result(s) and 2 bundle(s) without one")
                .contains("2 benchmark(s) with metrics (3 test result(s) carry a bundle)")
                .contains("CartPole-v1 sb3 16envs cpu tensorflow ckpt:aaaaaaaa")
                .contains("Acrobot-v1 sb3 16envs");
        Path results = temp.resolve("out/allure-results");
        List<JsonNode> testResults = read(results, "-result.json");
        assertThat(testResults).hasSize(3);
        for (JsonNode test : testResults) {
            assertThat(names(test.path("parameters")))
                    .contains("num_envs", "total_fps", "p50_step_ms", "p99_step_ms", "success_rate", "mean_reward");
            assertThat(names(test.path("attachments")))
                    .anyMatch(n -> n.startsWith("PlayBundle "))
                    .contains(ReportResults.TREND_ATTACHMENT);
            assertThat(names(test.path("labels"))).contains("library", "task", "device", "engine", "benchmark");
        }
        // the extension's own total_fps parameter is kept, not doubled
        JsonNode extension = testResults.stream()
                .filter(t -> t.path("fullName").asText().equals("com.example.CartPoleBench.holdsItsBudget"))
                .findFirst()
                .orElseThrow();
        assertThat(names(extension.path("parameters")).stream().filter("total_fps"::equals))
                .hasSize(1);

        // and Allure 3 performance metrics keyed by benchmark
        List<JsonNode> perf = read(results, "-perf.json");
        assertThat(perf).hasSize(3);
        String group = ReportMetric.group(BenchmarkIdentity.of(cartPole));
        JsonNode cartPoleFps = perf.stream()
                .flatMap(p -> stream(p))
                .filter(m -> m.path("key").asText().equals(group + ".effective_fps"))
                .findFirst()
                .orElseThrow();
        assertThat(cartPoleFps.path("value").asDouble())
                .isCloseTo(cartPole.runtime().effectiveFps(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(cartPoleFps.path("unit").asText()).isEqualTo("fps");
        assertThat(cartPoleFps.path("better").asText()).isEqualTo("higher");
        assertThat(cartPoleFps.path("groupTitle").asText())
                .isEqualTo("CartPole-v1 sb3 16envs cpu tensorflow ckpt:aaaaaaaa");
        assertThat(perf.stream().flatMap(p -> stream(p)).map(m -> m.path("key").asText()))
                .contains(
                        group + ".step_latency_p50",
                        group + ".step_latency_p99",
                        group + ".success_rate",
                        group + ".reward_mean");
        assertThat(group).doesNotContain(".");
    }

    @Test
    void trendTableListsTheEarlierReportsOfAllureHistoryThenThisRun() throws Exception {
        // GIVEN an Allure history with two earlier reports of the benchmark and a line cut short by a crash
        PlayBundle bundle = TestBundles.cartPole(1.0);
        String group = ReportMetric.group(BenchmarkIdentity.of(bundle));
        Path history = temp.resolve("history/allure/history.jsonl");
        Files.createDirectories(history.getParent());
        Files.writeString(
                history,
                point(1_795_500_000_000L, group, 8100) + "\n" + point(1_795_550_000_000L, group, 7900)
                        + "\n{\"uuid\":\"cut");
        PlayBundles.write(temp.resolve("run"), bundle);

        // WHEN
        Result result = playbench("report", "--results-only", "--history", "history", "--output", "out", "run");

        // THEN
        assertThat(result.code()).as(result.out() + result.err()).isZero();
        assertThat(result.err()).contains("history.jsonl:3: skipped, not a history point");
        Path html;
        try (Stream<Path> files = Files.list(temp.resolve("out/allure-results"))) {
            html = files.filter(p -> p.toString().endsWith("-metrics-attachment.html"))
                    .findFirst()
                    .orElseThrow();
        }
        String table = Files.readString(html);
        assertThat(table)
                .contains("8,100 fps")
                .contains("7,900 fps")
                .contains("this run, 2026-11-25 15:00 UTC")
                .contains("2 earlier report(s) from Allure's history.jsonl");
        assertThat(table.split("<tr", -1)).hasSize(1 + 1 + 3); // header row, two earlier reports, this run
    }

    @Test
    void missingNodeIsAnActionableErrorWithExitCode2() {
        Result result = playbench(
                Map.of(
                        "PATH",
                        temp.resolve("empty-bin").toString(),
                        "PLAYBENCH_CACHE",
                        temp.resolve("cache").toString()),
                "report",
                "--output",
                "out",
                ".");

        assertThat(result.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(result.err())
                .contains(
                        "playbench report: the Allure 3 report needs Node.js 20 or newer with npm (node, npm, npx on PATH)")
                .contains("node, npm and npx were not found")
                .contains("install Node.js 20+")
                .contains("--results-only");
        assertThat(temp.resolve("cache")).doesNotExist();
    }

    @Test
    void missingNpmIsAnExitCode2ThatNamesNodeJs() throws Exception {
        Path bin = fakeNode("exit 0");

        Result result = playbench(
                Map.of(
                        "PATH",
                        bin.toString(),
                        "PLAYBENCH_CACHE",
                        temp.resolve("cache").toString()),
                "report",
                "--output",
                "out",
                ".");

        assertThat(result.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(result.err())
                .contains("needs Node.js 20 or newer with npm")
                .contains("npm was not found on PATH=" + bin)
                .contains("install Node.js 20+")
                .contains("installs the pinned Allure command line (allure " + pinnedInRepository() + ")");
    }

    @Test
    void withoutALocalAllureThePinnedPackageIsInstalledOnceIntoTheCache() throws Exception {
        // GIVEN node and npx, and an npm that "installs" allure by writing its package.json under --prefix
        Path bin = fakeNode("echo \"allure: config is broken\"; exit 1");
        Path npmLog = temp.resolve("npm-args.txt");
        Path npm = bin.resolve("npm");
        Files.writeString(
                npm,
                "#!/bin/sh\necho \"$@\" >> " + npmLog
                        + "\nprefix=\"$3\"\n/bin/mkdir -p \"$prefix/node_modules/allure\"\n"
                        + "echo '{\"name\":\"allure\",\"version\":\"" + pinnedInRepository()
                        + "\"}' > \"$prefix/node_modules/allure/package.json\"\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        TestBundles.writeRun(temp.resolve("run"), 1.0);
        Path cache = temp.resolve("cache");
        Map<String, String> env = Map.of("PATH", bin.toString(), "PLAYBENCH_CACHE", cache.toString());

        // WHEN the report runs twice (the fake Allure fails, after the install)
        Result first = playbench(env, "report", "--output", "out", "run");
        Result second = playbench(env, "report", "--output", "out", "run");

        // THEN npm installed the pinned package, with its lockfile, into CACHE/allure-<version>, once
        Path folder = cache.resolve("allure-" + pinnedInRepository());
        assertThat(first.code()).as(first.err()).isEqualTo(Playbench.EXIT_ERROR);
        assertThat(first.err())
                .contains("playbench report: the Allure command line is not installed here; installing allure "
                        + pinnedInRepository() + " (pinned) once into " + folder + " with npm install")
                .contains("allure generate failed");
        assertThat(Files.readAllLines(npmLog)).containsExactly("install --prefix " + folder + " --no-audit --no-fund");
        assertThat(JSON.readTree(folder.resolve("package.json").toFile()))
                .isEqualTo(JSON.readTree(Path.of("allure/package.json").toFile()));
        assertThat(folder.resolve("package-lock.json")).hasSameTextualContentAs(Path.of("allure/package-lock.json"));
        assertThat(second.err()).doesNotContain("installing").contains("allure generate failed");
    }

    @Test
    void theJarCarriesThePinOfReportsAllure() throws Exception {
        assertThat(io.playbench.reports.allure.AllureGenerator.pinnedVersion())
                .isEqualTo(pinnedInRepository())
                .matches("\\d+\\.\\d+\\.\\d+");
    }

    private static String pinnedInRepository() throws IOException {
        return JSON.readTree(Path.of("allure/package.json").toFile())
                .path("dependencies")
                .path("allure")
                .asText();
    }

    @Test
    void anAllurePackageNotInstalledSaysToRunNpmCi() throws Exception {
        Path bin = fakeNode("exit 0");
        Path allure = Files.createDirectories(temp.resolve("allure"));
        Files.writeString(allure.resolve("package.json"), "{\"dependencies\":{\"allure\":\"3.18.0\"}}");

        Result result =
                playbench(Map.of("PATH", bin.toString()), "report", "--allure-dir", "allure", "--output", "out", ".");

        assertThat(result.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(result.err())
                .contains("the Allure command line is not installed in " + allure.resolve("node_modules"))
                .contains("npm ci --prefix " + allure);
    }

    @Test
    void aFailingAllureIsExitCode3WithItsOutput() throws Exception {
        Path bin = fakeNode("echo \"allure: config is broken\"; exit 1");
        Path allure = Files.createDirectories(temp.resolve("allure/node_modules/allure"));
        Files.writeString(temp.resolve("allure/package.json"), "{\"dependencies\":{\"allure\":\"3.18.0\"}}");
        Files.writeString(allure.resolve("package.json"), "{\"name\":\"allure\",\"version\":\"3.18.0\"}");
        TestBundles.writeRun(temp.resolve("run"), 1.0);

        Result result = playbench(
                Map.of("PATH", bin.toString()),
                "report",
                "--allure-dir",
                "allure",
                "--history-limit",
                "30",
                "--output",
                "out",
                "run");

        assertThat(result.code()).isEqualTo(Playbench.EXIT_ERROR);
        assertThat(result.err())
                .contains("allure generate failed with exit code 1")
                .contains("allure: config is broken")
                .contains("allure-generate.log");
        JsonNode config = JSON.readTree(temp.resolve("out/allurerc.json").toFile());
        assertThat(config.path("historyPath").asText()).endsWith("/.playbench/history/allure/history.jsonl");
        assertThat(config.path("historyLimit").asInt()).isEqualTo(30);
        assertThat(config.path("output").asText())
                .isEqualTo(temp.resolve("out/report").toString());
        assertThat(config.path("plugins")
                        .path("awesome")
                        .path("options")
                        .path("sections")
                        .toString())
                .contains("metrics");
    }

    @Test
    void refusesAnOutputDirectoryItDidNotWrite() throws Exception {
        TestBundles.writeRun(temp.resolve("run"), 1.0);
        Files.createDirectories(temp.resolve("mine"));
        Files.writeString(temp.resolve("mine/notes.txt"), "keep me");

        Result result = playbench("report", "--results-only", "--output", "mine", "run");

        assertThat(result.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(result.err()).contains("is not empty and was not written by playbench report");
        assertThat(temp.resolve("mine/notes.txt")).exists();
    }

    @Test
    void nothingToReportAndAMissingDirectoryAreUsageErrors() throws Exception {
        Files.createDirectories(temp.resolve("empty"));

        assertThat(playbench("report", "--results-only", "--output", "out", "empty")
                        .err())
                .contains("nothing to report");
        Result missing = playbench("report", "--results-only", "nowhere");
        assertThat(missing.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(missing.err()).contains("nowhere does not exist");
        assertThat(playbench("help").out()).contains("report");
    }

    private Path fakeNode(String npxBody) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        for (String name : List.of("node", "npx")) {
            Path file = bin.resolve(name);
            Files.writeString(file, "#!/bin/sh\n" + (name.equals("npx") ? npxBody : "exit 0") + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private static String point(long timestamp, String group, double fps) {
        return "{\"uuid\":\"u" + timestamp + "\",\"name\":\"PlayBench\",\"timestamp\":" + timestamp
                + ",\"knownTestCaseIds\":[],\"testResults\":{}," + "\"metrics\":{\"" + group + ".effective_fps\":" + fps
                + ",\"" + group + ".step_latency_p99\":2.1},\"url\":\"\"}";
    }

    private static List<JsonNode> read(Path dir, String suffix) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(suffix)).toList()) {
                nodes.add(JSON.readTree(file.toFile()));
            }
        }
        return nodes;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static List<String> names(JsonNode array) {
        return stream(array).map(n -> n.path("name").asText()).toList();
    }
}
