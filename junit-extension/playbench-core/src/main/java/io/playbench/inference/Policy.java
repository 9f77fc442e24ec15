package io.playbench.inference;

import io.playbench.library.PolicySpec;
import java.util.List;

/**
 * A policy compiled by an {@link InferenceEngine} for one device and one batch size; holds native resources until
 * closed.
 *
 * <p>Calls copy the observations in and the actions out: the caller owns both arrays and may reuse them every step.
 * A policy is used by one thread at a time. After {@link #close()} every call fails with an
 * {@link IllegalStateException}; closing twice is harmless.
 */
public interface Policy extends AutoCloseable {

    /**
     * The policy this was compiled from.
     *
     * @return the spec
     */
    PolicySpec spec();

    /**
     * The device it runs on, resolved: {@code cpu} or {@code gpu:N}.
     *
     * @return the device
     */
    String device();

    /**
     * The engine that compiled it (the concrete one when {@code auto} chose).
     *
     * @return e.g. {@code tensorflow} or {@code java-vector}
     */
    default String engine() {
        return "unknown";
    }

    /**
     * The device it runs on, described for the bundle (name, memory, compute capability).
     *
     * @return the device
     */
    default DeviceInfo deviceInfo() {
        return new DeviceInfo(device(), "unknown", -1, null);
    }

    /**
     * Fallbacks taken while compiling, one sentence each, for the caller to record (for example "device auto: no GPU
     * found, running on the CPU", or a missing {@code --add-modules jdk.incubator.vector}); empty when none.
     *
     * @return the warnings
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * How the engine and device were chosen and configured, one line each (threads, SIMD width, the automatic
     * engine choice and its predicted costs); for the bundle and {@code inspect}.
     *
     * @return the notes
     */
    default List<String> notes() {
        return List.of();
    }

    /**
     * The batch size it was compiled for.
     *
     * @return observations per call
     */
    int batchSize();

    /**
     * Computes continuous actions.
     *
     * @param observations {@code batchSize} rows of {@code spec().observationSize()} floats
     * @param actions receives {@code batchSize} rows of the action width
     */
    void act(float[] observations, float[] actions);

    /**
     * Computes discrete actions.
     *
     * @param observations {@code batchSize} rows of {@code spec().observationSize()} floats
     * @param actions receives one action per row
     */
    void act(float[] observations, int[] actions);

    /** Runs the policy once on zeros so that lazy initialisation happens before anything is timed. */
    void warmUp();

    /** Releases native resources; idempotent. */
    @Override
    void close();
}
