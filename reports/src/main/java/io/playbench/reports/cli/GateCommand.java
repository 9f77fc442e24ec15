package io.playbench.reports.cli;

import io.playbench.reports.gate.Baselines;
import io.playbench.reports.gate.Gate;
import io.playbench.reports.gate.GateOptions;
import io.playbench.reports.gate.GateReport;
import io.playbench.reports.gate.GateReportWriter;
import io.playbench.reports.gate.Metric;
import io.playbench.reports.gate.Sample;
import io.playbench.reports.history.BenchmarkIdentity;
import io.playbench.reports.history.HistoryContents;
import io.playbench.reports.history.HistoryStore;
import io.playbench.schema.AtomicFiles;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.ScanResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code playbench gate}: compares a run with a baseline and fails on a regression or a broken budget. */
final class GateCommand implements Command {

    private static final List<Arguments.Option> OPTIONS = List.of(
            Arguments.Option.valued("history", "DIR", "history to take the baseline from (default: $PLAYBENCH_HISTORY, else .playbench/history)"),
            Arguments.Option.valued("baseline", "SPEC", "previous (default) | last:K (rolling window of K runs) | run:ID | tag:NAME"),
            Arguments.Option.valued("baseline-dir", "DIR", "use the bundles under DIR as the baseline instead of the history (repeatable)"),
            Arguments.Option.valued("run-id", "ID", "the history run id of the current run: never its own baseline; without RUN_DIR, the run to gate"),
            Arguments.Option.flag("allow-no-baseline", "pass with a note when no baseline exists yet (first run); budgets are still checked"),
            Arguments.Option.valued("tolerance", "[METRIC=]X", "relative tolerance, e.g. 0.1 or 10% (repeatable; without METRIC= for all)"),
            Arguments.Option.valued("confidence", "P", "confidence level of the noise intervals (default 0.95)"),
            Arguments.Option.flag("json", "write the report as JSON (format playbench-gate-1) on standard output"),
            Arguments.Option.valued("output", "FILE", "also write the JSON report to FILE"),
            Arguments.Option.flag("help", "show this help"));

    @Override
    public String name() {
        return "gate";
    }

    @Override
    public String summary() {
        return "compare a run with a baseline metric by metric; exit 1 on a regression or a broken budget";
    }

