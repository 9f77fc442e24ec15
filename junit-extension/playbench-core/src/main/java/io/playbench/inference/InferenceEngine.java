package io.playbench.inference;

import io.playbench.device.Device;
import io.playbench.library.PolicySpec;

/**
 * An inference engine: compiles a {@link PolicySpec} for a device and a batch size into a runnable {@link Policy}.
 *
 * <p>Engines are found by {@link #id()}; every engine meets the numerics contract of the reference evaluator
 * ({@link io.playbench.library.ReferencePolicy}): actions within 1e-5 relative, discrete actions identical except
 * where two logits lie within rounding distance.
 */
public interface InferenceEngine {

    /**
     * The engine's identifier, as used in {@code @PlayBenchmark(engine = ...)} and in bundles.
     *
     * @return e.g. {@code java-vector}
     */
    String id();

    /**
     * Compiles a policy.
     *
     * @param spec the policy
     * @param device where to run it: {@link Device#CPU}, a GPU or {@link Device#AUTO} ({@code gpu:*} must be assigned
     *     to one GPU first)
     * @param batchSize the number of observations per call (the number of envs), {@code >= 1}
     * @return the compiled policy, which the caller closes
     * @throws DeviceUnavailableException when the device is not present, saying what was found and how to enable it
     */
    Policy compile(PolicySpec spec, Device device, int batchSize);
}
