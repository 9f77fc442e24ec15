package io.playbench.reports.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playbench.schema.AtomicFiles;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.SafeNames;
import io.playbench.schema.ScanResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * An append-only store of PlayBundles across runs, in a directory.
 *
 * <p>Layout:
 * <pre>
 * history/
 *   .lock                       taken (exclusively) by every writer
 *   runs.jsonl                  one line per import or tag: {"history_run", "recorded_at", "tags", "sources", "bundles"}
 *   benchmarks/
 *     CartPole-v1_sb3_16envs_cpu_tensorflow_3f9a0c1d2e4b.jsonl
 *                               one line per bundle of that benchmark identity:
 *                               {"history_run", "recorded_at", "identity", "digest", "source", "bundle"}
 * </pre>
 *
 * <p>Writers (threads of one JVM and separate processes) serialise on an in-process lock plus an OS file lock on
 * {@code .lock}; each line is appended with one write and flushed to disk. A line cut short by a crash is skipped by
 * readers and reported, and the next writer starts a fresh line after it. Readers take no lock. Retention
 * ({@link #prune}) rewrites files atomically. A bundle is stored once: importing it again is reported as a duplicate.
 *
 * <p>An import is all-or-nothing: before appending, the writer records the length of every file it will touch in
 * {@code .import-journal}; if any write fails, every file is cut back to its recorded length (files it created are
 * removed) and the journal is deleted, so the history is exactly as before and the same import can be retried. After a
 * crash mid-import the journal stays behind, and the next writer (import, tag, prune) rolls the partial import back
 * first. Readers take no lock, so one that runs during an import (or after such a crash, before the next writer) may
 * see part of it. File names derived from bundles (the benchmark identity) go through {@link SafeNames}: they stay
 * inside {@code benchmarks/} and are at most 120 characters long.
 *
 * @since 0.1.0
 */
public final class HistoryStore {

    /** The run index file name. */
    public static final String RUNS_FILE = "runs.jsonl";

    /** The folder of per-identity files. */
    public static final String BENCHMARKS_DIR = "benchmarks";

    /** The journal of the import being committed: the lengths of the files it appends to, for the rollback. */
    public static final String JOURNAL_FILE = ".import-journal";

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    /**
     * Reads stored bundles as {@link PlayBundles} does, minus the JSON Schema pass: every bundle was validated when it
     * was imported, and the records' constructors still check every invariant. Validation costs milliseconds per bundle,
     * which a history of thousands of bundles would feel.
     */
    private static final ObjectMapper BUNDLE_READER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private static final String DIGEST_FIELD = "\"digest\":\"";
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter RUN_ID_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;

    private HistoryStore(Path directory) {
        this.directory = directory;
    }

    /**
     * Opens a history in a directory; nothing is created until the first write.
     *
     * @param directory the history directory
     * @return the store
     */
    public static HistoryStore open(Path directory) {
        return new HistoryStore(directory.toAbsolutePath().normalize());
    }

    /**
     * The history directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * A new run id: the UTC time and 4 random hex digits, e.g. {@code 20261125T150102Z-3fa9}.
     *
     * @param now the time
     * @return the id
     */
    public static String newRunId(Instant now) {
        byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        return RUN_ID_STAMP.format(now) + "-" + HexFormat.of().formatHex(random);
    }

    /**
     * Checks a user-given run id or tag: 1 to 100 characters of letters, digits, {@code . _ : -}.
     *
     * @param what {@code run id} or {@code tag}, for the message
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException saying what is allowed
     */
    public static String checkName(String what, String value) {
        if (value == null || !value.matches("[A-Za-z0-9._:-]{1,100}")) {
            throw new IllegalArgumentException(
                    "a " + what + " must be 1 to 100 letters, digits, '.', '_', ':' or '-' but was '" + value + "'");
        }
        return value;
    }

    /**
     * Imports every bundle found under several directories (for example the downloaded shards of one CI run) as one run.
     *
     * @param runId the run id, or {@code null} for a new one
     * @param tags names for the run (e.g. {@code release-1.2}), may be empty
     * @param bundleDirectories directories scanned with {@link PlayBundles#scan(Path)}; each must exist
     * @param now the time recorded
     * @return what was appended and what was skipped
     * @throws NoSuchFileException if a directory does not exist
     * @throws IOException if the history cannot be written
     */
    public ImportResult importRun(String runId, List<String> tags, List<Path> bundleDirectories, Instant now)
            throws IOException {
        List<ScanResult.Entry> entries = new ArrayList<>();
        List<HistoryProblem> problems = new ArrayList<>();
        for (Path dir : bundleDirectories) {
            if (!Files.isDirectory(dir)) {
                throw new NoSuchFileException(dir.toString(), null, "not a directory of bundles");
            }
            ScanResult scan = PlayBundles.scan(dir);
            entries.addAll(scan.entries());
            scan.problems().forEach(p -> problems.add(new HistoryProblem(p.file(), 0, p.reason())));
        }
        ImportResult appended = append(
                runId,
                tags,
                entries,
                bundleDirectories.stream().map(Path::toString).toList(),
                now);
        problems.addAll(appended.problems());
        return new ImportResult(
                appended.runId(), appended.imported(), appended.duplicates(), appended.identities(), problems);
    }

    /**
     * Appends bundles to the history as (part of) one run.
     *
     * @param runId the run id, or {@code null} for a new one; appending to an existing run adds to it (shards)
     * @param tags names for the run, may be empty
     * @param bundles the bundles with their source files
     * @param sources what the bundles came from, recorded in the run index
     * @param now the time recorded
     * @return what was appended
     * @throws IOException if the history cannot be written
     */
    public ImportResult append(
            String runId, List<String> tags, List<ScanResult.Entry> bundles, List<String> sources, Instant now)
            throws IOException {
        String id = runId == null ? newRunId(now) : checkName("run id", runId);
        tags.forEach(t -> checkName("tag", t));
        return locked(() -> {
            Set<Path> touched = new LinkedHashSet<>();
            for (ScanResult.Entry entry : bundles) {
                touched.add(SafeNames.resolve(
                        benchmarksDir(), BenchmarkIdentity.of(entry.bundle()).fileName()));
            }
            Set<String> known = knownDigests(touched);
            Map<Path, List<String>> lines = new LinkedHashMap<>();
            Set<String> identities = new HashSet<>();
            int imported = 0;
            int duplicates = 0;
            for (ScanResult.Entry entry : bundles) {
                JsonNode bundleTree = MAPPER.readTree(PlayBundles.toJson(entry.bundle()));
                String digest = sha256(MAPPER.writeValueAsString(bundleTree));
                if (!known.add(digest)) {
                    duplicates++;
                    continue;
                }
                BenchmarkIdentity identity = BenchmarkIdentity.of(entry.bundle());
                ObjectNode line = MAPPER.createObjectNode();
                line.put("history_run", id);
                line.put("recorded_at", now.toString());
                line.set("identity", MAPPER.valueToTree(identityMap(identity)));
                line.put("digest", digest);
                line.put("source", entry.file() == null ? null : entry.file().toString());
                line.set("bundle", bundleTree);
                lines.computeIfAbsent(SafeNames.resolve(benchmarksDir(), identity.fileName()), k -> new ArrayList<>())
                        .add(MAPPER.writeValueAsString(line));
                identities.add(identity.id());
                imported++;
            }
            lines.put(runsFile(), List.of(indexLine(id, now, tags, sources, imported)));
            commit(lines);
            return new ImportResult(id, imported, duplicates, identities.size(), List.of());
        });
    }

    /**
     * Gives an existing run a name, so that the gate can use it as a named baseline ({@code --baseline tag:NAME}).
     *
     * @param runId the run
     * @param tag the name
     * @param now the time recorded
     * @throws IllegalArgumentException if the run is not in the history
     * @throws IOException if the history cannot be read or written
     */
    public void tag(String runId, String tag, Instant now) throws IOException {
        checkName("tag", tag);
        if (read().run(runId).isEmpty()) {
            throw new IllegalArgumentException("no run '" + runId + "' in the history at " + directory
                    + "; 'playbench history list' shows the runs");
        }
        locked(() -> {
            appendLines(runsFile(), List.of(indexLine(runId, now, List.of(tag), List.of(), 0)));
            return null;
        });
    }

    /**
     * Reads the whole history; unreadable files and lines are skipped and reported.
     *
     * @return records, runs and problems; empty for a missing directory
     * @throws IOException if the directory cannot be listed
     */
    public HistoryContents read() throws IOException {
        List<HistoryRecord> records = new ArrayList<>();
        List<HistoryProblem> problems = new ArrayList<>();
        for (Path file : benchmarkFiles()) {
            forEachLine(file, problems, (number, text) -> {
                try {
                    records.add(parseRecord(text));
                } catch (IOException | RuntimeException e) {
                    problems.add(new HistoryProblem(file, number, "not a history record: " + oneLine(e)));
                }
            });
        }
        Map<String, RunBuilder> runs = new LinkedHashMap<>();
        for (HistoryRecord r : records) {
            runs.computeIfAbsent(r.runId(), RunBuilder::new).add(r);
        }
        if (Files.exists(runsFile())) {
            forEachLine(runsFile(), problems, (number, text) -> {
                try {
                    JsonNode node = MAPPER.readTree(text);
                    String id = text(node, "history_run");
                    Instant at = Instant.parse(text(node, "recorded_at"));
                    RunBuilder run = runs.computeIfAbsent(id, RunBuilder::new);
                    run.seen(at);
                    for (JsonNode tag : node.path("tags")) {
                        run.tags.add(tag.asText());
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(new HistoryProblem(runsFile(), number, "not a run index line: " + oneLine(e)));
                }
            });
        }
        List<HistoryRun> ordered = runs.values().stream()
                .map(RunBuilder::build)
                .sorted(Comparator.comparing(HistoryRun::recordedAt).thenComparing(HistoryRun::runId))
                .toList();
        Map<String, Integer> order = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            order.put(ordered.get(i).runId(), i);
        }
        List<HistoryRecord> sorted = records.stream()
                .sorted(Comparator.comparing((HistoryRecord r) -> order.get(r.runId())))
                .toList();
        return new HistoryContents(sorted, ordered, problems);
    }

    /**
     * Applies retention: removes runs beyond the newest {@code keepRuns} and runs older than {@code maxAge}. Tagged runs
     * (named baselines) are kept unless {@code pruneTagged}. Files are rewritten atomically; unreadable lines are dropped.
     *
     * @param keepRuns how many of the newest runs to keep, or {@code null} for no count limit
     * @param maxAge the oldest age to keep, or {@code null} for no age limit
     * @param pruneTagged whether tagged runs may be removed too
     * @param now the current time
     * @return what was removed
     * @throws IOException if the history cannot be rewritten
     */
    public PruneResult prune(Integer keepRuns, Duration maxAge, boolean pruneTagged, Instant now) throws IOException {
        if (keepRuns != null && keepRuns < 0) {
            throw new IllegalArgumentException("keepRuns must be >= 0 but was " + keepRuns);
        }
        return locked(() -> {
            HistoryContents contents = read();
            List<HistoryRun> runs = contents.runs();
            Set<String> remove = new LinkedHashSet<>();
            for (int i = 0; i < runs.size(); i++) {
                HistoryRun run = runs.get(i);
                boolean tooMany = keepRuns != null && i < runs.size() - keepRuns;
                boolean tooOld = maxAge != null && run.recordedAt().isBefore(now.minus(maxAge));
                if ((tooMany || tooOld) && (pruneTagged || run.tags().isEmpty())) {
                    remove.add(run.runId());
                }
            }
            int[] removedRecords = {0};
            int[] dropped = {0};
            for (Path file : benchmarkFiles()) {
                rewrite(file, remove, removedRecords, dropped);
            }
            if (Files.exists(runsFile())) {
                rewrite(runsFile(), remove, new int[1], dropped);
            }
            return new PruneResult(List.copyOf(remove), runs.size() - remove.size(), removedRecords[0], dropped[0]);
        });
    }

    private void rewrite(Path file, Set<String> removeRuns, int[] removedRecords, int[] dropped) throws IOException {
        List<HistoryProblem> ignored = new ArrayList<>();
        StringBuilder kept = new StringBuilder();
        int[] keptLines = {0};
        forEachLine(file, ignored, (number, text) -> {
            String run;
            try {
                run = text(MAPPER.readTree(text), "history_run");
            } catch (IOException | RuntimeException e) {
                dropped[0]++;
                return;
            }
            if (removeRuns.contains(run)) {
                removedRecords[0]++;
            } else {
                kept.append(text).append('\n');
                keptLines[0]++;
            }
        });
        dropped[0] += ignored.size();
        if (keptLines[0] == 0 && !file.getFileName().toString().equals(RUNS_FILE)) {
            Files.deleteIfExists(file);
        } else {
            AtomicFiles.write(file, kept.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Appends lines to several files as one change: journal the files' lengths, append, and on any failure cut every
     * file back (see the class comment).
     */
    private void commit(Map<Path, List<String>> lines) throws IOException {
        ObjectNode journal = MAPPER.createObjectNode();
        ObjectNode lengths = journal.putObject("lengths");
        for (Path file : lines.keySet()) {
            String name = directory.relativize(file).toString();
            lengths.put(name, Files.isRegularFile(file) ? Files.size(file) : -1L);
        }
        AtomicFiles.write(journalFile(), MAPPER.writeValueAsBytes(journal));
        try {
            Files.createDirectories(benchmarksDir());
            for (var file : lines.entrySet()) {
                appendLines(file.getKey(), file.getValue());
            }
        } catch (IOException | RuntimeException e) {
            try {
                rollBack();
            } catch (IOException | RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        Files.delete(journalFile());
    }

    /** Undoes the import recorded in the journal, if any: files cut back to their recorded length, new ones removed. */
    private void rollBack() throws IOException {
        if (!Files.exists(journalFile())) {
            return;
        }
        JsonNode journal = MAPPER.readTree(Files.readString(journalFile(), StandardCharsets.UTF_8));
        for (var entry : journal.path("lengths").properties()) {
            Path file = directory.resolve(entry.getKey()).normalize();
            if (!file.startsWith(directory)) {
                throw new IOException("the journal " + journalFile() + " names " + file + ", outside the history;"
                        + " remove the journal by hand after checking the history");
            }
            long length = entry.getValue().asLong(-1);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            if (length < 0) {
                Files.delete(file);
            } else if (Files.size(file) > length) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(length);
                    channel.force(true);
                }
            }
        }
        Files.delete(journalFile());
    }

    /** The digests already stored in some identity files (a bundle's digest can only be in its identity's file). */
    private static Set<String> knownDigests(Set<Path> files) throws IOException {
        Set<String> digests = new HashSet<>();
        for (Path file : files) {
            forEachLine(file, new ArrayList<>(), (number, text) -> {
                // The store writes compact JSON, so a plain search finds the digest without parsing a whole bundle.
                int at = text.indexOf(DIGEST_FIELD);
                if (at >= 0 && text.length() >= at + DIGEST_FIELD.length() + 64) {
                    digests.add(text.substring(at + DIGEST_FIELD.length(), at + DIGEST_FIELD.length() + 64));
                }
            });
        }
        return digests;
    }

    private HistoryRecord parseRecord(String text) throws IOException {
        JsonNode node = MAPPER.readTree(text);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        JsonNode bundleNode = node.get("bundle");
        if (bundleNode == null || !bundleNode.isObject()) {
            throw new IllegalArgumentException("no 'bundle' object");
        }
        PlayBundle bundle;
        try {
            bundle = BUNDLE_READER.treeToValue(bundleNode, PlayBundle.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException(
                    "invalid bundle: " + (cause == e ? e.getOriginalMessage() : cause.getMessage()), e);
        }
        if (!PlayBundle.SCHEMA_VERSION.equals(bundle.schemaVersion())) {
            throw new IllegalArgumentException("unsupported schema_version " + bundle.schemaVersion());
        }
        return new HistoryRecord(
                text(node, "history_run"),
                Instant.parse(text(node, "recorded_at")),
                BenchmarkIdentity.of(bundle),
                text(node, "digest"),
                node.path("source").isTextual() ? node.get("source").asText() : null,
                bundle);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("missing text field '" + field + "'");
        }
        return value.asText();
    }

    private static Map<String, Object> identityMap(BenchmarkIdentity identity) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", identity.id());
        map.put("library", identity.library());
        map.put("task", identity.task());
        map.put("num_envs", identity.numEnvs());
        map.put("device", identity.device());
        if (identity.deviceName() != null) {
            map.put("device_name", identity.deviceName());
        }
        map.put("engine", identity.engine());
        map.put("checkpoint_sha256", identity.checkpointSha256());
        map.put("hardware", identity.hardware());
        return map;
    }

    private static String indexLine(String runId, Instant now, List<String> tags, List<String> sources, int bundles)
            throws JsonProcessingException {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("history_run", runId);
        line.put("recorded_at", now.toString());
        ArrayNode tagArray = line.putArray("tags");
        tags.forEach(tagArray::add);
        ArrayNode sourceArray = line.putArray("sources");
        sources.forEach(sourceArray::add);
        line.put("bundles", bundles);
        return MAPPER.writeValueAsString(line);
    }

    /** Appends whole lines with one write, first ending a line a crashed writer left unfinished. */
    private static void appendLines(Path file, List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        if (Files.exists(file) && Files.size(file) > 0) {
            try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                reader.read(last, reader.size() - 1);
                if (last.get(0) != '\n') {
                    text.append('\n');
                }
            }
        }
        lines.forEach(l -> text.append(l).append('\n'));
        ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    @FunctionalInterface
    private interface LineConsumer {
        void accept(long number, String text);
    }

    private static void forEachLine(Path file, List<HistoryProblem> problems, LineConsumer consumer)
            throws IOException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            problems.add(new HistoryProblem(file, 0, "cannot read the file: " + oneLine(e)));
            return;
        }
        int start = 0;
        long number = 0;
        while (start < content.length()) {
            int end = content.indexOf('\n', start);
            number++;
            if (end < 0) {
                problems.add(new HistoryProblem(
                        file, number, "incomplete last line (a writer is still at work or crashed); skipped"));
                return;
            }
            String line = content.substring(start, end);
            start = end + 1;
            if (!line.isBlank()) {
                consumer.accept(number, line);
            }
        }
    }

    private List<Path> benchmarkFiles() throws IOException {
        if (!Files.isDirectory(benchmarksDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(benchmarksDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    private Path benchmarksDir() {
        return directory.resolve(BENCHMARKS_DIR);
    }

    private Path runsFile() {
        return directory.resolve(RUNS_FILE);
    }

    private Path journalFile() {
        return directory.resolve(JOURNAL_FILE);
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private <T> T locked(IoSupplier<T> body) throws IOException {
        Files.createDirectories(directory);
        Path lockFile = directory.resolve(".lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(directory.toRealPath(), k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            rollBack(); // an import that crashed part-way
            return body.get();
        } finally {
            jvmLock.unlock();
        }
    }

    /**
     * The digest the history keys a bundle by: the SHA-256 of its compact JSON.
     *
     * @param bundle the bundle
     * @return 64 lower-case hex digits
     */
    public static String digestOf(PlayBundle bundle) {
        try {
            return sha256(MAPPER.writeValueAsString(MAPPER.readTree(PlayBundles.toJson(bundle))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise the bundle of run " + bundle.run().runId(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline) + " ...";
    }

    private static final class RunBuilder {
        final String runId;
        Instant first;
        final List<String> tags = new ArrayList<>();
        int bundles;
        final Set<String> identities = new LinkedHashSet<>();

        RunBuilder(String runId) {
            this.runId = runId;
        }

        void add(HistoryRecord record) {
            seen(record.recordedAt());
            bundles++;
            identities.add(record.identity().id());
        }

        void seen(Instant at) {
            if (first == null || at.isBefore(first)) {
                first = at;
            }
        }

        HistoryRun build() {
            return new HistoryRun(runId, first, tags.stream().distinct().toList(), bundles, identities);
        }
    }
}
