package io.playbench.inference;

import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A policy compiled by {@link JavaEngine}: dense layers run on a {@link DenseKernel} over blocks of rows that stay in
 * the core's cache through every layer; element-wise stages (clamp, normalisation, affine, slice, a bare activation)
 * run in scalar Java with exactly the reference evaluator's arithmetic. The caller and the helpers of a {@link RowPool}
 * owned by the policy claim blocks from a shared counter, each with its own buffers. All buffers are allocated at
 * compile time.
 */
final class JavaPolicy implements Policy {

    /** Below this many rows per part, splitting the batch costs more than it saves. */
    static final int MIN_ROWS_PER_PART = 64;
    /** Floats per activation buffer: keeps a block's two ping-pong buffers within L1/L2 across every layer. */
    private static final int BLOCK_FLOATS = 4096;

    private final PolicySpec spec;
    private final String engineId;
    private final int batch;
    private final DenseKernel kernel;
    private final Object[] steps; // PackedDense, Normalizer or an element-wise Stage
    private final int obsSize;
    private final int width; // output width before argmax
    private final boolean discrete;
    /** The first stage is a dense layer: full tiles of rows read the observations in place. */
    private final boolean directInput;
    /** The last layer and the argmax run fused ({@link DenseKernel#binaryArgmax}). */
    private final boolean fusedHead;

    private final int blockRows;
    private final int blocks;
    private final AtomicInteger nextBlock = new AtomicInteger();
    private final AtomicInteger blocksDone = new AtomicInteger();
    private volatile Throwable failure;
    private final float[][] bufA;
    private final float[][] bufB;
    private final RowPool pool;
    private final IntConsumer task = this::runPart;
    private final List<String> warnings;
    private final List<String> notes;
    private final DeviceInfo deviceInfo;
    private float[] observations;
    private float[] continuous;
    private int[] discreteOut;
    private volatile boolean closed;

