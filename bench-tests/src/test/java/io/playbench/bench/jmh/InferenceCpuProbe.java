package io.playbench.bench.jmh;

import com.sun.management.OperatingSystemMXBean;
import io.playbench.device.Device;
import io.playbench.inference.InferenceEngines;
import io.playbench.inference.Policy;
import io.playbench.library.PolicySpec;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Inference throughput per wall second and per CPU second of the whole process, for machines shared with other
 * work (where wall-clock JMH scores mostly measure the neighbours). The CPU-second figure times the core count
 * estimates what the engine would do on the machine alone. Prints one CSV line per case.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp ... io.playbench.bench.jmh.InferenceCpuProbe \
 *     [seconds per case] [engines, comma-separated] [policies] [batches]
 * </pre>
 */
public final class InferenceCpuProbe {

    private InferenceCpuProbe() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        String[] engines = (args.length > 1 ? args[1] : "tensorflow,java-vector").split(",");
        String[] policies = (args.length > 2 ? args[2] : "sb3,isaac").split(",");
        String[] batches = (args.length > 3 ? args[3] : "1,256,4096,65536").split(",");
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.println(
                "engine,policy,batch,calls,wall_s,process_cpu_s,actions_per_wall_s,actions_per_cpu_s,us_per_call");
        for (String policyName : policies) {
            PolicySpec spec = BenchPolicies.byName(policyName);
            boolean discrete = BenchPolicies.discrete(spec);
            for (String b : batches) {
                int batch = Integer.parseInt(b);
                float[] obs = BenchPolicies.observations(spec, batch);
                float[] cont = new float[batch * spec.outputSize()];
                int[] disc = new int[batch];
                for (String engine : engines) {
                    try (Policy policy = InferenceEngines.compile(spec, engine, Device.CPU, batch)) {
                        policy.warmUp();
                        long deadline = System.nanoTime() + (long) (seconds * 0.3e9);
                        while (System.nanoTime() < deadline) { // JIT and caches settle
                            call(policy, discrete, obs, cont, disc);
                        }
                        long c0 = os.getProcessCpuTime();
                        long t0 = System.nanoTime();
                        long calls = 0;
                        while (System.nanoTime() - t0 < seconds * 1e9) {
                            call(policy, discrete, obs, cont, disc);
                            calls++;
                        }
                        double wall = (System.nanoTime() - t0) / 1e9;
                        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
                        System.out.printf(
                                Locale.ROOT,
                                "%s,%s,%d,%d,%.3f,%.3f,%.4g,%.4g,%.2f%n",
                                engine,
                                policyName,
                                batch,
                                calls,
                                wall,
                                cpu,
                                calls * (double) batch / wall,
                                calls * (double) batch / cpu,
                                wall / calls * 1e6);
                    }
                }
            }
        }
    }

    private static void call(Policy policy, boolean discrete, float[] obs, float[] cont, int[] disc) {
        if (discrete) {
            policy.act(obs, disc);
        } else {
            policy.act(obs, cont);
        }
    }
}
