package io.playbench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.playbench.library.Library;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.RunStatus;
import io.playbench.schema.ScanResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class VideoExtensionTests {

    static final String HEURISTIC = PlayBenchmarkExtensionTests.HEURISTIC;

    @TempDir
    Path output;

    @Test
    void aVideoIsWrittenBesideTheBundleAfterTheRolloutAndTheTimedFiguresAreTheSameWithout() throws IOException {
        run(OnAndOff.class, Map.of())
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));

        PlayBundle on = bundle("withVideo");
        PlayBundle off = bundle("withoutVideo");
        // the video is recorded after the measured rollout: same iterations, same episodes
        assertThat(on.runtime().iterationsCompleted())
                .isEqualTo(off.runtime().iterationsCompleted())
                .isEqualTo(400);
        assertThat(on.runtime().warmupIterations())
                .isEqualTo(off.runtime().warmupIterations())
                .isEqualTo(5);
        assertThat(on.episodes()).isEqualTo(off.episodes());
        assertThat(on.reward()).isEqualTo(off.reward());
        assertThat(on.epLength()).isEqualTo(off.epLength());

        assertThat(off.videoPath()).isNull();
        assertThat(on.videoPath()).isNotNull().endsWith(".gif");
        Path gif = output.resolve(on.videoPath());
        assertThat(gif).exists();
        Path json = bundleFile("withVideo");
        assertThat(gif.getFileName().toString().replace(".gif", ".json"))
                .isEqualTo(json.getFileName().toString());
        assertThat(Files.readAllBytes(gif)).startsWith("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(((Number) on.extra().get("video.frames")).intValue()).isPositive();
        assertThat(((Number) on.extra().get("video.bytes")).longValue()).isEqualTo(Files.size(gif));
        assertThat(on.extra().get("video.seed")).isIn(3, 3L);
        // recorded after the rollout had ended and its runtime was computed
        Instant rolloutEnd = Instant.parse(((String) on.extra().get("rollout.end_utc")).replace("+00:00", "Z"));
        assertThat(Files.getLastModifiedTime(gif).toInstant()).isAfterOrEqualTo(rolloutEnd.minusMillis(1));
        Instant runEnd = io.playbench.schema.Timestamps.parse(
                "run.end_time_utc", on.run().endTimeUtc());
        assertThat(Files.getLastModifiedTime(gif).toInstant())
                .as("the video is written after the run's end time")
                .isAfterOrEqualTo(runEnd.minusMillis(1));
        assertThat(on.warnings()).noneMatch(w -> w.startsWith("video"));
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.filter(p -> p.toString().endsWith(".gif")).count()).isEqualTo(1);
        }
    }

    static class OnAndOff {
        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = 3,
                steps = 400,
                warmupSteps = 5,
                checkpoint = HEURISTIC,
                engine = "reference",
                seed = 3,
                video = PlayBenchmark.Video.ON)
        void withVideo(PlayResult result) {}

        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = 3,
                steps = 400,
                warmupSteps = 5,
                checkpoint = HEURISTIC,
                engine = "reference",
                seed = 3)
        void withoutVideo(PlayResult result) {}
    }

    @Test
    void oneRunWidePropertyTurnsVideosOnAndTheAnnotationWins() throws IOException {
        run(RunWide.class, Map.of("playbench.video", "true"))
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));

        assertThat(bundle("inherits").videoPath()).isNotNull();
        assertThat(output.resolve(bundle("inherits").videoPath())).exists();
        assertThat(bundle("optsOut").videoPath()).isNull();
    }

    static class RunWide {
        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = 2,
                steps = 50,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference")
        void inherits(PlayResult result) {}

        @PlayBenchmark(
                library = Library.SB3,
                task = "CartPole-v1",
                numEnvs = 2,
                steps = 50,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference",
                video = PlayBenchmark.Video.OFF)
        void optsOut(PlayResult result) {}
    }

    @Test
    void videosAreOffByDefault() throws IOException {
        run(RunWide.class, Map.of())
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(bundle("inherits").videoPath()).isNull();
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.filter(p -> p.toString().endsWith(".gif"))).isEmpty();
        }
    }

    @Test
    void aFailingRendererLeavesAWarningAndDoesNotFailTheBenchmark() throws IOException {
        run(BadRenderer.class, Map.of())
                .testEvents()
                .assertStatistics(stats -> stats.started(1).succeeded(1));

        PlayBundle b = bundle("counted");
        assertThat(b.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(b.videoPath()).isNull();
        assertThat(b.warnings())
                .anyMatch(w -> w.startsWith("video: not recorded") && w.contains("renderer exploded on purpose"));
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.filter(p -> !p.toString().endsWith(".json"))).isEmpty();
        }
    }

    @Test
    void aFailingRendererFailsTheTestOnlyWhenVideosAreRequired() throws IOException {
        EngineExecutionResults results = run(BadRenderer.class, Map.of("playbench.video.required", "true"));

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(finishedWithFailure(message(m -> m.contains("video (playbench.video.required=true)")
                                && m.contains("renderer exploded on purpose")))));
        PlayBundle b = bundle("counted");
        assertThat(b.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(b.test().failure()).contains("video");
    }

    static class BadRenderer {
        @PlayBenchmark(
                library = Library.SB3,
                task = TestTasks.COUNTED,
                numEnvs = 2,
                steps = 30,
                warmupSteps = 1,
                checkpoint = HEURISTIC,
                engine = "reference",
                video = PlayBenchmark.Video.ON)
        void counted(PlayResult result) {}
    }

    @Test
    void badVideoSettingsSayWhatToWrite() {
        run(RunWide.class, Map.of("playbench.video.fps", "500"))
                .containerEvents()
                .assertThatEvents()
                .haveAtLeastOne(
                        event(finishedWithFailure(message(m -> m.contains("playbench.video") && m.contains("fps")))));
    }

    private EngineExecutionResults run(Class<?> testClass, Map<String, String> extra) {
        var kit = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("playbench.output.dir", output.toString())
                .configurationParameter("playbench.progress.interval.s", "3600")
                .configurationParameter("playbench.warmup.min.ms", "0");
        for (var e : extra.entrySet()) {
            kit = kit.configurationParameter(e.getKey(), e.getValue());
        }
        return kit.selectors(selectClass(testClass)).execute();
    }

    private PlayBundle bundle(String method) throws IOException {
        ScanResult scan = PlayBundles.scan(output);
        assertThat(scan.problems()).isEmpty();
        List<PlayBundle> found = scan.entries().stream()
                .map(ScanResult.Entry::bundle)
                .filter(b -> b.test().methodName().equals(method))
                .toList();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private Path bundleFile(String method) throws IOException {
        return PlayBundles.scan(output).entries().stream()
                .filter(e -> e.bundle().test().methodName().equals(method))
                .findFirst()
                .orElseThrow()
                .file();
    }
}
