package io.playbench.bench.jmh;

import io.playbench.device.Device;
import io.playbench.inference.InferenceEngines;
import io.playbench.inference.Policy;
import io.playbench.library.PolicySpec;
import java.util.concurrent.TimeUnit;
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
 * Policy calls per second (one call = one batch of actions; actions/s = score x batch) for each engine, policy and
 * batch size, on the CPU.
 *
 * <pre>
 * ./mvnw -B -pl bench-tests -am -Pjmh -DskipTests test -Djmh.args="InferenceBenchmark -f 1 -wi 2 -i 3 -r 1s"
 * ./mvnw -B -pl bench-tests -am -Pjmh -DskipTests test -Djmh.args="InferenceBenchmark.call -p policy=trivial -p batch=1"
 * </pre>
 *
 * <p>{@code policy=trivial} (one affine map of one float at batch 1) measures an engine's fixed cost per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class InferenceBenchmark {

    @Param({"tensorflow", "java-vector"})
    public String engine;

    @Param({"sb3", "isaac"})
    public String policy;

    @Param({"1", "256", "4096", "65536"})
    public int batch;

    private Policy compiled;
    private float[] observations;
    private float[] continuous;
    private int[] discrete;
    private boolean isDiscrete;

    @Setup(Level.Trial)
    public void setUp() {
        PolicySpec spec = BenchPolicies.byName(policy);
        compiled = InferenceEngines.compile(spec, engine, Device.CPU, batch);
        compiled.warmUp();
        observations = BenchPolicies.observations(spec, batch);
        isDiscrete = BenchPolicies.discrete(spec);
        continuous = new float[batch * spec.outputSize()];
        discrete = new int[batch];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        compiled.close();
    }

    @Benchmark
    public Object call() {
        if (isDiscrete) {
            compiled.act(observations, discrete);
            return discrete;
        }
        compiled.act(observations, continuous);
        return continuous;
    }
}
