package io.playbench.library;

import java.util.List;
import java.util.Objects;

/**
 * The deterministic play-time policy of a trained checkpoint, independent of any inference engine: the ordered
 * {@link Stage stages} that turn one raw float32 observation into the action the environment receives.
 *
 * <p>A library adapter builds it from a checkpoint and its config; an inference engine compiles it; the
 * {@link ReferencePolicy reference evaluator} defines what every engine must compute (within 1e-5 relative).
 *
 * @param library the library whose play path this reproduces
 * @param algorithm the algorithm as the library names it (e.g. {@code PPO}, {@code SAC}), or {@code unknown}
 * @param observationSize the width of one raw observation
 * @param action what the last stage yields
 * @param stages the computation, in order
 * @param notes what was read from where, and what was defaulted, one line each (shown by {@code inspect})
 */
public record PolicySpec(
        Library library,
        String algorithm,
        int observationSize,
        ActionOutput action,
        List<Stage> stages,
        List<String> notes) {

    /** Checks that the stages chain: each receives the width the previous one produced, ending in the action width. */
    public PolicySpec {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(action, "action");
        stages = List.copyOf(stages);
        notes = List.copyOf(notes);
        if (observationSize <= 0) {
            throw new IllegalArgumentException("observationSize must be > 0 but was " + observationSize);
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one stage");
        }
        int width = observationSize;
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            if (stage instanceof Stage.Argmax && i != stages.size() - 1) {
                throw new IllegalArgumentException(
                        "argmax must be the last stage but is stage " + i + " of " + stages.size());
            }
            try {
                width = stage.outputSize(width);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "stage " + i + " (" + stage.getClass().getSimpleName() + ") does not fit: " + e.getMessage(),
                        e);
            }
        }
        boolean argmax = stages.getLast() instanceof Stage.Argmax;
        switch (action) {
            case ActionOutput.Discrete d -> {
                if (!argmax) {
                    throw new IllegalArgumentException("a discrete action needs a final argmax stage");
                }
                int logits = logitCount(observationSize, stages);
                if (logits != d.n()) {
                    throw new IllegalArgumentException(
                            "the argmax chooses among " + logits + " outputs but the action space has n = " + d.n());
                }
            }
            case ActionOutput.Continuous c -> {
                if (argmax) {
                    throw new IllegalArgumentException("a continuous action cannot end in argmax");
                }
                if (width != c.size()) {
                    throw new IllegalArgumentException(
                            "the stages produce " + width + " values but the action has " + c.size() + " dimensions");
                }
            }
        }
    }

    /**
     * The width of the network output before a final argmax (logits or Q-values), or the action width.
     *
     * @return the width
     */
    public int outputSize() {
        return action instanceof ActionOutput.Discrete
                ? logitCount(observationSize, stages)
                : ((ActionOutput.Continuous) action).size();
    }

    /**
     * Number of float parameters in the dense layers.
     *
     * @return the parameter count
     */
    public long parameterCount() {
        long n = 0;
        for (Stage s : stages) {
            if (s instanceof Stage.Dense d) {
                n += d.weight().length + (d.bias() == null ? 0 : d.bias().length);
            }
        }
        return n;
    }

    private static int logitCount(int observationSize, List<Stage> stages) {
        int width = observationSize;
        for (Stage s : stages) {
            if (s instanceof Stage.Argmax) {
                return width;
            }
            width = s.outputSize(width);
        }
        return width;
    }

    /** What a policy hands the environment. */
    public sealed interface ActionOutput {

        /**
         * One integer action in {@code [0, n)} per env.
         *
         * @param n the number of actions
         */
        record Discrete(int n) implements ActionOutput {
            /** Checks n. */
            public Discrete {
                if (n < 1) {
                    throw new IllegalArgumentException("a discrete action needs n >= 1 but n was " + n);
                }
            }
        }

        /**
         * A float32 vector per env.
         *
         * @param size the number of dimensions
         */
        record Continuous(int size) implements ActionOutput {
            /** Checks the size. */
            public Continuous {
                if (size < 1) {
                    throw new IllegalArgumentException(
                            "a continuous action needs at least one dimension but had " + size);
                }
            }
        }
    }
}
