package io.playbench.junit;

import static io.playbench.assertj.PlayBenchAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.CheckpointOrigin;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.RunStatus;
import io.playbench.schema.ScanResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

class PlayBenchmarkExtensionTests {

    static final String HEURISTIC = "classpath:playbench/heuristic/cartpole.heuristic";

    @TempDir
    Path output;

    @Test
    void aCompletedBenchmarkInjectsItsResultAndWritesACompletedBundle() throws IOException {
        EngineExecutionResults results = run(Completed.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        PlayBundle bundle = onlyBundle();
        assertThat(bundle.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(bundle.run().numEnvs()).isEqualTo(4);
        assertThat(bundle.runtime().iterationsCompleted()).isEqualTo(600);
        assertThat(bundle.runtime().warmupIterations()).isEqualTo(10);
        assertThat(bundle.checkpoint().origin()).isEqualTo(CheckpointOrigin.EXPLICIT);
        assertThat(bundle.checkpoint().location()).isEqualTo(HEURISTIC);
        assertThat(bundle.test().className()).isEqualTo(Completed.class.getName());
        assertThat(bundle.test().methodName()).isEqualTo("cartPole");
        assertThat(bundle.test().displayName()).isEqualTo("[1] sb3 · CartPole-v1 · 4 envs");
        assertThat(bundle.test().failure()).isNull();
        assertThat(bundle.versions().junit()).isNotNull();
        assertThat(bundle.episodes().completed()).isPositive();
        assertThat(Completed.seen).isNotNull();
        assertThat(Completed.seen.episodes()).isEqualTo(bundle.episodes());
    }

    static class Completed {
        static PlayResult seen;

        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = 4,
                steps = 600,
                warmupSteps = 10,
                checkpoint = HEURISTIC,
                engine = "reference",
                seed = 3)
        void cartPole(PlayResult result, PlayBundle bundle) {
            seen = result;
            assertThat(result).hasCompletedEpisodesAtLeast(1).hasTotalFpsAtLeast(1);
            assertThat(bundle.run().status()).isEqualTo(RunStatus.COMPLETED);
        }
    }

    @Test
    void aMatrixRunsEveryCombinationWithClearNames() throws IOException {
        EngineExecutionResults results = run(Matrix.class);

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        results.testEvents()
                .succeeded()
                .assertEventsMatchLooselyInOrder(
                        event(displayName("[1] sb3 · CartPole-v1 · 2 envs")),
                        event(displayName("[2] sb3 · CartPole-v1 · 3 envs")),
                        event(displayName("[3] sb3 · " + TestTasks.COUNTED + " · 2 envs")),
                        event(displayName("[4] sb3 · " + TestTasks.COUNTED + " · 3 envs")));
        assertThat(PlayBundles.scan(output).entries()).hasSize(4);
    }

    static class Matrix {
        @PlayBenchmark(
                library = Library.SB3,
                task = {"CartPole-v1", TestTasks.COUNTED},
                numEnvs = {2, 3},
                steps = 20,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference")
        void matrix(PlayResult result) {
            assertThat(result.numEnvs()).isIn(2, 3);
        }
    }

    @Test
    void classLevelDefaultsApplyAndMethodAttributesWin() throws IOException {
        run(ClassDefaults.class)
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));

        List<PlayBundle> bundles = bundles();
        assertThat(bundles).extracting(b -> b.run().numEnvs()).containsExactlyInAnyOrder(5, 2);
        assertThat(bundles)
                .allSatisfy(b -> assertThat(b.runtime().iterationsCompleted()).isEqualTo(30));
        assertThat(bundles).allSatisfy(b -> assertThat(b.run().seed()).isEqualTo(11L));
    }

    @PlayBenchmark(
            library = Library.SB3,
            task = "CartPole-v1",
            numEnvs = 5,
            steps = 30,
            warmupSteps = 2,
            checkpoint = HEURISTIC,
            engine = "reference",
            seed = 11)
    static class ClassDefaults {
        @PlayBenchmark
        void inherits(PlayResult result) {
            assertThat(result.numEnvs()).isEqualTo(5);
        }

