package io.playbench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.ScanResult;
import io.playbench.schema.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code device = "gpu:*"} and {@code gpu:N} on hosts with several GPUs, simulated with {@code playbench.testing.gpus}
 * (the rollouts run on the CPU under the simulated devices' locks).
 */
class MultiGpuTests {

    static final String HEURISTIC = PlayBenchmarkExtensionTests.HEURISTIC;

    @TempDir
    Path output;

    @Test
    void gpuStarAssignsInvocationIRoundRobinToGpuIModN() throws IOException {
        EngineExecutionResults results = run(Spread.class, 2, false);

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        results.testEvents()
                .succeeded()
                .assertEventsMatchLooselyInOrder(
                        event(displayName("[1] sb3 · CartPole-v1 · 2 envs · gpu:0 · #1")),
                        event(displayName("[2] sb3 · CartPole-v1 · 2 envs · gpu:1 · #2")),
                        event(displayName("[3] sb3 · CartPole-v1 · 3 envs · gpu:0 · #1")),
                        event(displayName("[4] sb3 · CartPole-v1 · 3 envs · gpu:1 · #2")));
        List<PlayBundle> bundles = bundles();
        assertThat(bundles).hasSize(4);
        for (PlayBundle b : bundles) {
            String expected = b.test().displayName().contains("#1") ? "gpu:0" : "gpu:1";
            assertThat(b.run().device()).as(b.test().displayName()).isEqualTo(expected);
            assertThat(b.run().deviceName())
                    .isEqualTo("Simulated GPU " + b.run().deviceIndex());
            assertThat(b.hardware().gpuDevices()).hasSize(2);
            assertThat(b.warnings()).anyMatch(w -> w.contains("is simulated"));
        }
        assertThat(bundles.stream().map(b -> b.run().sessionId()).distinct())
                .as("one session id for the whole run")
                .hasSize(1)
                .doesNotContainNull();
    }

    static class Spread {
        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = {2, 3},
                repeat = 2,
                steps = 50,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference",
                device = "gpu:*")
        void spread(PlayResult result) {}
    }

    @Test
    void inParallelEveryGpuIsUsedAndNoTwoRolloutsOverlapOnOneGpu() throws IOException {
        EngineExecutionResults results = run(Parallel.class, 2, true);

        results.testEvents().assertStatistics(stats -> stats.succeeded(8));
        Map<String, List<PlayBundle>> byDevice =
                bundles().stream().collect(Collectors.groupingBy(b -> b.run().device()));
        assertThat(byDevice).containsOnlyKeys("gpu:0", "gpu:1");
        byDevice.values().forEach(list -> {
            assertThat(list).hasSize(4);
            assertNoOverlap(list);
        });
    }

    static class Parallel {
        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = {2, 3, 4, 5},
                repeat = 2,
                steps = 400,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference",
                device = "gpu:*")
        void matrix(PlayResult result) {}
    }

    @Test
    void withOneGpuTheMatrixRunsSeriallyOnGpu0() throws IOException {
        EngineExecutionResults results = run(Parallel.class, 1, true);

        results.testEvents().assertStatistics(stats -> stats.succeeded(8));
        List<PlayBundle> bundles = bundles();
        assertThat(bundles).extracting(b -> b.run().device()).containsOnly("gpu:0");
        assertNoOverlap(bundles);
    }

    @Test
    void withoutAGpuGpuStarIsDisabledWithTheReason() {
        EngineExecutionResults results = run(Spread.class, 0, false);

        results.testEvents().assertStatistics(stats -> stats.skipped(4).started(0));
        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        4,
                        event(skippedWithReason(
                                r -> r.contains("needs device gpu:*") && r.contains("no GPU is present"))));
    }

    @Test
    void withoutAGpuTheRealHostDisablesGpuStarWithTheDriversReason() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("playbench.output.dir", output.toString())
                .selectors(selectClass(Spread.class))
                .execute();

        if (io.playbench.rollout.DefaultComponents.gpuCount() == 0) {
            results.testEvents()
                    .assertThatEvents()
                    .haveExactly(
                            4, event(skippedWithReason(r -> r.contains("needs device gpu:*") && r.contains("CUDA:"))));
        }
    }

    @Test
    void aGpuIndexBeyondTheHostsGpusIsAnErrorNamingTheGpusFound() {
        EngineExecutionResults results = run(BeyondTheHost.class, 2, false);

        results.containerEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(finishedWithFailure(message(m -> m.contains(
                                "device gpu:5 does not exist: this host has 2 GPUs (gpu:0 Simulated GPU 0, gpu:1 Simulated GPU 1); use gpu:0 to gpu:1, "
                                        + "or gpu:* to spread")))));
    }

    static class BeyondTheHost {
        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = 2,
                steps = 10,
                checkpoint = HEURISTIC,
                engine = "reference",
                device = "gpu:5")
        void tooFar(PlayResult result) {}
    }

    @Test
    void theSessionIdCanBeSetForTheRun() throws IOException {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("playbench.output.dir", output.toString())
                .configurationParameter("playbench.warmup.min.ms", "0")
                .configurationParameter("playbench.session.id", "nightly-42")
                .configurationParameter(PlaybenchSettings.SIMULATED_GPUS, "2")
                .selectors(selectClass(Spread.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(4));

        assertThat(bundles()).extracting(b -> b.run().sessionId()).containsOnly("nightly-42");
    }

    private static void assertNoOverlap(List<PlayBundle> onOneDevice) {
        List<PlayBundle> sorted = onOneDevice.stream()
                .sorted(Comparator.comparing(b -> instant(b, "rollout.start_utc")))
                .toList();
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(instant(sorted.get(i), "rollout.start_utc"))
                    .as(
                            "%s starts after %s ended",
                            sorted.get(i).test().displayName(),
                            sorted.get(i - 1).test().displayName())
                    .isAfterOrEqualTo(instant(sorted.get(i - 1), "rollout.end_utc"));
        }
    }

    private static Instant instant(PlayBundle b, String key) {
        return Timestamps.parse(key, (String) b.extra().get(key));
    }

    private EngineExecutionResults run(Class<?> testClass, int gpus, boolean parallel) {
        var kit = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("playbench.output.dir", output.toString())
                .configurationParameter("playbench.progress.interval.s", "3600")
                .configurationParameter("playbench.warmup.min.ms", "0")
                .configurationParameter(PlaybenchSettings.SIMULATED_GPUS, Integer.toString(gpus));
        if (parallel) {
            kit = kit.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2");
        }
        return kit.selectors(selectClass(testClass)).execute();
    }

    private List<PlayBundle> bundles() throws IOException {
        ScanResult scan = PlayBundles.scan(output);
        assertThat(scan.problems()).isEmpty();
        return scan.entries().stream().map(ScanResult.Entry::bundle).toList();
    }
}
