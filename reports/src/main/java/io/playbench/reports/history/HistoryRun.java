package io.playbench.reports.history;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A run in the history: the bundles imported under one run id (one CI run, possibly many shards).
 *
 * @param runId the run id
 * @param recordedAt when its first bundle or index line was recorded
 * @param tags names given to the run ({@code history import --tag}, {@code history tag}); a named baseline is a tag
 * @param bundles how many bundles it holds
 * @param identities the benchmarks it measured, by {@link BenchmarkIdentity#id()}
 * @since 0.1.0
 */
public record HistoryRun(String runId, Instant recordedAt, List<String> tags, int bundles, Set<String> identities) {

    /** Makes the collections immutable. */
    public HistoryRun {
        tags = List.copyOf(tags);
        identities = Set.copyOf(identities);
    }
}
