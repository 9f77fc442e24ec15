package io.playbench.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.playbench.library.Library;
import java.time.Instant;

/**
 * Who, what and when: the {@code run} block of a bundle.
 *
 * @param runId {@code {library}_{physics_backend}_{task}_{stamp}_seed{seed}}, see {@link #runIdOf}
 * @param library the RL library of the checkpoint ({@code run.framework} in JSON, Isaac Lab's key), {@code null} only when
 *     unknown
 * @param config the simulation back-ends
 * @param task the task id as requested
 * @param seed the seed of the first reset (env i gets seed + i), {@code null} for an unseeded run
 * @param startTimeUtc the start of the run, in {@link Timestamps#format Isaac Lab's format}
 * @param endTimeUtc the end of the run, same format
 * @param durationS end - start [s], {@code >= 0}
 * @param status how the run ended
 * @param numEnvs parallel environments created, {@code >= 1}, {@code null} if none were created
 * @param maxIterations always {@code null} for play (kept from Isaac Lab's schema)
 * @param device {@code cpu} or {@code gpu:N}
 * @param engine the inference engine, e.g. {@code tensorflow}
 * @param deviceName the name of the device in {@code device} as its driver reports it (for {@code gpu:N}, the name of
 *        {@code hardware.gpu_devices[N]}), {@code null} on the CPU or when unknown
 * @param sessionId the id shared by every bundle of one test run (see {@code playbench.session.id}), or {@code null}
 */
