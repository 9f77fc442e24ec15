package io.playbench.rollout;

import io.playbench.schema.PlayBundle;

/**
 * What a {@link PlayRunner} run produced: the measurements (absent when the run crashed), the bundle, and the crash.
 *
 * @param result the measurements, or {@code null} if the run crashed before they were complete
 * @param bundle the bundle, with status {@code completed} or {@code crashed}
 * @param crash what stopped the run, or {@code null}
 */
public record PlayOutcome(PlayResult result, PlayBundle bundle, Throwable crash) {

    /**
     * Whether the run crashed.
     *
     * @return {@code true} when {@link #crash()} is set
     */
    public boolean crashed() {
        return crash != null;
    }
}
