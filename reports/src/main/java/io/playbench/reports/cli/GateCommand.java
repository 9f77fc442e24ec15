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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code playbench gate}: compares a run with a baseline and fails on a regression or a broken budget. */
@Command(
        name = "gate",
        customSynopsis = {
            "playbench gate [options] RUN_DIR...",
            "       playbench gate [options] --run-id ID      (the current run is run ID of the history)"
        },
        description = {
            "compare a run with a baseline metric by metric; exit 1 on a regression or a broken budget",
            "",
            "Compares the bundles (play_*.json) under RUN_DIR... - one run, e.g. the merged shards of a CI run - with a"
                    + " baseline, benchmark by benchmark (library, task, envs, device, engine, checkpoint, hardware) and"
                    + " metric by metric. A change worse than the metric's tolerance fails the gate, unless repeated runs"
                    + " of the benchmark (several bundles in the run or in the baseline) give a confidence interval on"
                    + " the change that still contains 0: that change is within the noise and passes. Budgets in the"
                    + " bundles' extra (budget.min_<metric>, budget.max_<metric>, e.g. budget.min_total_fps,"
                    + " budget.max_step_latency_p99_ms) are checked too."
        },
        modelTransformer = GateCommand.MetricsHelp.class,
        footer = {
            "%nexamples:",
            "  playbench history import --run-id \"$GITHUB_RUN_ID\" shards/*",
            "  playbench gate --run-id \"$GITHUB_RUN_ID\" shards/*",
            "  playbench gate --run-id \"$GITHUB_RUN_ID\"          # the same, read back from the history",
            "  playbench gate --baseline last:5 --tolerance effective_fps=5%% bench-tests/target/playbench",
            "  playbench gate --baseline-dir baseline/ --json --output gate.json bench-tests/target/playbench",
            "%nexit codes: 0 passed, 1 a regression or a broken budget, 2 usage or input error (missing directory, no"
                    + " bundles, no baseline), 3 unexpected error"
        })
final class GateCommand extends BaseCommand {

    @Mixin
    HistoryOption history;

    @Option(
            names = "--baseline",
            paramLabel = "SPEC",
            description = "previous (default) | last:K (rolling window of K runs) | run:ID | tag:NAME")
    String baseline;

