package io.playbench.library;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * The RL libraries whose trained policies PlayBench can play, with Isaac Lab's identifiers. One name for the concept
 * everywhere: the annotation's {@code library}, the CLI's {@code --library}, and the bundle's {@code run.framework} (Isaac
 * Lab's key, kept for compatibility, holding {@link #id()}).
 *
 * <p>It lives in playbench-schema, the lowest module, because the bundle records it; its package is the engine's
 * {@code io.playbench.library}, where users look for it.
 */
public enum Library {

    /** rsl_rl (leggedrobotics), versions 1 to 5. */
    RSL_RL("rsl_rl"),

    /** rl_games (Denys88). */
    RL_GAMES("rl_games"),

    /** skrl (Toni-SM). */
    SKRL("skrl"),

    /** Stable-Baselines3. */
    SB3("sb3");

    private final String id;

    Library(String id) {
        this.id = id;
    }

    /**
     * The identifier used in bundles, directory layouts and on the command line.
     *
     * @return e.g. {@code rsl_rl}
     */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * Looks a library up by its identifier (case-insensitive; {@code -} and {@code _} are interchangeable).
     *
     * @param id e.g. {@code sb3} or {@code rl-games}
     * @return the library
     * @throws IllegalArgumentException listing the known identifiers
     */
    @JsonCreator
    public static Library fromId(String id) {
        String normalised = id == null ? "" : id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Library library : values()) {
            if (library.id.equals(normalised) || library.name().equalsIgnoreCase(normalised)) {
                return library;
            }
        }
        throw new IllegalArgumentException("unknown library '" + id + "'; known: "
                + Arrays.stream(values()).map(Library::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
