package io.playbench.torch;

/**
 * Thrown when a pickle references a global (a class or function) that is not on the reader's allow-list.
 *
 * <p>Nothing in the file was executed: the reader never imports or calls anything, it refuses the name.
 */
public final class UnsafePickleException extends CheckpointFormatException {

    private static final long serialVersionUID = 1L;

    private final String global;

    UnsafePickleException(String global, String message) {
        super(message);
        this.global = global;
    }

    /** The refused global as {@code module.name}, e.g. {@code os.system}. */
    public String global() {
        return global;
    }
}
