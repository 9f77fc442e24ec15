package io.playbench.inference;

import io.playbench.library.PolicySpec;
import java.util.List;

/**
 * A policy that forwards every call to another one; subclasses override what they change (the notes, the reported
 * device, the warnings) and keep the rest.
 */
public abstract class ForwardingPolicy implements Policy {

    private final Policy delegate;

    /**
     * Wraps a policy.
     *
     * @param delegate the policy every call goes to
     */
    protected ForwardingPolicy(Policy delegate) {
        this.delegate = delegate;
    }

    /**
     * The wrapped policy.
     *
     * @return the delegate
     */
    protected Policy delegate() {
        return delegate;
    }

    @Override
    public PolicySpec spec() {
        return delegate.spec();
    }

    @Override
    public String device() {
        return delegate.device();
    }

    @Override
    public String engine() {
        return delegate.engine();
    }

    @Override
    public DeviceInfo deviceInfo() {
        return delegate.deviceInfo();
    }

    @Override
    public List<String> warnings() {
        return delegate.warnings();
    }

    @Override
    public List<String> notes() {
        return delegate.notes();
    }

    @Override
    public int batchSize() {
        return delegate.batchSize();
    }

    @Override
    public void act(float[] observations, float[] actions) {
        delegate.act(observations, actions);
    }

    @Override
    public void act(float[] observations, int[] actions) {
        delegate.act(observations, actions);
    }

    @Override
    public void warmUp() {
        delegate.warmUp();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
