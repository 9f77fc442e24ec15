package io.playbench.torch;

import java.io.IOException;

/**
 * Thrown when a checkpoint or pickle file is malformed, truncated, too large, or uses a feature this reader refuses.
 *
 * <p>The message names the file and says what was wrong, with the values found.
 */
public class CheckpointFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a complete, user-facing message. */
    public CheckpointFormatException(String message) {
        super(message);
    }

    /** Creates the exception with a complete, user-facing message and its cause. */
    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
