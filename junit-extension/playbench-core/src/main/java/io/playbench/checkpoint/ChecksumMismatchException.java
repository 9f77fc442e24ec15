package io.playbench.checkpoint;

/** Thrown when a checkpoint's SHA-256 differs from the pinned one; the file is then not used. */
public class ChecksumMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was expected and what was found
     */
    public ChecksumMismatchException(String message) {
        super(message);
    }
}
