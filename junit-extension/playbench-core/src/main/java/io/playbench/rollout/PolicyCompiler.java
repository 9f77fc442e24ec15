package io.playbench.rollout;

import io.playbench.device.Device;
import io.playbench.inference.Policy;
import io.playbench.library.PolicySpec;

/** Compiles a policy with an inference engine chosen by id ({@code auto} lets the engines choose). */
@FunctionalInterface
public interface PolicyCompiler {

    /**
     * Compiles a policy.
     *
     * @param spec the policy
     * @param engine the engine id, or {@code auto}
     * @param device the device ({@code gpu:*} already assigned to one GPU)
     * @param batchSize observations per call
     * @return the compiled policy
     */
    Policy compile(PolicySpec spec, String engine, Device device, int batchSize);
}
