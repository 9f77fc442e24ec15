package io.playbench.inference;

import io.playbench.library.PolicySpec;

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
