package io.playbench.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.device.Device;
import io.playbench.library.PolicySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM started without {@code --add-modules jdk.incubator.vector} still runs java-vector, in scalar Java, and says so. */
class VectorFallbackTests {

    @Test
    void withoutTheModuleTheJavaEngineFallsBackToScalarWithAWarning() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("available=false")
                .contains(
                        "engine java-vector: the module jdk.incubator.vector is not enabled in this JVM; running scalar Java instead")
                .contains("Add --add-modules jdk.incubator.vector")
                .contains("kernel scalar")
                .contains("action=");
        // the console says it too, once, where an IDE run shows it
        assertThat(out.lines().filter(l -> l.startsWith("PlayBench WARNING: engine java-vector")))
                .hasSize(1);
    }

    @Test
    void requireVectorTurnsTheFallbackIntoAFailure() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-D" + JavaEngine.REQUIRE_VECTOR_PROPERTY + "=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out)
                .contains("IllegalStateException: engine java-vector: the module jdk.incubator.vector is not enabled")
                .contains("-Dplaybench.require.vector=true forbids the scalar fallback")
                .doesNotContain("action=");
    }

    /** Runs in the child JVM. */
    public static final class Main {
        public static void main(String[] args) {
            PolicySpec spec = PolicySpecFixtures.sb3Default(new Random(1), true);
            try (Policy policy = JavaEngine.vector().compile(spec, Device.CPU, 2);
                    Policy again = JavaEngine.vector().compile(spec, Device.CPU, 2)) {
                int[] actions = new int[2];
                policy.act(new float[] {0.1f, 0.2f, 0.3f, 0.4f, -1, -2, -3, -4}, actions);
                System.out.println("available=" + JavaEngine.vectorApiAvailable());
                System.out.println(policy.warnings());
                System.out.println(policy.notes());
                System.out.println("action=" + List.of(actions[0], actions[1]));
            }
        }
    }
}
