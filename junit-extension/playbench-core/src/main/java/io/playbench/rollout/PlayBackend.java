package io.playbench.rollout;

import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.device.Device;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapter;
import io.playbench.library.LoadedPolicy;
import io.playbench.monitor.ResourceMonitor;
import io.playbench.schema.PhysicsBackend;
import io.playbench.schema.StartupTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What carries out a measured rollout once {@link PlayRunner} has resolved the checkpoint: PlayBench's inference
 * engines stepping the Java environments (built in, takes every request no other backend takes), or a backend plugged
 * in through {@link java.util.ServiceLoader} ({@code META-INF/services/io.playbench.rollout.PlayBackend}), such as the
 * fused CUDA kernel of {@code io.playbench.gpu}.
 *
 * <p>The runner's pipeline is the same for every backend: resolve the checkpoint, {@link #prepare} (load the policy
 * the library's way, compile it, make the environments; cached between runs), take the device's lock,
 * {@link Prepared#measure}, and build the bundle, a crashed one when any step fails.
 */
public interface PlayBackend {

    /**
     * The backend's name, for messages.
     *
     * @return e.g. {@code engines} or {@code cuda}
     */
    String id();

    /**
     * Whether this backend runs the request.
     *
     * @param request a request on a concrete device (never {@code gpu:*})
     * @return {@code true} to take it
     */
    boolean accepts(PlayRequest request);

    /**
     * Loads the policy and makes the environments for a request, or takes them from the runner's cache.
     *
     * @param request the request
     * @param checkpoint its resolved checkpoint
     * @param context the runner's cache, adapters and compiler
     * @return what {@link Prepared#measure} runs
     */
    Prepared prepare(PlayRequest request, ResolvedCheckpoint checkpoint, Context context);

    /**
     * What a backend may use from its runner.
     *
     * @param cache where policies and environments are kept between runs
     * @param adapters the adapter of each library
     * @param compiler compiles policies with an inference engine
     */
    record Context(RunnerCache cache, Function<Library, LibraryAdapter> adapters, PolicyCompiler compiler) {

        /**
         * Loads a checkpoint the library's way.
         *
         * @param request the request (its library)
         * @param checkpoint the resolved checkpoint
         * @return the loaded policy
         * @throws UncheckedIOException naming the file and the library when it cannot be read
         */
        public LoadedPolicy load(PlayRequest request, ResolvedCheckpoint checkpoint) {
            try {
                return adapters.apply(request.library()).load(checkpoint.file(), checkpoint.runDirectory());
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot load " + checkpoint.file() + " as a "
                                + request.library().id() + " checkpoint: " + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * How one measurement runs.
     *
     * @param request the request
     * @param startup the startup times known before the first step
     * @param progressInterval how often long runs report progress
     * @param progress where progress lines go, or {@code null} for the logger
     * @param monitor makes the resource monitor of the device
     * @param minWarmup the time floor of the warm-up
     */
    record Measurement(
            PlayRequest request,
            StartupTime startup,
            Duration progressInterval,
            Consumer<String> progress,
            Supplier<ResourceMonitor> monitor,
            Duration minWarmup) {}

    /** A policy and its environments, ready to be measured. */
    interface Prepared {

        /**
         * The policy as the library adapter loaded it.
         *
         * @return the loaded policy
         */
        LoadedPolicy loaded();

        /**
         * The concrete device it runs on; the runner holds this device's lock while measuring.
         *
         * @return {@code cpu} or {@code gpu:N}
         */
        Device device();

        /**
         * The engine that runs the policy.
         *
         * @return e.g. {@code java-vector} or {@code cuda}
         */
        String engine();

        /**
         * The version of the engine's runtime, for the bundle.
         *
         * @return the version, or {@code null}
         */
        String engineVersion();

        /**
         * What steps the environments.
         *
         * @return the physics backend
         */
        PhysicsBackend physics();

        /**
         * Seconds spent loading and compiling the policy (also when it came from the cache: the first load's time).
         *
         * @return the time, or {@code null}
         */
        Double policyLoadSeconds();

        /**
         * Seconds spent making the environments.
         *
         * @return the time, or {@code null}
         */
        Double envCreationSeconds();

        /**
         * Fallbacks and problems, one sentence each, for the bundle.
         *
         * @return the warnings
         */
        List<String> warnings();

        /**
         * Facts for the bundle's {@code extra} (what was reused, kernel settings).
         *
         * @return the facts, in insertion order
         */
        Map<String, Object> extra();

        /**
         * Runs the measurement.
         *
         * @param measurement what to measure and how to report
         * @return the measurements
         */
        PlayResult measure(Measurement measurement);
    }
}
