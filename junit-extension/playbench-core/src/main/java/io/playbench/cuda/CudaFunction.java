package io.playbench.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A kernel of a loaded {@link CudaModule}, launched on the default stream. */
public final class CudaFunction {

    private final CudaContext context;
    private final String name;
    private final MemorySegment function;

    CudaFunction(CudaContext context, String name, MemorySegment function) {
        this.context = context;
        this.name = name;
        this.function = function;
    }

    /**
     * The kernel's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Queues a one-dimensional launch (asynchronous: synchronise or record an event to wait for it).
     *
     * @param blocks the grid size
     * @param threads threads per block
     * @param sharedBytes dynamic shared memory per block
     * @param args the kernel arguments in order: {@link DeviceMemory} (passed as its address), {@code Long},
     *     {@code Integer}, {@code Float}, {@code Double}
     */
    public void launch(int blocks, int threads, int sharedBytes, Object... args) {
        context.makeCurrent();
        CudaDriver d = context.driver();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(ValueLayout.ADDRESS, Math.max(1, args.length));
            for (int i = 0; i < args.length; i++) {
                MemorySegment value = switch (args[i]) {
                    case DeviceMemory m -> arena.allocateFrom(ValueLayout.JAVA_LONG, m.address());
                    case Long l -> arena.allocateFrom(ValueLayout.JAVA_LONG, l);
                    case Integer n -> arena.allocateFrom(ValueLayout.JAVA_INT, n);
                    case Float f -> arena.allocateFrom(ValueLayout.JAVA_FLOAT, f);
                    case Double x -> arena.allocateFrom(ValueLayout.JAVA_DOUBLE, x);
                    default ->
                        throw new IllegalArgumentException("kernel argument " + i + " of " + name
                                + " has unsupported type " + args[i].getClass().getName());
                };
                params.setAtIndex(ValueLayout.ADDRESS, i, value);
            }
            d.call(
                    "cuLaunchKernel(" + name + ", " + blocks + " x " + threads + ")",
                    d.cuLaunchKernel,
                    function,
                    blocks,
                    1,
                    1,
                    threads,
                    1,
                    1,
                    sharedBytes,
                    MemorySegment.NULL,
                    params,
                    MemorySegment.NULL);
        }
    }
}