public record RunIdentity(
        String runId,
        @JsonProperty("framework") Library library,
        RunConfig config,
        String task,
        Long seed,
        String startTimeUtc,
        String endTimeUtc,
        double durationS,
        RunStatus status,
        Integer numEnvs,
        Integer maxIterations,
        String device,
        String engine,
        String deviceName,
        String sessionId) {

    /**
     * The longest task id, engine, device name or session id, in characters: these end up in file names, labels and
     * terminal output, so a bundle (untrusted input) must not make them arbitrarily long.
     */
    public static final int MAX_NAME_LENGTH = 200;

    /**
     * Checks the invariants: timestamps in Isaac Lab's format, a duration that is not negative, a known device form
     * ({@code gpu:N} with at most 4 digits), and a task, engine, device name and session id of at most
     * {@link #MAX_NAME_LENGTH} characters without control characters.
     */
    public RunIdentity {
        Checks.nonBlank("run.run_id", runId);
        Checks.required("run.config", config);
        Checks.name("run.task", task, MAX_NAME_LENGTH);
        Timestamps.parse("run.start_time_utc", startTimeUtc);
        Timestamps.parse("run.end_time_utc", endTimeUtc);
        Checks.nonNegative("run.duration_s", durationS);
        Checks.required("run.status", status);
        Checks.atLeastOrNull("run.num_envs", numEnvs, 1);
        if (maxIterations != null) {
            throw new IllegalArgumentException("run.max_iterations must be null for play but was " + maxIterations);
        }
        Checks.required("run.device", device);
        if (!device.matches("cpu|gpu:[0-9]{1,4}")) {
            throw new IllegalArgumentException(
                    "run.device must be 'cpu' or 'gpu:N' with N from 0 to 9999 but was " + Checks.quote(device));
        }
        Checks.name("run.engine", engine, MAX_NAME_LENGTH);
        Checks.nameOrNull("run.device_name", deviceName, MAX_NAME_LENGTH);
        Checks.nameOrNull("run.session_id", sessionId, MAX_NAME_LENGTH);
    }

    /**
     * An identity without a device name or session id, as bundles written before those fields existed have it.
     *
     * @param runId the run id
     * @param library the RL library, or {@code null}
     * @param config the back-ends
     * @param task the task id
     * @param seed the seed, or {@code null}
     * @param startTimeUtc the start
     * @param endTimeUtc the end
     * @param durationS the duration [s]
     * @param status how the run ended
     * @param numEnvs the number of envs, or {@code null}
     * @param maxIterations always {@code null}
     * @param device {@code cpu} or {@code gpu:N}
     * @param engine the inference engine
     */
    public RunIdentity(
            String runId,
            Library library,
            RunConfig config,
            String task,
            Long seed,
            String startTimeUtc,
            String endTimeUtc,
            double durationS,
            RunStatus status,
            Integer numEnvs,
            Integer maxIterations,
            String device,
            String engine) {
        this(
                runId,
                library,
                config,
                task,
                seed,
                startTimeUtc,
                endTimeUtc,
                durationS,
                status,
                numEnvs,
                maxIterations,
                device,
                engine,
                null,
                null);
    }

    /**
     * The index of the device, {@code N} of {@code gpu:N}.
     *
     * @return the index, or {@code null} on the CPU
     */
    public Integer deviceIndex() {
        return device.startsWith("gpu:") ? Integer.valueOf(device.substring(4)) : null;
    }

    /**
     * Builds the identity of a run from its start and end instants, computing the run id and the duration.
     *
     * @param library the RL library, or {@code null}
     * @param config the back-ends
     * @param task the task id
     * @param seed the seed, or {@code null}
     * @param start the start instant
     * @param end the end instant
     * @param status how the run ended
     * @param numEnvs the number of envs, or {@code null}
     * @param device {@code cpu} or {@code gpu:N}
     * @param engine the inference engine
     * @return the identity
     */
    public static RunIdentity of(
            Library library,
            RunConfig config,
            String task,
            Long seed,
            Instant start,
            Instant end,
            RunStatus status,
            Integer numEnvs,
            String device,
            String engine) {
        Instant s = Timestamps.truncate(start);
        Instant e = Timestamps.truncate(end);
        double duration = Math.max(
                0.0,
                (e.toEpochMilli() - s.toEpochMilli()) / 1e3
                        + ((e.getNano() % 1_000_000) - (s.getNano() % 1_000_000)) / 1e9);
        return new RunIdentity(
                runIdOf(library, config.physicsBackend(), task, e, seed),
                library,
                config,
                task,
                seed,
                Timestamps.format(s),
                Timestamps.format(e),
                duration,
                status,
                numEnvs,
                null,
                device,
                engine);
    }

    /**
     * The run id as Isaac Lab forms it: {@code {library}_{physics_backend}_{task}_{YYYYMMDDTHHMMSS}_seed{seed}},
     * with {@code runtime} for an unknown library and {@code seednoseed} for an unseeded run.
     *
     * @param library the RL library, or {@code null}
     * @param physics the physics back-end
     * @param task the task id
     * @param end the end of the run
     * @param seed the seed, or {@code null}
     * @return the run id
     */
    public static String runIdOf(Library library, PhysicsBackend physics, String task, Instant end, Long seed) {
        String stamp = Timestamps.format(end).replace("-", "").replace(":", "").substring(0, 15);
        return (library == null ? "runtime" : library.id()) + "_" + physics.id() + "_" + task + "_" + stamp + "_seed"
                + (seed == null ? "noseed" : seed.toString());
    }

    /**
     * A copy with another status.
     *
     * @param newStatus the status
     * @return the copy
     */
    public RunIdentity withStatus(RunStatus newStatus) {
        return new RunIdentity(
                runId,
                library,
                config,
                task,
                seed,
                startTimeUtc,
                endTimeUtc,
                durationS,
                newStatus,
                numEnvs,
                maxIterations,
                device,
                engine,
                deviceName,
                sessionId);
    }

    /**
     * A copy with the name of the device.
     *
     * @param newDeviceName the name, or {@code null}
     * @return the copy
     */
    public RunIdentity withDeviceName(String newDeviceName) {
        return new RunIdentity(
                runId,
                library,
                config,
                task,
                seed,
                startTimeUtc,
                endTimeUtc,
                durationS,
                status,
                numEnvs,
                maxIterations,
                device,
                engine,
                newDeviceName,
                sessionId);
    }

    /**
     * A copy with a session id.
     *
     * @param newSessionId the id, or {@code null}
     * @return the copy
     */
    public RunIdentity withSessionId(String newSessionId) {
        return new RunIdentity(
                runId,
                library,
                config,
                task,
                seed,
                startTimeUtc,
                endTimeUtc,
                durationS,
                status,
                numEnvs,
                maxIterations,
                device,
                engine,
                deviceName,
                newSessionId);
    }
}
