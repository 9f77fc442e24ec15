package io.playbench.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The CUDA bindings on whatever host runs the tests: without a driver they say what is missing and never throw from {@code deviceCount}. */
class CudaTests {

    @Test
    void withoutADriverDeviceCountIsZeroAndTheReasonNamesTheLibrary() {
        assumeTrue(Native.open(CudaDriver.LIBRARY).isEmpty(), "this host has " + CudaDriver.LIBRARY);

        assertThat(Cuda.deviceCount()).isZero();
        assertThat(Cuda.devices()).isEmpty();
        assertThat(Cuda.unavailableReason())
                .get()
                .asString()
                .contains("libcuda.so.1")
                .contains("NVIDIA driver");
        assertThatThrownBy(() -> Cuda.open(0))
                .isInstanceOf(CudaUnavailableException.class)
                .hasMessageContaining("libcuda.so.1");
        assertThatThrownBy(Cuda::driverVersion).isInstanceOf(io.playbench.inference.DeviceUnavailableException.class);
    }

    @Test
    void withADriverEveryDeviceIsDescribed() {
        assumeTrue(
                Cuda.deviceCount() > 0,
                () -> "no GPU: " + Cuda.unavailableReason().orElse(""));

        CudaDevice d = Cuda.device(0);
        assertThat(d.name()).isNotBlank();
        assertThat(d.memoryBytes()).isPositive();
        assertThat(d.computeCapability()).matches("[0-9]+\\.[0-9]+");
        try (CudaContext ctx = Cuda.open(0);
                DeviceMemory m = ctx.allocate(64)) {
            m.copyFrom(new double[] {1, 2, 3});
            double[] back = new double[3];
            m.copyTo(back);
            assertThat(back).containsExactly(1, 2, 3);
        }
    }

    @Test
    void nvrtcIsLookedForInCudaHomeAndUsrLocalCuda() {
        assertThat(Nvrtc.candidates()).allMatch(p -> p.getFileName().toString().startsWith("libnvrtc.so"));
    }
}
