package io.playbench.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A block of GPU memory: copied to and from Java arrays, freed on {@link #close()}. */
public final class DeviceMemory implements AutoCloseable {

    private final CudaContext context;
    private final long address;
    private final long bytes;
    private final boolean owned;
    private boolean closed;

    DeviceMemory(CudaContext context, long address, long bytes, boolean owned) {
        this.context = context;
        this.address = address;
        this.bytes = bytes;
        this.owned = owned;
    }

    /**
     * The device address ({@code CUdeviceptr}), as a kernel argument receives it.
     *
     * @return the address
     */
    public long address() {
        check();
        return address;
    }

    /**
     * The size.
     *
     * @return bytes
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Copies host memory to the start of this block.
     *
     * @param host the source
     */
    public void copyFrom(MemorySegment host) {
        check();
        fits(host.byteSize());
        context.makeCurrent();
        CudaDriver d = context.driver();
        d.call("cuMemcpyHtoD", d.cuMemcpyHtoD, address, host, host.byteSize());
    }

    /**
     * Copies the start of this block to host memory.
     *
     * @param host the destination (its whole size is copied)
     */
    public void copyTo(MemorySegment host) {
        check();
        fits(host.byteSize());
        context.makeCurrent();
        CudaDriver d = context.driver();
        d.call("cuMemcpyDtoH", d.cuMemcpyDtoH, host, address, host.byteSize());
    }

    /**
     * Copies floats to the device.
     *
     * @param values the source
     */
    public void copyFrom(float[] values) {
        try (Arena arena = Arena.ofConfined()) {
            copyFrom(arena.allocateFrom(ValueLayout.JAVA_FLOAT, values));
        }
    }

    /**
     * Copies doubles to the device.
     *
     * @param values the source
     */
    public void copyFrom(double[] values) {
        try (Arena arena = Arena.ofConfined()) {
            copyFrom(arena.allocateFrom(ValueLayout.JAVA_DOUBLE, values));
        }
    }

    /**
     * Copies ints to the device.
     *
     * @param values the source
     */
    public void copyFrom(int[] values) {
        try (Arena arena = Arena.ofConfined()) {
            copyFrom(arena.allocateFrom(ValueLayout.JAVA_INT, values));
        }
    }

    /**
     * Copies the first {@code values.length} floats back.
     *
     * @param values the destination
     */
    public void copyTo(float[] values) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ValueLayout.JAVA_FLOAT, values.length);
            copyTo(s);
            MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, values, 0, values.length);
        }
    }

    /**
     * Copies the first {@code values.length} doubles back.
     *
     * @param values the destination
     */
    public void copyTo(double[] values) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ValueLayout.JAVA_DOUBLE, values.length);
            copyTo(s);
            MemorySegment.copy(s, ValueLayout.JAVA_DOUBLE, 0, values, 0, values.length);
        }
    }

    /**
     * Copies the first {@code values.length} ints back.
     *
     * @param values the destination
     */
    public void copyTo(int[] values) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ValueLayout.JAVA_INT, values.length);
            copyTo(s);
            MemorySegment.copy(s, ValueLayout.JAVA_INT, 0, values, 0, values.length);
        }
    }

    /**
     * Copies the first {@code values.length} longs back.
     *
     * @param values the destination
     */
    public void copyTo(long[] values) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ValueLayout.JAVA_LONG, values.length);
            copyTo(s);
            MemorySegment.copy(s, ValueLayout.JAVA_LONG, 0, values, 0, values.length);
        }
    }

    /** Sets every byte to zero. */
    public void clear() {
        check();
        context.makeCurrent();
        CudaDriver d = context.driver();
        d.call("cuMemsetD8", d.cuMemsetD8, address, 0, bytes);
    }

    private void fits(long n) {
        if (n > bytes) {
            throw new IllegalArgumentException(
                    "copy of " + n + " bytes does not fit device memory of " + bytes + " bytes");
        }
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("device memory of " + bytes + " bytes is already freed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (owned) {
                context.makeCurrent();
                CudaDriver d = context.driver();
                d.call("cuMemFree", d.cuMemFree, address);
            }
        }
    }
}
