package io.playbench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.playbench.device.Device;
import io.playbench.library.PolicySpec;
import io.playbench.tensorflow.TensorFlowEngine;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The optional TensorFlow engine, plugged into the core through ServiceLoader. */
class TensorFlowEngineTests {

    private static final PolicySpec SB3 = PolicySpecFixtures.sb3Default(new Random(1), false);
    private static final PolicySpec ISAAC = PolicySpecFixtures.isaac(new Random(2));

    @Test
    void theJarOnTheClassPathMakesTheEngineKnown() {
        assertThat(InferenceEngines.ids())
                .containsExactly("auto", "java-vector", "java-scalar", "reference", "tensorflow");
        assertThat(InferenceEngines.get("TensorFlow").id()).isEqualTo("tensorflow");
        assertThat(InferenceEngines.provider("tensorflow").orElseThrow().version())
                .get()
                .asString()
                .matches("2\\.[0-9]+\\.[0-9]+.*");
    }

    @Test
    void aGpuRequestWithoutAGpuSaysWhatWasFoundAndHowToEnableOne() {
        // GIVEN the CPU natives (this build), WHEN a GPU is requested, THEN the message names what TensorFlow found
        assumeTrue(InferenceEngines.pluggedGpus().isEmpty(), "TensorFlow sees a GPU here");
        assertThatThrownBy(() -> new TensorFlowEngine().compile(SB3, Device.gpu(0), 8))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("device 'gpu:0' was requested but TensorFlow")
                .hasMessageContaining("found no GPU")
                .hasMessageContaining("device:CPU:0")
                .hasMessageContaining("natives: tensorflow-core-native linux-x86_64")
                .hasMessageContaining("-Ptensorflow-gpu")
                .hasMessageContaining("CUDA 12");
        assertThat(InferenceEngines.provider("tensorflow").orElseThrow().gpuAbsenceReason())
                .contains("CPU build (linux-x86_64)");
    }

    @Test
    void deviceAutoFallsBackToTheCpuAndSaysSo() {
        assumeTrue(InferenceEngines.pluggedGpus().isEmpty(), "TensorFlow sees a GPU here");
        try (Policy policy = new TensorFlowEngine(1).compile(SB3, Device.AUTO, 4)) {
            assertThat(policy.device()).isEqualTo("cpu");
            assertThat(policy.deviceInfo().isGpu()).isFalse();
            assertThat(policy.deviceInfo().toBundleGpu()).isEmpty();
            assertThat(policy.warnings())
                    .singleElement()
                    .asString()
                    .startsWith("device auto: TensorFlow found no GPU")
                    .endsWith("running on the CPU");
        }
    }

    @Test
    void aClosedPolicyFailsClearly() {
        Policy policy = InferenceEngines.compile(SB3, "tensorflow", Device.CPU, 256);
        policy.warmUp();
        assertThat(policy.engine()).isEqualTo("tensorflow");
        policy.close();
        policy.close();
        assertThatThrownBy(() -> policy.act(new float[256 * 4], new int[256]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this tensorflow policy was closed; compile the spec again to use it");
    }

    @Test
    void withoutTheVectorApiTensorFlowTakesLargeBatchesAndJavaTakesSmallOnes() {
        var plugged = InferenceEngines.providers();
        assertThat(AutoEngine.choose(ISAAC, 4096, false, plugged).engine()).isEqualTo("tensorflow");
        assertThat(AutoEngine.choose(SB3, 1, false, plugged).engine()).isEqualTo("java-vector");
        assertThat(AutoEngine.choose(SB3, 4096, true, plugged).engine()).isEqualTo("java-vector");
        assertThat(AutoEngine.choose(SB3, 4096, true, plugged).reason())
                .contains("predicted")
                .contains("µs for tensorflow");
    }
}
