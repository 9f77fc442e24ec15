package io.playbench.rollout;

import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.library.Library;
import io.playbench.library.LoadedPolicy;
import io.playbench.monitor.GitInfo;
import io.playbench.monitor.HostInfo;
import io.playbench.schema.EpisodeCounts;
import io.playbench.schema.GpuDeviceInfo;
import io.playbench.schema.MeasurementMode;
import io.playbench.schema.PhysicsBackend;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayRuntime;
import io.playbench.schema.RenderingBackend;
import io.playbench.schema.Resources;
import io.playbench.schema.RunConfig;
import io.playbench.schema.RunIdentity;
import io.playbench.schema.RunStatus;
import io.playbench.schema.StartupTime;
import io.playbench.schema.TestIdentity;
import io.playbench.schema.Versions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link PlayBundle} of a run from what the run produced, completed or crashed. */
public final class BundleFactory {

    private BundleFactory() {}

    /**
     * Everything a bundle is made of.
     *
     * @param request what was asked for
     * @param start when the run started
     * @param end when the run ended
     * @param status how it ended
     * @param failure the failure line, or {@code null}
     * @param checkpoint the resolved checkpoint, or {@code null} if resolution failed
     * @param loaded the loaded policy, or {@code null} if loading failed
     * @param result the measurements, or {@code null} if the rollout did not finish
     * @param startup startup times known when there are no measurements
     * @param physics what stepped the envs
     * @param engine the engine id that ran the policy (or was asked for)
     * @param device the device the policy ran on ({@code cpu}, {@code gpu:N})
     * @param test the JUnit test, or {@code null}
     * @param git the project's git facts
     * @param junitVersion the JUnit version, or {@code null}
     * @param tensorflowVersion the TensorFlow version, or {@code null}
     * @param gpus the GPUs of the host
     * @param warnings warnings in the order raised
     * @param extra extra values in insertion order
     */
    record Parts(
            PlayRequest request,
            Instant start,
            Instant end,
            RunStatus status,
            String failure,
            ResolvedCheckpoint checkpoint,
            LoadedPolicy loaded,
            PlayResult result,
            StartupTime startup,
            PhysicsBackend physics,
            String engine,
            String device,
            TestIdentity test,
            GitInfo git,
            String junitVersion,
            String tensorflowVersion,
            List<GpuDeviceInfo> gpus,
            List<String> warnings,
            Map<String, Object> extra) {}

    /**
     * Builds the bundle.
     *
     * @param p the parts
     * @return the bundle
     */
    /**
     * The completed bundle of a result measured outside a {@link PlayRunner} (with {@link PlayLoop} directly): no
     * checkpoint, no test, the result's engine and device.
     *
     * @param request what was run
     * @param result its measurements
     * @return the bundle
     */
    public static PlayBundle completed(PlayRequest request, PlayResult result) {
        Instant now = Instant.now();
        return build(new Parts(
                request,
                now,
                now,
                RunStatus.COMPLETED,
                null,
                null,
                null,
                result,
                null,
                PhysicsBackend.PLAYBENCH_CLASSIC,
                result.engine(),
                result.device(),
                null,
                GitInfo.UNKNOWN,
                null,
                null,
                List.of(),
                List.of(),
                Map.of()));
    }

    static PlayBundle build(Parts p) {
        PlayRequest r = p.request();
        Library library = r.library();
        PlayResult result = p.result();
        Integer numEnvs = result != null
                ? Integer.valueOf(result.numEnvs())
                : (p.status() == RunStatus.CRASHED ? null : r.numEnvs());
        RunIdentity run = RunIdentity.of(
                library,
                new RunConfig(p.physics(), RenderingBackend.NONE, List.of()),
                r.task(),
                r.seed(),
                p.start(),
                p.end(),
                p.status(),
                numEnvs,
                normaliseDevice(p.device()),
                p.engine());
        LoadedPolicy loaded = p.loaded();
        String trained = loaded == null ? null : loaded.libraryVersion();
        Versions versions = new Versions(
                HostInfo.playbenchVersion(),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"),
                p.junitVersion(),
                p.tensorflowVersion(),
                loaded == null ? null : loaded.torchVersion(),
                library == Library.RSL_RL ? trained : null,
                library == Library.RL_GAMES ? trained : null,
                library == Library.SKRL ? trained : null,
                library == Library.SB3 ? trained : null,
                p.git().commit(),
                p.git().branch(),
                p.git().dirty());
        PlayRuntime runtime = result != null
                ? result.runtime()
                : PlayRuntime.fromIterations(
                        p.startup(),
                        MeasurementMode.HOST_RETURN,
                        0,
                        numEnvs == null ? 1 : numEnvs,
                        new double[0],
                        new double[0],
                        new double[0]);
        Resources resources = result != null ? result.resources() : Resources.notMeasured();
        List<String> warnings = new ArrayList<>(p.warnings());
        if (result != null) {
            for (String w : result.warnings()) {
                if (!warnings.contains(w)) {
                    warnings.add(w);
                }
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>(p.extra());
        extra.putAll(r.budgets().asExtra());
        ResolvedCheckpoint ckpt = p.checkpoint();
        run = run.withDeviceName(Devices.nameOf(run.device(), p.gpus())).withSessionId(Devices.sessionId());
        return new PlayBundle(
                run,
                versions,
                HostInfo.hardware(p.gpus()),
                runtime,
                resources,
                result == null ? null : result.successRate(),
                result == null ? null : result.reward(),
                result == null ? null : result.epLength(),
                result == null ? EpisodeCounts.none() : result.episodes(),
                ckpt == null ? null : ckpt.file().toString(),
                ckpt == null ? null : ckpt.info(),
                null,
                p.test() == null ? null : p.test().withFailure(p.failure()),
                warnings,
                extra.isEmpty() ? null : extra,
                PlayBundle.SCHEMA_VERSION);
    }

    /**
     * The failure line of an exception: its type and the first line of its message.
     *
     * @param t the exception
     * @return e.g. {@code FileNotFoundException: no checkpoint}
     */
    public static String failureLine(Throwable t) {
        String message = t.getMessage() == null
                ? ""
                : t.getMessage()
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .findFirst()
                        .orElse("");
        if (message.isEmpty() && t instanceof StackOverflowError) {
            StackTraceElement[] frames = t.getStackTrace();
            message = "the thread's stack overflowed (unbounded recursion, e.g. over a very deeply nested or"
                    + " self-referential value)"
                    + (frames.length == 0 ? "" : " in " + frames[0].getClassName() + "." + frames[0].getMethodName());
        }
        return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    static String normaliseDevice(String device) {
        if (device == null || device.equals("auto") || device.equals("cpu")) {
            return "cpu";
        }
        return device.equals("gpu") || device.equals("gpu:*") ? "gpu:0" : device;
    }
}
