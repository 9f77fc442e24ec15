package io.playbench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.playbench.library.PolicySpec;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InferenceEnginesTests {

    private static final PolicySpec SB3 = PolicySpecFixtures.sb3Default(new Random(1), false);
    private static final PolicySpec ISAAC = PolicySpecFixtures.isaac(new Random(2));

    @Test
    void enginesAreFoundByIdAndAnUnknownIdListsTheKnownOnes() {
        assertThat(InferenceEngines.ids()).containsExactly("auto", "tensorflow", "java-vector", "java-scalar");
        assertThat(InferenceEngines.get("TensorFlow").id()).isEqualTo("tensorflow");
        assertThat(InferenceEngines.get(null).id()).isEqualTo("auto");
        assertThatThrownBy(() -> InferenceEngines.get("onnx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown inference engine 'onnx'; known: [auto, tensorflow, java-vector, java-scalar]");
    }

    @Test
    void aGpuRequestWithoutAGpuSaysWhatWasFoundAndHowToEnableOne() {
        // GIVEN the CPU natives (this build), WHEN a GPU is requested, THEN the message names what TensorFlow found
        assumeTrue(TensorFlowDevices.gpus().isEmpty(), "TensorFlow sees a GPU here");
        assertThatThrownBy(() -> new TensorFlowEngine().compile(SB3, "gpu:0", 8))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("device 'gpu:0' was requested but TensorFlow")
                .hasMessageContaining("found no GPU")
                .hasMessageContaining("device:CPU:0")
                .hasMessageContaining("natives: tensorflow-core-native linux-x86_64")
                .hasMessageContaining("-Ptensorflow-gpu")
                .hasMessageContaining("CUDA 12");
        assertThatThrownBy(() -> JavaEngine.vector().compile(SB3, "gpu", 8))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("runs on the CPU only");
    }

    @Test
    void deviceAutoFallsBackToTheCpuAndSaysSo() {
        assumeTrue(TensorFlowDevices.gpus().isEmpty(), "TensorFlow sees a GPU here");
        try (Policy policy = new TensorFlowEngine(1).compile(SB3, "auto", 4)) {
            assertThat(policy.device()).isEqualTo("cpu");
            assertThat(policy.deviceInfo().isGpu()).isFalse();
            assertThat(policy.deviceInfo().toBundleGpu()).isEmpty();
            assertThat(policy.warnings()).singleElement().asString()
                    .startsWith("device auto: TensorFlow found no GPU").endsWith("running on the CPU");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpu", "gpu:-1", "gpu:x", "cuda:"})
    void anUnknownDeviceIsRejectedWithTheKnownForms(String device) {
        assertThatThrownBy(() -> JavaEngine.vector().compile(SB3, device, 4))
                .hasMessage("unknown device '" + device + "'; use cpu, gpu, gpu:N (N >= 0) or auto");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tensorflow", "java-vector", "java-scalar"})
    void aClosedPolicyFailsClearlyAndClosingTwiceIsHarmless(String engine) {
        Policy policy = InferenceEngines.compile(SB3, engine, "cpu", 256);
        policy.warmUp();
        assertThat(policy.engine()).isEqualTo(engine);
        assertThat(policy.batchSize()).isEqualTo(256);
        assertThatThrownBy(() -> policy.act(new float[256 * 4], new float[256 * 2]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("discrete action");
        assertThatThrownBy(() -> policy.act(new float[3], new int[256]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch 256 needs 1024 observation floats");

        policy.close();
        policy.close();

        assertThatThrownBy(() -> policy.act(new float[256 * 4], new int[256]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this " + engine + " policy was closed; compile the spec again to use it");
    }

    @Test
    void autoChoosesTheJavaEngineOnTheCpuWhenTheVectorApiIsThere() {
        assumeTrue(JavaEngine.vectorApiAvailable(), "run with --add-modules jdk.incubator.vector");
        try (Policy policy = InferenceEngines.compile(ISAAC, "auto", "cpu", 4096)) {
            assertThat(policy.engine()).isEqualTo("java-vector");
            assertThat(policy.notes().getFirst()).startsWith("engine auto chose java-vector on the CPU for 54016 multiply-adds per row at batch 4096");
        }
    }

    @Test
    void withoutTheVectorApiTensorFlowTakesLargeBatchesAndJavaTakesSmallOnes() {
        assertThat(AutoEngine.choose(ISAAC, 4096, false).engine()).isEqualTo("tensorflow");
        assertThat(AutoEngine.choose(SB3, 1, false).engine()).isEqualTo("java-vector");
        assertThat(AutoEngine.choose(SB3, 4096, true).engine()).isEqualTo("java-vector");
        assertThat(AutoEngine.choose(SB3, 4096, true).reason()).contains("predicted").contains("µs per call for tensorflow");
    }

    @Test
    void theJavaEngineRecordsItsKernelAndThreads() {
        try (Policy policy = JavaEngine.vector().withThreads(2).compile(SB3, "cpu", 4096)) {
            assertThat(JavaEngine.vectorApiAvailable()).as("the test JVM runs with --add-modules jdk.incubator.vector").isTrue();
            assertThat(policy.warnings()).isEmpty();
            assertThat(policy.notes()).singleElement().asString()
                    .startsWith("engine java-vector: kernel vector-" + JavaEngine.vectorLanes() * 32 + ", 2 thread(s) for batch 4096");
        }
    }
}
