package io.playbench.gpu;

import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.cuda.Cuda;
import io.playbench.cuda.CudaContext;
import io.playbench.device.Device;
import io.playbench.library.LoadedPolicy;
import io.playbench.rollout.PlayBackend;
import io.playbench.rollout.PlayProtocol;
import io.playbench.rollout.PlayRequest;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.PhysicsBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPU-resident backend, plugged into the runner through {@code META-INF/services/io.playbench.rollout.PlayBackend}:
 * env and policy fused in one CUDA kernel ({@link GpuPlay}), physics backend {@code playbench_cuda}, engine
 * {@code cuda}, timing {@code device_synchronized}.
 *
 * <p>It takes a request on {@code gpu:N} whose engine is {@code cuda} (always: without a driver the run crashes with
 * the reason), or {@code auto} for a task the kernel runs on a host whose CUDA driver reports that GPU; any other
 * request falls through to the inference engines.
 */
public final class CudaPlayBackend implements PlayBackend {

    /** Steps of every env per kernel launch; the system property {@code playbench.gpu.stepsPerLaunch} overrides it. */
    static final int DEFAULT_STEPS_PER_LAUNCH = 100;

    @Override
    public String id() {
        return GpuPlay.ENGINE;
    }

    @Override
    public boolean accepts(PlayRequest request) {
        if (request.device().kind() != Device.Kind.GPU) {
            return false;
        }
        if (GpuPlay.ENGINE.equals(request.engine())) {
            return true;
        }
        return "auto".equals(request.engine())
                && request.protocol() == PlayProtocol.STEPS
                && GpuPlay.TASKS.contains(request.task())
                && Cuda.deviceCount() > request.device().index();
    }

    @Override
    public Prepared prepare(PlayRequest request, ResolvedCheckpoint checkpoint, Context context) {
        if (request.protocol() != PlayProtocol.STEPS) {
            throw new IllegalArgumentException(
                    "engine cuda runs timed steps only; the episodes protocol runs on the inference engines "
                            + "(engine auto or reference, device cpu)");
        }
        long t0 = System.nanoTime();
        int ordinal = request.device().index();
        String key = String.join(
                "|",
                "gpu-play",
                checkpoint.sha256(),
                request.library().id(),
                request.task(),
                Integer.toString(request.numEnvs()),
                request.autoreset().name(),
                request.device().toString());
        boolean[] fresh = {false};
        Cached gpu = context.cache().computeIfAbsent(key, Cached.class, () -> {
            fresh[0] = true;
            LoadedPolicy loaded = context.load(request, checkpoint);
            CudaContext cuda = Cuda.open(ordinal);
            try {
                GpuPlay play =
                        GpuPlay.create(cuda, request.task(), loaded.spec(), request.numEnvs(), request.autoreset());
                return new Cached(cuda, play, loaded, (System.nanoTime() - t0) / 1e9);
            } catch (RuntimeException | Error e) {
                cuda.close();
                throw e;
            }
        });
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("policy.reused", !fresh[0]);
        extra.put("env.reused", !fresh[0]);
        extra.put("gpu.steps_per_launch", stepsPerLaunch());
        extra.put("gpu.autoreset", request.autoreset().name());
        extra.put("gpu.threads_per_block", gpu.play().threadsPerBlock());
        extra.put("gpu.reset_rng", "philox4x32-10 (seed, env, reset index); not NumPy's PCG64 streams");
        extra.put("gpu.compile_s", gpu.play().compileSeconds());
        return new Ready(gpu, request.device(), gpu.loaded().warnings(), extra);
    }

    static int stepsPerLaunch() {
        return Integer.getInteger("playbench.gpu.stepsPerLaunch", DEFAULT_STEPS_PER_LAUNCH);
    }

    /** A compiled GPU play path with its own reference to the device's primary context, closed together. */
    record Cached(CudaContext context, GpuPlay play, LoadedPolicy loaded, double loadSeconds) implements AutoCloseable {
        @Override
        public void close() {
            try {
                play.close();
            } finally {
                context.close();
            }
        }
    }

    private record Ready(Cached gpu, Device device, List<String> warnings, Map<String, Object> extra)
            implements Prepared {

        @Override
        public LoadedPolicy loaded() {
            return gpu.loaded();
        }

        @Override
        public String engine() {
            return GpuPlay.ENGINE;
        }

        @Override
        public String engineVersion() {
            return null;
        }

        @Override
        public PhysicsBackend physics() {
            return PhysicsBackend.PLAYBENCH_CUDA;
        }

        @Override
        public Double policyLoadSeconds() {
            return gpu.loadSeconds();
        }

        @Override
        public Double envCreationSeconds() {
            return null;
        }

        @Override
        public PlayResult measure(Measurement m) {
            PlayRequest r = m.request();
            return gpu.play()
                    .run(new GpuPlay.Options(
                            r.warmupSteps(),
                            r.steps(),
                            stepsPerLaunch(),
                            r.seed(),
                            r.library().id(),
                            m.startup(),
                            m.monitor()));
        }
    }
}
