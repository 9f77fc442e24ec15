package io.playbench.reports.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playbench.reports.history.BenchmarkIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link GateReport} as an aligned text table for people or as JSON for CI.
 *
 * @since 0.1.0
 */
public final class GateReportWriter {

    /** The version of the JSON report's layout. */
    public static final String JSON_FORMAT = "playbench-gate-1";

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private GateReportWriter() {}

    /**
     * The report as text: a headline, then per benchmark a table of metrics and budgets, then notes.
     *
     * @param report the report
     * @return the text, ending in a newline
     */
    public static String text(GateReport report) {
        StringBuilder out = new StringBuilder();
        long failed = report.failedBenchmarks();
        out.append("playbench gate: ")
                .append(report.passed() ? "PASSED" : "FAILED")
                .append(
                        report.passed()
                                ? ""
                                : " (" + failed + " of " + report.benchmarks().size()
                                        + " benchmark(s) regressed or broke a budget)")
                .append('\n');
        out.append("  current:  ").append(report.current()).append('\n');
        out.append("  baseline: ").append(report.baseline()).append('\n');
        String ciHeader = String.format(Locale.ROOT, "%.0f%% CI", report.confidence() * 100);
        for (GateReport.BenchmarkResult benchmark : report.benchmarks()) {
            out.append('\n').append(benchmark.identity().label());
            switch (benchmark.status()) {
                case COMPARED ->
                    out.append(String.format(
                            Locale.ROOT,
                            "  [current n=%d, baseline n=%d from %s]",
                            benchmark.currentSamples(),
                            benchmark.baselineSamples(),
                            String.join(", ", benchmark.baselineRuns())));
                case NEW ->
                    out.append(String.format(
                            Locale.ROOT, "  [current n=%d; new: not in the baseline]", benchmark.currentSamples()));
                case MISSING -> out.append("  [in the baseline only: not measured by the current run]");
            }
            out.append('\n');
            List<String[]> rows = new ArrayList<>();
            if (!benchmark.metrics().isEmpty()) {
                rows.add(new String[] {"metric", "baseline", "current", "change", "tolerance", ciHeader, "verdict"});
                for (GateReport.MetricResult m : benchmark.metrics()) {
                    rows.add(new String[] {
                        m.metric().id() + (m.metric().higherIsBetter() ? " (+)" : " (-)"),
                        m.baseline() == null ? "-" : valueWithSpread(m.metric(), m.baseline()),
                        m.current() == null ? "-" : valueWithSpread(m.metric(), m.current()),
                        m.change() == null ? "-" : percent(m.change()),
                        (m.metric().higherIsBetter() ? "-" : "+")
                                + percent(m.tolerance()).substring(1),
                        m.interval() == null
                                ? "-"
                                : "[" + percent(m.interval().low()) + ", "
                                        + percent(m.interval().high()) + "]",
                        m.verdict().label()
                    });
                }
            }
            if (!benchmark.budgets().isEmpty()) {
                rows.add(new String[] {"budget", "limit", "current", "", "", "", "verdict"});
                for (GateReport.BudgetResult b : benchmark.budgets()) {
                    rows.add(new String[] {
                        b.key(),
                        (b.minimum() ? ">= " : "<= ") + b.metric().format(b.limit()),
                        b.actual() == null ? "-" : b.metric().format(b.actual()),
                        "",
                        "",
                        "",
                        b.verdict().label()
                    });
                }
            }
            table(out, rows);
        }
        if (!report.notes().isEmpty()) {
            out.append("\nnotes:\n");
            report.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        if (!report.problems().isEmpty()) {
            out.append("\nskipped (unreadable):\n");
            report.problems().forEach(p -> out.append("  - ").append(p).append('\n'));
        }
        out.append("\n(+) higher is better, (-) lower is better; a change beyond the tolerance whose ")
                .append(ciHeader)
                .append(" still contains 0 is 'within noise' and passes.\n");
        return out.toString();
    }

    /**
     * The report as JSON: {@code format}, {@code passed}, {@code verdict}, {@code current}, {@code baseline},
     * {@code confidence}, {@code benchmarks[]} with {@code identity}, {@code status}, {@code metrics[]} (each with
     * {@code metric}, {@code direction}, {@code baseline}, {@code current}, {@code change}, {@code ci}, {@code tolerance},
     * {@code verdict}) and {@code budgets[]}, then {@code notes[]} and {@code problems[]}.
     *
     * @param report the report
     * @return the JSON text, ending in a newline
     */
    public static String json(GateReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", JSON_FORMAT);
        root.put("passed", report.passed());
        root.put("verdict", report.passed() ? "pass" : "fail");
        root.put("current", report.current());
        root.put("baseline", report.baseline());
        root.put("confidence", report.confidence());
        ArrayNode benchmarks = root.putArray("benchmarks");
        for (GateReport.BenchmarkResult b : report.benchmarks()) {
            ObjectNode node = benchmarks.addObject();
            node.set("identity", identity(b.identity()));
            node.put("status", b.status().name().toLowerCase(Locale.ROOT));
            node.put("passed", !b.failed());
            node.put("current_samples", b.currentSamples());
            node.put("baseline_samples", b.baselineSamples());
            ArrayNode runs = node.putArray("baseline_runs");
            b.baselineRuns().forEach(runs::add);
            ArrayNode metrics = node.putArray("metrics");
            for (GateReport.MetricResult m : b.metrics()) {
                ObjectNode metric = metrics.addObject();
                metric.put("metric", m.metric().id());
                metric.put("direction", m.metric().higherIsBetter() ? "higher_is_better" : "lower_is_better");
                metric.put("unit", unit(m.metric()));
                summary(metric, "baseline", m.baseline());
                summary(metric, "current", m.current());
                if (m.change() == null) {
                    metric.putNull("change");
                } else {
                    metric.put("change", m.change());
                }
                if (m.interval() == null) {
                    metric.putNull("ci");
                } else {
                    ObjectNode ci = metric.putObject("ci");
                    ci.put("low", m.interval().low());
                    ci.put("high", m.interval().high());
                    ci.put("level", report.confidence());
                    ci.put("method", m.interval().method());
                }
                metric.put("tolerance", m.tolerance());
                metric.put("verdict", m.verdict().jsonName());
            }
            ArrayNode budgets = node.putArray("budgets");
            for (GateReport.BudgetResult r : b.budgets()) {
                ObjectNode budget = budgets.addObject();
                budget.put("key", r.key());
                budget.put("metric", r.metric().id());
                budget.put("bound", r.minimum() ? "min" : "max");
                budget.put("limit", r.limit());
                budget.put("unit", unit(r.metric()));
                if (r.actual() == null) {
                    budget.putNull("current");
                } else {
                    budget.put("current", r.actual());
                }
                budget.put("verdict", r.verdict().jsonName());
            }
        }
        ArrayNode notes = root.putArray("notes");
        report.notes().forEach(notes::add);
        ArrayNode problems = root.putArray("problems");
        report.problems().forEach(problems::add);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the gate report as JSON", e);
        }
    }

