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
import java.util.Optional;
import java.util.stream.Stream;

/** {@code playbench report}: merges result directories and generates the Allure 3 report with the metrics across runs. */
final class ReportCommand implements Command {

    /** The marker that tells an output directory is one this command wrote, so that it may empty it. */
    static final String MARKER = ".playbench-report";

    private static final List<Arguments.Option> OPTIONS = List.of(
            Arguments.Option.valued("history", "DIR", "history directory; Allure's history is DIR/allure/history.jsonl"
                    + " (default: $PLAYBENCH_HISTORY, else .playbench/history)"),
            Arguments.Option.valued("output", "DIR", "where the merged results and the report go (default: target/playbench-report)"),
            Arguments.Option.valued("name", "NAME", "the report's name (default: PlayBench benchmarks)"),
            Arguments.Option.valued("history-limit", "N", "keep at most N reports in Allure's history (default: all)"),
            Arguments.Option.valued("allure-dir", "DIR", "the folder of the pinned Allure package.json (default: $PLAYBENCH_ALLURE_DIR,"
                    + " else the launcher's reports/allure, else ./reports/allure)"),
            Arguments.Option.flag("results-only", "merge and enrich the Allure results, do not run Allure (no Node.js needed)"),
            Arguments.Option.flag("help", "show this help"));

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "generate the Allure 3 report of one or more result directories, with FPS, latency, success and reward across runs";
    }

    @Override
    public String help() {
        return """
                usage: playbench report [options] RESULTS_DIR...

                Merges the result directories (e.g. the CI shards of one run: each may hold allure-results and/or play_*.json
                bundles) into DIR/allure-results, adds the benchmarks' metrics (FPS, step latency p50/p99, success rate,
                mean reward) as Allure 3 performance metrics, parameters and a "Metrics across runs" table attached to each
                test, and generates the Allure 3 report in DIR/report with the pinned Allure command line, offline:
                  npx --no --prefix reports/allure allure generate --config DIR/allurerc.json DIR/allure-results
                Allure appends each report to HISTORY/allure/history.jsonl; keep that file between runs (the CI caches the
                history directory) and the report's Metrics section shows each metric's trend across the runs.

                Needs Node.js 20+ and, once, npm ci --prefix reports/allure (the package.json and its lockfile pin allure).

                options:
                """ + Arguments.describe(OPTIONS) + """

                examples:
                  playbench report bench-tests/target                              # bundles + allure-results of a local run
                  playbench report --output report shards/*                        # the merged shards of a CI run
                  npx --prefix reports/allure allure open target/playbench-report/report     # view it

                exit codes: 0 report written, 2 usage or input error (missing directory, nothing to report, Node.js or the
                Allure package missing), 3 unexpected error (Allure failed: its output is in DIR/allure-generate.log)
                """;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException, IOException, InterruptedException {
        Arguments arguments = Arguments.parse("report", OPTIONS, args);
        if (arguments.has("help")) {
            context.out().print(help());
            return Playbench.EXIT_OK;
        }
        if (arguments.positionals().isEmpty()) {
            throw new UsageException("give the result directories, e.g. playbench report bench-tests/target, or the shards of a CI run");
        }
        List<Path> inputs = new ArrayList<>();
        for (String text : arguments.positionals()) {
            Path dir = context.path(text);
            if (!Files.isDirectory(dir)) {
                throw new UsageException("the result directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
                        + "; give directories holding allure-results and/or play_*.json bundles (e.g. bench-tests/target)");
            }
            inputs.add(dir);
        }
        Path output = context.path(arguments.value("output").orElse("target/playbench-report"));
        Path historyDir = Playbench.historyDirectory(arguments.value("history"), context);
        Path historyFile = historyDir.resolve("allure").resolve("history.jsonl");
        String reportName = arguments.value("name").orElse("PlayBench benchmarks");
        int historyLimit = arguments.intValue("report", "history-limit", 1).orElse(0);
        boolean resultsOnly = arguments.has("results-only");

        AllureGenerator generator = null;
        if (!resultsOnly) {
            Path allureDir = allureDirectory(arguments.value("allure-dir"), context);
            try {
                generator = AllureGenerator.locate(allureDir, context.environment());
            } catch (AllureGenerator.MissingToolException e) {
                context.err().println("playbench report: " + e.getMessage());
                context.err().println("(playbench report --results-only writes the merged Allure results without Node.js)");
                return Playbench.EXIT_USAGE;
            }
        }

        prepareOutput(output);
        Path results = output.resolve("allure-results");
        Path report = output.resolve("report");
        AllureHistory history = AllureHistory.read(historyFile);
        history.problems().forEach(p -> context.err().println("warning: " + p));
        ReportResults.Summary summary = ReportResults.merge(inputs, results, output, history, context.clock().millis());
        summary.problems().forEach(p -> context.err().println("warning: " + p));
        if (summary.testResults() == 0 && summary.synthesized() == 0) {
            throw new UsageException("nothing to report: no Allure results (*-result.json) and no bundles (play_*.json) under "
                    + String.join(", ", inputs.stream().map(Path::toString).toList()));
        }
        context.out().printf("merged %d Allure test result(s) and %d bundle(s) without one into %s%n", summary.testResults(),
                summary.synthesized(), results);
        context.out().printf("%d benchmark(s) with metrics (%d test result(s) carry a bundle):%n", summary.benchmarks().size(),
                summary.enriched() + summary.synthesized());
        for (Map.Entry<String, String> benchmark : summary.benchmarks().entrySet()) {
            context.out().println("  " + benchmark.getValue());
        }
        if (generator == null) {
            context.out().println("--results-only: Allure not run; generate with: npx --no --prefix reports/allure allure generate " + results);
            return Playbench.EXIT_OK;
        }
        long started = System.nanoTime();
        try {
            generator.generate(results, output, report, historyFile, reportName, historyLimit);
        } catch (IOException e) {
            context.err().println("playbench report: " + e.getMessage());
            return Playbench.EXIT_ERROR;
        }
        AllureHistory after = AllureHistory.read(historyFile);
        context.out().printf("report: %s (Allure %s, %.1f s)%n", report.resolve("index.html"), generator.version(),
                (System.nanoTime() - started) / 1e9);
        context.out().printf("history: %s (%d report(s))%n", historyFile, after.points().size());
        context.out().println("view: npx --prefix " + generator.allureDirectory() + " allure open " + report);
        return Playbench.EXIT_OK;
    }

    /** Empties the parts of the output directory this command writes, refusing a directory it did not create. */
    private static void prepareOutput(Path output) throws UsageException, IOException {
        if (Files.isDirectory(output) && !Files.exists(output.resolve(MARKER))) {
            try (Stream<Path> entries = Files.list(output)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException("the output directory " + output + " is not empty and was not written by playbench report"
                            + " (no " + MARKER + " in it); give a new or empty directory with --output");
                }
            }
        }
        Files.createDirectories(output);
        Files.writeString(output.resolve(MARKER), "written by playbench report; its allure-results/ and report/ are replaced on each run\n");
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

    /** {@code --allure-dir}, else {@code $PLAYBENCH_ALLURE_DIR}, else the launcher's, else {@code reports/allure} or {@code allure} here. */
    static Path allureDirectory(Optional<String> given, CommandContext context) {
        if (given.isPresent()) {
            return context.path(given.get());
        }
        String env = context.environment().get("PLAYBENCH_ALLURE_DIR");
        if (env != null && !env.isBlank()) {
            return context.path(env);
        }
        String property = System.getProperty("playbench.allure.dir");
        if (property != null && !property.isBlank()) {
            return context.path(property);
        }
        Path inRepository = context.path("reports/allure");
        if (Files.isRegularFile(inRepository.resolve("package.json"))) {
            return inRepository;
        }
        Path inModule = context.path("allure");
        return Files.isRegularFile(inModule.resolve("package.json")) ? inModule : inRepository;
    }
}