    JavaPolicy(
            PolicySpec spec,
            String engineId,
            int batch,
            DenseKernel kernel,
            int threads,
            List<String> warnings,
            List<String> notes) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1 but was " + batch);
        }
        this.spec = spec;
        this.engineId = engineId;
        this.batch = batch;
        this.kernel = kernel;
        this.obsSize = spec.observationSize();
        this.discrete = spec.action() instanceof PolicySpec.ActionOutput.Discrete;
        this.width = spec.outputSize();
        int lanes = kernel.lanes();
        List<Object> list = new ArrayList<>();
        int maxStride = PackedDense.pad(obsSize, lanes);
        for (Stage s : spec.stages()) {
            if (s instanceof Stage.Dense d) {
                PackedDense p = new PackedDense(d, lanes);
                maxStride = Math.max(maxStride, p.outPadded);
                list.add(p);
            } else if (s instanceof Stage.Normalize nz) {
                list.add(Normalizer.of(nz));
            } else if (!(s instanceof Stage.Argmax)) {
                list.add(s);
            }
        }
        this.steps = list.toArray();
        this.directInput = steps.length > 0 && steps[0] instanceof PackedDense;
        this.fusedHead = discrete
                && steps.length > 0
                && steps[steps.length - 1] instanceof PackedDense head
                && kernel.fusesBinaryArgmax(head);
        int rows =
                Math.max(DenseKernel.ROW_TILE, BLOCK_FLOATS / maxStride / DenseKernel.ROW_TILE * DenseKernel.ROW_TILE);
        this.blockRows =
                Math.min(rows, (batch + DenseKernel.ROW_TILE - 1) / DenseKernel.ROW_TILE * DenseKernel.ROW_TILE);
        this.blocks = (batch + blockRows - 1) / blockRows;
        int parts = Math.max(1, Math.min(Math.min(threads, batch / MIN_ROWS_PER_PART), blocks));
        this.bufA = new float[parts][blockRows * maxStride];
        this.bufB = new float[parts][blockRows * maxStride];
        this.pool = parts > 1 ? new RowPool(parts, "playbench-" + engineId) : null;
        this.warnings = List.copyOf(warnings);
        List<String> n = new ArrayList<>(notes);
        n.add("engine " + engineId + ": kernel " + kernel.name() + ", " + parts + " thread(s) for batch " + batch
                + ", blocks of " + blockRows + " rows" + (fusedHead ? ", two-action head fused with the argmax" : ""));
        this.notes = List.copyOf(n);
        this.deviceInfo = DeviceInfo.cpu();
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public String engine() {
        return engineId;
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
    public void act(float[] observations, float[] actions) {
        checkOpen();
        if (discrete) {
            throw new IllegalStateException("this policy has a discrete action; call act(float[], int[])");
        }
        checkSizes(observations, actions.length, width);
        this.observations = observations;
        this.continuous = actions;
        run();
    }

    @Override
    public void act(float[] observations, int[] actions) {
        checkOpen();
        if (!discrete) {
            throw new IllegalStateException("this policy has a continuous action; call act(float[], float[])");
        }
        checkSizes(observations, actions.length, 1);
        this.observations = observations;
        this.discreteOut = actions;
        run();
    }

    @Override
    public void warmUp() {
        checkOpen();
        float[] obs = new float[batch * obsSize];
        int[] discreteActions = discrete ? new int[batch] : null;
        float[] continuousActions = discrete ? null : new float[batch * width];
        // enough rows for C2 to compile the kernels (about 400,000), in at least 3 calls
        int calls = Math.clamp((400_000L + batch - 1) / batch, 3, 200);
        for (int i = 0; i < calls; i++) {
            if (discrete) {
                act(obs, discreteActions);
            } else {
                act(obs, continuousActions);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }

    private void run() {
        try {
            failure = null;
            blocksDone.set(0);
            nextBlock.set(0);
            if (pool != null) {
                pool.wake(task);
            }
            runPart(0);
            long start = 0;
            int spins = 0;
            while (blocksDone.get() < blocks) { // only blocks a helper has claimed and not finished
                if ((++spins & 63) != 0) {
                    Thread.onSpinWait();
                } else if (start == 0) {
                    start = System.nanoTime();
                } else if (System.nanoTime() - start > 50_000) {
                    LockSupport.parkNanos(20_000);
                }
            }
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            } else if (t instanceof Error e) {
                throw e;
            }
        } finally {
            observations = null;
            continuous = null;
            discreteOut = null;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(
                    "this " + engineId + " policy was closed; compile the spec again to use it");
        }
    }

    private void checkSizes(float[] obs, int outLength, int perRow) {
        if (obs.length < (long) batch * obsSize || outLength < (long) batch * perRow) {
            throw new IllegalArgumentException(
                    "batch " + batch + " needs " + (long) batch * obsSize + " observation floats and "
                            + (long) batch * perRow + " action slots, got " + obs.length + " and " + outLength);
        }
    }

    /** Claims and computes blocks until none is left; {@code part} selects this thread's buffers. */
    private void runPart(int part) {
        float[] a = bufA[part];
        float[] b = bufB[part];
        for (int k; (k = nextBlock.getAndIncrement()) < blocks; ) {
            try {
                int r0 = k * blockRows;
                block(r0, Math.min(blockRows, batch - r0), a, b);
            } catch (Throwable t) {
                failure = t;
            } finally {
                blocksDone.incrementAndGet();
            }
        }
    }

    private void block(int r0, int n, float[] a, float[] b) {
        int rows = (n + DenseKernel.ROW_TILE - 1) / DenseKernel.ROW_TILE * DenseKernel.ROW_TILE;
        float[] cur = a;
        float[] next = b;
        int stride;
        int w;
        int s = 0;
        if (directInput && n == rows) { // the first layer reads the observations where they are
            PackedDense d = (PackedDense) steps[0];
            kernel.dense(observations, r0 * obsSize, obsSize, cur, d.outPadded, rows, d);
            stride = d.outPadded;
            w = d.out;
            s = 1;
        } else {
            stride = PackedDense.pad(obsSize, kernel.lanes());
            w = obsSize;
            copyObservations(r0, n, cur, stride);
        }
        final int end = fusedHead ? steps.length - 1 : steps.length;
        for (; s < end; s++) {
            Object step = steps[s];
            if (step instanceof PackedDense d) {
                kernel.dense(cur, 0, stride, next, d.outPadded, rows, d);
                float[] t = cur;
                cur = next;
                next = t;
                stride = d.outPadded;
                w = d.out;
            } else if (step instanceof Normalizer norm) {
                for (int r = 0; r < n; r++) {
                    norm.apply(cur, r * stride, w);
                }
            } else {
                w = elementwise((Stage) step, cur, stride, n, w);
            }
        }
        if (fusedHead) {
            kernel.binaryArgmax(cur, stride, rows, n, (PackedDense) steps[end], discreteOut, r0);
        } else if (discrete) {
            for (int r = 0; r < n; r++) {
                discreteOut[r0 + r] = argmax(cur, r * stride, w);
            }
        } else {
            for (int r = 0; r < n; r++) {
                for (int i = 0, src = r * stride, dst = (r0 + r) * w; i < w; i++) {
                    continuous[dst + i] = cur[src + i];
                }
            }
        }
    }

    private void copyObservations(int r0, int n, float[] cur, int stride) {
        if (obsSize <= 16) { // a call to arraycopy per short row costs more than the copy
            for (int r = 0; r < n; r++) {
                for (int i = 0, src = (r0 + r) * obsSize, dst = r * stride; i < obsSize; i++) {
                    cur[dst + i] = observations[src + i];
                }
            }
        } else {
            for (int r = 0; r < n; r++) {
                System.arraycopy(observations, (r0 + r) * obsSize, cur, r * stride, obsSize);
            }
        }
    }

    /** Applies an element-wise stage in place with the reference's arithmetic; returns the new width. */
    static int elementwise(Stage stage, float[] x, int stride, int rows, int w) {
        switch (stage) {
            case Stage.Clamp c -> {
                float[] lo = c.low();
                float[] hi = c.high();
                for (int r = 0; r < rows; r++) {
                    for (int i = 0, o = r * stride; i < w; i++, o++) {
                        x[o] = Math.min(Math.max(x[o], lo[i]), hi[i]);
                    }
                }
                return w;
            }
            case Stage.Normalize nz -> throw new IllegalStateException("normalisers are precomputed");
            case Stage.Slice s -> {
                int len = s.to() - s.from();
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(x, r * stride + s.from(), x, r * stride, len);
                }
                return len;
            }
            case Stage.Apply ap -> {
                for (int r = 0; r < rows; r++) {
                    for (int i = 0, o = r * stride; i < w; i++, o++) {
                        x[o] = (float) ap.activation().apply(x[o]);
                    }
                }
                return w;
            }
            case Stage.Affine af -> {
                float[] scale = af.scale();
                float[] offset = af.offset();
                for (int r = 0; r < rows; r++) {
                    for (int i = 0, o = r * stride; i < w; i++, o++) {
                        x[o] = x[o] * scale[i] + offset[i];
                    }
                }
                return w;
            }
            case Stage.Dense d -> throw new IllegalStateException("dense layers are packed");
            case Stage.Argmax a -> throw new IllegalStateException("argmax is applied at the end");
        }
    }

    /** {@link io.playbench.library.ReferencePolicy#argmax} on a slice of a buffer. */
    static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (Float.isNaN(v[off + best])) {
                return best;
            }
            if (v[off + i] > v[off + best] || Float.isNaN(v[off + i])) {
                best = i;
            }
        }
        return best;
    }
}
