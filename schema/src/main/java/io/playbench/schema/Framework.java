package io.playbench.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The RL library that trained a checkpoint, with Isaac Lab's identifiers. */
public enum Framework {

    /** rsl_rl (leggedrobotics). */
    RSL_RL("rsl_rl"),

    /** rl_games (Denys88). */
    RL_GAMES("rl_games"),

    /** skrl (Toni-SM). */
    SKRL("skrl"),

    /** Stable-Baselines3. */
    SB3("sb3");

    private final String id;

    Framework(String id) {
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
    public static Framework fromId(String id) {
        for (Framework value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown Framework '" + id + "'; known: "
                + Arrays.stream(values()).map(Framework::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
