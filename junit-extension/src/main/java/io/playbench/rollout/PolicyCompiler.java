package io.playbench.rollout;

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
     * @param device {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}
     * @param batchSize observations per call
     * @return the compiled policy
     */
    Policy compile(PolicySpec spec, String engine, String device, int batchSize);
}
