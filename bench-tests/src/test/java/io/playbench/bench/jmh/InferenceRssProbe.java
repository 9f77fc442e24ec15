package io.playbench.bench.jmh;

import io.playbench.device.Device;
import io.playbench.inference.InferenceEngines;
import io.playbench.inference.Policy;
import io.playbench.library.PolicySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resource-safety probe: runs a million policy calls and prints the process RSS ({@code VmRSS} from
 * {@code /proc/self/status}) every 100,000 calls, so that native memory growth (an unclosed TensorFlow {@code Result},
 * a tensor per call) would show as a rising line.
 *
 * <pre>
 * ./mvnw -B -pl bench-tests -am -Pjmh -DskipTests test -Djmh.args=... (or, with the test class path:)
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp ... io.playbench.bench.jmh.InferenceRssProbe tensorflow sb3 1 1000000
 * </pre>
 */
public final class InferenceRssProbe {

    private InferenceRssProbe() {}

    public static void main(String[] args) throws IOException {
        String engine = args.length > 0 ? args[0] : "tensorflow";
        String policyName = args.length > 1 ? args[1] : "sb3";
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        long calls = args.length > 3 ? Long.parseLong(args[3]) : 1_000_000;
        PolicySpec spec = BenchPolicies.byName(policyName);
        float[] obs = BenchPolicies.observations(spec, batch);
        int[] discrete = new int[batch];
        float[] continuous = new float[batch * spec.outputSize()];
        boolean isDiscrete = BenchPolicies.discrete(spec);
        try (Policy policy = InferenceEngines.compile(spec, engine, Device.CPU, batch)) {
            policy.warmUp();
            System.out.printf(
                    "engine %s policy %s batch %d: calls, VmRSS MiB, heap used MiB, seconds%n",
                    engine, policyName, batch);
            long start = System.nanoTime();
            for (long i = 0; i <= calls; i++) {
                if (i % (calls / 10) == 0) {
                    Runtime rt = Runtime.getRuntime();
                    System.out.printf(
                            "%d, %.1f, %.1f, %.1f%n",
                            i,
                            rssKiB() / 1024.0,
                            (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
                            (System.nanoTime() - start) / 1e9);
                }
                if (isDiscrete) {
                    policy.act(obs, discrete);
                } else {
                    policy.act(obs, continuous);
                }
            }
        }
    }

    static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
