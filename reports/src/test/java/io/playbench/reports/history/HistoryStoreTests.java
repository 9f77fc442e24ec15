package io.playbench.reports.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbench.reports.TestBundles;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.ScanResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTests {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path temp;

    @Test
    void importsSeveralShardDirectoriesAsOneRunAndReadsThemBack() throws Exception {
        // GIVEN two shards of one CI run, one with a second task
        Path shard1 = TestBundles.writeRun(temp.resolve("shard-1"), 1.0, 1.0);
        Path shard2 = temp.resolve("shard-2");
        PlayBundles.write(shard2, TestBundles.bundle("Acrobot-v1", 1.0, 7, null));
        HistoryStore store = HistoryStore.open(temp.resolve("history"));

        // WHEN they are imported together
        ImportResult result = store.importRun("ci-100", List.of("nightly"), List.of(shard1, shard2), T0);

        // THEN one run holds three bundles of two benchmarks
        assertThat(result.imported()).isEqualTo(3);
        assertThat(result.identities()).isEqualTo(2);
        assertThat(result.problems()).isEmpty();
        HistoryContents contents = store.read();
        assertThat(contents.problems()).isEmpty();
        assertThat(contents.runs()).singleElement().satisfies(run -> {
            assertThat(run.runId()).isEqualTo("ci-100");
            assertThat(run.bundles()).isEqualTo(3);
            assertThat(run.identities()).hasSize(2);
            assertThat(run.tags()).containsExactly("nightly");
            assertThat(run.recordedAt()).isEqualTo(T0);
        });
        assertThat(contents.records())
                .extracting(r -> r.bundle().run().task())
                .containsExactlyInAnyOrder("CartPole-v1", "CartPole-v1", "Acrobot-v1");
        List<io.playbench.schema.PlayBundle> scanned = new ArrayList<>();
        for (Path shard : List.of(shard1, shard2)) {
            PlayBundles.scan(shard).entries().forEach(e -> scanned.add(e.bundle()));
        }
        assertThat(contents.records()).extracting(HistoryRecord::bundle).containsExactlyInAnyOrderElementsOf(scanned);
        try (var files = Files.list(temp.resolve("history/benchmarks"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .allMatch(name ->
                            name.matches("(CartPole-v1|Acrobot-v1)_sb3_16envs_cpu_tensorflow_[0-9a-f]{12}\\.jsonl"));
        }

        // AND importing the same bundles again adds nothing
        ImportResult again = store.importRun(null, List.of(), List.of(shard1, shard2), T0.plusSeconds(60));
        assertThat(again.imported()).isZero();
        assertThat(again.duplicates()).isEqualTo(3);
        assertThat(store.read().records()).hasSize(3);
    }

    @Test
    void importReportsUnreadableBundleFilesAndRefusesMissingDirectories() throws Exception {
        Path run = TestBundles.writeRun(temp.resolve("run"), 1.0);
        Files.writeString(run.resolve("play_broken.json"), "{\"run\": ");
        HistoryStore store = HistoryStore.open(temp.resolve("history"));

        ImportResult result = store.importRun("r1", List.of(), List.of(run), T0);

        assertThat(result.imported()).isEqualTo(1);
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.file().getFileName()).hasToString("play_broken.json"));
        assertThatThrownBy(() -> store.importRun("r2", List.of(), List.of(temp.resolve("absent")), T0))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent");
        assertThatThrownBy(() -> store.importRun("bad id!", List.of(), List.of(run), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run id");
    }

    @Test
    void skipsAndReportsPartialAndInvalidLinesAndRepairsAnUnfinishedLastLine() throws Exception {
        // GIVEN a history with two records, then garbage, a record without a bundle, and a line cut short by a crash
        HistoryStore store = HistoryStore.open(temp.resolve("history"));
        store.importRun("r1", List.of(), List.of(TestBundles.writeRun(temp.resolve("a"), 1.0, 1.0)), T0);
        Path file;
        try (var files = Files.list(temp.resolve("history/benchmarks"))) {
            file = files.findFirst().orElseThrow();
        }
        String firstLine = Files.readAllLines(file).getFirst();
        Files.writeString(
                file,
                "not json at all\n{\"history_run\":\"r0\",\"recorded_at\":\"2026-11-25T09:00:00Z\"}\n"
                        + firstLine.substring(0, firstLine.length() / 2),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        // WHEN it is read
        HistoryContents contents = store.read();

        // THEN the two good records come back and each bad line is reported with its number
        assertThat(contents.records()).hasSize(2);
        assertThat(contents.problems()).extracting(HistoryProblem::line).containsExactly(3L, 4L, 5L);
        assertThat(contents.problems().get(0).reason()).startsWith("not a history record");
        assertThat(contents.problems().get(1).reason()).contains("no 'bundle' object");
        assertThat(contents.problems().get(2).reason()).contains("incomplete last line");

        // AND the next append starts on a fresh line, so the new record is intact
        store.importRun("r2", List.of(), List.of(TestBundles.writeRun(temp.resolve("b"), 1.0)), T0.plusSeconds(1));
        HistoryContents after = store.read();
        assertThat(after.records()).hasSize(3);
        assertThat(after.runs()).extracting(HistoryRun::runId).containsExactly("r1", "r2");
        assertThat(after.problems()).hasSize(3);
    }

    @Test
    void threadsAndTwoOtherProcessesAppendConcurrentlyWithoutLosingOrTearingALine() throws Exception {
        Path history = temp.resolve("history");
        HistoryStore store = HistoryStore.open(history);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            processes.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            ConcurrentAppender.class.getName(),
                            history.toString(),
                            "process-" + p,
                            "15",
                            String.valueOf(1_000_000 + p * 1000L))
                    .redirectErrorStream(true)
                    .redirectOutput(temp.resolve("process-" + p + ".log").toFile())
                    .start());
        }
        AtomicLong seeds = new AtomicLong(2_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String runId = "thread-" + t;
            threads.add(pool.submit(() -> {
                int appended = 0;
                while (appended < 10 || (appended < 20 && processes.stream().anyMatch(Process::isAlive))) {
                    var bundle = TestBundles.bundle("CartPole-v1", 1.0, seeds.incrementAndGet(), null);
                    store.append(
                            runId,
                            List.of(),
                            List.of(new ScanResult.Entry(Path.of(runId), bundle)),
                            List.of(),
                            Instant.now());
                    appended++;
                }
                return appended;
            }));
        }
        int threadTotal = 0;
        for (Future<Integer> f : threads) {
            threadTotal += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (Process process : processes) {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            System.out.print(Files.readString(temp.resolve("process-" + processes.indexOf(process) + ".log")));
            assertThat(process.exitValue())
                    .as(Files.readString(temp.resolve("process-" + processes.indexOf(process) + ".log")))
                    .isZero();
        }

        long readStart = System.nanoTime();
        HistoryContents contents = store.read();
        System.out.printf(
                "concurrency: %d thread appends + 30 process appends; reading %d records took %.0f ms%n",
                threadTotal, contents.records().size(), (System.nanoTime() - readStart) / 1e6);
        assertThat(contents.problems()).isEmpty();
        assertThat(contents.records()).hasSize(threadTotal + 30);
        assertThat(contents.runs())
                .extracting(HistoryRun::runId)
                .containsExactlyInAnyOrder(
                        "thread-0",
                        "thread-1",
                        "thread-2",
                        "thread-3",
                        "thread-4",
                        "thread-5",
                        "process-0",
                        "process-1");
        assertThat(contents.run("process-1").orElseThrow().bundles()).isEqualTo(15);
        assertThat(Files.readAllLines(history.resolve(HistoryStore.RUNS_FILE))).hasSize(threadTotal + 30);
    }

    @Test
    void retentionKeepsTheNewestRunsAndTaggedOnesAndDropsOldOnes() throws Exception {
        HistoryStore store = HistoryStore.open(temp.resolve("history"));
        for (int i = 1; i <= 5; i++) {
            store.importRun(
                    "r" + i,
                    i == 2 ? List.of("release-1") : List.of(),
                    List.of(TestBundles.writeRun(temp.resolve("run" + i), 1.0, 1.0)),
                    T0.plus(Duration.ofDays(i)));
        }

        PruneResult kept2 = store.prune(2, null, false, T0.plus(Duration.ofDays(6)));

        assertThat(kept2.removedRuns()).containsExactly("r1", "r3");
        assertThat(kept2.removedRecords()).isEqualTo(4);
        assertThat(kept2.keptRuns()).isEqualTo(3);
        assertThat(store.read().runs()).extracting(HistoryRun::runId).containsExactly("r2", "r4", "r5");
        assertThat(store.read().newestTagged("release-1"))
                .map(HistoryRun::runId)
                .hasValue("r2");

        PruneResult byAge = store.prune(
                null, Duration.ofDays(1), true, T0.plus(Duration.ofDays(5)).plusSeconds(3600));

        assertThat(byAge.removedRuns()).containsExactly("r2", "r4");
        assertThat(store.read().runs()).extracting(HistoryRun::runId).containsExactly("r5");
        assertThat(store.read().records()).hasSize(2);
        assertThat(store.read().problems()).isEmpty();
    }

    @Test
    void aMissingHistoryReadsAsEmpty() throws Exception {
        HistoryContents contents =
                HistoryStore.open(temp.resolve("nothing-here")).read();
        assertThat(contents.records()).isEmpty();
        assertThat(contents.runs()).isEmpty();
        assertThat(contents.problems()).isEmpty();
    }
}
