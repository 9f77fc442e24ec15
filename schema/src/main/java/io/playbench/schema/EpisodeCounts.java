package io.playbench.schema;

/**
 * How many episodes ended during the measured rollout ({@code episodes}); the episode aggregates cover exactly these.
 *
 * @param completed episodes that ended, = terminated + truncated
 * @param terminated episodes ended by the task's termination condition
 * @param truncated episodes ended by the time limit
 * @param successes completed episodes judged successful, {@code null} when the task defines no success
 */
public record EpisodeCounts(long completed, long terminated, long truncated, Long successes) {

    /** Checks that the counts are not negative and add up. */
    public EpisodeCounts {
        Checks.nonNegative("episodes.completed", completed);
        Checks.nonNegative("episodes.terminated", terminated);
        Checks.nonNegative("episodes.truncated", truncated);
        if (terminated + truncated != completed) {
            throw new IllegalArgumentException("episodes.completed must equal terminated + truncated = "
                    + (terminated + truncated) + " but was " + completed);
        }
        if (successes != null && (successes < 0 || successes > completed)) {
            throw new IllegalArgumentException(
                    "episodes.successes must be within [0, completed = " + completed + "] but was " + successes);
        }
    }

    /**
     * No episode ended.
     *
     * @return zero counts, successes {@code null}
     */
    public static EpisodeCounts none() {
        return new EpisodeCounts(0, 0, 0, null);
    }
}
