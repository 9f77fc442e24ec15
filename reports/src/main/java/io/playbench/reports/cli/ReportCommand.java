package io.playbench.reports.cli;

import io.playbench.reports.allure.AllureGenerator;
import io.playbench.reports.allure.AllureHistory;
import io.playbench.reports.allure.ReportResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code playbench report}: merges result directories and generates the Allure 3 report with the metrics across runs. */
@Command(
        name = "report",
        customSynopsis = "playbench report [options] RESULTS_DIR...",
        description = {
            "generate the Allure 3 report of one or more result directories, with FPS, latency, success and reward"
                    + " across runs",
            "",
            "Merges the result directories (e.g. the CI shards of one run: each may hold allure-results and/or"
                    + " play_*.json bundles) into DIR/allure-results, adds the benchmarks' metrics (FPS, step latency"
                    + " p50/p99, success rate, mean reward) as Allure 3 performance metrics, parameters and a \"Metrics"
                    + " across runs\" table attached to each test, and generates the Allure 3 report in DIR/report with"
                    + " the pinned Allure command line, offline:",
            "  npx --no --prefix ALLURE_DIR allure generate --config DIR/allurerc.json DIR/allure-results",
            "Allure appends each report to HISTORY/allure/history.jsonl; keep that file between runs (the CI caches the"
                    + " history directory) and the report's Metrics section shows each metric's trend across the runs.",
            "",
            "Needs Node.js 20+ (node, npm, npx). The pinned Allure command line (reports/allure/package.json and its"
                    + " lockfile, also inside this jar) is taken from --allure-dir if given, else from reports/allure"
                    + " when npm ci --prefix reports/allure has installed it, else it is installed once, with npm install,"
                    + " into CACHE/allure-<version> (see --cache)."
        },
        footer = {
            "%nexamples:",
            "  playbench report bench-tests/target           # the bundles and allure-results of a local run",
            "  playbench report --output report shards/*     # the merged shards of a CI run",
            "  npx --prefix reports/allure allure open target/playbench-report/report      # view it",
            "%nexit codes: 0 report written, 2 usage or input error (missing directory, nothing to report, Node.js or"
                    + " npm missing, the Allure package not installable), 3 unexpected error (Allure failed: its output"
                    + " is in DIR/allure-generate.log)"
        })
final class ReportCommand extends BaseCommand {

    /** The marker that tells an output directory is one this command wrote, so that it may empty it. */
    static final String MARKER = ".playbench-report";

