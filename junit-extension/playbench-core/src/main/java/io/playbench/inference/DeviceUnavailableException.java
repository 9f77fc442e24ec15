package io.playbench.inference;

/** Thrown when a requested device is absent; the message says what was found and how to enable the device. */
public class DeviceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was requested, what was found, and what to do
     */
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
