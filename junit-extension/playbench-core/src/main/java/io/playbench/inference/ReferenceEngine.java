package io.playbench.inference;

import io.playbench.device.Device;
import io.playbench.library.PolicySpec;
import io.playbench.library.ReferencePolicy;

/**
 * The engine that runs the reference evaluator itself (id {@code reference}): exact by definition, single-threaded
 * and slow; for checking other engines and for tests, not for measuring throughput.
 */
public final class ReferenceEngine implements InferenceEngine {

    /** The engine id. */
    public static final String ID = "reference";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Policy compile(PolicySpec spec, Device device, int batchSize) {
        if (device.needsGpu()) {
            throw new DeviceUnavailableException("the reference engine runs on the CPU only, but device '" + device
                    + "' was requested; use device \"cpu\" or another engine");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1 but was " + batchSize);
        }
        return new ReferenceCompiled(spec, batchSize);
    }

    private static final class ReferenceCompiled implements Policy {
        private final ReferencePolicy reference;
        private final int batch;
        private volatile boolean closed;

        ReferenceCompiled(PolicySpec spec, int batch) {
            this.reference = new ReferencePolicy(spec);
            this.batch = batch;
        }

        @Override
        public PolicySpec spec() {
            return reference.spec();
        }

        @Override
        public String device() {
            return "cpu";
        }

        @Override
        public String engine() {
            return ID;
        }

        @Override
        public int batchSize() {
            return batch;
        }

        @Override
        public void act(float[] observations, float[] actions) {
            open();
            reference.act(observations, batch, actions);
        }

        @Override
        public void act(float[] observations, int[] actions) {
            open();
            reference.act(observations, batch, actions);
        }

        @Override
        public void warmUp() {
            open();
        }

        @Override
        public void close() {
            closed = true;
        }

        private void open() {
            if (closed) {
                throw new IllegalStateException("this policy was closed; compile it again to use it");
            }
        }
    }
}
