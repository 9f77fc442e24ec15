package io.playbench.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Where a checkpoint was found. */
public enum CheckpointOrigin {

    /** A path or URI given by the user. */
    EXPLICIT("explicit"),

    /** The latest or best checkpoint inside a run directory. */
    RUN_DIRECTORY("run_directory"),

    /** The published store, used with a warning because no checkpoint was given. */
    PUBLISHED("published");

    private final String id;

    CheckpointOrigin(String id) {
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
    public static CheckpointOrigin fromId(String id) {
        for (CheckpointOrigin value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown CheckpointOrigin '" + id + "'; known: "
                + Arrays.stream(values()).map(CheckpointOrigin::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
