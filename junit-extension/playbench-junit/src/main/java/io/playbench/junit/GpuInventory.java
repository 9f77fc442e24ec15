package io.playbench.junit;

import io.playbench.inference.Policy;
import io.playbench.rollout.DefaultComponents;
import io.playbench.rollout.PolicyCompiler;
import io.playbench.schema.GpuDeviceInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPUs a run sees: the host's (as {@link DefaultComponents} finds them), or simulated ones when
 * {@code playbench.testing.gpus} is set for PlayBench's own tests.
 *
 * @param count how many GPUs
 * @param devices their descriptions, by index (may be shorter than {@code count} when a GPU cannot be described)
 * @param simulated whether they are simulated
 */
record GpuInventory(int count, List<GpuDeviceInfo> devices, boolean simulated) {

    static GpuInventory of(PlaybenchSettings settings) {
        if (settings.simulatedGpus() >= 0) {
            List<GpuDeviceInfo> fake = new ArrayList<>();
            for (int i = 0; i < settings.simulatedGpus(); i++) {
                fake.add(new GpuDeviceInfo(i, "Simulated GPU " + i, 1.0, "0.0"));
            }
            return new GpuInventory(fake.size(), List.copyOf(fake), true);
        }
        int count = DefaultComponents.gpuCount();
        return new GpuInventory(count, count == 0 ? List.of() : DefaultComponents.gpus(), false);
    }

    /** Why no GPU is usable, for a disabled benchmark. */
    String absenceReason() {
        return simulated ? SIMULATED_ZERO : DefaultComponents.gpuAbsenceReason();
    }

    private static final String SIMULATED_ZERO =
            PlaybenchSettings.SIMULATED_GPUS + " = 0 (simulated host without a GPU)";

    /**
     * The compiler for simulated GPUs: compiles for the CPU and reports the requested {@code gpu:N}, so that the
     * runner's per-device locks and the bundles behave as on a host with that many GPUs.
     */
    static PolicyCompiler simulatingCompiler(PolicyCompiler real) {
        return (spec, engine, device, batch) -> {
            if (!device.needsGpu()) {
                return real.compile(spec, engine, device, batch);
            }
            Policy cpu = real.compile(spec, engine, io.playbench.device.Device.CPU, batch);
            return new Relabelled(cpu, device.toString());
        };
    }

    /** A CPU policy that reports a simulated GPU as its device. */
    private static final class Relabelled extends io.playbench.inference.ForwardingPolicy {
        private final String device;

        Relabelled(Policy cpu, String device) {
            super(cpu);
            this.device = device;
        }

        @Override
        public String device() {
            return device;
        }

        @Override
        public io.playbench.inference.DeviceInfo deviceInfo() {
            return new io.playbench.inference.DeviceInfo(device, "unknown", -1, null);
        }

        @Override
        public List<String> warnings() {
            List<String> w = new ArrayList<>(delegate().warnings());
            w.add(device + " is simulated (" + PlaybenchSettings.SIMULATED_GPUS + "): the policy ran on the CPU");
            return w;
        }

        @Override
        public List<String> notes() {
            return List.of();
        }
    }
}
