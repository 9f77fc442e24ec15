package io.playbench.reports.gate;

/**
 * The gate's judgement of one metric, one budget, a benchmark or the whole run.
 *
 * @since 0.1.0
 */
public enum Verdict {

    /** Within tolerance (or the budget holds). */
    OK("ok", false),

    /** Better than the tolerance, beyond the noise. */
    IMPROVED("improved", false),

    /** Worse than the tolerance, but the confidence interval of the repeated runs includes no change: not flagged. */
    NOISE("within noise", false),

    /** Worse than the tolerance and beyond the noise: fails the gate. */
    REGRESSION("REGRESSION", true),

    /** A budget from the bundle's {@code extra} is broken: fails the gate. */
    BUDGET_BROKEN("BUDGET BROKEN", true),

    /** No value on one side (nothing measured, no completed episode, a new benchmark). */
    NO_DATA("no data", false);

    private final String label;
    private final boolean failing;

    Verdict(String label, boolean failing) {
        this.label = label;
        this.failing = failing;
    }

    /**
     * The text shown in the table.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * Whether this verdict fails the gate.
     *
     * @return {@code true} for a regression or a broken budget
     */
    public boolean failing() {
        return failing;
    }

    /**
     * The JSON name.
     *
     * @return lower case, e.g. {@code regression}
     */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
