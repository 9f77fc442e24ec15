package io.playbench.checkpoint;

import java.util.List;

/** Thrown when no checkpoint can be found; the message lists every place tried and what to do. */
public class CheckpointNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> tried;

    /**
     * Creates the exception.
     *
     * @param what what was being resolved, e.g. {@code checkpoint for sb3 / CartPole-v1}
     * @param tried every place tried, with why it did not fit
     * @param hint what the user can do
     * @param cause the last underlying failure, or {@code null}
     */
    public CheckpointNotFoundException(String what, List<String> tried, String hint, Throwable cause) {
        super(
                "No " + what + " found. Tried:\n"
                        + String.join("\n", tried.stream().map(t -> "  - " + t).toList()) + "\n" + hint,
                cause);
        this.tried = List.copyOf(tried);
    }

    /**
     * Every place tried.
     *
     * @return one line per place, with the reason it did not fit
     */
    public List<String> tried() {
        return tried;
    }
}
