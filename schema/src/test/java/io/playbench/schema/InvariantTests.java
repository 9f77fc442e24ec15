package io.playbench.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InvariantTests {

    static Stream<Arguments> violations() {
        PlayBundle ok = SampleBundles.complete();
        RunIdentity run = ok.run();
        return Stream.of(
                violation("peak below mean", () -> new MeanStd(5.0, 1.0, 3.0), "peak must be >= mean", "3.0"),
                violation(
                        "peak within tolerance is fine, below is not",
                        () -> new MeanStd(1.0, 0.0, 1.0 - 1e-5),
                        "peak",
                        "0.99999"),
                violation("NaN mean", () -> new MeanStd(Double.NaN, 0, null), "mean must be a finite number", "NaN"),
                violation(
                        "infinite std",
                        () -> new MeanStd(1, Double.POSITIVE_INFINITY, null),
                        "std must be a finite number",
                        "Infinity"),
                violation("negative std", () -> new MeanStd(1, -0.5, null), "std must be >= 0", "-0.5"),
                violation(
                        "negative duration",
                        () -> new RunIdentity(
                                run.runId(),
                                run.library(),
                                run.config(),
                                run.task(),
                                run.seed(),
                                run.startTimeUtc(),
                                run.endTimeUtc(),
                                -1.0,
                                run.status(),
                                run.numEnvs(),
                                null,
                                "cpu",
                                "tensorflow"),
                        "run.duration_s must be >= 0",
                        "-1.0"),
                violation(
                        "timestamp with Z",
                        () -> new RunIdentity(
                                run.runId(),
                                run.library(),
                                run.config(),
                                run.task(),
                                run.seed(),
                                "2026-06-16T12:00:02Z",
                                run.endTimeUtc(),
                                1.0,
                                run.status(),
                                run.numEnvs(),
                                null,
                                "cpu",
                                "tensorflow"),
                        "run.start_time_utc must be a UTC timestamp",
                        "2026-06-16T12:00:02Z"),
                violation(
                        "zero envs",
                        () -> new RunIdentity(
                                run.runId(),
                                run.library(),
                                run.config(),
                                run.task(),
                                run.seed(),
                                run.startTimeUtc(),
                                run.endTimeUtc(),
                                1.0,
                                run.status(),
                                0,
                                null,
                                "cpu",
                                "tensorflow"),
                        "run.num_envs must be >= 1",
                        "0"),
                violation(
                        "bad device",
                        () -> new RunIdentity(
                                run.runId(),
                                run.library(),
                                run.config(),
                                run.task(),
                                run.seed(),
                                run.startTimeUtc(),
                                run.endTimeUtc(),
                                1.0,
                                run.status(),
                                16,
                                null,
                                "cuda0",
                                "tensorflow"),
                        "run.device must be 'cpu' or 'gpu:N'",
                        "cuda0"),
                violation(
                        "success rate above 1",
                        () -> withSuccessRate(ok, 1.5),
                        "success_rate must be within [0, 1]",
                        "1.5"),
                violation(
                        "success rate negative",
                        () -> withSuccessRate(ok, -0.1),
                        "success_rate must be within [0, 1]",
                        "-0.1"),
                violation(
                        "success rate inconsistent with counts",
                        () -> withSuccessRate(ok, 0.5),
                        "success_rate must be episodes.successes / episodes.completed",
                        "0.5"),
                violation(
                        "episode counts do not add up",
                        () -> new EpisodeCounts(5, 1, 3, null),
                        "episodes.completed must equal terminated + truncated",
                        "5"),
                violation(
                        "more successes than episodes",
                        () -> new EpisodeCounts(4, 1, 3, 5L),
                        "episodes.successes must be within",
                        "5"),
                violation(
                        "unordered percentiles",
                        () -> new LatencyStats(0.002, 0.0, 0.001, 0.003, 0.002, 0.004, 0.005),
                        "percentiles must be ordered",
                        "p50=0.003"),
                violation(
                        "negative latency",
                        () -> new LatencyStats(0.002, 0.0, -0.001, 0.002, 0.002, 0.002, 0.002),
                        "min must be >= 0",
                        "-0.001"),
                violation(
                        "frames inconsistent",
                        () -> new PlayRuntime(
                                ok.runtime().startupTimeS(),
                                MeasurementMode.HOST_RETURN,
                                0,
                                4,
                                1.0,
                                16,
                                60,
                                60.0,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        "runtime.frames must equal",
                        "60"),
                violation(
                        "negative wall time",
                        () -> new PlayRuntime(
                                ok.runtime().startupTimeS(),
                                MeasurementMode.HOST_RETURN,
                                0,
                                4,
                                -1.0,
                                16,
                                64,
                                60.0,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        "runtime.total_wall_time_s must be >= 0",
                        "-1.0"),
                violation(
                        "negative startup",
                        () -> new StartupTime(-0.1, null, null, null),
                        "runtime.startup_time_s.app_launch must be >= 0",
                        "-0.1"),
                violation(
                        "bad sha256",
                        () -> new CheckpointInfo(CheckpointOrigin.EXPLICIT, "model.zip", "ABC", 1),
                        "checkpoint.sha256 must be 64 lower-case hex digits",
                        "ABC"),
                violation(
                        "reward without completed episodes",
                        () -> new PlayBundle(
                                ok.run(),
                                ok.versions(),
                                ok.hardware(),
                                ok.runtime(),
                                ok.resources(),
                                null,
                                ok.reward(),
                                null,
                                EpisodeCounts.none(),
                                null,
                                null,
                                null,
                                null,
                                List.of(),
                                null,
                                PlayBundle.SCHEMA_VERSION),
                        "must be null when no episode completed",
                        "428.0"),
                violation(
                        "non-finite extra value",
                        () -> new PlayBundle(
                                ok.run(),
                                ok.versions(),
                                ok.hardware(),
                                ok.runtime(),
                                ok.resources(),
                                ok.successRate(),
                                ok.reward(),
                                ok.epLength(),
                                ok.episodes(),
                                ok.checkpointPath(),
                                ok.checkpoint(),
                                null,
                                null,
                                List.of(),
                                Map.of("x", Double.NaN),
                                PlayBundle.SCHEMA_VERSION),
                        "extra.x must be a finite number",
                        "NaN"),
                violation(
                        "extra object value",
                        () -> new PlayBundle(
                                ok.run(),
                                ok.versions(),
                                ok.hardware(),
                                ok.runtime(),
                                ok.resources(),
                                ok.successRate(),
                                ok.reward(),
                                ok.epLength(),
                                ok.episodes(),
                                ok.checkpointPath(),
                                ok.checkpoint(),
                                null,
                                null,
                                List.of(),
                                Map.of("x", List.of(1)),
                                PlayBundle.SCHEMA_VERSION),
                        "extra.x must be a number, string, boolean or null",
                        "List"),
                violation(
                        "wrong schema version",
                        () -> new PlayBundle(
                                ok.run(),
                                ok.versions(),
                                ok.hardware(),
                                ok.runtime(),
                                ok.resources(),
                                ok.successRate(),
                                ok.reward(),
                                ok.epLength(),
                                ok.episodes(),
                                ok.checkpointPath(),
                                ok.checkpoint(),
                                null,
                                null,
                                List.of(),
                                null,
                                "1.0"),
                        "schema_version must be 'playbench-1.0'",
                        "'1.0'"),
                violation(
                        "steps per iteration differ from num_envs",
                        () -> new PlayBundle(
                                ok.run().withStatus(RunStatus.COMPLETED),
                                ok.versions(),
                                ok.hardware(),
                                PlayRuntime.fromIterations(
                                        ok.runtime().startupTimeS(),
                                        MeasurementMode.HOST_RETURN,
                                        0,
                                        8,
                                        new double[] {0.1},
                                        new double[] {0.05},
                                        new double[] {0.05}),
                                ok.resources(),
                                ok.successRate(),
                                ok.reward(),
                                ok.epLength(),
                                ok.episodes(),
                                ok.checkpointPath(),
                                ok.checkpoint(),
                                null,
                                null,
                                List.of(),
                                null,
                                PlayBundle.SCHEMA_VERSION),
                        "runtime.steps_per_iteration must equal run.num_envs = 16",
                        "8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void eachViolatedInvariantGivesAMessageNamingFieldAndValue(
            String name, ThrowingCallable construction, String field, String value) {
        assertThatThrownBy(construction)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field)
                .hasMessageContaining(value);
    }

    @Test
    void peakWithinTheAnchorsToleranceIsAccepted() {
        assertThat(new MeanStd(1.0, 0.0, 1.0 - 5e-7).peak()).isEqualTo(1.0 - 5e-7);
    }

    @Test
    void aggregatesMatchIsaacLabsFormulas() {
        MeanStd m = MeanStd.of(1, 2, 3, 4);

        assertThat(m.mean()).isEqualTo(2.5);
        assertThat(m.std()).isEqualTo(Math.sqrt(5.0 / 3.0));
        assertThat(m.peak()).isEqualTo(4.0);
        assertThat(MeanStd.of(7).std()).isZero();
        assertThatThrownBy(MeanStd::of).hasMessageContaining("must not be empty");
    }

    @Test
    void percentilesUseTheNearestRank() {
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = (100 - i) / 1000.0;
        }
        LatencyStats stats = LatencyStats.of(samples);

        assertThat(stats.min()).isEqualTo(0.001);
        assertThat(stats.p50()).isEqualTo(0.050);
        assertThat(stats.p90()).isEqualTo(0.090);
        assertThat(stats.p99()).isEqualTo(0.099);
        assertThat(stats.max()).isEqualTo(0.100);
    }

    @Test
    void effectiveRateIsFramesOverTimeAndNeverAboveTheMeanOfRates() {
        PlayRuntime runtime = PlayRuntime.fromIterations(
                new StartupTime(null, null, null, 0.05),
                MeasurementMode.HOST_RETURN,
                5,
                16,
                new double[] {0.001, 0.003},
                new double[] {0.0005, 0.002},
                new double[] {0.0005, 0.001});

        assertThat(runtime.effectiveFps()).isCloseTo(32 / 0.004, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(runtime.collectionFps().mean())
                .isCloseTo((16000 + 16 / 0.003) / 2, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(runtime.collectionFps().mean()).isGreaterThan(runtime.effectiveFps());
        assertThat(runtime.inferenceFps()).isCloseTo(32 / 0.0025, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(runtime.envFps()).isCloseTo(32 / 0.0015, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(runtime.frames()).isEqualTo(32);
    }

    @Test
    void successRateRoundsToFourDecimalsHalfEven() {
        assertThat(PlayBundle.successRate(2, 3)).isEqualTo(0.6667);
        assertThat(PlayBundle.successRate(1, 8)).isEqualTo(0.125);
        assertThat(PlayBundle.successRate(0, 5)).isZero();
    }

    @Test
    void timestampsUseIsaacLabsFormat() {
        Instant instant = Instant.parse("2026-01-02T03:04:05.123456789Z");

        assertThat(Timestamps.format(instant)).isEqualTo("2026-01-02T03:04:05.123456+00:00");
        assertThat(Timestamps.parse("t", "2026-01-02T03:04:05.123456+00:00"))
                .isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
    }

    private static PlayBundle withSuccessRate(PlayBundle ok, double rate) {
        return new PlayBundle(
                ok.run(),
                ok.versions(),
                ok.hardware(),
                ok.runtime(),
                ok.resources(),
                rate,
                ok.reward(),
                ok.epLength(),
                ok.episodes(),
                ok.checkpointPath(),
                ok.checkpoint(),
                ok.videoPath(),
                ok.test(),
                ok.warnings(),
                ok.extra(),
                ok.schemaVersion());
    }

    private static Arguments violation(String name, ThrowingCallable construction, String field, String value) {
        return Arguments.of(name, construction, field, value);
    }
}
