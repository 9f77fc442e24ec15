package io.playbench.bench.jmh;

import io.playbench.env.EnvOptions;
import io.playbench.env.MathMode;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CartPole-v1 env-steps per second of the vectorised classic-control env, without a policy.
 *
 * <p>One benchmark operation is one {@code VecEnv.step(int[])} over all {@code numEnvs} envs, NEXT_STEP autoresets
 * included (the actions are a fixed random 0/1 pattern, so episodes end after 10-60 steps and reset from each env's
 * NumPy stream). The {@code envSteps} secondary result is the figure to read: env steps per second
 * ({@code numEnvs} per operation). {@code threads} is {@link EnvOptions#threads()} (the caller's thread plus
 * {@code threads - 1} pool threads); {@code mathMode} EXACT calls glibc's sin/cos through the FFM API (bit-exact with
 * Gymnasium), FAST uses {@code Math.sin/cos}.
 *
 * <p>Run: {@code ./mvnw -B -pl bench-tests -am -Pjmh -DskipTests test} (arguments through
 * {@code -Djmh.args="CartPoleStepBenchmark -f 1 -wi 3 -i 5"}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class CartPoleStepBenchmark {

    @Param({"4096", "65536"})
    public int numEnvs;

    @Param({"1", "2"})
    public int threads;

    @Param({"EXACT", "FAST"})
    public MathMode mathMode;

    private VecEnv env;
    private int[] actions;

    /** Counts env steps; JMH reports it per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** Env steps taken (numEnvs per operation). */
        public long envSteps;
    }

    @Setup(Level.Trial)
    public void setUp() {
        env = Tasks.make(
                "CartPole-v1",
                numEnvs,
                EnvOptions.defaults().withThreads(threads).withMathMode(mathMode));
        env.reset(0);
        actions = new int[numEnvs];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < numEnvs; i++) {
            actions[i] = random.nextInt(2);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        env.close();
    }

    @Benchmark
    public float step(Counters counters) {
        env.step(actions);
        counters.envSteps += numEnvs;
        return env.observations()[0];
    }
}
