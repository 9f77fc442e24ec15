package io.playbench.library;

import java.util.Arrays;
import java.util.Locale;

/** The RL libraries whose trained policies PlayBench can play, with Isaac Lab's identifiers. */
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
}
