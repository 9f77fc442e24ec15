package io.playbench.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How a run ended. */
public enum RunStatus {

    /** The rollout ran and every budget and assertion passed. */
    COMPLETED("completed"),

    /** The rollout ran but a budget or an assertion failed. */
    FAILED("failed"),

    /** An exception stopped the run. */
    CRASHED("crashed"),

    /** The run was cancelled before it finished. */
    INTERRUPTED("interrupted");

    private final String id;

    RunStatus(String id) {
        this.id = id;
    }

    /**
     * The identifier written in the bundle.
     *
     * @return the JSON value
     */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * Looks a value up by its identifier.
     *
     * @param id the JSON value
     * @return the constant
     * @throws IllegalArgumentException naming the known identifiers when {@code id} is unknown
     */
    @JsonCreator
    public static RunStatus fromId(String id) {
        for (RunStatus value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown RunStatus '" + id + "'; known: "
                + Arrays.stream(values()).map(RunStatus::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
