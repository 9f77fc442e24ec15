package io.playbench.torch;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A tensor of a checkpoint: dtype, shape, strides and storage offset over a storage that may be shared with other
 * tensors (views are kept as PyTorch saved them).
 *
 * <p>Element {@code (i0, ..., ik)} is storage element {@code storageOffset() + Σ i_j · stride()[j]}. The {@code to*Array}
 * methods return a dense copy in row-major (C) order, honouring strides and offset. The storage bytes are a slice of
 * the memory-mapped file: read them before the {@link TorchCheckpoint} is closed.
 */
public final class Tensor {

    private final Storage storage;
    private final long[] shape;
    private final long[] stride;
    private final long offset;
    private final long numel;
    private final boolean requiresGrad;
    private final boolean parameter;
    private final long maxCopyElements;

    Tensor(
            Storage storage,
            long[] shape,
            long[] stride,
            long offset,
            long numel,
            boolean requiresGrad,
            boolean parameter,
            long maxCopyElements) {
        this.storage = storage;
        this.shape = shape;
        this.stride = stride;
        this.offset = offset;
        this.numel = numel;
        this.requiresGrad = requiresGrad;
        this.parameter = parameter;
        this.maxCopyElements = maxCopyElements;
    }

    /**
     * Checks shape, strides and offset against the storage and builds the tensor.
     *
     * @throws CheckpointFormatException when the view reaches outside the storage or sizes overflow
     */
    static Tensor create(
            Storage storage,
            long[] shape,
            long[] stride,
            long offset,
            boolean requiresGrad,
            String source,
            long maxCopyElements)
            throws CheckpointFormatException {
        if (shape.length != stride.length) {
            throw new CheckpointFormatException(source + ": tensor has " + shape.length + " sizes "
                    + Arrays.toString(shape) + " but " + stride.length + " strides " + Arrays.toString(stride));
        }
        if (shape.length > 64) {
            throw new CheckpointFormatException(
                    source + ": tensor has " + shape.length + " dimensions (at most 64 are read)");
        }
        if (offset < 0) {
            throw new CheckpointFormatException(source + ": tensor has a negative storage offset " + offset);
        }
        long numel = 1;
        long last = offset;
        try {
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0 || stride[i] < 0) {
                    throw new CheckpointFormatException(source + ": tensor has a negative size or stride: sizes "
                            + Arrays.toString(shape) + ", strides " + Arrays.toString(stride));
                }
                numel = Math.multiplyExact(numel, shape[i]);
                if (shape[i] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
                }
            }
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(source + ": tensor sizes " + Arrays.toString(shape) + " with strides "
                    + Arrays.toString(stride) + " overflow 64-bit element counts");
        }
        if (numel > 0 && last >= storage.numel) {
            throw new CheckpointFormatException(source + ": tensor of shape " + Arrays.toString(shape) + ", strides "
                    + Arrays.toString(stride) + " and offset " + offset + " needs storage element " + last
                    + ", but storage '"
                    + storage.key + "' holds only " + storage.numel + " " + storage.dtype + " elements");
        }
        return new Tensor(storage, shape.clone(), stride.clone(), offset, numel, requiresGrad, false, maxCopyElements);
    }

    Tensor asParameter(boolean requiresGrad) {
        return new Tensor(storage, shape, stride, offset, numel, requiresGrad, true, maxCopyElements);
    }

    /** The element type. */
    public Dtype dtype() {
        return storage.dtype;
    }

    /** The sizes; empty for a 0-d (scalar) tensor. */
    public long[] shape() {
        return shape.clone();
    }

    /** The sizes as ints (every size of a tensor read here fits an int when its elements can be copied out). */
    public int[] shapeAsInts() {
        return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The strides, in elements. */
    public long[] stride() {
        return stride.clone();
    }

    /** The offset of element (0, ..., 0) in the storage, in elements. */
    public long storageOffset() {
        return offset;
    }

    /** The number of elements. */
    public long numel() {
        return numel;
    }

    /** The key of the storage record ({@code data/<key>} in a zip checkpoint). */
    public String storageKey() {
        return storage.key;
    }

    /** The number of elements of the underlying storage. */
    public long storageNumel() {
        return storage.numel;
    }

    /** The device the tensor was saved from, e.g. {@code cpu} or {@code cuda:0} (this reader always reads to the heap). */
    public String device() {
        return storage.location;
    }

    /** Whether this tensor and {@code other} view the same storage. */
    public boolean sharesStorageWith(Tensor other) {
        return storage == other.storage;
    }

    /** Whether the tensor was pickled as an {@code nn.Parameter}. */
    public boolean isParameter() {
        return parameter;
    }

    /** The pickled {@code requires_grad} flag. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether the strides are the row-major strides of the shape (sizes of 1 ignored). */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** The elements as floats in row-major order (float64 and large integers are rounded). */
    public float[] toFloatArray() {
        float[] out = new float[checkedCount()];
        MemorySegment seg = storage.bytes();
        if (storage.dtype == Dtype.FLOAT32 && storage.little && isContiguous()) {
            Dtype.copyFloats(seg, offset, out, out.length);
            return out;
        }
        Dtype d = storage.dtype;
        forEachIndex((i, at) -> out[i] = d.readFloat(seg, at, storage.little));
        return out;
    }

    /** The elements as doubles in row-major order (exact for every dtype except int64 beyond 2^53). */
    public double[] toDoubleArray() {
        double[] out = new double[checkedCount()];
        MemorySegment seg = storage.bytes();
        if (storage.dtype == Dtype.FLOAT64 && storage.little && isContiguous()) {
            Dtype.copyDoubles(seg, offset, out, out.length);
            return out;
        }
        Dtype d = storage.dtype;
        forEachIndex((i, at) -> out[i] = d.readDouble(seg, at, storage.little));
        return out;
    }

    /** The elements as longs in row-major order (floating-point values truncated towards zero). */
    public long[] toLongArray() {
        long[] out = new long[checkedCount()];
        MemorySegment seg = storage.bytes();
        Dtype d = storage.dtype;
        forEachIndex((i, at) -> out[i] = d.readLong(seg, at, storage.little));
        return out;
    }

    /** The elements as booleans (non-zero is {@code true}) in row-major order. */
    public boolean[] toBooleanArray() {
        boolean[] out = new boolean[checkedCount()];
        MemorySegment seg = storage.bytes();
        Dtype d = storage.dtype;
        forEachIndex((i, at) -> out[i] = d.readDouble(seg, at, storage.little) != 0);
        return out;
    }

    /** One element as a double. */
    public double getDouble(long... index) {
        return storage.dtype.readDouble(storage.bytes(), storageIndex(index), storage.little);
    }

    /** One element as a long. */
    public long getLong(long... index) {
        return storage.dtype.readLong(storage.bytes(), storageIndex(index), storage.little);
    }

    /** The single element of a 0-d or one-element tensor as a double. */
    public double item() {
        if (numel != 1) {
            throw new IllegalStateException(
                    "item() needs exactly one element, this tensor has shape " + Arrays.toString(shape));
        }
        return storage.dtype.readDouble(storage.bytes(), offset, storage.little);
    }

    private long storageIndex(long[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " dimensions, the tensor has " + shape.length + " (shape " + Arrays.toString(shape) + ")");
        }
        long at = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException(
                        "index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            }
            at += index[i] * stride[i];
        }
        return at;
    }

    private int checkedCount() {
        if (numel > maxCopyElements) {
            throw new IllegalStateException("tensor of shape " + Arrays.toString(shape) + " (strides "
                    + Arrays.toString(stride) + ", storage of " + storage.numel + " elements) has " + numel
                    + " elements, more than the copy limit of " + maxCopyElements
                    + " elements (ReadOptions.maxCopyElements; a tensor expanded with zero strides views more elements"
                    + " than its storage holds). If the tensor is real, raise the limit with"
                    + " ReadOptions.withMaxCopyElements(n).");
        }
        if (numel > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor of shape " + Arrays.toString(shape) + " has " + numel
                    + " elements, too many for one Java array");
        }
        return (int) numel;
    }

    private interface IndexConsumer {
        void accept(int flatIndex, long storageIndex);
    }

    private void forEachIndex(IndexConsumer c) {
        int n = (int) numel;
        if (n == 0) {
            return;
        }
        int rank = shape.length;
        long[] idx = new long[rank];
        long at = offset;
        for (int i = 0; i < n; i++) {
            c.accept(i, at);
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    at += stride[d];
                    break;
                }
                at -= (shape[d] - 1) * stride[d];
                idx[d] = 0;
            }
        }
    }

    @Override
    public String toString() {
        return "Tensor(" + storage.dtype + ", shape=" + Arrays.toString(shape)
                + (isContiguous() && offset == 0 ? "" : ", stride=" + Arrays.toString(stride) + ", offset=" + offset)
                + ")";
    }
}
