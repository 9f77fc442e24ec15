package io.playbench.cuda;

/**
 * A GPU as the CUDA driver describes it.
 *
 * @param ordinal the device index ({@code gpu:N})
 * @param name the product name
 * @param memoryBytes total memory [bytes]
 * @param ccMajor compute capability, major
 * @param ccMinor compute capability, minor
 * @param multiprocessors the number of SMs
 * @param driverVersion the driver's CUDA version, e.g. {@code 13.0}
 */
public record CudaDevice(
        int ordinal,
        String name,
        long memoryBytes,
        int ccMajor,
        int ccMinor,
        int multiprocessors,
        String driverVersion) {

    /**
     * The compute capability as written in bundles.
     *
     * @return e.g. {@code 9.0}
     */
    public String computeCapability() {
        return ccMajor + "." + ccMinor;
    }

    /**
     * The NVRTC option targeting this GPU's real architecture, so that NVRTC emits a CUBIN (machine code) and the
     * driver does not JIT-compile PTX at load time (which takes tens of seconds for large unrolled kernels).
     *
     * @return e.g. {@code --gpu-architecture=sm_90}
     */
    public String architectureOption() {
        return "--gpu-architecture=sm_" + ccMajor + ccMinor;
    }
}