    @Mixin
    HistoryOption history;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "where the merged results and the report go (default: ${DEFAULT-VALUE})")
    String output = "target/playbench-report";

    @Option(names = "--name", paramLabel = "NAME", description = "the report's name (default: ${DEFAULT-VALUE})")
    String name = "PlayBench benchmarks";

    @Option(
            names = "--history-limit",
            paramLabel = "N",
            description = "keep at most N reports in Allure's history (default: all)")
    Integer historyLimit;

    @Option(
            names = "--allure-dir",
            paramLabel = "DIR",
            defaultValue = "${env:PLAYBENCH_ALLURE_DIR:-}",
            description = "the folder of the pinned Allure package.json, with the package installed in it"
                    + " (npm ci --prefix DIR; $PLAYBENCH_ALLURE_DIR sets it)")
    String allureDir;

    @Option(
            names = "--cache",
            paramLabel = "CACHE",
            defaultValue = "${env:PLAYBENCH_CACHE:-${env:HOME:-${sys:user.home}}/.cache/playbench}",
            description = "where the pinned Allure command line is installed when there is no local one:"
                    + " CACHE/allure-<version> (default: ${DEFAULT-VALUE}; $PLAYBENCH_CACHE sets it)")
    String cache;

    @Option(
            names = "--results-only",
            description = "merge and enrich the Allure results, do not run Allure (no Node.js needed)")
    boolean resultsOnly;

    @Parameters(paramLabel = "RESULTS_DIR", arity = "0..*", description = "directories of allure-results and bundles")
    List<String> directories = new ArrayList<>();

    ReportCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() throws UsageException, IOException, InterruptedException {
        if (directories.isEmpty()) {
            throw usage("give the result directories, e.g. playbench report bench-tests/target, or the shards of a CI"
                    + " run");
        }
        List<Path> inputs = new ArrayList<>();
        for (String text : directories) {
            Path dir = context.path(text);
            if (!Files.isDirectory(dir)) {
                throw new UsageException("the result directory " + dir
                        + (Files.exists(dir) ? " is not a directory" : " does not exist")
                        + "; give directories holding allure-results and/or play_*.json bundles (e.g."
                        + " bench-tests/target)");
            }
            inputs.add(dir);
        }
        if (historyLimit != null) {
            atLeast("--history-limit", historyLimit, 1);
        }
        Path out = context.path(output);
        Path historyFile = history.directory(context).resolve("allure").resolve("history.jsonl");

        AllureGenerator generator = null;
        if (!resultsOnly) {
            try {
                generator = generator();
            } catch (AllureGenerator.MissingToolException e) {
                throw new UsageException(e.getMessage()
                        + "\n(playbench report --results-only writes the merged Allure results without Node.js)");
            }
        }

        prepareOutput(out);
        Path results = out.resolve("allure-results");
        Path report = out.resolve("report");
        AllureHistory allureHistory = AllureHistory.read(historyFile);
        allureHistory.problems().forEach(p -> note("warning: " + p));
        ReportResults.Summary summary = ReportResults.merge(
                inputs, results, out, allureHistory, context.clock().millis());
        summary.problems().forEach(p -> note("warning: " + p));
        if (summary.testResults() == 0 && summary.synthesized() == 0) {
            throw new UsageException(
                    "nothing to report: no Allure results (*-result.json) and no bundles (play_*.json) under "
                            + String.join(
                                    ", ", inputs.stream().map(Path::toString).toList()));
        }
        context.out()
                .printf(
                        "merged %d Allure test result(s) and %d bundle(s) without one into %s%n",
                        summary.testResults(), summary.synthesized(), results);
        context.out()
                .printf(
                        "%d benchmark(s) with metrics (%d test result(s) carry a bundle):%n",
                        summary.benchmarks().size(), summary.enriched() + summary.synthesized());
        for (Map.Entry<String, String> benchmark : summary.benchmarks().entrySet()) {
            context.out().println("  " + benchmark.getValue());
        }
        if (generator == null) {
            context.out()
                    .println(
                            "--results-only: Allure not run; generate with: npx --no --prefix reports/allure allure generate "
                                    + results);
            return Playbench.EXIT_OK;
        }
        long started = System.nanoTime();
        try {
            generator.generate(results, out, report, historyFile, name, historyLimit == null ? 0 : historyLimit);
        } catch (IOException e) {
            note(e.getMessage());
            return Playbench.EXIT_ERROR;
        }
        AllureHistory after = AllureHistory.read(historyFile);
        context.out()
                .printf(
                        "report: %s (Allure %s, %.1f s)%n",
                        report.resolve("index.html"), generator.version(), (System.nanoTime() - started) / 1e9);
        context.out()
                .printf(
                        "history: %s (%d report(s))%n",
                        historyFile, after.points().size());
        context.out().println("view: npx --prefix " + generator.allureDirectory() + " allure open " + report);
        return Playbench.EXIT_OK;
    }

    /**
     * The Allure command line: the one in {@code --allure-dir} ({@code $PLAYBENCH_ALLURE_DIR}) if given; else the one
     * installed in the repository's {@code reports/allure} (or the launcher's, {@code -Dplaybench.allure.dir}); else
     * the one in the cache, installed there with npm on first use.
     */
    private AllureGenerator generator() throws AllureGenerator.MissingToolException, IOException, InterruptedException {
        if (allureDir != null && !allureDir.isBlank()) {
            return AllureGenerator.locate(context.path(allureDir), context.environment());
        }
        for (Path candidate : localAllureDirectories()) {
            if (AllureGenerator.isInstalled(candidate)) {
                return AllureGenerator.locate(candidate, context.environment());
            }
        }
        Path folder = context.path(cache).resolve("allure-" + AllureGenerator.pinnedVersion());
        return AllureGenerator.install(folder, context.environment(), this::note);
    }

    /** Where a local Allure package may be: the launcher's ({@code -Dplaybench.allure.dir}), {@code reports/allure}, {@code allure}. */
    private List<Path> localAllureDirectories() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("playbench.allure.dir");
        if (property != null && !property.isBlank()) {
            candidates.add(context.path(property));
        }
        candidates.add(context.path("reports/allure"));
        candidates.add(context.path("allure"));
        return candidates;
    }

    /** Empties the parts of the output directory this command writes, refusing a directory it did not create. */
    private static void prepareOutput(Path output) throws UsageException, IOException {
        if (Files.isDirectory(output) && !Files.exists(output.resolve(MARKER))) {
            try (Stream<Path> entries = Files.list(output)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException(
                            "the output directory " + output + " is not empty and was not written by playbench report"
                                    + " (no " + MARKER + " in it); give a new or empty directory with --output");
                }
            }
        }
        Files.createDirectories(output);
        Files.writeString(
                output.resolve(MARKER),
                "written by playbench report; its allure-results/ and report/ are replaced on each run\n");
        deleteTree(output.resolve("allure-results"));
        deleteTree(output.resolve("report"));
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
}
