package io.playbench.tensorflow;

import io.playbench.inference.DeviceInfo;
import io.playbench.inference.Normalizer;
import io.playbench.inference.Policy;
import io.playbench.library.Activation;
import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * A policy compiled into one TensorFlow graph. Each call copies the observations into a preallocated input tensor,
 * runs the session once, copies the output into the caller's array and closes the {@link Result}.
 *
 * <p>Numerics: MatMul goes through Eigen / oneDNN, whose blocking and FMA change the summation order (a few ulp of
 * the largest partial sum, as BLAS in PyTorch); Tanh, Elu, Sigmoid use Eigen's vectorised approximations. A float64
 * normaliser (SB3's VecNormalize) is computed in float64 inside the graph and cast to float32, as the library does.
 */
final class TensorFlowPolicy implements Policy {

    private final PolicySpec spec;
    private final int batch;
    private final int obsSize;
    private final int width;
    private final boolean discrete;
    private final DeviceInfo deviceInfo;
    private final List<String> warnings;
    private final List<String> notes;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<?> output;
    private final TFloat32 inputTensor;
    private final FloatDataBuffer inputBuffer;
    private boolean closed;

    TensorFlowPolicy(
            PolicySpec spec, int batch, DeviceInfo deviceInfo, int threads, List<String> warnings, List<String> notes) {
        this.spec = spec;
        this.batch = batch;
        this.obsSize = spec.observationSize();
        this.width = spec.outputSize();
        this.discrete = spec.action() instanceof PolicySpec.ActionOutput.Discrete;
        this.deviceInfo = deviceInfo;
        this.warnings = List.copyOf(warnings);
        TensorFlow.version();
        Graph g = new Graph();
        Session s = null;
        TFloat32 t = null;
        try {
            Ops tf = Ops.create(g);
            if (deviceInfo.isGpu()) {
                int index = Integer.parseInt(deviceInfo.id().substring(4));
                tf = tf.withDevice(DeviceSpec.newBuilder()
                        .deviceType(DeviceSpec.DeviceType.GPU)
                        .deviceIndex(index)
                        .build());
            }
            input = tf.withName("observations")
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, obsSize)));
            output = build(tf, spec, input);
            ConfigProto.Builder config = ConfigProto.newBuilder()
                    .setIntraOpParallelismThreads(threads)
                    .setInterOpParallelismThreads(1)
                    .setAllowSoftPlacement(true);
            if (deviceInfo.isGpu()) {
                config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
            } else {
                config.putDeviceCount("GPU", 0);
            }
            s = new Session(g, config.build());
            t = TFloat32.tensorOf(Shape.of(batch, obsSize));
        } catch (RuntimeException | Error e) {
            if (t != null) {
                t.close();
            }
            if (s != null) {
                s.close();
            }
            g.close();
            throw e;
        }
        this.graph = g;
        this.session = s;
        this.inputTensor = t;
        this.inputBuffer = t.asRawTensor().data().asFloats();
        List<String> n = new ArrayList<>(notes);
        n.add("engine tensorflow " + TensorFlow.version() + " (natives " + TensorFlowDevices.nativesFlavour()
                + "): one graph, " + threads + " intra-op thread(s), device " + deviceInfo.id());
        this.notes = List.copyOf(n);
    }

    private static Operand<?> build(Ops tf, PolicySpec spec, Operand<TFloat32> in) {
        Operand<TFloat32> x = in;
        for (Stage stage : spec.stages()) {
            switch (stage) {
                case Stage.Clamp c ->
                    x = tf.math.minimum(tf.math.maximum(x, vector(tf, c.low())), vector(tf, c.high()));
                case Stage.Normalize nz -> {
                    Normalizer n = Normalizer.of(nz);
                    if (n.float64()) {
                        Operand<TFloat64> d = tf.dtypes.cast(x, TFloat64.class);
                        d = tf.math.div(
                                tf.math.sub(d, tf.constant(Shape.of(n.mean().length), DataBuffers.of(n.mean()))),
                                tf.constant(Shape.of(n.denominators().length), DataBuffers.of(n.denominators())));
                        if (Double.isFinite(n.clip())) {
                            d = tf.math.minimum(tf.math.maximum(d, tf.constant(-n.clip())), tf.constant(n.clip()));
                        }
                        x = tf.dtypes.cast(d, TFloat32.class);
                    } else {
                        x = tf.math.div(tf.math.sub(x, vector(tf, n.meanFloat())), vector(tf, n.denominatorsFloat()));
                        if (Float.isFinite((float) n.clip())) {
                            x = tf.math.minimum(
                                    tf.math.maximum(x, tf.constant(-(float) n.clip())), tf.constant((float) n.clip()));
                        }
                    }
                }
                case Stage.Dense d -> {
                    float[] wt = new float[d.in() * d.out()]; // [in][out]: a plain MatMul, no transpose flag
                    for (int o = 0; o < d.out(); o++) {
                        for (int i = 0; i < d.in(); i++) {
                            wt[i * d.out() + o] = d.weight()[o * d.in() + i];
                        }
                    }
                    x = tf.linalg.matMul(x, tf.constant(Shape.of(d.in(), d.out()), DataBuffers.of(wt)));
                    if (d.bias() != null) {
                        x = tf.nn.biasAdd(x, vector(tf, d.bias()));
                    }
                    x = activation(tf, x, d.activation());
                }
                case Stage.Slice s ->
                    x = tf.slice(
                            x, tf.constant(new int[] {0, s.from()}), tf.constant(new int[] {-1, s.to() - s.from()}));
                case Stage.Apply a -> x = activation(tf, x, a.activation());
                case Stage.Affine a -> x = tf.math.add(tf.math.mul(x, vector(tf, a.scale())), vector(tf, a.offset()));
                case Stage.Argmax a -> {
                    return tf.withName("actions").math.argMax(x, tf.constant(1), TInt32.class);
                }
            }
        }
        return tf.withName("actions").identity(x);
    }

    private static Operand<TFloat32> vector(Ops tf, float[] values) {
        return tf.constant(Shape.of(values.length), DataBuffers.of(values));
    }

    private static Operand<TFloat32> activation(Ops tf, Operand<TFloat32> x, Activation a) {
        return switch (a) {
            case IDENTITY -> x;
            case TANH -> tf.math.tanh(x);
            case RELU -> tf.nn.relu(x);
            case ELU -> tf.nn.elu(x);
            case SELU -> tf.nn.selu(x);
            case SIGMOID -> tf.math.sigmoid(x);
            case SILU -> tf.math.mul(x, tf.math.sigmoid(x));
            case LEAKY_RELU -> tf.nn.leakyRelu(x, LeakyRelu.alpha(0.01f));
            case SOFTPLUS -> tf.math.softplus(x);
        };
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    @Override
    public String device() {
        return deviceInfo.id();
    }

    @Override
    public String engine() {
        return TensorFlowEngine.ID;
    }

    @Override
    public DeviceInfo deviceInfo() {
        return deviceInfo;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public synchronized void act(float[] observations, float[] actions) {
        checkOpen();
        if (discrete) {
            throw new IllegalStateException("this policy has a discrete action; call act(float[], int[])");
        }
        checkSizes(observations, actions.length, width);
        inputBuffer.write(observations, 0, batch * obsSize);
        try (Result result =
                session.runner().feed(input, inputTensor).fetch(output).run()) {
            result.get(0).asRawTensor().data().asFloats().read(actions, 0, batch * width);
        }
    }

    @Override
    public synchronized void act(float[] observations, int[] actions) {
        checkOpen();
        if (!discrete) {
            throw new IllegalStateException("this policy has a continuous action; call act(float[], float[])");
        }
        checkSizes(observations, actions.length, 1);
        inputBuffer.write(observations, 0, batch * obsSize);
        try (Result result =
                session.runner().feed(input, inputTensor).fetch(output).run()) {
            result.get(0).asRawTensor().data().asInts().read(actions, 0, batch);
        }
    }

    @Override
    public void warmUp() {
        float[] obs = new float[batch * obsSize];
        for (int i = 0; i < 3; i++) {
            if (discrete) {
                act(obs, new int[batch]);
            } else {
                act(obs, new float[batch * width]);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        inputTensor.close();
        session.close();
        graph.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this tensorflow policy was closed; compile the spec again to use it");
        }
    }

    private void checkSizes(float[] obs, int outLength, int perRow) {
        if (obs.length < (long) batch * obsSize || outLength < (long) batch * perRow) {
            throw new IllegalArgumentException(
                    "batch " + batch + " needs " + (long) batch * obsSize + " observation floats and "
                            + (long) batch * perRow + " action slots, got " + obs.length + " and " + outLength);
        }
    }
}
