package io.playbench.reports.gate;

import io.playbench.reports.history.BenchmarkIdentity;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The regression gate: compares a run with a baseline, benchmark by benchmark and metric by metric.
 *
 * <p>For each metric the change is {@code mean(current) / mean(baseline) - 1}. A change worse than the metric's
 * tolerance is a {@link Verdict#REGRESSION} unless repeated runs (several bundles of the benchmark in the run or in the
 * baseline) give a confidence interval on the change ({@link Statistics}) that still contains 0: such a change is
 * {@link Verdict#NOISE} and does not fail the gate. Without repeated runs the tolerance alone decides. Budgets found in
 * the current bundles' {@code extra} ({@code budget.*}) are checked against the mean of the current values.
 *
 * <p>Only bundles with status {@code completed} or {@code failed} and at least one measured iteration are compared;
 * crashed and interrupted runs are skipped with a note.
 *
 * @since 0.1.0
 */
public final class Gate {

    private final GateOptions options;

    /**
     * A gate with settings.
     *
     * @param options tolerances and confidence level
     */
    public Gate(GateOptions options) {
        this.options = options;
    }

    /**
     * Compares a run with a baseline.
     *
     * @param current the bundles of the run under test
     * @param currentDescription what they were read from, in words
     * @param baseline the baseline's bundles (possibly several runs)
     * @param baselineDescription what the baseline is, in words
     * @return the report
     */
    public GateReport compare(
            List<Sample> current, String currentDescription, List<Sample> baseline, String baselineDescription) {
        List<String> notes = new ArrayList<>();
        Map<BenchmarkIdentity, List<Sample>> now = group(current, "current run", notes);
        Map<BenchmarkIdentity, List<Sample>> before = group(baseline, "baseline", notes);
        List<GateReport.BenchmarkResult> results = new ArrayList<>();
        for (var entry : now.entrySet()) {
            BenchmarkIdentity identity = entry.getKey();
            List<Sample> base = before.getOrDefault(identity, List.of());
            List<PlayBundle> currentBundles =
                    entry.getValue().stream().map(Sample::bundle).toList();
            List<PlayBundle> baseBundles = base.stream().map(Sample::bundle).toList();
            List<GateReport.MetricResult> metrics = new ArrayList<>();
            if (!base.isEmpty()) {
                for (Metric metric : Metric.values()) {
                    metrics.add(compare(metric, values(metric, currentBundles), values(metric, baseBundles)));
                }
            }
            List<GateReport.BudgetResult> budgets = new ArrayList<>();
            for (RecordedBudgets.Budget budget : RecordedBudgets.of(currentBundles, identity.label(), notes)) {
                budgets.add(check(budget, values(budget.metric(), currentBundles)));
            }
            List<String> runs = base.stream().map(Sample::origin).distinct().toList();
            results.add(new GateReport.BenchmarkResult(
                    identity,
                    base.isEmpty() ? GateReport.Status.NEW : GateReport.Status.COMPARED,
                    currentBundles.size(),
                    baseBundles.size(),
                    runs,
                    metrics,
                    budgets));
        }
        for (var entry : before.entrySet()) {
            if (!now.containsKey(entry.getKey())) {
                results.add(new GateReport.BenchmarkResult(
                        entry.getKey(),
                        GateReport.Status.MISSING,
                        0,
                        entry.getValue().size(),
                        entry.getValue().stream().map(Sample::origin).distinct().toList(),
                        List.of(),
                        List.of()));
            }
        }
        for (GateReport.BenchmarkResult fresh : results) {
            if (fresh.status() != GateReport.Status.NEW) {
                continue;
            }
            for (GateReport.BenchmarkResult gone : results) {
                BenchmarkIdentity a = fresh.identity();
                BenchmarkIdentity b = gone.identity();
                if (gone.status() == GateReport.Status.MISSING
                        && a.task().equals(b.task())
                        && a.library().equals(b.library())) {
                    notes.add(a.label() + " was not compared: the baseline measured it with " + differences(b, a)
                            + "; these are part of a benchmark's identity, so compare like with like");
                }
            }
        }
        long budgetCount = results.stream().mapToLong(r -> r.budgets().size()).sum();
        if (budgetCount > 0) {
            notes.add("checked " + budgetCount
                    + " budget(s) read from the bundles' extra (budget.* keys) against the mean of the current run");
        }
        boolean passed = results.stream().noneMatch(GateReport.BenchmarkResult::failed);
        return new GateReport(
                passed, currentDescription, baselineDescription, options.confidence(), results, notes, List.of());
    }

    private static String differences(BenchmarkIdentity baseline, BenchmarkIdentity current) {
        List<String> parts = new ArrayList<>();
        if (baseline.numEnvs() != current.numEnvs()) {
            parts.add("num_envs " + baseline.numEnvs() + " (now " + current.numEnvs() + ")");
        }
        if (!baseline.device().equals(current.device())) {
            parts.add("device " + baseline.device() + " (now " + current.device() + ")");
        }
        if (!baseline.engine().equals(current.engine())) {
            parts.add("engine " + baseline.engine() + " (now " + current.engine() + ")");
        }
        if (!baseline.checkpointSha256().equals(current.checkpointSha256())) {
            parts.add("another checkpoint");
        }
        if (!baseline.hardware().equals(current.hardware())) {
            parts.add("hardware '" + baseline.hardware() + "' (now '" + current.hardware() + "')");
        }
        return String.join(", ", parts);
    }

    private GateReport.MetricResult compare(Metric metric, double[] current, double[] baseline) {
        double tolerance = options.toleranceOf(metric);
        if (current.length == 0 || baseline.length == 0) {
            return new GateReport.MetricResult(
                    metric, summary(current), summary(baseline), null, null, tolerance, Verdict.NO_DATA);
        }
        double meanNow = Statistics.mean(current);
        double meanBefore = Statistics.mean(baseline);
        double change;
        if (Math.abs(meanBefore) < 1e-12) {
            change = Math.abs(meanNow) < 1e-12 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, meanNow - meanBefore);
        } else {
            change = (meanNow - meanBefore) / Math.abs(meanBefore);
        }
        Statistics.Interval interval = Statistics.relativeChangeInterval(current, baseline, options.confidence());
        double better = metric.higherIsBetter() ? change : -change;
        Verdict verdict;
        if (better < -tolerance) {
            boolean beyondNoise =
                    interval == null || (metric.higherIsBetter() ? interval.high() < 0 : interval.low() > 0);
            verdict = beyondNoise ? Verdict.REGRESSION : Verdict.NOISE;
        } else if (better > tolerance) {
            boolean beyondNoise =
                    interval == null || (metric.higherIsBetter() ? interval.low() > 0 : interval.high() < 0);
            verdict = beyondNoise ? Verdict.IMPROVED : Verdict.OK;
        } else {
            verdict = Verdict.OK;
        }
        return new GateReport.MetricResult(
                metric,
                summary(current),
                summary(baseline),
                Double.isFinite(change) ? change : null,
                interval,
                tolerance,
                verdict);
    }

    private static GateReport.BudgetResult check(RecordedBudgets.Budget budget, double[] values) {
        if (values.length == 0) {
            return new GateReport.BudgetResult(
                    budget.key(), budget.metric(), budget.minimum(), budget.limit(), null, Verdict.NO_DATA);
        }
        double actual = Statistics.mean(values);
        boolean holds = budget.minimum() ? actual >= budget.limit() : actual <= budget.limit();
        return new GateReport.BudgetResult(
                budget.key(),
                budget.metric(),
                budget.minimum(),
                budget.limit(),
                actual,
                holds ? Verdict.OK : Verdict.BUDGET_BROKEN);
    }

    private static GateReport.Summary summary(double[] values) {
        return values.length == 0 ? null : GateReport.Summary.of(values);
    }

    private static double[] values(Metric metric, List<PlayBundle> bundles) {
        return bundles.stream()
                .map(metric::valueIn)
                .flatMap(java.util.Optional::stream)
                .mapToDouble(Double::doubleValue)
                .toArray();
    }

    private static Map<BenchmarkIdentity, List<Sample>> group(List<Sample> samples, String side, List<String> notes) {
        Map<BenchmarkIdentity, List<Sample>> groups = new LinkedHashMap<>();
        Map<String, Integer> skipped = new LinkedHashMap<>();
        for (Sample sample : samples) {
            PlayBundle bundle = sample.bundle();
            RunStatus status = bundle.run().status();
            if ((status == RunStatus.COMPLETED || status == RunStatus.FAILED)
                    && bundle.runtime().iterationsCompleted() > 0) {
                groups.computeIfAbsent(BenchmarkIdentity.of(bundle), k -> new ArrayList<>())
                        .add(sample);
            } else {
                skipped.merge(
                        status.id() + (bundle.runtime().iterationsCompleted() == 0 ? ", nothing measured" : ""),
                        1,
                        Integer::sum);
            }
        }
        if (!skipped.isEmpty()) {
            List<String> parts = new ArrayList<>(new LinkedHashSet<>(skipped.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey())
                    .toList()));
            notes.add(String.format(
                    Locale.ROOT,
                    "%s: skipped %s bundle(s) that measured nothing comparable",
                    side,
                    String.join("; ", parts)));
        }
        return groups;
    }
}
