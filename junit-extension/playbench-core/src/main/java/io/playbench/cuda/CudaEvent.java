package io.playbench.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A CUDA event on the default stream, for device-side timing. */
public final class CudaEvent implements AutoCloseable {

    private final CudaContext context;
    private final MemorySegment event;
    private boolean closed;

    CudaEvent(CudaContext context, MemorySegment event) {
        this.context = context;
        this.event = event;
    }

    /** Records the event after the work queued so far. */
    public void record() {
        context.makeCurrent();
        CudaDriver d = context.driver();
        d.call("cuEventRecord", d.cuEventRecord, event, MemorySegment.NULL);
    }

    /** Waits until the event has happened. */
    public void synchronize() {
        context.makeCurrent();
        CudaDriver d = context.driver();
        d.call("cuEventSynchronize", d.cuEventSynchronize, event);
    }

    /**
     * The device time from an earlier event to this one (both recorded and completed).
     *
     * @param start the earlier event
     * @return milliseconds (resolution about 0.5 µs)
     */
    public float millisSince(CudaEvent start) {
        context.makeCurrent();
        CudaDriver d = context.driver();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT);
            d.call("cuEventElapsedTime", d.cuEventElapsedTime, out, start.event, event);
            return out.get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            context.makeCurrent();
            CudaDriver d = context.driver();
            d.call("cuEventDestroy", d.cuEventDestroy, event);
        }
    }
}
