package io.playbench.library;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a caller knows better than the checkpoint's config: values that replace, or fill in for, what a
 * {@link LibraryAdapter} would read from {@code params/agent.yaml}, SB3's {@code data} or the library's defaults.
 *
 * <p>Every component is optional ({@code null} = not overridden). {@link #none()} overrides nothing, which is what
 * {@link LibraryAdapter#load(java.nio.file.Path, java.nio.file.Path)} uses.
 *
 * <pre>{@code
 * LoadedPolicy p = LibraryAdapters.of(Library.RL_GAMES).load(ckpt, runDir,
 *         AdapterOverrides.none().withActionBounds(new float[] {-2f}, new float[] {2f}));
 * }</pre>
 *
 * @param activation the hidden-layer activation, replacing the config's (rsl_rl {@code activation}, rl_games
 *     {@code network.mlp.activation}, skrl {@code activations}, SB3 {@code policy_kwargs.activation_fn})
 * @param actionLow the lower bounds of the Box action space, used wherever the library rescales or clips to the
 *     action space (rl_games' {@code clip_actions} rescale, SB3's clip / unscale, skrl's {@code clip_mean_actions});
 *     given together with {@code actionHigh}
 * @param actionHigh the upper bounds of the Box action space
 * @param clipActions a symmetric action clip: rsl_rl's Isaac Lab wrapper {@code clip_actions} (replaces the
 *     agent.yaml value), rl_games' {@code env.clip_actions} (the Box Isaac Lab reports to rl_games is
 *     {@code [-clipActions, clipActions]}); ignored by skrl and SB3
 * @param clipObservations a symmetric clamp of the raw observation before the library's normaliser (Isaac Lab's
 *     rl_games {@code env.clip_observations}; for the other libraries an extra env-side clip)
 */
public record AdapterOverrides(
        Activation activation, float[] actionLow, float[] actionHigh, Double clipActions, Double clipObservations) {

    private static final AdapterOverrides NONE = new AdapterOverrides(null, null, null, null, null);

    /** Checks that bounds come in pairs of equal length with low <= high and that clips are positive. */
    public AdapterOverrides {
        if ((actionLow == null) != (actionHigh == null)) {
            throw new IllegalArgumentException("give both actionLow and actionHigh, or neither");
        }
        if (actionLow != null) {
            if (actionLow.length != actionHigh.length || actionLow.length == 0) {
                throw new IllegalArgumentException("action bounds differ in length or are empty: low "
                        + Arrays.toString(actionLow) + ", high " + Arrays.toString(actionHigh));
            }
            for (int i = 0; i < actionLow.length; i++) {
                if (!(actionLow[i] <= actionHigh[i])) {
                    throw new IllegalArgumentException(
                            "action bound " + i + " has low " + actionLow[i] + " > high " + actionHigh[i]);
                }
            }
            actionLow = actionLow.clone();
            actionHigh = actionHigh.clone();
        }
        if (clipActions != null && !(clipActions > 0)) {
            throw new IllegalArgumentException("clipActions must be > 0 but was " + clipActions);
        }
        if (clipObservations != null && !(clipObservations > 0)) {
            throw new IllegalArgumentException("clipObservations must be > 0 but was " + clipObservations);
        }
    }

    /**
     * Overrides nothing.
     *
     * @return the empty overrides
     */
    public static AdapterOverrides none() {
        return NONE;
    }

    /**
     * Whether nothing is overridden.
     *
     * @return {@code true} for {@link #none()}
     */
    public boolean isEmpty() {
        return activation == null && actionLow == null && clipActions == null && clipObservations == null;
    }

    /**
     * These overrides with a hidden-layer activation.
     *
     * @param value the activation
     * @return a copy
     */
    public AdapterOverrides withActivation(Activation value) {
        return new AdapterOverrides(
                Objects.requireNonNull(value), actionLow, actionHigh, clipActions, clipObservations);
    }

    /**
     * These overrides with the Box action bounds.
     *
     * @param low per dimension
     * @param high per dimension
     * @return a copy
     */
    public AdapterOverrides withActionBounds(float[] low, float[] high) {
        return new AdapterOverrides(
                activation, Objects.requireNonNull(low), Objects.requireNonNull(high), clipActions, clipObservations);
    }

    /**
     * These overrides with a symmetric action clip.
     *
     * @param value the bound, {@code > 0}
     * @return a copy
     */
    public AdapterOverrides withClipActions(double value) {
        return new AdapterOverrides(activation, actionLow, actionHigh, value, clipObservations);
    }

    /**
     * These overrides with a symmetric observation clip before normalisation.
     *
     * @param value the bound, {@code > 0}
     * @return a copy
     */
    public AdapterOverrides withClipObservations(double value) {
        return new AdapterOverrides(activation, actionLow, actionHigh, clipActions, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdapterOverrides other
                && activation == other.activation
                && Arrays.equals(actionLow, other.actionLow)
                && Arrays.equals(actionHigh, other.actionHigh)
                && Objects.equals(clipActions, other.clipActions)
                && Objects.equals(clipObservations, other.clipObservations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                activation, Arrays.hashCode(actionLow), Arrays.hashCode(actionHigh), clipActions, clipObservations);
    }

    @Override
    public String toString() {
        return "AdapterOverrides[activation=" + activation + ", actionLow=" + Arrays.toString(actionLow)
                + ", actionHigh=" + Arrays.toString(actionHigh) + ", clipActions=" + clipActions + ", clipObservations="
                + clipObservations + "]";
    }
}
