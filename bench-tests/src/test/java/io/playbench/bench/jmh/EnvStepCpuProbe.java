package io.playbench.bench.jmh;

import io.playbench.env.EnvOptions;
import io.playbench.env.MathMode;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * A companion to {@link CartPoleStepBenchmark} for shared, overloaded machines: steps CartPole-v1 like the benchmark
 * and reports env steps per wall-clock second and per CPU second of the stepping threads (the caller plus the env's
 * pool threads, spin-waiting included). On a machine whose cores are busy with other work, wall-clock rates measure
 * the scheduler; the CPU-second rate is what one core delivers when it is actually running this code.
 *
 * <p>Run after {@code ./mvnw -pl bench-tests -am test-compile}:
 * {@code java --enable-native-access=ALL-UNNAMED -cp junit-extension/playbench-core/target/classes:bench-tests/target/test-classes
 * io.playbench.bench.jmh.EnvStepCpuProbe [seconds]}.
 */
public final class EnvStepCpuProbe {

    private EnvStepCpuProbe() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf(
                "%-6s %7s %7s %16s %20s%n", "math", "numEnvs", "threads", "env-steps/s wall", "env-steps/CPU-s");
        for (MathMode mode : MathMode.values()) {
            for (int numEnvs : new int[] {4096, 65536}) {
                for (int threads : new int[] {1, 2}) {
                    try (VecEnv env = Tasks.make(
                            "CartPole-v1",
                            numEnvs,
                            EnvOptions.defaults().withThreads(threads).withMathMode(mode))) {
                        env.reset(0);
                        int[] actions =
                                new SplittableRandom(1).ints(numEnvs, 0, 2).toArray();
                        run(env, actions, (long) (seconds * 0.5e9)); // warm-up
                        long cpu0 = steppingCpu(mx);
                        long t0 = System.nanoTime();
                        long steps = run(env, actions, (long) (seconds * 1e9));
                        long wall = System.nanoTime() - t0;
                        long cpu = steppingCpu(mx) - cpu0;
                        System.out.printf(
                                "%-6s %7d %7d %16.1fM %19.1fM%n",
                                mode, numEnvs, threads, steps * 1e3 / wall, steps * 1e3 / cpu);
                    }
                }
            }
        }
    }

    private static long run(VecEnv env, int[] actions, long nanos) {
        long steps = 0;
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            for (int k = 0; k < 10; k++) {
                env.step(actions);
            }
            steps += 10L * env.numEnvs();
        }
        return steps;
    }

    /** CPU time of this thread and of the env pools' threads. */
    private static long steppingCpu(ThreadMXBean mx) {
        long total = mx.getCurrentThreadCpuTime();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("playbench-") && t.isAlive()) {
                long c = mx.getThreadCpuTime(t.threadId());
                if (c > 0) {
                    total += c;
                }
            }
        }
        return total;
    }
}
