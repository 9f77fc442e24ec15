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
     * @param xStride floats between input rows
     * @param y output rows, written for all {@code outPadded} columns
     * @param yStride floats between output rows ({@code >= layer.outPadded})
     * @param rows rows to compute, a multiple of {@link #ROW_TILE}
     * @param layer the packed layer
     */
    void dense(float[] x, int xStride, float[] y, int yStride, int rows, PackedDense layer);
}
