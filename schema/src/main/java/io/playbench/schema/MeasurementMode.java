package io.playbench.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How a duration was taken. */
public enum MeasurementMode {

    /** The clock is read when the host call returns (CPU work is complete; device work may be queued). */
    HOST_RETURN("host_return"),

    /** The device is synchronised before the clock is read. */
    DEVICE_SYNCHRONIZED("device_synchronized");

    private final String id;

    MeasurementMode(String id) {
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
    public static MeasurementMode fromId(String id) {
        for (MeasurementMode value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown MeasurementMode '" + id + "'; known: "
                + Arrays.stream(values()).map(MeasurementMode::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
