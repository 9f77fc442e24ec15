package io.playbench.torch;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A NumPy array or scalar read from a pickle (NumPy scalars are 0-d arrays), with its little- or big-endian bytes.
 *
 * <p>Supported element types: {@code f2 f4 f8 i1 i2 i4 i8 u1 b1} (and {@code u2 u4 u8} read as longs).
 */
public final class NumpyArray {

    private String dtype;
    private long[] shape;
    private MemorySegment bytes;
    private boolean little;
    private Dtype element;
    private boolean unsigned;

    /** An array created by {@code _reconstruct}, filled by its {@code BUILD}. */
    NumpyArray() {}

    boolean isFilled() {
        return dtype != null;
    }

    void fill(NumpyArray from) {
        this.dtype = from.dtype;
        this.shape = from.shape;
        this.bytes = from.bytes;
        this.little = from.little;
        this.element = from.element;
        this.unsigned = from.unsigned;
    }

    NumpyArray(String dtype, long[] shape, MemorySegment bytes, boolean little, Dtype element, boolean unsigned) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.bytes = bytes;
        this.little = little;
        this.element = element;
        this.unsigned = unsigned;
    }

    /** The NumPy type string, e.g. {@code float64}, {@code float32}, {@code int64}. */
    public String dtype() {
        return dtype;
    }

    /** The shape; empty for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Whether this is a NumPy scalar (shape {@code ()}). */
    public boolean isScalar() {
        return shape.length == 0;
    }

    /** The elements as doubles in C (row-major) order. */
    public double[] toDoubleArray() {
        int n = (int) numel();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = value(i);
        }
        return out;
    }

    /** The elements as floats in C order. */
    public float[] toFloatArray() {
        int n = (int) numel();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) value(i);
        }
        return out;
    }

    /** The elements as longs in C order (floats truncated). */
    public long[] toLongArray() {
        int n = (int) numel();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = element == Dtype.INT64 ? element.readLong(bytes, i, little) : (long) value(i);
        }
        return out;
    }

    /** The single element of a scalar or one-element array: a {@link Double}, {@link Long} or {@link Boolean}. */
    public Object item() {
        if (numel() != 1) {
            throw new IllegalStateException(
                    "item() needs exactly one element, this array has shape " + Arrays.toString(shape));
        }
        if (element == Dtype.BOOL) {
            return value(0) != 0;
        }
        return element.isFloatingPoint() ? (Object) value(0) : (Object) toLongArray()[0];
    }

    private double value(long i) {
        double v = element.readDouble(bytes, i, little);
        if (unsigned && v < 0) {
            v += element.byteSize() == 8 ? 0x1p64 : element.byteSize() == 4 ? 0x1p32 : 0x1p16;
        }
        return v;
    }

    @Override
    public String toString() {
        return "ndarray(" + dtype + ", shape=" + Arrays.toString(shape)
                + (numel() <= 8 ? ", " + Arrays.toString(toDoubleArray()) : "") + ")";
    }
}
