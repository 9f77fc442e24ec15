package io.playbench.cuda;

import static io.playbench.cuda.Native.INT;
import static io.playbench.cuda.Native.LONG;
import static io.playbench.cuda.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** The CUDA driver API ({@code libcuda.so.1}) through the foreign function API: the calls PlayBench uses. */
final class CudaDriver {

    static final String LIBRARY = System.getProperty("playbench.cuda.driver", "libcuda.so.1");
    static final int ATTRIBUTE_CC_MAJOR = 75;
    static final int ATTRIBUTE_CC_MINOR = 76;
    static final int ATTRIBUTE_SM_COUNT = 16;

    final MethodHandle cuInit;
    final MethodHandle cuDriverGetVersion;
    final MethodHandle cuDeviceGetCount;
    final MethodHandle cuDeviceGet;
    final MethodHandle cuDeviceGetName;
    final MethodHandle cuDeviceTotalMem;
    final MethodHandle cuDeviceGetAttribute;
    final MethodHandle cuDevicePrimaryCtxRetain;
    final MethodHandle cuDevicePrimaryCtxRelease;
    final MethodHandle cuCtxSetCurrent;
    final MethodHandle cuCtxSynchronize;
    final MethodHandle cuModuleLoadData;
    final MethodHandle cuModuleUnload;
    final MethodHandle cuModuleGetFunction;
    final MethodHandle cuModuleGetGlobal;
    final MethodHandle cuMemAlloc;
    final MethodHandle cuMemFree;
    final MethodHandle cuMemcpyHtoD;
    final MethodHandle cuMemcpyDtoH;
    final MethodHandle cuMemsetD8;
    final MethodHandle cuLaunchKernel;
    final MethodHandle cuEventCreate;
    final MethodHandle cuEventDestroy;
    final MethodHandle cuEventRecord;
    final MethodHandle cuEventSynchronize;
    final MethodHandle cuEventElapsedTime;
    final MethodHandle cuGetErrorName;
    final MethodHandle cuMemGetInfo;

    private CudaDriver(SymbolLookup l) {
        String lib = LIBRARY;
        cuInit = Native.required(l, lib, "cuInit", INT);
        cuDriverGetVersion = Native.required(l, lib, "cuDriverGetVersion", PTR);
        cuDeviceGetCount = Native.required(l, lib, "cuDeviceGetCount", PTR);
        cuDeviceGet = Native.required(l, lib, "cuDeviceGet", PTR, INT);
        cuDeviceGetName = Native.required(l, lib, "cuDeviceGetName", PTR, INT, INT);
        cuDeviceTotalMem = Native.required(l, lib, "cuDeviceTotalMem_v2", PTR, INT);
        cuDeviceGetAttribute = Native.required(l, lib, "cuDeviceGetAttribute", PTR, INT, INT);
        cuDevicePrimaryCtxRetain = Native.required(l, lib, "cuDevicePrimaryCtxRetain", PTR, INT);
        cuDevicePrimaryCtxRelease = Native.required(l, lib, "cuDevicePrimaryCtxRelease_v2", INT);
        cuCtxSetCurrent = Native.required(l, lib, "cuCtxSetCurrent", PTR);
        cuCtxSynchronize = Native.required(l, lib, "cuCtxSynchronize");
        cuModuleLoadData = Native.required(l, lib, "cuModuleLoadData", PTR, PTR);
        cuModuleUnload = Native.required(l, lib, "cuModuleUnload", PTR);
        cuModuleGetFunction = Native.required(l, lib, "cuModuleGetFunction", PTR, PTR, PTR);
        cuModuleGetGlobal = Native.required(l, lib, "cuModuleGetGlobal_v2", PTR, PTR, PTR, PTR);
        cuMemAlloc = Native.required(l, lib, "cuMemAlloc_v2", PTR, LONG);
        cuMemFree = Native.required(l, lib, "cuMemFree_v2", LONG);
        cuMemcpyHtoD = Native.required(l, lib, "cuMemcpyHtoD_v2", LONG, PTR, LONG);
        cuMemcpyDtoH = Native.required(l, lib, "cuMemcpyDtoH_v2", PTR, LONG, LONG);
        cuMemsetD8 = Native.required(l, lib, "cuMemsetD8_v2", LONG, INT, LONG);
        cuLaunchKernel =
                Native.required(l, lib, "cuLaunchKernel", PTR, INT, INT, INT, INT, INT, INT, INT, PTR, PTR, PTR);
        cuEventCreate = Native.required(l, lib, "cuEventCreate", PTR, INT);
        cuEventDestroy = Native.required(l, lib, "cuEventDestroy_v2", PTR);
        cuEventRecord = Native.required(l, lib, "cuEventRecord", PTR, PTR);
        cuEventSynchronize = Native.required(l, lib, "cuEventSynchronize", PTR);
        MethodHandle elapsed = Native.intFunction(l, "cuEventElapsedTime_v2", PTR, PTR, PTR);
        cuEventElapsedTime = elapsed != null ? elapsed : Native.required(l, lib, "cuEventElapsedTime", PTR, PTR, PTR);
        cuGetErrorName = Native.required(l, lib, "cuGetErrorName", INT, PTR);
        cuMemGetInfo = Native.required(l, lib, "cuMemGetInfo_v2", PTR, PTR);
    }

    /** Loads the driver and calls {@code cuInit(0)}. */
    static CudaDriver load() {
        SymbolLookup lookup = Native.open(LIBRARY)
                .orElseThrow(
                        () -> new CudaUnavailableException(
                                "the NVIDIA driver library " + LIBRARY
                                        + " was not found by the system loader, so there is no usable GPU on this host; "
                                        + "install the NVIDIA driver (or run on a GPU host, with the library on LD_LIBRARY_PATH in containers)"));
        CudaDriver d = new CudaDriver(lookup);
        int rc = Native.invoke(d.cuInit, 0);
        if (rc != 0) {
            throw new CudaUnavailableException(
                    "cuInit failed with " + d.errorName(rc) + " (" + rc + "): the NVIDIA driver is installed but "
                            + "no GPU can be used (check nvidia-smi, CUDA_VISIBLE_DEVICES and the container's GPU access)");
        }
        return d;
    }

    /** Fails with a {@link CudaException} naming the call when {@code rc} is not {@code CUDA_SUCCESS}. */
    void check(String call, int rc) {
        if (rc != 0) {
            throw new CudaException(call, rc, errorName(rc));
        }
    }

    int call(String name, MethodHandle h, Object... args) {
        int rc = Native.invoke(h, args);
        check(name, rc);
        return rc;
    }

    String errorName(int rc) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(PTR);
            if (Native.invoke(cuGetErrorName, rc, p) != 0) {
                return "CUresult " + rc;
            }
            MemorySegment s = p.get(PTR, 0);
            return s.equals(MemorySegment.NULL)
                    ? "CUresult " + rc
                    : s.reinterpret(256).getString(0);
        }
    }

    int intOut(String name, MethodHandle h, Object... rest) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(INT);
            Object[] args = new Object[rest.length + 1];
            args[0] = out;
            System.arraycopy(rest, 0, args, 1, rest.length);
            call(name, h, args);
            return out.get(INT, 0);
        }
    }
}