    private static ObjectNode identity(BenchmarkIdentity identity) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", identity.id());
        node.put("label", identity.label());
        node.put("library", identity.library());
        node.put("task", identity.task());
        node.put("num_envs", identity.numEnvs());
        node.put("device", identity.device());
        node.put("engine", identity.engine());
        node.put("checkpoint_sha256", identity.checkpointSha256());
        node.put("hardware", identity.hardware());
        return node;
    }

    private static void summary(ObjectNode parent, String field, GateReport.Summary summary) {
        if (summary == null) {
            parent.putNull(field);
            return;
        }
        ObjectNode node = parent.putObject(field);
        node.put("n", summary.n());
        node.put("mean", summary.mean());
        node.put("std", summary.std());
    }

    private static String unit(Metric metric) {
        return switch (metric.unit()) {
            case FPS -> "frames/s";
            case SECONDS -> "s";
            case FRACTION -> "1";
            case REWARD -> "return";
        };
    }

    private static String valueWithSpread(Metric metric, GateReport.Summary summary) {
        String value = metric.format(summary.mean());
        if (summary.n() > 1 && summary.mean() != 0) {
            value += String.format(Locale.ROOT, " ±%.1f%%", 100 * summary.std() / Math.abs(summary.mean()));
        }
        return value;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * fraction);
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < columns; c++) {
                boolean left = c == 0 || c == columns - 1;
                String cell = row[c];
                String pad = " ".repeat(widths[c] - cell.length());
                line.append(left ? cell + pad : pad + cell);
                if (c < columns - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
