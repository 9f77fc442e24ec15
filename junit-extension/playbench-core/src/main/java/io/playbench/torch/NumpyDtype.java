package io.playbench.torch;

/**
 * A NumPy dtype read from a pickle (for example the {@code dtype} attribute of a Gymnasium space stand-in).
 */
public final class NumpyDtype {

    final String code;
    char order = '=';

    NumpyDtype(String code) {
        this.code = code;
    }

    /** The type code as pickled, e.g. {@code f4}, {@code f8}, {@code i8}. */
    public String code() {
        return code;
    }

    /** The byte order: {@code <} little, {@code >} big, {@code |} not applicable, {@code =} native. */
    public char byteOrder() {
        return order;
    }

    @Override
    public String toString() {
        return "dtype('" + code + "')";
    }
}
