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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code playbench history import | list | prune | tag}: the store of bundles across runs. */
final class HistoryCommand implements Command {

    private static final Arguments.Option HISTORY = Arguments.Option.valued("history", "DIR",
            "the history (default: $PLAYBENCH_HISTORY, else .playbench/history)");
    private static final Arguments.Option HELP = Arguments.Option.flag("help", "show this help");

    private static final List<Arguments.Option> IMPORT = List.of(HISTORY,
            Arguments.Option.valued("run-id", "ID", "the run id (default: UTC time + random, e.g. 20261125T150102Z-3fa9); shards of one run share it"),
            Arguments.Option.valued("tag", "NAME", "name the run, for gate --baseline tag:NAME (repeatable)"), HELP);
    private static final List<Arguments.Option> LIST = List.of(HISTORY,
            Arguments.Option.flag("json", "write the runs and benchmarks as JSON"), HELP);
    private static final List<Arguments.Option> PRUNE = List.of(HISTORY,
            Arguments.Option.valued("keep-runs", "N", "keep the newest N runs"),
            Arguments.Option.valued("max-age", "AGE", "remove runs older than AGE: 30d, 12h, 90m or ISO-8601 (P30D)"),
            Arguments.Option.flag("prune-tagged", "remove tagged runs (named baselines) too; they are kept by default"), HELP);
    private static final List<Arguments.Option> TAG = List.of(HISTORY, HELP);

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String summary() {
        return "the store of bundles across runs: import, list, prune, tag";
    }