    @Option(
            names = "--baseline-dir",
            paramLabel = "DIR",
            description = "use the bundles under DIR as the baseline instead of the history (repeatable)")
    List<String> baselineDirs = new ArrayList<>();

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = "the history run id of the current run: never its own baseline; without RUN_DIR, the run to"
                    + " gate")
    String runId;

    @Option(
            names = "--allow-no-baseline",
            description = "pass with a note when no baseline exists yet (first run); budgets are still checked")
    boolean allowNoBaseline;

    @Option(
            names = "--tolerance",
            paramLabel = "[METRIC=]X",
            description = "relative tolerance, e.g. 0.1 or 10%% (repeatable; without METRIC= for all)")
    List<String> tolerances = new ArrayList<>();

    @Option(
            names = "--confidence",
            paramLabel = "P",
            description = "confidence level of the noise intervals (default: ${DEFAULT-VALUE})")
    String confidence = "0.95";

    @Option(names = "--json", description = "write the report as JSON (format playbench-gate-1) on standard output")
    boolean json;

    @Option(names = "--output", paramLabel = "FILE", description = "also write the JSON report to FILE")
    String output;

    @Parameters(paramLabel = "RUN_DIR", arity = "0..*", description = "the directories of the run's bundles")
    List<String> runDirs = new ArrayList<>();

    GateCommand(CommandContext context) {
        super(context);
    }

    /** Adds the metrics, their directions and default tolerances to the help. */
    static final class MetricsHelp implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            List<String> lines = new ArrayList<>(List.of("%nmetrics:"));
            for (Metric m : Metric.values()) {
                lines.add(String.format(
                                Locale.ROOT,
                                "  %-24s %s is better, default tolerance %.0f%%",
                                m.id(),
                                m.higherIsBetter() ? "higher" : "lower",
                                m.defaultTolerance() * 100)
                        .replace("%", "%%"));
            }
            lines.addAll(List.of(spec.usageMessage().footer()));
            spec.usageMessage().footer(lines.toArray(String[]::new));
            return spec;
        }
    }

    @Override
    public Integer call() throws UsageException, IOException {
        if (runDirs.isEmpty() && runId == null) {
            throw usage("give the run's bundle directories, e.g. playbench gate bench-tests/target/playbench,"
                    + " or --run-id ID of a run already in the history");
        }
        GateOptions options = new GateOptions(tolerances(tolerances), confidence(confidence));
        if (!baselineDirs.isEmpty() && baseline != null) {
            throw usage("--baseline-dir and --baseline exclude each other: the first names bundle directories, the"
                    + " second a run in the history");
        }
        List<String> problems = new ArrayList<>();
        List<Sample> current;
        String currentDescription;
        if (runDirs.isEmpty()) {
            // The current run is one already imported: playbench history import --run-id ID ...; playbench gate
            // --run-id ID
            Path historyDir = history.directory(context);
            HistoryContents contents = HistoryStore.open(historyDir).read();
            current = contents.recordsOf(runId).stream()
                    .map(r -> new Sample(r.runId(), r.bundle()))
                    .toList();
            if (current.isEmpty()) {
                throw new UsageException("no bundles of run '" + runId + "' in the history at " + historyDir
                        + "; import it first (playbench history import --run-id " + runId
                        + " DIR...) or give its bundle directories");
            }
            currentDescription = current.size() + " bundle(s) of run " + runId + " in history " + historyDir;
        } else {
            List<Path> dirs = directories(runDirs, context, "run directory");
            current = scan(dirs, problems);
            if (current.isEmpty()) {
                throw new UsageException("no bundles (play_*.json) found under " + join(dirs)
                        + (problems.isEmpty()
                                ? ""
                                : "; " + problems.size() + " file(s) could not be read: " + problems.getFirst()));
            }
            currentDescription = current.size() + " bundle(s) under " + join(dirs);
        }

        List<Sample> baselineSamples;
        String baselineDescription;
        List<String> notes = new ArrayList<>();
        if (!baselineDirs.isEmpty()) {
            List<Path> baseDirs = directories(baselineDirs, context, "baseline directory");
            baselineSamples = scan(baseDirs, problems);
            baselineDescription = baselineSamples.size() + " bundle(s) under " + join(baseDirs);
            if (baselineSamples.isEmpty()) {
                String message = "no baseline found: no bundles (play_*.json) under " + join(baseDirs);
                if (!allowNoBaseline) {
                    throw new UsageException(message);
                }
                baselineDescription = "none (" + message + ")";
            }
        } else {
            Path historyDir = history.directory(context);
            Baselines.Spec baselineSpec;
            try {
                baselineSpec = Baselines.Spec.parse(baseline == null ? "previous" : baseline);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            HistoryContents contents = HistoryStore.open(historyDir).read();
            contents.problems().forEach(p -> problems.add(p.toString()));
            Set<BenchmarkIdentity> identities = new LinkedHashSet<>();
            Set<String> digests = new LinkedHashSet<>();
            for (Sample s : current) {
                identities.add(BenchmarkIdentity.of(s.bundle()));
                digests.add(HistoryStore.digestOf(s.bundle()));
            }
            try {
                Baselines.Resolved resolved =
                        Baselines.resolve(contents, historyDir, baselineSpec, identities, digests, runId);
                baselineSamples = resolved.samples();
                baselineDescription = resolved.description();
            } catch (Baselines.NoBaselineException e) {
                if (!allowNoBaseline) {
                    throw new UsageException(e.getMessage()
                            + " Import a run first (playbench history import), pass --baseline-dir, or"
                            + " --allow-no-baseline for a first run.");
                }
                baselineSamples = List.of();
                baselineDescription = "none (" + e.getMessage() + ")";
                notes.add("no baseline yet (--allow-no-baseline): only budgets were checked");
            }
        }
        GateReport report =
                new Gate(options).compare(current, currentDescription, baselineSamples, baselineDescription);
        if (!notes.isEmpty()) {
            List<String> all = new ArrayList<>(notes);
            all.addAll(report.notes());
            report = new GateReport(
                    report.passed(),
                    report.current(),
                    report.baseline(),
                    report.confidence(),
                    report.benchmarks(),
                    all,
                    report.problems());
        }
        report = report.withProblems(problems);
        String text = GateReportWriter.json(report);
        if (output != null) {
            AtomicFiles.write(context.path(output), text.getBytes(StandardCharsets.UTF_8));
        }
        context.out().print(json ? text : GateReportWriter.text(report));
        return report.passed() ? Playbench.EXIT_OK : Playbench.EXIT_FAILED;
    }

    static List<Path> directories(List<String> given, CommandContext context, String what) throws UsageException {
        List<Path> dirs = new ArrayList<>();
        for (String text : given) {
            Path dir = context.path(text);
            if (!Files.isDirectory(dir)) {
                throw new UsageException(
                        "the " + what + " " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
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

    private double confidence(String text) throws UsageException {
        double p = fraction(text, "--confidence");
        if (!(p > 0 && p < 1)) {
            throw usage("--confidence must be in (0, 1), e.g. 0.95 or 95%, but was " + text);
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
