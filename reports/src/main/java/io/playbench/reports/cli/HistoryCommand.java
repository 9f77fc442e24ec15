package io.playbench.reports.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playbench.reports.history.BenchmarkIdentity;
import io.playbench.reports.history.HistoryContents;
import io.playbench.reports.history.HistoryProblem;
import io.playbench.reports.history.HistoryRecord;
import io.playbench.reports.history.HistoryRun;
import io.playbench.reports.history.HistoryStore;
import io.playbench.reports.history.ImportResult;
import io.playbench.reports.history.PruneResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code playbench history import | list | prune | tag}: the store of bundles across runs. */
@Command(
        name = "history",
        customSynopsis = {
            "playbench history import [options] BUNDLE_DIR...",
            "       playbench history list   [options]",
            "       playbench history prune  [options]",
            "       playbench history tag    [options] RUN_ID NAME"
        },
        description = {
            "the store of bundles across runs: import, list, prune, tag",
            "",
            "The history is a directory: runs.jsonl, one line per import or tag, and benchmarks/*.jsonl, one"
                    + " line per bundle, keyed by library, task, envs, device, engine, checkpoint sha256 and hardware."
                    + " It is append-only and safe for concurrent writers (threads and processes); unreadable lines"
                    + " are reported and skipped. A bundle is stored once: importing it again is reported as a"
                    + " duplicate.",
            "Every subcommand takes --history DIR; the default is $PLAYBENCH_HISTORY, else .playbench/history.",
            "",
            "`playbench history COMMAND --help` shows a subcommand's options."
        },
        subcommands = {
            HistoryCommand.Import.class,
            HistoryCommand.ListRuns.class,
            HistoryCommand.Prune.class,
            HistoryCommand.Tag.class,
            CommandLine.HelpCommand.class
        },
        footer = {"%nexit codes: 0 ok, 2 usage or input error (missing directory, unknown run), 3 unexpected error"})
final class HistoryCommand extends BaseCommand {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    HistoryCommand(CommandContext context) {
        super(context);
    }

    /** Without a subcommand: a usage error. */
    @Override
    public Integer call() {
        throw usage("give a subcommand: import, list, prune or tag");
    }

    /** {@code playbench history import}: adds every bundle under the directories as one run. */
    @Command(
            name = "import",
            description = {
                "add every bundle under the directories (e.g. the downloaded shards of one CI run) as one run"
            })
    static final class Import extends BaseCommand {

        @Mixin
        HistoryOption history;

        @Option(
                names = "--run-id",
                paramLabel = "ID",
                description = "the run id (default: UTC time + random, e.g. 20261125T150102Z-3fa9); shards of one run"
                        + " share it")
        String runId;

        @Option(
                names = "--tag",
                paramLabel = "NAME",
                description = "name the run, for gate --baseline tag:NAME (repeatable)")
        List<String> tags = new ArrayList<>();

        @Parameters(paramLabel = "BUNDLE_DIR", arity = "0..*", description = "directories holding play_*.json bundles")
        List<String> directories = new ArrayList<>();

        Import(CommandContext context) {
            super(context);
        }

        @Override
        public Integer call() throws UsageException, IOException {
            if (directories.isEmpty()) {
                throw usage("give the bundle directories to import, e.g. bench-tests/target/playbench");
            }
            List<Path> dirs = GateCommand.directories(directories, context, "bundle directory");
            HistoryStore store = HistoryStore.open(history.directory(context));
            ImportResult result;
            try {
                result = store.importRun(runId, tags, dirs, context.clock().instant());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (result.imported() + result.duplicates() == 0) {
                note("warning: no bundles (play_*.json) found under "
                        + String.join(", ", dirs.stream().map(Path::toString).toList()));
            }
            for (HistoryProblem problem : result.problems()) {
                note("warning: skipped " + firstLine(problem.toString()));
            }
            context.out()
                    .printf(
                            Locale.ROOT,
                            "imported %d bundle(s) of %d benchmark(s) into %s as run %s%s%s%n",
                            result.imported(),
                            result.identities(),
                            store.directory(),
                            result.runId(),
                            result.duplicates() == 0
                                    ? ""
                                    : "; " + result.duplicates() + " already in the history (skipped)",
                            result.problems().isEmpty()
                                    ? ""
                                    : "; " + result.problems().size() + " unreadable file(s) skipped");
            return Playbench.EXIT_OK;
        }
    }

    /** {@code playbench history list}: the runs, oldest first, and the benchmarks. */
    @Command(name = "list", description = "show the runs, oldest first, and the benchmarks")
    static final class ListRuns extends BaseCommand {

        @Mixin
        HistoryOption history;

        @Option(names = "--json", description = "write the runs and benchmarks as JSON")
        boolean json;

        ListRuns(CommandContext context) {
            super(context);
        }