    @Override
    public String help() {
        return """
                usage: playbench history import [options] BUNDLE_DIR...
                       playbench history list   [options]
                       playbench history prune  [options]
                       playbench history tag    [options] RUN_ID NAME

                The history is a directory: runs.jsonl (one line per import or tag) and benchmarks/<benchmark>.jsonl (one
                line per bundle, keyed by library, task, envs, device, engine, checkpoint sha256 and hardware). It is
                append-only and safe for concurrent writers (threads and processes); unreadable lines are reported and
                skipped. A bundle is stored once: importing it again is reported as a duplicate.

                import: adds every bundle under the directories (e.g. the downloaded shards of one CI run) as one run.
                """ + Arguments.describe(IMPORT) + """

                list: shows the runs, oldest first, and the benchmarks.
                """ + Arguments.describe(LIST) + """

                prune: retention; removes runs beyond the newest N and/or older than AGE (tagged runs are kept).
                """ + Arguments.describe(PRUNE) + """

                tag: names a run, e.g. playbench history tag 20261125T150102Z-3fa9 release-1.2
                """ + Arguments.describe(TAG) + """

                exit codes: 0 ok, 2 usage or input error (missing directory, unknown run), 3 unexpected error
                """;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException, IOException {
        if (args.isEmpty()) {
            throw new UsageException("give a subcommand: import, list, prune or tag");
        }
        String sub = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        return switch (sub) {
            case "import" -> importRun(rest, context);
            case "list" -> list(rest, context);
            case "prune" -> prune(rest, context);
            case "tag" -> tag(rest, context);
            case "--help", "-h", "help" -> {
                context.out().print(help());
                yield Playbench.EXIT_OK;
            }
            default -> throw new UsageException("unknown subcommand '" + sub + "'; history subcommands: import, list, prune, tag");
        };
    }

    private int importRun(List<String> args, CommandContext context) throws UsageException, IOException {
        Arguments arguments = Arguments.parse("history import", IMPORT, args);
        if (arguments.has("help")) {
            context.out().print(help());
            return Playbench.EXIT_OK;
        }
        if (arguments.positionals().isEmpty()) {
            throw new UsageException("history import: give the bundle directories to import, e.g. bench-tests/target/playbench");
        }
        List<Path> dirs = GateCommand.directories(arguments.positionals(), context, "bundle directory");
        HistoryStore store = HistoryStore.open(Playbench.historyDirectory(arguments.value("history"), context));
        ImportResult result;
        try {
            result = store.importRun(arguments.value("run-id").orElse(null), arguments.values("tag"), dirs, context.clock().instant());
        } catch (IllegalArgumentException e) {
            throw new UsageException("history import: " + e.getMessage());
        }
        if (result.imported() + result.duplicates() == 0) {
            context.err().println("warning: no bundles (play_*.json) found under " + String.join(", ", dirs.stream().map(Path::toString).toList()));
        }
        for (HistoryProblem problem : result.problems()) {
            context.err().println("warning: skipped " + firstLine(problem.toString()));
        }
        context.out().printf(Locale.ROOT, "imported %d bundle(s) of %d benchmark(s) into %s as run %s%s%s%n", result.imported(),
                result.identities(), store.directory(), result.runId(),
                result.duplicates() == 0 ? "" : "; " + result.duplicates() + " already in the history (skipped)",
                result.problems().isEmpty() ? "" : "; " + result.problems().size() + " unreadable file(s) skipped");
        return Playbench.EXIT_OK;
    }

    private int list(List<String> args, CommandContext context) throws UsageException, IOException {
        Arguments arguments = Arguments.parse("history list", LIST, args);
        if (arguments.has("help")) {
            context.out().print(help());
            return Playbench.EXIT_OK;
        }
        noPositionals("history list", arguments);
        HistoryStore store = HistoryStore.open(Playbench.historyDirectory(arguments.value("history"), context));
        HistoryContents contents = store.read();
        contents.problems().forEach(p -> context.err().println("warning: skipped " + firstLine(p.toString())));
        Map<BenchmarkIdentity, long[]> benchmarks = new LinkedHashMap<>();
        for (HistoryRecord record : contents.records()) {
            benchmarks.computeIfAbsent(record.identity(), k -> new long[1])[0]++;
        }
        if (arguments.has("json")) {
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
        context.out().println("history " + store.directory() + ": " + contents.runs().size() + " run(s), " + contents.records().size()
                + " bundle(s), " + benchmarks.size() + " benchmark(s)" + (contents.problems().isEmpty() ? ""
                        : ", " + contents.problems().size() + " unreadable line(s) skipped"));
        if (!contents.runs().isEmpty()) {
            int width = Math.max(6, contents.runs().stream().mapToInt(r -> r.runId().length()).max().orElse(0));
            context.out().printf(Locale.ROOT, "%n  %-" + width + "s  %-20s  %7s  %10s  %s%n", "run", "recorded at (UTC)", "bundles", "benchmarks", "tags");
            for (HistoryRun run : contents.runs()) {
                context.out().printf(Locale.ROOT, "  %-" + width + "s  %-20s  %7d  %10d  %s%n", run.runId(),
                        run.recordedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), run.bundles(),
                        run.identities().size(), String.join(", ", run.tags()));
            }
        }
        if (!benchmarks.isEmpty()) {
            context.out().printf("%nbenchmarks:%n");
            benchmarks.forEach((identity, count) -> context.out().printf(Locale.ROOT, "  %s  %-60s %d bundle(s)%n      hardware: %s%n",
                    identity.id(), identity.label(), count[0], identity.hardware()));
        }
        return Playbench.EXIT_OK;
    }

    private int prune(List<String> args, CommandContext context) throws UsageException, IOException {
        Arguments arguments = Arguments.parse("history prune", PRUNE, args);
        if (arguments.has("help")) {
            context.out().print(help());
            return Playbench.EXIT_OK;
        }
        noPositionals("history prune", arguments);
        Integer keep = arguments.intValue("history prune", "keep-runs", 0).orElse(null);
        Duration maxAge = arguments.value("max-age").isPresent() ? duration(arguments.value("max-age").orElseThrow()) : null;
        if (keep == null && maxAge == null) {
            throw new UsageException("history prune: give --keep-runs N and/or --max-age AGE");
        }
        HistoryStore store = HistoryStore.open(Playbench.historyDirectory(arguments.value("history"), context));
        PruneResult result = store.prune(keep, maxAge, arguments.has("prune-tagged"), context.clock().instant());
        context.out().printf(Locale.ROOT, "pruned %d run(s) (%d bundle(s)) from %s; %d run(s) kept%s%n", result.removedRuns().size(),
                result.removedRecords(), store.directory(), result.keptRuns(),
                result.droppedLines() == 0 ? "" : "; dropped " + result.droppedLines() + " unreadable line(s)");
        return Playbench.EXIT_OK;
    }

    private int tag(List<String> args, CommandContext context) throws UsageException, IOException {
        Arguments arguments = Arguments.parse("history tag", TAG, args);
        if (arguments.has("help")) {
            context.out().print(help());
            return Playbench.EXIT_OK;
        }
        if (arguments.positionals().size() != 2) {
            throw new UsageException("history tag: give RUN_ID NAME, e.g. playbench history tag 20261125T150102Z-3fa9 release-1.2");
        }
        HistoryStore store = HistoryStore.open(Playbench.historyDirectory(arguments.value("history"), context));
        try {
            store.tag(arguments.positionals().get(0), arguments.positionals().get(1), context.clock().instant());
        } catch (IllegalArgumentException e) {
            throw new UsageException("history tag: " + e.getMessage());
        }
        context.out().println("tagged run " + arguments.positionals().get(0) + " as " + arguments.positionals().get(1));
        return Playbench.EXIT_OK;
    }

    private static void noPositionals(String command, Arguments arguments) throws UsageException {
        if (!arguments.positionals().isEmpty()) {
            throw new UsageException(command + ": unexpected argument(s) " + arguments.positionals());
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
