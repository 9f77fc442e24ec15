package io.playbench.cuda;

import static io.playbench.cuda.Native.LONG;
import static io.playbench.cuda.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A loaded CUDA module (compiled PTX): its kernels and its {@code __device__} / {@code __constant__} variables. */
public final class CudaModule implements AutoCloseable {

    private final CudaContext context;
    private final MemorySegment module;
    private boolean closed;

    CudaModule(CudaContext context, MemorySegment module) {
        this.context = context;
        this.module = module;
    }

    /**
     * A kernel of the module.
     *
     * @param name its {@code extern "C"} name
     * @return the kernel
     */
    public CudaFunction function(String name) {
        check();
        context.makeCurrent();
        CudaDriver d = context.driver();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(PTR);
            d.call("cuModuleGetFunction(" + name + ")", d.cuModuleGetFunction, out, module, arena.allocateFrom(name));
            return new CudaFunction(context, name, out.get(PTR, 0));
        }
    }

    /**
     * A module-scope variable ({@code __constant__} or {@code __device__}), to copy values into.
     *
     * @param name the variable's name
     * @return a view of its memory (closing it frees nothing)
     */
    public DeviceMemory global(String name) {
        check();
        context.makeCurrent();
        CudaDriver d = context.driver();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ptr = arena.allocate(LONG);
            MemorySegment size = arena.allocate(LONG);
            d.call("cuModuleGetGlobal(" + name + ")", d.cuModuleGetGlobal, ptr, size, module, arena.allocateFrom(name));
            return new DeviceMemory(context, ptr.get(LONG, 0), size.get(LONG, 0), false);
        }
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("the CUDA module is unloaded");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            context.makeCurrent();
            CudaDriver d = context.driver();
            d.call("cuModuleUnload", d.cuModuleUnload, module);
        }
    }
}
