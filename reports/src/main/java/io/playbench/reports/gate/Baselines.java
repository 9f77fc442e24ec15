package io.playbench.reports.gate;

import io.playbench.reports.history.BenchmarkIdentity;
import io.playbench.reports.history.HistoryContents;
import io.playbench.reports.history.HistoryRecord;
import io.playbench.reports.history.HistoryRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks the baseline of a gate from a history.
 *
 * <p>Forms of {@code --baseline}: {@code previous} (per benchmark, the newest earlier run that measured it),
 * {@code last:K} (per benchmark, a rolling window of the newest K earlier runs that measured it), {@code run:ID} (one
 * run), {@code tag:NAME} (the newest run carrying a name, see {@code playbench history tag}). "Earlier" excludes the
 * current run: any history run holding one of the current bundles (same digest) or whose id is the current run id.
 *
 * @since 0.1.0
 */
public final class Baselines {

    private Baselines() {}

    /**
     * A parsed {@code --baseline} value.
     *
     * @param kind {@code previous}, {@code last}, {@code run} or {@code tag}
     * @param value the window size, run id or tag; empty for {@code previous}
     */
    public record Spec(String kind, String value) {

        /**
         * Parses a baseline spec.
         *
         * @param text {@code previous}, {@code last:K}, {@code run:ID} or {@code tag:NAME}
         * @return the spec
         * @throws IllegalArgumentException saying which forms exist
         */
        public static Spec parse(String text) {
            if ("previous".equals(text)) {
                return new Spec("previous", "");
            }
            int colon = text.indexOf(':');
            String kind = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            switch (kind) {
                case "last" -> {
                    try {
                        if (Integer.parseInt(value) >= 1) {
                            return new Spec(kind, value);
                        }
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    throw new IllegalArgumentException(
                            "--baseline last:K needs a whole number K >= 1 but got '" + text + "'");
                }
                case "run", "tag" -> {
                    if (!value.isBlank()) {
                        return new Spec(kind, value);
                    }
                }
                default -> {}
            }
            throw new IllegalArgumentException(
                    "--baseline must be previous, last:K, run:ID or tag:NAME but was '" + text + "'");
        }
    }

    /** No baseline could be found; the message says what was looked for. */
    public static final class NoBaselineException extends Exception {

        private static final long serialVersionUID = 1L;

        NoBaselineException(String message) {
            super(message);
        }
    }

    /**
     * A baseline with its description.
     *
     * @param description what it is, in words
     * @param samples its bundles, each with its history run id
     */
    public record Resolved(String description, List<Sample> samples) {}

    /**
     * Resolves a baseline in a history.
     *
     * @param history the history's contents
     * @param directory the history directory, for messages
     * @param spec the baseline spec
     * @param current the identities of the current run
     * @param currentDigests digests of the current run's bundles (their runs are not baselines)
     * @param currentRunId the id the current run was imported under, or {@code null}
     * @return the baseline
     * @throws NoBaselineException saying what was looked for and what the history holds
     */
    public static Resolved resolve(
            HistoryContents history,
            Path directory,
            Spec spec,
            Set<BenchmarkIdentity> current,
            Set<String> currentDigests,
            String currentRunId)
            throws NoBaselineException {
        Set<String> excluded = new LinkedHashSet<>();
        for (HistoryRecord record : history.records()) {
            if (currentDigests.contains(record.digest()) || record.runId().equals(currentRunId)) {
                excluded.add(record.runId());
            }
        }
        if (currentRunId != null && history.run(currentRunId).isPresent()) {
            excluded.add(currentRunId);
        }
        List<HistoryRun> eligible = history.runs().stream()
                .filter(r -> !excluded.contains(r.runId()))
                .toList();
        String holds = "the history at " + directory + " holds "
                + history.runs().size() + " run(s)"
                + (excluded.isEmpty()
                        ? ""
                        : ", " + excluded.size() + " of them the current run (" + String.join(", ", excluded) + ")");
        return switch (spec.kind()) {
            case "previous", "last" -> {
                int window = "last".equals(spec.kind()) ? Integer.parseInt(spec.value()) : 1;
                List<Sample> samples = new ArrayList<>();
                Set<String> runsUsed = new LinkedHashSet<>();
                for (BenchmarkIdentity identity : current) {
                    List<HistoryRun> withIdentity = eligible.stream()
                            .filter(r -> r.identities().contains(identity.id()))
                            .toList();
                    List<HistoryRun> chosen =
                            withIdentity.subList(Math.max(0, withIdentity.size() - window), withIdentity.size());
                    for (HistoryRun run : chosen) {
                        runsUsed.add(run.runId());
                        history.recordsOf(run.runId()).stream()
                                .filter(r -> r.identity().equals(identity))
                                .forEach(r -> samples.add(new Sample(r.runId(), r.bundle())));
                    }
                }
                if (samples.isEmpty()) {
                    throw new NoBaselineException("no baseline found: looked for "
                            + ("previous".equals(spec.kind())
                                    ? "the newest earlier run"
                                    : "the last " + window + " earlier runs")
                            + " measuring any of the " + current.size()
                            + " benchmark(s) of the current run (" + labels(current) + "); " + holds + ".");
                }
                String what = "previous".equals(spec.kind())
                        ? "previous run"
                        : "rolling window of the last " + window + " runs";
                yield new Resolved(
                        what + " in history " + directory + " (run" + (runsUsed.size() > 1 ? "s " : " ")
                                + String.join(", ", runsUsed) + ")",
                        samples);
            }
            case "run" -> {
                if (history.run(spec.value()).isEmpty()) {
                    throw new NoBaselineException("no baseline found: looked for run '" + spec.value() + "'; " + holds
                            + (history.runs().isEmpty() ? "" : "; newest: " + newest(history.runs())) + ".");
                }
                yield new Resolved(
                        "run " + spec.value() + " in history " + directory, samplesOf(history, spec.value()));
            }
            case "tag" -> {
                HistoryRun run = history.newestTagged(spec.value())
                        .orElseThrow(() -> new NoBaselineException("no baseline found: looked for a run tagged '"
                                + spec.value() + "'; " + holds + "; known tags: " + knownTags(history.runs())
                                + " (give one with 'playbench history tag RUN_ID NAME')."));
                yield new Resolved(
                        "run " + run.runId() + " (tag " + spec.value() + ") in history " + directory,
                        samplesOf(history, run.runId()));
            }
            default -> throw new IllegalArgumentException("unknown baseline kind " + spec.kind());
        };
    }

    private static List<Sample> samplesOf(HistoryContents history, String runId) {
        return history.recordsOf(runId).stream()
                .map(r -> new Sample(r.runId(), r.bundle()))
                .toList();
    }

    private static String labels(Set<BenchmarkIdentity> identities) {
        return identities.stream().map(BenchmarkIdentity::label).limit(5).collect(Collectors.joining("; "))
                + (identities.size() > 5 ? "; ..." : "");
    }

    private static String newest(List<HistoryRun> runs) {
        return runs.reversed().stream().limit(5).map(HistoryRun::runId).collect(Collectors.joining(", "));
    }

    private static String knownTags(List<HistoryRun> runs) {
        String tags = runs.stream().flatMap(r -> r.tags().stream()).distinct().collect(Collectors.joining(", "));
        return tags.isEmpty() ? "none" : tags;
    }
}
