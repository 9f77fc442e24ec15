package io.playbench.torch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The element type of a {@link Tensor}, with its PyTorch name and its size in bytes.
 *
 * <p>Only the dtypes a policy checkpoint needs are supported; complex and quantized storages are refused.
 */
public enum Dtype {
    FLOAT32("float32", "FloatStorage", 4, true),
    FLOAT64("float64", "DoubleStorage", 8, true),
    FLOAT16("float16", "HalfStorage", 2, true),
    BFLOAT16("bfloat16", "BFloat16Storage", 2, true),
    INT64("int64", "LongStorage", 8, false),
    INT32("int32", "IntStorage", 4, false),
    INT16("int16", "ShortStorage", 2, false),
    INT8("int8", "CharStorage", 1, false),
    UINT8("uint8", "ByteStorage", 1, false),
    BOOL("bool", "BoolStorage", 1, false);

    private final String torchName;
    private final String storageClass;
    private final int byteSize;
    private final boolean floatingPoint;

    Dtype(String torchName, String storageClass, int byteSize, boolean floatingPoint) {
        this.torchName = torchName;
        this.storageClass = storageClass;
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
    }

    /** The PyTorch name, e.g. {@code float32}. */
    public String torchName() {
        return torchName;
    }

    /** The legacy typed-storage class name in module {@code torch}, e.g. {@code FloatStorage}. */
    public String storageClass() {
        return storageClass;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether values are floating point. */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    @Override
    public String toString() {
        return torchName;
    }

    /** The dtype whose typed storage class is {@code torch.<name>}, or {@code null}. */
    static Dtype ofStorageClass(String name) {
        for (Dtype d : values()) {
            if (d.storageClass.equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The dtype named {@code torch.<name>} (also the aliases {@code float}, {@code half}, {@code long}...), or {@code null}. */
    static Dtype ofTorchName(String name) {
        return switch (name) {
            case "float32", "float" -> FLOAT32;
            case "float64", "double" -> FLOAT64;
            case "float16", "half" -> FLOAT16;
            case "bfloat16" -> BFLOAT16;
            case "int64", "long" -> INT64;
            case "int32", "int" -> INT32;
            case "int16", "short" -> INT16;
            case "int8" -> INT8;
            case "uint8" -> UINT8;
            case "bool" -> BOOL;
            default -> null;
        };
    }

    private static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_LE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32_BE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfDouble F64_BE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong I64_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt I32_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort I16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Reads element {@code index} of a storage as a double (exact for every dtype except int64 beyond 2^53). */
    double readDouble(MemorySegment seg, long index, boolean little) {
        long at = index * byteSize;
        return switch (this) {
            case FLOAT32 -> seg.get(little ? F32_LE : F32_BE, at);
            case FLOAT64 -> seg.get(little ? F64_LE : F64_BE, at);
            case FLOAT16 -> Float.float16ToFloat(seg.get(little ? I16_LE : I16_BE, at));
            case BFLOAT16 -> Float.intBitsToFloat((seg.get(little ? I16_LE : I16_BE, at) & 0xFFFF) << 16);
            case INT64 -> seg.get(little ? I64_LE : I64_BE, at);
            case INT32 -> seg.get(little ? I32_LE : I32_BE, at);
            case INT16 -> seg.get(little ? I16_LE : I16_BE, at);
            case INT8 -> seg.get(ValueLayout.JAVA_BYTE, at);
            case UINT8 -> seg.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
            case BOOL -> seg.get(ValueLayout.JAVA_BYTE, at) != 0 ? 1 : 0;
        };
    }

    /** Reads element {@code index} of a storage as a float (rounded for float64 and large integers). */
    float readFloat(MemorySegment seg, long index, boolean little) {
        return switch (this) {
            case FLOAT32 -> seg.get(little ? F32_LE : F32_BE, index * 4);
            case FLOAT16 -> Float.float16ToFloat(seg.get(little ? I16_LE : I16_BE, index * 2));
            case INT64 -> (float) seg.get(little ? I64_LE : I64_BE, index * 8);
            default -> (float) readDouble(seg, index, little);
        };
    }

    /** Reads element {@code index} of an integer or bool storage as a long (floats are truncated towards zero). */
    long readLong(MemorySegment seg, long index, boolean little) {
        return this == INT64 ? seg.get(little ? I64_LE : I64_BE, index * 8) : (long) readDouble(seg, index, little);
    }

    /** Bulk copy of contiguous little-endian float32 or float64 elements. */
    static void copyFloats(MemorySegment seg, long firstIndex, float[] dst, int n) {
        MemorySegment.copy(seg, F32_LE, firstIndex * 4, dst, 0, n);
    }

    static void copyDoubles(MemorySegment seg, long firstIndex, double[] dst, int n) {
        MemorySegment.copy(seg, F64_LE, firstIndex * 8, dst, 0, n);
    }
}