        @PlayBenchmark(numEnvs = 2)
        void overrides(PlayResult result) {
            assertThat(result.numEnvs()).isEqualTo(2);
        }
    }

    @Test
    void brokenBudgetsFailWithOneMessageListingEachAndTheBundleSaysFailed() throws IOException {
        EngineExecutionResults results = run(Budgets.class);

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(finishedWithFailure(
                                instanceOf(AssertionFailedError.class),
                                message(m -> m.contains("broke 3 budget(s)")
                                        && m.contains("total FPS")
                                        && m.contains("success rate could not be measured (no episode ended)")
                                        && m.contains("below the budget of 1,000,000,000,000 frames/s")
                                        && m.contains("p99 step latency")
                                        && m.contains("bundle:")))));
        PlayBundle bundle = onlyBundle();
        assertThat(bundle.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(bundle.test().failure()).startsWith("budget: total FPS");
        assertThat(bundle.extra())
                .containsEntry("budget.min_total_fps", 1e12)
                .containsKey("budget.max_p99_step_latency_s");
    }

    static class Budgets {
        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = 2,
                steps = 20,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference",
                minTotalFps = 1e12,
                maxP99StepLatencyMs = 1e-9,
                minSuccessRate = 0.5)
        void tooAmbitious(PlayResult result) {}
    }

    @Test
    void aFailingAssertionInTheBodyGivesAFailedBundle() throws IOException {
        run(FailingAssertion.class).testEvents().assertStatistics(stats -> stats.failed(1));

        PlayBundle bundle = onlyBundle();
        assertThat(bundle.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(bundle.test().failure()).startsWith("AssertionError: Expecting a success rate of at least 1.5");
    }

    static class FailingAssertion {
        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = 2,
                steps = 20,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference")
        void demandsTooMuch(PlayResult result) {
            assertThat(result).hasSuccessRateAtLeast(1.5);
        }
    }

    @Test
    void aCrashInTheEnvironmentStillLeavesACrashedBundle() throws IOException {
        EngineExecutionResults results = run(Crashing.class);

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(finishedWithFailure(
                                instanceOf(IllegalStateException.class),
                                message(m -> m.contains("simulated physics failure")))));
        PlayBundle bundle = onlyBundle();
        assertThat(bundle.run().status()).isEqualTo(RunStatus.CRASHED);
        assertThat(bundle.test().failure()).isEqualTo("IllegalStateException: simulated physics failure at step 30");
        assertThat(bundle.runtime().iterationsCompleted()).isZero();
        assertThat(bundle.checkpoint()).isNotNull();
        assertThat(bundle.warnings()).anySatisfy(w -> assertThat(w).startsWith("crashed:"));
    }

    static class Crashing {
        @PlayBenchmark(
                library = Library.SB3,
                task = TestTasks.EXPLODING,
                numEnvs = 2,
                steps = 100,
                warmupSteps = 5,
                checkpoint = HEURISTIC,
                engine = "reference")
        void explodes(PlayResult result) {}
    }

    @Test
    void anUnresolvableCheckpointCrashesWithEveryPlaceTried() throws IOException {
        EngineExecutionResults results = run(Unresolvable.class);

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(finishedWithFailure(
                                message(m -> m.contains("No checkpoint for rl_games / Acrobot-v1 found")
                                        && m.contains("playbench.checkpoints.root")))));
        PlayBundle bundle = onlyBundle();
        assertThat(bundle.run().status()).isEqualTo(RunStatus.CRASHED);
        assertThat(bundle.checkpoint()).isNull();
        assertThat(bundle.run().numEnvs()).isNull();
    }

    static class Unresolvable {
        @PlayBenchmark(library = Library.RL_GAMES, task = "Acrobot-v1", numEnvs = 2, steps = 10)
        void nothingPublished() {}
    }

    @Test
    void gpuBenchmarksAreDisabledWithAReasonWhereNoGpuIsPresent() {
        EngineExecutionResults results = run(NeedsGpu.class);

        results.testEvents().assertStatistics(stats -> stats.skipped(1).started(0));
        results.testEvents()
                .assertThatEvents()
                .haveExactly(1, event(skippedWithReason(r -> r.contains("needs device gpu:1"))));
    }

    static class NeedsGpu {
        @PlayBenchmark(library = Library.SB3, task = "CartPole-v1", device = "gpu:1", checkpoint = HEURISTIC)
        void onTheGpu(PlayResult result) {}
    }

    @Test
    void environmentsAreSharedBetweenTestsAndClosedOnceAtTheEnd() {
        int created = TestTasks.CREATED.get();
        int closed = TestTasks.CLOSED.get();

        run(Shared.class).testEvents().assertStatistics(stats -> stats.succeeded(3));

        assertThat(TestTasks.CREATED.get() - created)
                .as("one env for the two 3-env tests, one for the 4-env test")
                .isEqualTo(2);
        assertThat(TestTasks.CLOSED.get() - closed).isEqualTo(2);
    }

    static class Shared {
        @PlayBenchmark(
                library = Library.SB3,
                task = TestTasks.COUNTED,
                numEnvs = 3,
                steps = 10,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference")
        void first(PlayResult result) {}

        @PlayBenchmark(
                library = Library.SB3,
                task = TestTasks.COUNTED,
                numEnvs = 3,
                steps = 10,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference")
        void second(PlayResult result) {}

        @PlayBenchmark(
                library = Library.SB3,
                task = TestTasks.COUNTED,
                numEnvs = 4,
                steps = 10,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference")
        void third(PlayResult result) {}
    }

    @Test
    void parallelBenchmarksNeverOverlapOnOneDevice() throws IOException {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("playbench.output.dir", output.toString())
                .configurationParameter("playbench.warmup.min.ms", "0")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .selectors(selectClass(Parallel.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(6));

        List<PlayBundle> bundles = bundles().stream()
                .sorted(Comparator.comparing(
                        b -> Instant.parse(((String) b.extra().get("rollout.start_utc")).replace("+00:00", "Z"))))
                .toList();
        assertThat(bundles).hasSize(6);
        for (int i = 1; i < bundles.size(); i++) {
            Instant previousEnd =
                    Instant.parse(((String) bundles.get(i - 1).extra().get("rollout.end_utc")).replace("+00:00", "Z"));
            Instant start =
                    Instant.parse(((String) bundles.get(i).extra().get("rollout.start_utc")).replace("+00:00", "Z"));
            assertThat(start)
                    .as("rollout %d starts after rollout %d ended", i, i - 1)
                    .isAfterOrEqualTo(previousEnd);
        }
    }

    static class Parallel {
        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = {2, 3, 4},
                steps = 300,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference")
        void a(PlayResult result) {}

        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = {5, 6, 7},
                steps = 300,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference")
        void b(PlayResult result) {}
    }

    @Test
    void aBenchmarkWithoutATaskIsAnErrorThatSaysWhatToWrite() {
        run(NoTask.class)
                .containerEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(finishedWithFailure(
                                message(m -> m.contains("needs a task, e.g. task = \"CartPole-v1\"")))));
    }

    static class NoTask {
        @PlayBenchmark(library = Library.SB3)
        void missingTask() {}
    }

    private EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("playbench.output.dir", output.toString())
                .configurationParameter("playbench.progress.interval.s", "3600")
                .configurationParameter("playbench.warmup.min.ms", "0")
                .selectors(selectClass(testClass))
                .execute();
    }

    private List<PlayBundle> bundles() throws IOException {
        ScanResult scan = PlayBundles.scan(output);
        assertThat(scan.problems()).isEmpty();
        return scan.entries().stream().map(ScanResult.Entry::bundle).toList();
    }

    private PlayBundle onlyBundle() throws IOException {
        List<PlayBundle> all = bundles();
        assertThat(all).hasSize(1);
        return all.getFirst();
    }
}
