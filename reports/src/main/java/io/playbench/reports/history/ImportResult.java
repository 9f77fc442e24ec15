package io.playbench.reports.history;

import java.util.List;

/**
 * What an import added to the history.
 *
 * @param runId the run id the bundles were recorded under
 * @param imported bundles appended
 * @param duplicates bundles skipped because the history already held them (same digest)
 * @param identities distinct benchmarks among the appended bundles
 * @param problems files that could not be read as bundles, skipped
 * @since 0.1.0
 */
public record ImportResult(String runId, int imported, int duplicates, int identities, List<HistoryProblem> problems) {

    /** Makes the list immutable. */
    public ImportResult {
        problems = List.copyOf(problems);
    }
}
