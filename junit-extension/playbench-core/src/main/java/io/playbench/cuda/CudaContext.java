package io.playbench.cuda;

import static io.playbench.cuda.Native.LONG;
import static io.playbench.cuda.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The primary CUDA context of one GPU, retained while this object is open. Every operation makes it current on the
 * calling thread first, so it may be used from any thread (one at a time).
 */
public final class CudaContext implements AutoCloseable {

    private final CudaDriver driver;
    private final CudaDevice device;
    private final int handle;
    private final MemorySegment context;
    private volatile boolean closed;

    CudaContext(CudaDriver driver, CudaDevice device) {
        this.driver = driver;
        this.device = device;
        this.handle = driver.intOut("cuDeviceGet", driver.cuDeviceGet, device.ordinal());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(PTR);
            driver.call("cuDevicePrimaryCtxRetain", driver.cuDevicePrimaryCtxRetain, out, handle);
            this.context = out.get(PTR, 0);
        }
        makeCurrent();
    }

    /**
     * The GPU.
     *
     * @return its description
     */
    public CudaDevice device() {
        return device;
    }

    CudaDriver driver() {
        return driver;
    }

    /** Makes this context current on the calling thread. */
    public void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("the CUDA context of GPU " + device.ordinal() + " is closed");
        }
        driver.call("cuCtxSetCurrent", driver.cuCtxSetCurrent, context);
    }

    /**
     * Allocates device memory.
     *
     * @param bytes the size, {@code > 0}
     * @return the memory, to be closed
     */
    public DeviceMemory allocate(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("device allocations need a positive size but got " + bytes);
        }
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(LONG);
            try {
                driver.call("cuMemAlloc(" + bytes + " bytes)", driver.cuMemAlloc, out, bytes);
            } catch (CudaException e) {
                throw new CudaException(
                        "cuMemAlloc of " + bytes + " bytes on " + device.name() + " (" + device.memoryBytes()
                                + " bytes in all)",
                        e.code(),
                        driver.errorName(e.code()));
            }
            return new DeviceMemory(this, out.get(LONG, 0), bytes, true);
        }
    }

    /**
     * Loads a module from PTX (as {@link Nvrtc#compile} returns it).
     *
     * @param ptx the PTX, NUL-terminated
     * @return the module, to be closed
     */
    public CudaModule load(byte[] ptx) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = arena.allocate(ptx.length + 1L);
            MemorySegment.copy(ptx, 0, image, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, ptx.length);
            MemorySegment out = arena.allocate(PTR);
            driver.call("cuModuleLoadData", driver.cuModuleLoadData, out, image);
            return new CudaModule(this, out.get(PTR, 0));
        }
    }

    /**
     * Compiles CUDA C++ source for this GPU with NVRTC and loads it.
     *
     * @param source the source
     * @param name a file name for messages
     * @param extraOptions NVRTC options besides the architecture
     * @return the module, to be closed
     */
    public CudaModule compileAndLoad(String source, String name, java.util.List<String> extraOptions) {
        java.util.List<String> options = new java.util.ArrayList<>();
        options.add(device.architectureOption());
        options.addAll(extraOptions);
        return load(Nvrtc.get().compile(source, name, options));
    }

    /** Waits for all work queued on this context. */
    public void synchronize() {
        makeCurrent();
        driver.call("cuCtxSynchronize", driver.cuCtxSynchronize);
    }

    /**
     * Creates an event for timing on the default stream.
     *
     * @return the event, to be closed
     */
    public CudaEvent event() {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(PTR);
            driver.call("cuEventCreate", driver.cuEventCreate, out, 0);
            return new CudaEvent(this, out.get(PTR, 0));
        }
    }

    /**
     * Free and total device memory.
     *
     * @return {@code {free, total}} [bytes]
     */
    public long[] memoryInfo() {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(LONG);
            MemorySegment total = arena.allocate(LONG);
            driver.call("cuMemGetInfo", driver.cuMemGetInfo, free, total);
            return new long[] {free.get(LONG, 0), total.get(LONG, 0)};
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            driver.call("cuDevicePrimaryCtxRelease", driver.cuDevicePrimaryCtxRelease, handle);
        }
    }
}