    @Override
    public String help() {
        StringBuilder tolerances = new StringBuilder();
        for (Metric m : Metric.values()) {
            tolerances.append(String.format(Locale.ROOT, "  %-22s %s is better, default tolerance %.0f%%%n", m.id(),
                    m.higherIsBetter() ? "higher" : "lower", m.defaultTolerance() * 100));
        }
        return """
                usage: playbench gate [options] RUN_DIR...
                       playbench gate [options] --run-id ID      (the current run is run ID of the history)

                Compares the bundles (play_*.json) under RUN_DIR... - one run, e.g. the merged shards of a CI run - with a
                baseline, benchmark by benchmark (library, task, envs, device, engine, checkpoint, hardware) and metric by
                metric. A change worse than the metric's tolerance fails the gate, unless repeated runs of the benchmark
                (several bundles in the run or in the baseline) give a confidence interval on the change that still
                contains 0: that change is within the noise and passes. Budgets in the bundles' extra (budget.min_<metric>,
                budget.max_<metric>, e.g. budget.min_total_fps, budget.max_step_latency_p99_ms) are checked too.

                options:
                """ + Arguments.describe(OPTIONS) + """

                metrics:
                """ + tolerances + """

                examples:
                  playbench history import --run-id "$GITHUB_RUN_ID" shards/*
                  playbench gate --run-id "$GITHUB_RUN_ID" shards/*
                  playbench gate --run-id "$GITHUB_RUN_ID"          # the same, reading the run back from the history
                  playbench gate --baseline last:5 --tolerance effective_fps=5% bench-tests/target/playbench
                  playbench gate --baseline-dir baseline/ --json --output gate.json bench-tests/target/playbench

                exit codes: 0 passed, 1 a regression or a broken budget, 2 usage or input error (missing directory, no
                bundles, no baseline), 3 unexpected error
                """;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException, IOException {
        Arguments arguments = Arguments.parse("gate", OPTIONS, args);
        if (arguments.has("help")) {
            context.out().print(help());
            return Playbench.EXIT_OK;
        }
        if (arguments.positionals().isEmpty() && !arguments.has("run-id")) {
            throw new UsageException("give the run's bundle directories, e.g. playbench gate bench-tests/target/playbench,"
                    + " or --run-id ID of a run already in the history");
        }
        GateOptions options = new GateOptions(tolerances(arguments.values("tolerance")), confidence(arguments));
        if (arguments.has("baseline-dir") && arguments.has("baseline")) {
            throw new UsageException("--baseline-dir and --baseline exclude each other: the first names bundle directories, the second a run in the history");
        }
        List<String> problems = new ArrayList<>();
        List<Sample> current;
        String currentDescription;
        if (arguments.positionals().isEmpty()) {
            // The current run is one already imported: playbench history import --run-id ID ...; playbench gate --run-id ID
            Path historyDir = Playbench.historyDirectory(arguments.value("history"), context);
            String runId = arguments.value("run-id").orElseThrow();
            HistoryContents history = HistoryStore.open(historyDir).read();
            current = history.recordsOf(runId).stream().map(r -> new Sample(r.runId(), r.bundle())).toList();
            if (current.isEmpty()) {
                throw new UsageException("no bundles of run '" + runId + "' in the history at " + historyDir
                        + "; import it first (playbench history import --run-id " + runId + " DIR...) or give its bundle directories");
            }
            currentDescription = current.size() + " bundle(s) of run " + runId + " in history " + historyDir;
        } else {
            List<Path> runDirs = directories(arguments.positionals(), context, "run directory");
            current = scan(runDirs, problems);
            if (current.isEmpty()) {
                throw new UsageException("no bundles (play_*.json) found under " + join(runDirs)
                        + (problems.isEmpty() ? "" : "; " + problems.size() + " file(s) could not be read: " + problems.getFirst()));
            }
            currentDescription = current.size() + " bundle(s) under " + join(runDirs);
        }

        List<Sample> baseline;
        String baselineDescription;
        List<String> notes = new ArrayList<>();
        if (arguments.has("baseline-dir")) {
            List<Path> baseDirs = directories(arguments.values("baseline-dir"), context, "baseline directory");
            baseline = scan(baseDirs, problems);
            baselineDescription = baseline.size() + " bundle(s) under " + join(baseDirs);
            if (baseline.isEmpty()) {
                String message = "no baseline found: no bundles (play_*.json) under " + join(baseDirs);
                if (!arguments.has("allow-no-baseline")) {
                    throw new UsageException(message);
                }
                baselineDescription = "none (" + message + ")";
            }
        } else {
            Path historyDir = Playbench.historyDirectory(arguments.value("history"), context);
            Baselines.Spec spec;
            try {
                spec = Baselines.Spec.parse(arguments.value("baseline").orElse("previous"));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            String runId = arguments.value("run-id").orElse(null);
            HistoryContents history = HistoryStore.open(historyDir).read();
            history.problems().forEach(p -> problems.add(p.toString()));
            Set<BenchmarkIdentity> identities = new LinkedHashSet<>();
            Set<String> digests = new LinkedHashSet<>();
            for (Sample s : current) {
                identities.add(BenchmarkIdentity.of(s.bundle()));
                digests.add(HistoryStore.digestOf(s.bundle()));
            }
            try {
                Baselines.Resolved resolved = Baselines.resolve(history, historyDir, spec, identities, digests, runId);
                baseline = resolved.samples();
                baselineDescription = resolved.description();
            } catch (Baselines.NoBaselineException e) {
                if (!arguments.has("allow-no-baseline")) {
                    throw new UsageException(e.getMessage() + " Import a run first (playbench history import), pass --baseline-dir, or"
                            + " --allow-no-baseline for a first run.");
                }
                baseline = List.of();
                baselineDescription = "none (" + e.getMessage() + ")";
                notes.add("no baseline yet (--allow-no-baseline): only budgets were checked");
            }
        }
        GateReport report = new Gate(options).compare(current, currentDescription, baseline, baselineDescription);
        if (!notes.isEmpty()) {
            List<String> all = new ArrayList<>(notes);
            all.addAll(report.notes());
            report = new GateReport(report.passed(), report.current(), report.baseline(), report.confidence(), report.benchmarks(), all,
                    report.problems());
        }
        report = report.withProblems(problems);
        String json = GateReportWriter.json(report);
        if (arguments.has("output")) {
            AtomicFiles.write(context.path(arguments.value("output").orElseThrow()), json.getBytes(StandardCharsets.UTF_8));
        }
        context.out().print(arguments.has("json") ? json : GateReportWriter.text(report));
        return report.passed() ? Playbench.EXIT_OK : Playbench.EXIT_FAILED;
    }

    static List<Path> directories(List<String> given, CommandContext context, String what) throws UsageException {
        List<Path> dirs = new ArrayList<>();
        for (String text : given) {
            Path dir = context.path(text);
            if (!Files.isDirectory(dir)) {
                throw new UsageException("the " + what + " " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
                        + "; give the directory the benchmarks wrote their play_*.json bundles to (e.g. bench-tests/target/playbench)");
            }
            dirs.add(dir);
        }
        return dirs;
    }

    private static List<Sample> scan(List<Path> dirs, List<String> problems) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (Path dir : dirs) {
            ScanResult scan = PlayBundles.scan(dir);
            scan.entries().forEach(e -> samples.add(new Sample(dir.toString(), e.bundle())));
            scan.problems().forEach(p -> problems.add(p.file() + ": " + firstLine(p.reason())));
        }
        return samples;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }

    static Map<Metric, Double> tolerances(List<String> values) throws UsageException {
        Map<Metric, Double> tolerances = new EnumMap<>(Metric.class);
        for (String value : values) {
            int equals = value.indexOf('=');
            double tolerance = fraction(equals < 0 ? value : value.substring(equals + 1), "--tolerance " + value);
            if (equals < 0) {
                for (Metric m : Metric.values()) {
                    tolerances.put(m, tolerance);
                }
            } else {
                try {
                    tolerances.put(Metric.fromId(value.substring(0, equals)), tolerance);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--tolerance " + value + ": " + e.getMessage());
                }
            }
        }
        return tolerances;
    }

    private static double confidence(Arguments arguments) throws UsageException {
        if (!arguments.has("confidence")) {
            return 0.95;
        }
        double p = fraction(arguments.value("confidence").orElseThrow(), "--confidence");
        if (!(p > 0 && p < 1)) {
            throw new UsageException("--confidence must be in (0, 1), e.g. 0.95 or 95%, but was " + arguments.value("confidence").orElseThrow());
        }
        return p;
    }

    private static double fraction(String text, String what) throws UsageException {
        String t = text.strip();
        boolean percent = t.endsWith("%");
        try {
            double v = Double.parseDouble(percent ? t.substring(0, t.length() - 1) : t);
            v = percent ? v / 100 : v;
            if (v >= 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(what + ": expected a number >= 0 like 0.1 or 10% but got '" + text + "'");
    }

    private static String join(List<Path> dirs) {
        return String.join(", ", dirs.stream().map(Path::toString).toList());
    }
}
