package io.playbench.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CUDA through Java's foreign function and memory API (no JNI, no native artifacts of PlayBench's own): the entry
 * point that finds the driver, counts and describes GPUs, and opens contexts.
 *
 * <pre>{@code
 * if (Cuda.deviceCount() > 0) {
 *     try (CudaContext ctx = Cuda.open(0)) {
 *         System.out.println(ctx.device().name());
 *     }
 * } else {
 *     System.out.println(Cuda.unavailableReason().orElseThrow());
 * }
 * }</pre>
 *
 * <p>The driver ({@code libcuda.so.1}) is found through the system loader by name; NVRTC as {@link Nvrtc} says.
 * Code using these classes needs {@code --enable-native-access=ALL-UNNAMED} (or the module's name) to run without
 * warnings.
 */
public final class Cuda {

    private static final Object LOCK = new Object();
    private static volatile CudaDriver driver;
    private static volatile String failure;

    private Cuda() {}

    /**
     * The driver, loaded and initialised on first use.
     *
     * @return the driver
     * @throws CudaUnavailableException saying what is missing
     */
    static CudaDriver driver() {
        CudaDriver d = driver;
        if (d != null) {
            return d;
        }
        synchronized (LOCK) {
            if (driver != null) {
                return driver;
            }
            if (failure != null) {
                throw new CudaUnavailableException(failure);
            }
            try {
                driver = CudaDriver.load();
                return driver;
            } catch (CudaUnavailableException e) {
                failure = e.getMessage();
                throw e;
            } catch (RuntimeException | LinkageError e) {
                failure = "the CUDA driver could not be loaded: " + e;
                throw new CudaUnavailableException(failure);
            }
        }
    }

    /**
     * The number of usable GPUs; 0 (never an exception) when the driver is missing or reports no device.
     *
     * @return the count
     */
    public static int deviceCount() {
        try {
            CudaDriver d = driver();
            return d.intOut("cuDeviceGetCount", d.cuDeviceGetCount);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Why CUDA cannot be used here, for a disabled test's message; empty when at least one GPU is usable.
     *
     * @return the reason and what to do
     */
    public static Optional<String> unavailableReason() {
        try {
            CudaDriver d = driver();
            int n = d.intOut("cuDeviceGetCount", d.cuDeviceGetCount);
            return n > 0
                    ? Optional.empty()
                    : Optional.of(
                            "the NVIDIA driver reports no CUDA device (check nvidia-smi and CUDA_VISIBLE_DEVICES)");
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The driver's CUDA version, e.g. {@code 13.0}.
     *
     * @return the version
     * @throws CudaUnavailableException without a driver
     */
    public static String driverVersion() {
        CudaDriver d = driver();
        int v = d.intOut("cuDriverGetVersion", d.cuDriverGetVersion);
        return v / 1000 + "." + (v % 1000) / 10;
    }

    /**
     * Describes a GPU.
     *
     * @param ordinal the device index
     * @return name, memory, compute capability
     * @throws CudaUnavailableException without a driver or without that device
     */
    public static CudaDevice device(int ordinal) {
        CudaDriver d = driver();
        int count = d.intOut("cuDeviceGetCount", d.cuDeviceGetCount);
        if (ordinal < 0 || ordinal >= count) {
            throw new CudaUnavailableException(
                    "GPU " + ordinal + " was asked for but the driver reports " + count + " device(s)");
        }
        int dev = d.intOut("cuDeviceGet", d.cuDeviceGet, ordinal);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            d.call("cuDeviceGetName", d.cuDeviceGetName, name, 256, dev);
            MemorySegment mem = arena.allocate(Native.LONG);
            d.call("cuDeviceTotalMem", d.cuDeviceTotalMem, mem, dev);
            int major = d.intOut("cuDeviceGetAttribute", d.cuDeviceGetAttribute, CudaDriver.ATTRIBUTE_CC_MAJOR, dev);
            int minor = d.intOut("cuDeviceGetAttribute", d.cuDeviceGetAttribute, CudaDriver.ATTRIBUTE_CC_MINOR, dev);
            int sms = d.intOut("cuDeviceGetAttribute", d.cuDeviceGetAttribute, CudaDriver.ATTRIBUTE_SM_COUNT, dev);
            return new CudaDevice(
                    ordinal, name.getString(0), mem.get(Native.LONG, 0), major, minor, sms, driverVersion());
        }
    }

    /**
     * Every usable GPU.
     *
     * @return the devices, empty without a driver
     */
    public static List<CudaDevice> devices() {
        List<CudaDevice> out = new ArrayList<>();
        for (int i = 0; i < deviceCount(); i++) {
            out.add(device(i));
        }
        return out;
    }

    /**
     * Opens (retains) the primary context of a GPU and makes it current on the calling thread.
     *
     * @param ordinal the device index
     * @return the context, to be closed
     * @throws CudaUnavailableException without a driver or without that device
     */
    public static CudaContext open(int ordinal) {
        CudaDevice device = device(ordinal);
        return new CudaContext(driver(), device);
    }
}
