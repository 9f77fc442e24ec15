package io.playbench.tensorflow;

import io.playbench.device.Device;
import io.playbench.inference.DeviceInfo;
import io.playbench.inference.DeviceUnavailableException;
import io.playbench.inference.InferenceEngine;
import io.playbench.inference.Policy;
import io.playbench.library.PolicySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The TensorFlow Java engine: compiles a {@link PolicySpec} into one TensorFlow graph (clamp, normalisation in the
 * library's precision, dense layers, activations, slice, affine and argmax all inside it) and runs one
 * {@code Session.run} per call with a preallocated input tensor.
 *
 * <p>Devices: {@code cpu}; {@code gpu} or {@code gpu:N}, which need TensorFlow's GPU natives (the
 * {@code -Ptensorflow-gpu} Maven profile) and a CUDA 12 runtime, and otherwise fail with a
 * {@link DeviceUnavailableException} saying what TensorFlow found; {@code auto}, which takes the first GPU TensorFlow
 * lists and otherwise the CPU, recording the fallback in {@link Policy#warnings()}.
 *
 * <pre>{@code
 * try (Policy policy = new TensorFlowEngine().compile(spec, Device.AUTO, 4096)) {
 *     policy.warmUp();
 *     policy.act(observations, actions);
 * }
 * }</pre>
 */
public final class TensorFlowEngine implements InferenceEngine {

    /** The engine's id. */
    public static final String ID = "tensorflow";

    private final int intraOpThreads;

    /** The engine with one intra-op thread per core. */
    public TensorFlowEngine() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The engine with a given intra-op thread pool size.
     *
     * @param intraOpThreads threads TensorFlow may use inside one op, {@code >= 1}
     */
    public TensorFlowEngine(int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1 but was " + intraOpThreads);
        }
        this.intraOpThreads = intraOpThreads;
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * Intra-op threads per session.
     *
     * @return the thread count
     */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    @Override
    public Policy compile(PolicySpec spec, Device device, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1 but was " + batchSize);
        }
        if (device.isAllGpus()) {
            throw new IllegalArgumentException(
                    "device gpu:* must be assigned to one GPU (Device.assign) before compiling");
        }
        List<String> warnings = new ArrayList<>();
        DeviceInfo info;
        switch (device.kind()) {
            case CPU -> info = DeviceInfo.cpu();
            case GPU -> {
                List<DeviceInfo> gpus = TensorFlowDevices.gpus();
                if (device.index() >= gpus.size()) {
                    throw new DeviceUnavailableException(TensorFlowDevices.noGpuMessage(device.toString()));
                }
                info = gpus.get(device.index());
            }
            default -> {
                List<DeviceInfo> gpus = TensorFlowDevices.gpus();
                if (gpus.isEmpty()) {
                    warnings.add("device auto: TensorFlow found no GPU (devices " + TensorFlowDevices.deviceNames()
                            + ", natives " + TensorFlowDevices.nativesFlavour() + "); running on the CPU");
                    info = DeviceInfo.cpu();
                } else {
                    info = gpus.getFirst();
                }
            }
        }
        return new TensorFlowPolicy(spec, batchSize, info, intraOpThreads, warnings, List.of());
    }
}
