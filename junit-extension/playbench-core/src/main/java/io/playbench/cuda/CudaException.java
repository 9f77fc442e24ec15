package io.playbench.cuda;

/** A CUDA driver or NVRTC call returned an error. */
public final class CudaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * Creates the exception.
     *
     * @param call the call that failed
     * @param code the {@code CUresult} or {@code nvrtcResult}
     * @param name the error's name, or {@code null}
     */
    public CudaException(String call, int code, String name) {
        super(call + " failed with " + (name == null ? "error" : name) + " (" + code + ")");
        this.code = code;
    }

    /**
     * The error code.
     *
     * @return the {@code CUresult} or {@code nvrtcResult}
     */
    public int code() {
        return code;
    }
}
