package io.playbench.reports.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.reports.TestBundles;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTests {

    private static final Gate GATE = new Gate(GateOptions.defaults());

    @Test
    void anUnchangedRunPassesWithEveryMetricOk() {
        GateReport report = GATE.compare(samples(1.0, 1.0, 1.0), "now", samples(1.0, 1.0, 1.0), "before");

        assertThat(report.passed()).isTrue();
        assertThat(report.benchmarks()).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo(GateReport.Status.COMPARED);
            assertThat(b.metrics())
                    .hasSize(Metric.values().length)
                    .allSatisfy(m -> assertThat(m.verdict()).isEqualTo(Verdict.OK));
        });
    }

    @Test
    void aSlowedRunIsARegressionOnThroughputAndLatency() {
        GateReport report = GATE.compare(samples(1.5, 1.5, 1.5), "now", samples(1.0, 1.0, 1.0), "before");

        assertThat(report.passed()).isFalse();
        Map<Metric, GateReport.MetricResult> metrics = byMetric(report);
        assertThat(metrics.get(Metric.EFFECTIVE_FPS).verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(metrics.get(Metric.EFFECTIVE_FPS).change())
                .isCloseTo(-1.0 / 3, org.assertj.core.api.Assertions.within(0.01));
        assertThat(metrics.get(Metric.EFFECTIVE_FPS).interval().high()).isNegative();
        assertThat(metrics.get(Metric.STEP_LATENCY_P50).verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(metrics.get(Metric.INFERENCE_FPS).verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(metrics.get(Metric.SUCCESS_RATE).verdict()).isEqualTo(Verdict.OK);
        assertThat(metrics.get(Metric.REWARD_MEAN).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void aChangeBeyondTheToleranceButInsideTheNoiseOfRepeatedRunsIsNotFlagged() {
        // GIVEN noisy repeated runs whose mean throughput dropped by about 12 % (tolerance 10 %)
        GateReport report = GATE.compare(samples(0.9, 1.15, 1.45), "now", samples(0.8, 1.0, 1.25), "before");

        // THEN the change is within the noise and the gate passes
        GateReport.MetricResult fps = byMetric(report).get(Metric.EFFECTIVE_FPS);
        assertThat(fps.change()).isLessThan(-0.10);
        assertThat(fps.interval().low()).isNegative();
        assertThat(fps.interval().high()).isPositive();
        assertThat(fps.verdict()).isEqualTo(Verdict.NOISE);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void withoutRepeatedRunsTheToleranceAloneDecides() {
        GateReport report = GATE.compare(samples(1.2), "now", samples(1.0), "before");

        GateReport.MetricResult fps = byMetric(report).get(Metric.EFFECTIVE_FPS);
        assertThat(fps.interval()).isNull();
        assertThat(fps.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(report.passed()).isFalse();

        GateReport lenient = new Gate(new GateOptions(
                        Map.of(
                                Metric.EFFECTIVE_FPS,
                                0.25,
                                Metric.COLLECTION_FPS,
                                0.25,
                                Metric.INFERENCE_FPS,
                                0.25,
                                Metric.ENV_FPS,
                                0.25,
                                Metric.STEP_LATENCY_P50,
                                0.25,
                                Metric.INFERENCE_LATENCY_P50,
                                0.25,
                                Metric.ENV_STEP_LATENCY_P50,
                                0.25),
                        0.95))
                .compare(samples(1.2), "now", samples(1.0), "before");
        assertThat(lenient.passed()).isTrue();
    }

    @Test
    void aFasterRunIsAnImprovementAndPasses() {
        GateReport report = GATE.compare(samples(0.5, 0.5), "now", samples(1.0, 1.0), "before");

        assertThat(report.passed()).isTrue();
        assertThat(byMetric(report).get(Metric.EFFECTIVE_FPS).verdict()).isEqualTo(Verdict.IMPROVED);
        assertThat(byMetric(report).get(Metric.STEP_LATENCY_P99).verdict()).isEqualTo(Verdict.IMPROVED);
    }

    @Test
    void budgetsFromExtraAreCheckedEvenForANewBenchmark() {
        List<Sample> current = List.of(new Sample(
                "f",
                TestBundles.bundle(
                        "CartPole-v1",
                        1.0,
                        1,
                        Map.of(
                                "budget.min_total_fps",
                                1e9,
                                "budget.max_step_latency_p99_ms",
                                100,
                                "budget.min_success_rate",
                                "0.5",
                                "budget.speed",
                                3))));

        GateReport report = GATE.compare(current, "now", List.of(), "none");

        assertThat(report.passed()).isFalse();
        assertThat(report.benchmarks()).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo(GateReport.Status.NEW);
            assertThat(b.budgets())
                    .extracting(GateReport.BudgetResult::key, GateReport.BudgetResult::verdict)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("budget.min_total_fps", Verdict.BUDGET_BROKEN),
                            org.assertj.core.groups.Tuple.tuple("budget.max_step_latency_p99_ms", Verdict.OK),
                            org.assertj.core.groups.Tuple.tuple("budget.min_success_rate", Verdict.OK));
        });
        assertThat(report.notes())
                .anyMatch(n -> n.contains("ignored budget.speed"))
                .anyMatch(n -> n.contains("budget(s) read from"));
    }

    @Test
    void benchmarksOnlyInTheBaselineAreListedAsMissingWithoutFailing() {
        List<Sample> baseline = List.of(
                new Sample("r1", TestBundles.bundle("Acrobot-v1", 1.0, 3, null)),
                new Sample("r1", TestBundles.cartPole(1.0)));

        GateReport report = GATE.compare(samples(1.0), "now", baseline, "before");

        assertThat(report.passed()).isTrue();
        assertThat(report.benchmarks())
                .extracting(GateReport.BenchmarkResult::status)
                .containsExactly(GateReport.Status.COMPARED, GateReport.Status.MISSING);
    }

    @Test
    void aBenchmarkMeasuredOnOtherHardwareIsNotComparedAndTheNoteSaysWhy() {
        var bundle = TestBundles.cartPole(1.0);
        var hw = bundle.hardware();
        var otherHardware = new io.playbench.schema.Hardware(
                hw.hostname(), List.of(), "Intel Xeon", 4, null, null, hw.osName(), hw.osArch());
        var moved = new io.playbench.schema.PlayBundle(
                bundle.run(),
                bundle.versions(),
                otherHardware,
                bundle.runtime(),
                bundle.resources(),
                bundle.successRate(),
                bundle.reward(),
                bundle.epLength(),
                bundle.episodes(),
                bundle.checkpointPath(),
                bundle.checkpoint(),
                null,
                null,
                List.of(),
                null,
                bundle.schemaVersion());

        GateReport report = GATE.compare(List.of(new Sample("now", moved)), "now", samples(1.0), "before");

        assertThat(report.passed()).isTrue();
        assertThat(report.benchmarks())
                .extracting(GateReport.BenchmarkResult::status)
                .containsExactly(GateReport.Status.NEW, GateReport.Status.MISSING);
        assertThat(report.notes())
                .anyMatch(n -> n.contains("was not compared")
                        && n.contains("hardware 'AMD EPYC")
                        && n.contains("Intel Xeon x4"));
    }

    static List<Sample> samples(double... scales) {
        return Arrays.stream(scales)
                .mapToObj(s -> new Sample("test", TestBundles.cartPole(s)))
                .toList();
    }

    private static Map<Metric, GateReport.MetricResult> byMetric(GateReport report) {
        return report.benchmarks().getFirst().metrics().stream()
                .collect(java.util.stream.Collectors.toMap(GateReport.MetricResult::metric, m -> m));
    }
}
