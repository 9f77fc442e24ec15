package io.playbench.reports.history;

import java.util.List;

/**
 * What retention removed from the history.
 *
 * @param removedRuns run ids removed, oldest first
 * @param keptRuns runs left
 * @param removedRecords bundles removed
 * @param droppedLines unreadable lines dropped while the files were rewritten
 * @since 0.1.0
 */
public record PruneResult(List<String> removedRuns, int keptRuns, int removedRecords, int droppedLines) {

    /** Makes the list immutable. */
    public PruneResult {
        removedRuns = List.copyOf(removedRuns);
    }
}
