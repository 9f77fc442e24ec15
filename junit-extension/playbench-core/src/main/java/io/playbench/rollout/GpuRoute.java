package io.playbench.rollout;

import io.playbench.cuda.Cuda;
import io.playbench.cuda.CudaContext;
import io.playbench.cuda.CudaDevice;
import io.playbench.gpu.GpuPlay;
import io.playbench.library.LoadedPolicy;
import io.playbench.schema.GpuDeviceInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * When a request goes to the GPU-resident path: {@code device = "gpu"} or {@code "gpu:N"}, engine {@code auto} or
 * {@code cuda}, a task the path runs, and a CUDA driver that reports the device. Engine {@code cuda} always takes
 * this path (and crashes with the reason when CUDA is missing); {@code auto} falls back to the engine path otherwise.
 */
final class GpuRoute {

    /** Steps of every env per kernel launch; the system property {@code playbench.gpu.stepsPerLaunch} overrides it. */
    static final int DEFAULT_STEPS_PER_LAUNCH = 100;

    private GpuRoute() {
    }

    static boolean applies(PlayRequest request) {
        if (!request.needsGpu()) {
            return false;
        }
        if (GpuPlay.ENGINE.equals(request.engine())) {
            return true;
        }
        return "auto".equals(request.engine()) && GpuPlay.TASKS.contains(request.task()) && Cuda.deviceCount() > request.device().index();
    }

    static int stepsPerLaunch() {
        return Integer.getInteger("playbench.gpu.stepsPerLaunch", DEFAULT_STEPS_PER_LAUNCH);
    }

    /** The GPUs as CUDA describes them, or the given ones when CUDA sees none. */
    static List<GpuDeviceInfo> gpus(List<GpuDeviceInfo> fallback) {
        List<GpuDeviceInfo> cuda = cudaGpus();
        return cuda.isEmpty() ? fallback : cuda;
    }

    static List<GpuDeviceInfo> cudaGpus() {
        List<GpuDeviceInfo> out = new ArrayList<>();
        for (CudaDevice d : Cuda.devices()) {
            out.add(new GpuDeviceInfo(d.ordinal(), d.name(), Math.round(d.memoryBytes() / 1073741824.0 * 100) / 100.0, d.computeCapability()));
        }
        return out;
    }

    /** A compiled GPU play path with its own reference to the device's primary context, closed together. */
    record CachedGpuPlay(CudaContext context, GpuPlay play, LoadedPolicy loaded, double loadSeconds) implements AutoCloseable {

        static CachedGpuPlay create(int ordinal, PlayRequest request, LoadedPolicy loaded, long t0) {
            CudaContext context = Cuda.open(ordinal);
            try {
                GpuPlay play = GpuPlay.create(context, request.task(), loaded.spec(), request.numEnvs(), request.autoreset());
                return new CachedGpuPlay(context, play, loaded, (System.nanoTime() - t0) / 1e9);
            } catch (RuntimeException | Error e) {
                context.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                play.close();
            } finally {
                context.close();
            }
        }
    }
}