        @Override
        public Integer call() throws IOException {
            HistoryStore store = HistoryStore.open(history.directory(context));
            HistoryContents contents = store.read();
            contents.problems().forEach(p -> note("warning: skipped " + firstLine(p.toString())));
            Map<BenchmarkIdentity, long[]> benchmarks = new LinkedHashMap<>();
            for (HistoryRecord record : contents.records()) {
                benchmarks.computeIfAbsent(record.identity(), k -> new long[1])[0]++;
            }
            if (json) {
                ObjectNode root = MAPPER.createObjectNode();
                root.put("history", store.directory().toString());
                ArrayNode runs = root.putArray("runs");
                for (HistoryRun run : contents.runs()) {
                    ObjectNode node = runs.addObject();
                    node.put("run_id", run.runId());
                    node.put("recorded_at", run.recordedAt().toString());
                    node.put("bundles", run.bundles());
                    node.put("benchmarks", run.identities().size());
                    ArrayNode tags = node.putArray("tags");
                    run.tags().forEach(tags::add);
                }
                ArrayNode list = root.putArray("benchmarks");
                benchmarks.forEach((identity, count) -> {
                    ObjectNode node = list.addObject();
                    node.put("id", identity.id());
                    node.put("label", identity.label());
                    node.put("key", identity.key());
                    node.put("bundles", count[0]);
                });
                root.put("problems", contents.problems().size());
                context.out().print(MAPPER.writeValueAsString(root) + "\n");
                return Playbench.EXIT_OK;
            }
            context.out()
                    .println("history " + store.directory() + ": "
                            + contents.runs().size() + " run(s), "
                            + contents.records().size() + " bundle(s), " + benchmarks.size() + " benchmark(s)"
                            + (contents.problems().isEmpty()
                                    ? ""
                                    : ", " + contents.problems().size() + " unreadable line(s) skipped"));
            if (!contents.runs().isEmpty()) {
                int width = Math.max(
                        6,
                        contents.runs().stream()
                                .mapToInt(r -> r.runId().length())
                                .max()
                                .orElse(0));
                context.out()
                        .printf(
                                Locale.ROOT,
                                "%n  %-" + width + "s  %-20s  %7s  %10s  %s%n",
                                "run",
                                "recorded at (UTC)",
                                "bundles",
                                "benchmarks",
                                "tags");
                for (HistoryRun run : contents.runs()) {
                    context.out()
                            .printf(
                                    Locale.ROOT,
                                    "  %-" + width + "s  %-20s  %7d  %10d  %s%n",
                                    run.runId(),
                                    run.recordedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                                    run.bundles(),
                                    run.identities().size(),
                                    String.join(", ", run.tags()));
                }
            }
            if (!benchmarks.isEmpty()) {
                context.out().printf("%nbenchmarks:%n");
                benchmarks.forEach((identity, count) -> context.out()
                        .printf(
                                Locale.ROOT,
                                "  %s  %-60s %d bundle(s)%n      hardware: %s%n",
                                identity.id(),
                                identity.label(),
                                count[0],
                                identity.hardware()));
            }
            return Playbench.EXIT_OK;
        }
    }

    /** {@code playbench history prune}: retention. */
    @Command(
            name = "prune",
            description = "retention: remove runs beyond the newest N and/or older than AGE (tagged runs are kept)")
    static final class Prune extends BaseCommand {

        @Mixin
        HistoryOption history;

        @Option(names = "--keep-runs", paramLabel = "N", description = "keep the newest N runs")
        Integer keepRuns;

        @Option(
                names = "--max-age",
                paramLabel = "AGE",
                description = "remove runs older than AGE: 30d, 12h, 90m or ISO-8601 (P30D)")
        String maxAge;

        @Option(
                names = "--prune-tagged",
                description = "remove tagged runs (named baselines) too; they are kept by default")
        boolean pruneTagged;

        Prune(CommandContext context) {
            super(context);
        }

        @Override
        public Integer call() throws IOException {
            if (keepRuns == null && maxAge == null) {
                throw usage("give --keep-runs N and/or --max-age AGE");
            }
            if (keepRuns != null) {
                atLeast("--keep-runs", keepRuns, 0);
            }
            Duration age;
            try {
                age = maxAge == null ? null : duration(maxAge);
            } catch (UsageException e) {
                throw usage(e.getMessage());
            }
            HistoryStore store = HistoryStore.open(history.directory(context));
            PruneResult result =
                    store.prune(keepRuns, age, pruneTagged, context.clock().instant());
            context.out()
                    .printf(
                            Locale.ROOT,
                            "pruned %d run(s) (%d bundle(s)) from %s; %d run(s) kept%s%n",
                            result.removedRuns().size(),
                            result.removedRecords(),
                            store.directory(),
                            result.keptRuns(),
                            result.droppedLines() == 0
                                    ? ""
                                    : "; dropped " + result.droppedLines() + " unreadable line(s)");
            return Playbench.EXIT_OK;
        }
    }

    /** {@code playbench history tag}: names a run. */
    @Command(name = "tag", description = "name a run, e.g. playbench history tag 20261125T150102Z-3fa9 release-1.2")
    static final class Tag extends BaseCommand {

        @Mixin
        HistoryOption history;

        @Parameters(paramLabel = "RUN_ID NAME", arity = "0..*", description = "the run and its new name")
        List<String> arguments = new ArrayList<>();

        Tag(CommandContext context) {
            super(context);
        }

        @Override
        public Integer call() throws UsageException, IOException {
            if (arguments.size() != 2) {
                throw usage("give RUN_ID NAME, e.g. playbench history tag 20261125T150102Z-3fa9 release-1.2");
            }
            HistoryStore store = HistoryStore.open(history.directory(context));
            try {
                store.tag(arguments.get(0), arguments.get(1), context.clock().instant());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            context.out().println("tagged run " + arguments.get(0) + " as " + arguments.get(1));
            return Playbench.EXIT_OK;
        }
    }

    static Duration duration(String text) throws UsageException {
        String t = text.strip();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            long amount = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (Character.toLowerCase(t.charAt(t.length() - 1))) {
                case 'd' -> Duration.ofDays(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 's' -> Duration.ofSeconds(amount);
                default -> null;
            };
            if (d != null && !d.isNegative()) {
                return d;
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            // reported below
        }
        throw new UsageException("--max-age: expected an age like 30d, 12h, 90m or P30D but got '" + text + "'");
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }
}
