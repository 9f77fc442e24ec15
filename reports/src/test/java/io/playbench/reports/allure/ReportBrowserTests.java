package io.playbench.reports.allure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.playbench.reports.TestBundles;
import io.playbench.reports.cli.CommandContext;
import io.playbench.reports.cli.Playbench;
import io.playbench.reports.history.BenchmarkIdentity;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the generated report in headless Chromium, as a person would open it: three suite-like runs, three
 * {@code playbench report} runs sharing one history, then the report's Metrics section must list every benchmark's
 * metrics with a trend of three points, and a test's page its bundle and trend table. The screenshots stay in
 * {@code target/browser/} for CI to keep.
 *
 * <p>Needs {@code /usr/bin/chromium} (Debian's {@code chromium}; or {@code $PLAYBENCH_CHROMIUM}), Node.js with npx, and
 * {@code npm ci --prefix reports/allure}. Without them the test is disabled with the reason, unless
 * {@code PLAYBENCH_BROWSER_TEST=required} (set by {@code .ci/run} once chromium is there): then it fails.
 */
@Tag("browser")
@ExtendWith(ReportBrowserTests.BrowserCondition.class)
class ReportBrowserTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path ALLURE_DIR = MODULE.resolve("allure");
    private static final Path WORK = MODULE.resolve("target/browser");

    private static Path chromium;

    @TempDir
    Path temp;

    @BeforeAll
    static void requireBrowserNodeAndAllure() {
        // Reached only when the condition let the test run: with everything there, or with
        // PLAYBENCH_BROWSER_TEST=required.
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            Assertions.fail(
                    "the browser test needs " + String.join(", ", missing) + " (PLAYBENCH_BROWSER_TEST=required)");
        }
        chromium = chromiumPath();
    }

    private static Path chromiumPath() {
        return Path.of(System.getenv().getOrDefault("PLAYBENCH_CHROMIUM", "/usr/bin/chromium"));
    }

    /** What the test needs and does not find, each with how to get it. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        Path browser = chromiumPath();
        if (!Files.isExecutable(browser)) {
            missing.add(browser + " (install Debian's chromium: apt-get install -y chromium)");
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String tool : List.of("node", "npx")) {
            if (Stream.of(path.split(File.pathSeparator))
                    .noneMatch(d -> !d.isBlank() && Files.isExecutable(Path.of(d, tool)))) {
                missing.add(tool + " on PATH (install Node.js 20+)");
            }
        }
        if (!Files.isRegularFile(ALLURE_DIR.resolve("node_modules/allure/package.json"))) {
            missing.add("the allure package (run: npm ci --prefix " + ALLURE_DIR + ")");
        }
        return missing;
    }

    /** Skips the test, with what is missing, unless everything is there or {@code PLAYBENCH_BROWSER_TEST=required}. */
    static final class BrowserCondition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            List<String> missing = missing();
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("chromium, node, npx and the allure package are there");
            }
            if ("required".equals(System.getenv("PLAYBENCH_BROWSER_TEST"))) {
                return ConditionEvaluationResult.enabled("PLAYBENCH_BROWSER_TEST=required: fails on what is missing");
            }
            String reason = "skipped: the browser test needs " + String.join(", ", missing);
            System.err.println("ReportBrowserTests " + reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void threeRunsShowEveryBenchmarksMetricsWithThreeHistoryPointsInChromium() throws Exception {
        long started = System.nanoTime();
        deleteTree(WORK);
        Files.createDirectories(WORK);
        Path output = WORK.resolve("playbench-report");
        Path history = WORK.resolve("history");

        // GIVEN three runs of a two-shard suite: shard 1 ran through JUnit (Allure results with the bundle attached),
        // shard 2 kept only its bundles; CartPole's throughput changes from run to run.
        double[] cartPoleScale = {1.0, 1.25, 0.9};
        List<PlayBundle> lastRun = new ArrayList<>();
        List<Double> generateSeconds = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            Path shard1 = temp.resolve("run-" + run + "/shard-1");
            Path shard2 = temp.resolve("run-" + run + "/shard-2");
            PlayBundle cartPole = TestBundles.bundle("CartPole-v1", cartPoleScale[run], 100 + run, null);
            AllureFixtures.writeExtensionResult(
                    shard1.resolve("allure-results"),
                    cartPole,
                    "io.playbench.bench.PlaySample_01_MinimumFps",
                    "cartPoleHoldsItsBudget");
            PlayBundle acrobot = TestBundles.bundle("Acrobot-v1", 1.0 + 0.05 * run, 200 + run, null);
            PlayBundles.write(shard2.resolve("playbench"), acrobot);
            lastRun = List.of(cartPole, acrobot);

            // WHEN the report is generated after each run
            long t0 = System.nanoTime();
            String out = playbench(
                    "report",
                    "--allure-dir",
                    ALLURE_DIR.toString(),
                    "--history",
                    history.toString(),
                    "--output",
                    output.toString(),
                    "--name",
                    "PlayBench browser test",
                    shard1.toString(),
                    shard2.toString());
            generateSeconds.add((System.nanoTime() - t0) / 1e9);
            assertThat(out).contains("history: ").contains("(" + (run + 1) + " report(s))");
        }
        Path report = output.resolve("report");
        assertThat(AllureHistory.read(history.resolve("allure/history.jsonl")).points())
                .hasSize(3);

        // THEN the report's data: every metric of both benchmarks, with two earlier points
        JsonNode metrics = JSON.readTree(report.resolve("widgets/metrics.json").toFile());
        assertThat(metrics.path("history")).hasSize(2);
        List<String> keys = new ArrayList<>();
        for (PlayBundle bundle : lastRun) {
            BenchmarkIdentity identity = BenchmarkIdentity.of(bundle);
            for (ReportMetric metric : ReportMetric.values()) {
                keys.add(metric.key(identity));
            }
        }
        for (String key : keys) {
            assertThat(metrics.path("current").findValuesAsText("key")).contains(key);
            metrics.path("history")
                    .forEach(point -> assertThat(point.path("metrics").has(key))
                            .as(key + " in " + point)
                            .isTrue());
        }
        // and each test keeps its bundle and the trend table as attachments
        List<Path> tests;
        try (Stream<Path> files = Files.list(report.resolve("data/test-results"))) {
            tests = files.sorted().toList();
            assertThat(tests).hasSize(2);
            for (Path test : tests) {
                String json = Files.readString(test);
                assertThat(json).contains("PlayBundle ").contains(ReportResults.TREND_ATTACHMENT);
            }
        }

        // AND in Chromium: the Metrics section lists every metric with a three-point trend
        try (ReportServer server = ReportServer.serve(report)) {
            String metricsUrl = server.url("index.html#/metrics");
            long t0 = System.nanoTime();
            String dom = chromium("--dump-dom", metricsUrl);
            double domSeconds = (System.nanoTime() - t0) / 1e9;
            assertThat(dom).contains("Performance metrics");
            for (String key : keys) {
                Matcher row = Pattern.compile(
                                "aria-controls=\"metrics-summary-history-" + Pattern.quote(key)
                                        + "\".*?<polyline points=\"([^\"]*)\"",
                                Pattern.DOTALL)
                        .matcher(dom);
                assertThat(row.find())
                        .as("a summary row with a trend for " + key)
                        .isTrue();
                assertThat(row.group(1).trim().split("\\s+"))
                        .as("trend points of " + key)
                        .hasSize(3);
            }
            for (PlayBundle bundle : lastRun) {
                assertThat(dom).contains(ReportMetric.group(BenchmarkIdentity.of(bundle)));
            }
            for (ReportMetric metric : ReportMetric.values()) {
                assertThat(dom).contains(metric.title());
            }
            Path metricsShot = WORK.resolve("report-metrics.png");
            chromium("--screenshot=" + metricsShot, metricsUrl);
            Path overviewShot = WORK.resolve("report-overview.png");
            chromium("--screenshot=" + overviewShot, server.url("index.html"));
            // a test's page lists its parameters and both attachments
            String testId = tests.getFirst().getFileName().toString().replace(".json", "");
            String testUrl = server.url("index.html#/" + testId);
            String testDom = chromium("--dump-dom", testUrl);
            assertThat(testDom)
                    .contains("PlayBundle ")
                    .contains(ReportResults.TREND_ATTACHMENT)
                    .contains("total_fps")
                    .contains("p99_step_ms");
            Path testShot = WORK.resolve("report-test.png");
            chromium("--screenshot=" + testShot, testUrl);
            assertThat(metricsShot).isNotEmptyFile();
            assertThat(overviewShot).isNotEmptyFile();
            assertThat(testShot).isNotEmptyFile();
            System.out.printf(
                    "browser test: generate %s s, chromium dump-dom %.1f s, total %.1f s; screenshots in %s%n",
                    generateSeconds.stream()
                            .map(s -> String.format(java.util.Locale.ROOT, "%.1f", s))
                            .toList(),
                    domSeconds,
                    (System.nanoTime() - started) / 1e9,
                    WORK);
        }
    }

    private static String playbench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandContext context = new CommandContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                MODULE,
                System.getenv(),
                Clock.systemUTC());
        int code = Playbench.run(List.of(args), context);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code)
                .as("playbench report exit code\n" + text + err.toString(StandardCharsets.UTF_8))
                .isZero();
        return text;
    }

    /** Runs headless Chromium on a fresh profile; returns its standard output. */
    private String chromium(String action, String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(temp, "chromium-profile");
        Path stderr = temp.resolve("chromium-" + System.nanoTime() + ".log");
        List<String> command = List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=1400,1500",
                "--virtual-time-budget=10000",
                action,
                url);
        Process process =
                new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail("chromium did not finish in 60 s: " + String.join(" ", command));
        }
        assertThat(process.exitValue())
                .as("chromium exit code; stderr:\n" + Files.readString(stderr))
                .isZero();
        return new String(stdout, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A static file server on 127.0.0.1 for the report (Allure's app loads its data with fetch, so file:// will not do). */
    private record ReportServer(HttpServer server, Path root) implements AutoCloseable {

        private static final Map<String, String> TYPES = Map.of(
                "html",
                "text/html; charset=utf-8",
                "js",
                "text/javascript",
                "json",
                "application/json",
                "css",
                "text/css",
                "svg",
                "image/svg+xml",
                "png",
                "image/png",
                "txt",
                "text/plain");

        static ReportServer serve(Path root) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Path base = root.toAbsolutePath().normalize();
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                Path file = base.resolve(path.substring(1).isEmpty() ? "index.html" : path.substring(1))
                        .normalize();
                try (exchange;
                        OutputStream body = exchange.getResponseBody()) {
                    if (!file.startsWith(base) || !Files.isRegularFile(file)) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    String name = file.getFileName().toString();
                    String extension = name.substring(name.lastIndexOf('.') + 1);
                    exchange.getResponseHeaders()
                            .set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
                    byte[] bytes = Files.readAllBytes(file);
                    exchange.sendResponseHeaders(200, bytes.length);
                    body.write(bytes);
                }
            });
            server.start();
            return new ReportServer(server, base);
        }

        String url(String page) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + page;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
