package io.playbench.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One play benchmark run: the document PlayBench writes per test, as JSON with the keys of this record in snake_case
 * and in this order, {@code schema_version} last.
 *
 * <p>It keeps the blocks and meanings of Isaac Lab's {@code PlayBundle} (schema 1.0) and adds what that schema lacks:
 * episode counts, checkpoint provenance, the test's identity, warnings. The JSON Schema shipped beside this class
 * ({@link PlayBundles#SCHEMA_RESOURCE}) describes every field with its unit. Invariants are checked at construction,
 * so an instance is always a valid bundle.
 *
 * @param run who, what and when
 * @param versions software versions
 * @param hardware the host
 * @param runtime timing and throughput
 * @param resources sampled resource use
 * @param successRate successes / completed episodes in [0, 1], {@code null} when none completed or the task has no success
 * @param reward episode return over completed episodes, {@code null} when none completed
 * @param epLength episode length [env steps] over completed episodes, {@code null} when none completed
 * @param episodes how many episodes ended
 * @param checkpointPath the local checkpoint file rolled out, {@code null} if none was resolved
 * @param checkpoint provenance of the checkpoint, {@code null} if none was resolved
 * @param videoPath a recorded rollout video, or {@code null}
 * @param test the JUnit test, {@code null} from the command line
 * @param warnings warnings in the order raised
 * @param extra free-form values (numbers, strings, booleans) outside the stable contract, or {@code null}
 * @param schemaVersion always {@link #SCHEMA_VERSION}
 */
public record PlayBundle(
        RunIdentity run,
        Versions versions,
        Hardware hardware,
        PlayRuntime runtime,
        Resources resources,
        Double successRate,
        MeanStd reward,
        MeanStd epLength,
        EpisodeCounts episodes,
        String checkpointPath,
        CheckpointInfo checkpoint,
        String videoPath,
        TestIdentity test,
        List<String> warnings,
        Map<String, Object> extra,
        String schemaVersion) {

    /** The version of the bundle schema this record writes. */
    public static final String SCHEMA_VERSION = "playbench-1.0";

    /**
     * The keys of {@code extra} that hold timestamps (the measured rollout's interval, which {@code playbench devices}
     * reads); when present they must be in {@link Timestamps Isaac Lab's format}.
     */
    public static final List<String> TIMESTAMP_EXTRA_KEYS = List.of("rollout.start_utc", "rollout.end_utc");

    /** Checks every cross-field invariant; the blocks check their own on construction. */
    public PlayBundle {
        Checks.required("run", run);
        Checks.required("versions", versions);
        Checks.required("hardware", hardware);
        Checks.required("runtime", runtime);
        Checks.required("resources", resources);
        Checks.fractionOrNull("success_rate", successRate);
        Checks.required("episodes", episodes);
        Checks.nonBlankOrNull("checkpoint_path", checkpointPath);
        Checks.nonBlankOrNull("video_path", videoPath);
        warnings = Checks.listOf("warnings", warnings);
        extra = copyExtra(extra);
        if (extra != null) {
            for (String key : TIMESTAMP_EXTRA_KEYS) {
                Object value = extra.get(key);
                if (value != null) {
                    if (!(value instanceof String text)) {
                        throw new IllegalArgumentException("extra." + key + " must be a UTC timestamp like"
                                + " 2026-06-16T12:00:02.513904+00:00 but was " + value);
                    }
                    Timestamps.parse("extra." + key, text);
                }
            }
        }
        if (!SCHEMA_VERSION.equals(schemaVersion)) {
            throw new IllegalArgumentException(
                    "schema_version must be '" + SCHEMA_VERSION + "' but was '" + schemaVersion + "'");
        }
        if (run.numEnvs() != null && run.numEnvs() != runtime.stepsPerIteration()) {
            throw new IllegalArgumentException("runtime.steps_per_iteration must equal run.num_envs = " + run.numEnvs()
                    + " but was " + runtime.stepsPerIteration());
        }
        if (episodes.completed() == 0) {
            if (reward != null || epLength != null || successRate != null) {
                throw new IllegalArgumentException(
                        "reward, ep_length and success_rate must be null when no episode completed "
                                + "(episodes.completed = 0) but were " + reward + ", " + epLength + ", " + successRate);
            }
        } else {
            Checks.required("reward (episodes.completed = " + episodes.completed() + ")", reward);
            Checks.required("ep_length (episodes.completed = " + episodes.completed() + ")", epLength);
        }
        if (episodes.successes() != null && episodes.completed() > 0) {
            double expected = (double) episodes.successes() / episodes.completed();
            if (successRate == null || Math.abs(successRate - expected) > 5e-5 + 1e-12) {
                throw new IllegalArgumentException("success_rate must be episodes.successes / episodes.completed = "
                        + expected + " (to 4 decimals) but was " + successRate);
            }
        } else if (successRate != null) {
            throw new IllegalArgumentException(
                    "success_rate must be null when episodes.successes is null or no episode completed but was "
                            + successRate);
        }
        if (checkpoint != null && checkpointPath == null) {
            throw new IllegalArgumentException("checkpoint_path is required when checkpoint is set");
        }
    }

    /**
     * Rounds a success fraction to 4 decimals, half-even, as Isaac Lab does.
     *
     * @param successes successful episodes
     * @param completed completed episodes, {@code > 0}
     * @return the rounded rate
     */
    public static double successRate(long successes, long completed) {
        if (completed <= 0) {
            throw new IllegalArgumentException("completed must be > 0 to form a success rate but was " + completed);
        }
        return new java.math.BigDecimal((double) successes / completed)
                .setScale(4, java.math.RoundingMode.HALF_EVEN)
                .doubleValue();
    }

    /**
     * A copy with another status and failure line (the test outcome is known only after the test body ran).
     *
     * @param status the final status
     * @param failure the failure line, or {@code null}
     * @return the copy
     */
    public PlayBundle withOutcome(RunStatus status, String failure) {
        return new PlayBundle(
                run.withStatus(status),
                versions,
                hardware,
                runtime,
                resources,
                successRate,
                reward,
                epLength,
                episodes,
                checkpointPath,
                checkpoint,
                videoPath,
                test == null ? null : test.withFailure(failure),
                warnings,
                extra,
                schemaVersion);
    }

    /**
     * A copy with a video path.
     *
     * @param path the video beside the bundle, or {@code null}
     * @return the copy
     */
    public PlayBundle withVideoPath(String path) {
        return new PlayBundle(
                run,
                versions,
                hardware,
                runtime,
                resources,
                successRate,
                reward,
                epLength,
                episodes,
                checkpointPath,
                checkpoint,
                path,
                test,
                warnings,
                extra,
                schemaVersion);
    }

    /**
     * A copy with another {@code run} block (e.g. one with the device's name or a session id).
     *
     * @param newRun the block
     * @return the copy
     */
    public PlayBundle withRun(RunIdentity newRun) {
        return new PlayBundle(
                newRun,
                versions,
                hardware,
                runtime,
                resources,
                successRate,
                reward,
                epLength,
                episodes,
                checkpointPath,
                checkpoint,
                videoPath,
                test,
                warnings,
                extra,
                schemaVersion);
    }

    private static Map<String, Object> copyExtra(Map<String, Object> extra) {
        if (extra == null) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        extra.forEach((key, value) -> {
            Checks.nonBlank("extra key", key);
            if (value instanceof Number number) {
                if (number instanceof Double || number instanceof Float) {
                    Checks.finite("extra." + key, number.doubleValue());
                }
            } else if (value != null && !(value instanceof String) && !(value instanceof Boolean)) {
                throw new IllegalArgumentException(
                        "extra." + key + " must be a number, string, boolean or null but was a "
                                + value.getClass().getName());
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
