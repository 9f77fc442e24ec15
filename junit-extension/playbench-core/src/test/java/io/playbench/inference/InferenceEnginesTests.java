package io.playbench.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.playbench.device.Device;
import io.playbench.library.PolicySpec;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InferenceEnginesTests {

    private static final PolicySpec SB3 = PolicySpecFixtures.sb3Default(new Random(1), false);
    private static final PolicySpec ISAAC = PolicySpecFixtures.isaac(new Random(2));

    @Test
    void enginesAreFoundByIdAndAnUnknownIdListsTheKnownOnes() {
        // GIVEN the core alone (no playbench-tensorflow on this module's test class path)
        assertThat(InferenceEngines.ids()).containsExactly("auto", "java-vector", "java-scalar", "reference");
        assertThat(InferenceEngines.get("Java-Vector").id()).isEqualTo("java-vector");
        assertThat(InferenceEngines.get(null).id()).isEqualTo("auto");
        assertThatThrownBy(() -> InferenceEngines.get("onnx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown inference engine 'onnx'; known: [auto, java-vector, java-scalar, reference]");
        assertThatThrownBy(() -> InferenceEngines.get("java")).hasMessageEndingWith("; did you mean java-vector?");
    }

    @Test
    void anOptionalEngineThatIsNotOnTheClassPathNamesTheDependencyToAdd() {
        assertThatThrownBy(() -> InferenceEngines.get("tensorflow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("inference engine 'tensorflow' is not on the class path: add the dependency "
                        + "io.playbench:playbench-tensorflow");
    }

    @Test
    void javaEnginesRefuseAGpu() {
        assertThatThrownBy(() -> JavaEngine.vector().compile(SB3, Device.gpu(0), 8))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("runs on the CPU only");
        assertThatThrownBy(() -> new ReferenceEngine().compile(SB3, Device.ALL_GPUS, 8))
                .isInstanceOf(DeviceUnavailableException.class);
    }

    @Test
    void autoOnAGpuWithoutAnEngineThatDrivesOneSaysWhatToAdd() {
        assertThatThrownBy(() -> new AutoEngine(Map.of(), JavaEngine.vector()).compile(SB3, Device.gpu(1), 8))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("device gpu:1 was requested for engine auto")
                .hasMessageContaining("io.playbench:playbench-tensorflow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"java-vector", "java-scalar"})
    void aClosedPolicyFailsClearlyAndClosingTwiceIsHarmless(String engine) {
        Policy policy = InferenceEngines.compile(SB3, engine, Device.CPU, 256);
        policy.warmUp();
        assertThat(policy.engine()).isEqualTo(engine);
        assertThat(policy.batchSize()).isEqualTo(256);
        assertThatThrownBy(() -> policy.act(new float[256 * 4], new float[256 * 2]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("discrete action");
        assertThatThrownBy(() -> policy.act(new float[3], new int[256]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch 256 needs 1024 observation floats");

        policy.close();
        policy.close();

        assertThatThrownBy(() -> policy.act(new float[256 * 4], new int[256]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this " + engine + " policy was closed; compile the spec again to use it");
    }

    @Test
    void autoChoosesTheJavaEngineOnTheCpuWhenTheVectorApiIsThere() {
        assumeTrue(JavaEngine.vectorApiAvailable(), "run with --add-modules jdk.incubator.vector");
        try (Policy policy = InferenceEngines.compile(ISAAC, "auto", Device.CPU, 4096)) {
            assertThat(policy.engine()).isEqualTo("java-vector");
            assertThat(policy.notes().getFirst())
                    .startsWith(
                            "engine auto chose java-vector on the CPU for 54016 multiply-adds per row at batch 4096");
        }
    }

    @Test
    void aPluggedInEngineThatPredictsLessTimeWinsTheCpuChoice() {
        // GIVEN a plugged-in engine with a fixed 1 ms per call
        InferenceEngineProvider fixed = new InferenceEngineProvider() {
            @Override
            public String id() {
                return "fixed";
            }

            @Override
            public InferenceEngine create() {
                return JavaEngine.scalar();
            }

            @Override
            public OptionalDouble predictCpuNanos(long multiplyAdds, long transcendentals, int batch) {
                return OptionalDouble.of(1_000_000);
            }
        };
        Map<String, InferenceEngineProvider> plugged = Map.of("fixed", fixed);
        // THEN it wins where the Java prediction is above 1 ms (the scalar fallback on the Isaac policy at 4096), not
        // below
        assertThat(AutoEngine.choose(ISAAC, 4096, false, plugged).engine()).isEqualTo("fixed");
        assertThat(AutoEngine.choose(SB3, 1, false, plugged).engine()).isEqualTo("java-vector");
        assertThat(AutoEngine.choose(SB3, 4096, true, plugged).reason())
                .contains("predicted")
                .contains("µs for fixed");
        // AND the compiled policy carries the reason in its notes
        try (Policy policy = new AutoEngine(plugged, JavaEngine.scalar()).compile(ISAAC, Device.CPU, 4096)) {
            assertThat(policy.notes().getFirst()).startsWith("engine auto chose fixed on the CPU");
        }
    }

    @Test
    void theJavaEngineRecordsItsKernelAndThreads() {
        try (Policy policy = JavaEngine.vector().withThreads(2).compile(SB3, Device.CPU, 4096)) {
            assertThat(JavaEngine.vectorApiAvailable())
                    .as("the test JVM runs with --add-modules jdk.incubator.vector")
                    .isTrue();
            assertThat(policy.warnings()).isEmpty();
            assertThat(policy.notes())
                    .singleElement()
                    .asString()
                    .startsWith("engine java-vector: kernel vector-" + JavaEngine.vectorLanes() * 32
                            + ", 2 thread(s) for batch 4096");
        }
    }

    @Test
    void thePluggedInEnginesAreEmptyWithoutProviders() {
        assertThat(InferenceEngines.providers()).isEmpty();
        assertThat(InferenceEngines.pluggedGpus()).isEqualTo(List.of());
    }
}
