package io.playbench.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The renderer used during a measured rollout. */
public enum RenderingBackend {

    /** No rendering (play benchmarks). */
    NONE("none"),

    /** Isaac Sim RTX. */
    ISAACSIM_RTX("isaacsim_rtx"),

    /** OvRTX. */
    OVRTX("ovrtx"),

    /** Newton's built-in Warp renderer. */
    NEWTON("newton");

    private final String id;

    RenderingBackend(String id) {
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
    public static RenderingBackend fromId(String id) {
        for (RenderingBackend value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown RenderingBackend '" + id + "'; known: "
                + Arrays.stream(values()).map(RenderingBackend::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
