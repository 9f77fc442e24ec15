package io.playbench.inference;

/**
 * Computes {@code y = activation(x W^T + b)} for a block of rows, the inner loop of the Java engines.
 *
 * <p>Rows are stored with a stride (the padded width); {@code rows} is a multiple of {@link #ROW_TILE} (the caller
 * pads the block, the extra rows are scratch). Implementations allocate nothing.
 */
interface DenseKernel {

    /** Rows processed together, sharing every weight load. */
    int ROW_TILE = 4;

    /**
     * The kernel's name for notes ({@code vector-512}, {@code scalar}).
     *
     * @return the name
     */
    String name();

    /**
     * The SIMD width in floats; layers are padded to a multiple of it.
     *
     * @return the lane count
     */
    int lanes();

    /**
     * Runs the layer.
     *
     * @param x input rows
     * @param xOffset index of the first row's first input in {@code x}
     * @param xStride floats between input rows
     * @param y output rows, written for all {@code outPadded} columns
     * @param yStride floats between output rows ({@code >= layer.outPadded})
     * @param rows rows to compute, a multiple of {@link #ROW_TILE}
     * @param layer the packed layer
     */
    void dense(float[] x, int xOffset, int xStride, float[] y, int yStride, int rows, PackedDense layer);

    /**
     * Whether {@link #binaryArgmax} handles this layer (the last layer of a policy with a discrete action).
     *
     * @param layer the packed output layer
     * @return {@code true} if the fused head can be used
     */
    default boolean fusesBinaryArgmax(PackedDense layer) {
        return false;
    }

    /**
     * Runs a two-output layer and its argmax in one pass: the action is {@code 1} where the second logit is greater
     * than the first ({@code x . (w1 - w0) + (b1 - b0) > 0}), else {@code 0}, with the reference's NaN rules; the
     * logits are never stored. Only for layers accepted by {@link #fusesBinaryArgmax}.
     *
     * @param x input rows (offset 0)
     * @param xStride floats between input rows
     * @param rows rows to compute, a multiple of {@link #ROW_TILE}
     * @param n rows whose action is written, {@code <= rows}
     * @param layer the packed output layer
     * @param actions the action array
     * @param actionOffset index of the first row's action
     */
    default void binaryArgmax(
            float[] x, int xStride, int rows, int n, PackedDense layer, int[] actions, int actionOffset) {
        throw new UnsupportedOperationException("no fused argmax in kernel " + name());
    }
}
