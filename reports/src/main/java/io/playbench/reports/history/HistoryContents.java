package io.playbench.reports.history;

import java.util.List;
import java.util.Optional;

/**
 * Everything read from a history: its records, its runs (oldest first) and what could not be read.
 *
 * @param records every readable record, oldest run first, in file order within a run
 * @param runs the runs, oldest first
 * @param problems unreadable files and lines, skipped
 * @since 0.1.0
 */
public record HistoryContents(List<HistoryRecord> records, List<HistoryRun> runs, List<HistoryProblem> problems) {

    /** Makes the lists immutable. */
    public HistoryContents {
        records = List.copyOf(records);
        runs = List.copyOf(runs);
        problems = List.copyOf(problems);
    }

    /**
     * Looks a run up by id.
     *
     * @param runId the run id
     * @return the run, if present
     */
    public Optional<HistoryRun> run(String runId) {
        return runs.stream().filter(r -> r.runId().equals(runId)).findFirst();
    }

    /**
     * The newest run carrying a tag.
     *
     * @param tag the name
     * @return the run, if any carries the tag
     */
    public Optional<HistoryRun> newestTagged(String tag) {
        return runs.reversed().stream().filter(r -> r.tags().contains(tag)).findFirst();
    }

    /**
     * The records of one run.
     *
     * @param runId the run id
     * @return its records
     */
    public List<HistoryRecord> recordsOf(String runId) {
        return records.stream().filter(r -> r.runId().equals(runId)).toList();
    }
}
