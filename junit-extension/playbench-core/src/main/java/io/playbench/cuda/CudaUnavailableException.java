package io.playbench.cuda;

import io.playbench.inference.DeviceUnavailableException;

/**
 * CUDA cannot be used on this host: the driver library, a GPU, or NVRTC is missing. The message names what is missing
 * and what to do.
 */
public final class CudaUnavailableException extends DeviceUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is missing and what to do
     */
    public CudaUnavailableException(String message) {
        super(message);
    }
}
