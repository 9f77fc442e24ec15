package io.playbench.env;

import java.util.Arrays;

/**
 * The observation or action space of a single environment, as Gymnasium's {@code gymnasium.spaces} describe it.
 *
 * <p>A {@link VecEnv} of {@code n} environments exposes flat buffers of {@code n * }{@link #flatSize()} elements.
 */
public sealed interface Space permits Space.Box, Space.Discrete {

    /**
     * Returns the number of scalars one element of this space occupies in a flat buffer.
     *
     * @return the product of the shape for a {@link Box}, {@code 1} for a {@link Discrete}
     */
    int flatSize();

    /** The element type of a {@link Box}. */
    enum DType {
        /** IEEE-754 binary32, Java {@code float}, NumPy {@code float32}. */
        FLOAT32,
        /** IEEE-754 binary64, Java {@code double}, NumPy {@code float64}. */
        FLOAT64
    }

    /**
     * A box {@code [low, high]} of real vectors ({@code gymnasium.spaces.Box}); bounds may be infinite.
     *
     * @param low the lower bound of each element, row-major, {@code flatSize()} values
     * @param high the upper bound of each element, row-major, {@code flatSize()} values
     * @param shape the shape, for example {@code [4]}
     * @param dtype the element type
     */
    record Box(float[] low, float[] high, int[] shape, DType dtype) implements Space {

        /**
         * Creates a box, copying the arrays.
         *
         * @throws IllegalArgumentException if the sizes disagree or a low bound exceeds its high bound
         */
        public Box {
            low = low.clone();
            high = high.clone();
            shape = shape.clone();
            int size = 1;
            for (int d : shape) {
                if (d <= 0) {
                    throw new IllegalArgumentException(
                            "Box dimensions must be positive, but the shape was " + Arrays.toString(shape) + ".");
                }
                size *= d;
            }
            if (low.length != size || high.length != size) {
                throw new IllegalArgumentException("A Box of shape " + Arrays.toString(shape) + " needs " + size
                        + " low and high bounds, but got " + low.length + " and " + high.length + ".");
            }
            for (int i = 0; i < size; i++) {
                if (low[i] > high[i]) {
                    throw new IllegalArgumentException(
                            "Box bound " + i + ": low " + low[i] + " exceeds high " + high[i] + ".");
                }
            }
        }

        /**
         * Creates a one-dimensional box.
         *
         * @param low the lower bounds
         * @param high the upper bounds
         * @param dtype the element type
         * @return a box of shape {@code [low.length]}
         */
        public static Box of(float[] low, float[] high, DType dtype) {
            return new Box(low, high, new int[] {low.length}, dtype);
        }

        @Override
        public float[] low() {
            return low.clone();
        }

        @Override
        public float[] high() {
            return high.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /**
         * Returns the lower bound of one element without copying.
         *
         * @param index the row-major element index
         * @return the bound
         */
        public float low(int index) {
            return low[index];
        }

        /**
         * Returns the upper bound of one element without copying.
         *
         * @param index the row-major element index
         * @return the bound
         */
        public float high(int index) {
            return high[index];
        }

        @Override
        public int flatSize() {
            return low.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Box b
                    && Arrays.equals(low, b.low)
                    && Arrays.equals(high, b.high)
                    && Arrays.equals(shape, b.shape)
                    && dtype == b.dtype;
        }

        @Override
        public int hashCode() {
            return ((Arrays.hashCode(low) * 31 + Arrays.hashCode(high)) * 31 + Arrays.hashCode(shape)) * 31
                    + dtype.hashCode();
        }

        @Override
        public String toString() {
            return "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ", " + Arrays.toString(shape) + ", "
                    + dtype.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /**
     * The integers {@code 0, 1, ..., n - 1} ({@code gymnasium.spaces.Discrete(n)}).
     *
     * @param n the number of actions, {@code >= 1}
     */
    record Discrete(int n) implements Space {

        /**
         * Creates a discrete space.
         *
         * @throws IllegalArgumentException if {@code n < 1}
         */
        public Discrete {
            if (n < 1) {
                throw new IllegalArgumentException("Discrete(n) needs n >= 1, but n was " + n + ".");
            }
        }

        @Override
        public int flatSize() {
            return 1;
        }

        @Override
        public String toString() {
            return "Discrete(" + n + ")";
        }
    }
}
