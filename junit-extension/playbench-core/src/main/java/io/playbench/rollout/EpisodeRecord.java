package io.playbench.rollout;

/**
 * One episode that ended during the measured rollout.
 *
 * @param env the index of the env that played it
 * @param step the measured iteration (0-based) on which it ended
 * @param episodeReturn the sum of its rewards, accumulated in float64
 * @param length its length [env steps], including the terminal step
 * @param terminated whether the task's termination condition ended it (otherwise the time limit did)
 * @param success whether the task judged it successful
 */
public record EpisodeRecord(
        int env, long step, double episodeReturn, int length, boolean terminated, boolean success) {}
