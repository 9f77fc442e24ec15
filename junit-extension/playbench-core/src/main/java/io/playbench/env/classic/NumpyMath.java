package io.playbench.env.classic;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The numeric primitives with which NumPy and Gymnasium compute, reproduced bit for bit.
 *
 * <p>{@link #sin}, {@link #cos}, {@link #sq} and {@link #sqf} call the platform C library (glibc on Linux) through the
 * foreign-function API, as NumPy does; {@link #f32sin} and {@link #f32cos} are NumPy's own SIMD float32 algorithms;
 * {@link #floorMod} is Python's floored modulo for doubles. All methods are thread-safe and allocation-free.
 */
public final class NumpyMath {

    private NumpyMath() {}

    /** Holds the C-library handles, so that {@code FAST}-mode code never needs native access. */
    @SuppressWarnings("restricted") // native access is the point; MathMode.FAST avoids it
    private static final class LibM {
        static final MethodHandle SIN;
        static final MethodHandle COS;
        static final MethodHandle POW;
        static final MethodHandle POWF;
        static final MethodHandle SINF;
        static final MethodHandle COSF;
        static final Throwable FAILURE;

        static {
            MethodHandle sin = null, cos = null, pow = null, powf = null, sinf = null, cosf = null;
            Throwable failure = null;
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                Linker.Option critical = Linker.Option.critical(false);
                FunctionDescriptor dd = FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE);
                FunctionDescriptor ddd = FunctionDescriptor.of(
                        ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE);
                FunctionDescriptor ff = FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT);
                FunctionDescriptor fff =
                        FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT);
                sin = linker.downcallHandle(libc.find("sin").orElseThrow(), dd, critical);
                cos = linker.downcallHandle(libc.find("cos").orElseThrow(), dd, critical);
                pow = linker.downcallHandle(libc.find("pow").orElseThrow(), ddd, critical);
                powf = linker.downcallHandle(libc.find("powf").orElseThrow(), fff, critical);
                sinf = linker.downcallHandle(libc.find("sinf").orElseThrow(), ff, critical);
                cosf = linker.downcallHandle(libc.find("cosf").orElseThrow(), ff, critical);
            } catch (Throwable t) {
                failure = t;
            }
            SIN = sin;
            COS = cos;
            POW = pow;
            POWF = powf;
            SINF = sinf;
            COSF = cosf;
            FAILURE = failure;
        }
    }

    /**
     * Checks that the C library's functions can be called.
     *
     * @throws IllegalStateException naming the cause and the remedies, if they cannot
     */
    public static void requireNativeMath() {
        if (LibM.FAILURE != null) {
            throw new IllegalStateException(
                    "MathMode.EXACT needs the C library's sin, cos, pow and powf through the"
                            + " foreign-function API, which failed (" + LibM.FAILURE + "). Run the JVM with"
                            + " --enable-native-access=ALL-UNNAMED, or choose MathMode.FAST (not bit-exact with Gymnasium).",
                    LibM.FAILURE);
        }
    }

    /**
     * Returns the C library's binary64 sine ({@code np.sin} on a float64).
     *
     * @param x an angle in radians
     * @return {@code sin(x)} as glibc computes it
     */
    public static double sin(double x) {
        try {
            return (double) LibM.SIN.invokeExact(x);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Returns the C library's binary64 cosine ({@code np.cos} on a float64).
     *
     * @param x an angle in radians
     * @return {@code cos(x)} as glibc computes it
     */
    public static double cos(double x) {
        try {
            return (double) LibM.COS.invokeExact(x);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Returns {@code x ** 2} for a NumPy float64 scalar, which is C {@code pow(x, 2.0)} and differs from {@code x * x}
     * by one ulp in about 0.08 % of inputs.
     *
     * @param x a value
     * @return {@code pow(x, 2.0)}
     */
    public static double sq(double x) {
        try {
            return (double) LibM.POW.invokeExact(x, 2.0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Returns {@code u ** 2} for a NumPy float32 scalar, which is C {@code powf(u, 2.0f)}.
     *
     * @param u a value
     * @return {@code powf(u, 2.0f)}
     */
    public static float sqf(float u) {
        try {
            return (float) LibM.POWF.invokeExact(u, 2.0f);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static float sinf(float x) {
        try {
            return (float) LibM.SINF.invokeExact(x);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static float cosf(float x) {
        try {
            return (float) LibM.COSF.invokeExact(x);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /**
     * Returns NumPy's float32 cosine ({@code np.cos} on a float32 array, x86-64 SIMD path), which is not correctly
     * rounded.
     *
     * @param x an angle in radians
     * @return NumPy's {@code cos(x)} in binary32
     */
    public static float f32cos(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        if (Math.abs(x) > 71476.0625f) {
            return cosf(x);
        }
        return f32sincos(x, true);
    }

    /**
     * Returns NumPy's float32 sine ({@code np.sin} on a float32 array, x86-64 SIMD path), which is not correctly
     * rounded.
     *
     * @param x an angle in radians
     * @return NumPy's {@code sin(x)} in binary32
     */
    public static float f32sin(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        if (Math.abs(x) > 117435.992f) {
            return sinf(x);
        }
        return f32sincos(x, false);
    }

    private static float f32sincos(float x, boolean cosine) {
        float q = Math.fma(x, 0x1.45f306p-1f, 0x1.8p23f) - 0x1.8p23f;
        float r = Math.fma(q, -0x1.921fb0p+0f, x);
        r = Math.fma(q, -0x1.5110b4p-22f, r);
        r = Math.fma(q, -0x1.846988p-48f, r);
        float r2 = r * r;
        float c = Math.fma(0x1.98e616p-16f, r2, -0x1.6c06dcp-10f);
        c = Math.fma(c, r2, 0x1.55553cp-05f);
        c = Math.fma(c, r2, -0.5f);
        c = Math.fma(c, r2, 1.0f);
        float s = Math.fma(0x1.7d3bbcp-19f, r2, -0x1.a06bbap-13f);
        s = Math.fma(s, r2, 0x1.11119ap-07f);
        s = Math.fma(s, r2, -0x1.555556p-03f);
        s = Math.fma(s, r2, 0.0f); // an FMA with addend +0, as NumPy writes it (matters for x = -0.0)
        s = Math.fma(s, r, r);
        int k = (int) q;
        if (cosine) {
            k = k + 1;
        }
        float v = (k & 1) == 0 ? s : c;
        if ((k & 2) != 0) {
            v = 0.0f - v;
        }
        return v;
    }

    /**
     * Returns Python's / NumPy's floored modulo of two doubles: the result has the sign of {@code b}.
     *
     * @param a the dividend
     * @param b the divisor
     * @return {@code a mod b} as {@code np.mod} computes it
     */
    public static double floorMod(double a, double b) {
        double r = a % b;
        if (r != 0.0) {
            if ((r < 0.0) != (b < 0.0)) {
                r = r + b;
            }
        } else {
            r = Math.copySign(0.0, b);
        }
        return r;
    }
}
