package io.playbench.reports.history;

import io.playbench.schema.PlayBundle;
import java.time.Instant;

/**
 * One bundle in the history: a line of an identity's JSON Lines file.
 *
 * @param runId the history run the bundle was imported with
 * @param recordedAt when it was imported
 * @param identity the benchmark it measured
 * @param digest the SHA-256 of the bundle's compact JSON; a bundle is stored once
 * @param source the file it was imported from
 * @param bundle the bundle
 * @since 0.1.0
 */
public record HistoryRecord(
        String runId,
        Instant recordedAt,
        BenchmarkIdentity identity,
        String digest,
        String source,
        PlayBundle bundle) {}
