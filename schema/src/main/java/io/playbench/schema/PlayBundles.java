package io.playbench.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes, reads, validates and finds PlayBundle documents.
 *
 * <p>Writing is atomic: the JSON goes to a unique temporary file in the target directory, is flushed to disk, and is
 * renamed over the target, after which the directory is flushed too; a reader never sees a half-written bundle, and a
 * crash part-way leaves the previous file (or none). {@link #write(Path, PlayBundle)} picks a file name that never
 * collides, so parallel tests and repeated runs can share one directory. Every document is validated against the
 * JSON Schema ({@link #SCHEMA_RESOURCE}) before it is written and after it is read.
 *
 * <p>Layout: bundles are files named {@code play_<task>_<library>_<numEnvs>envs_<UTC stamp>_<random>.json} directly in
 * the bundle directory; temporary files start with a dot. {@link #scan(Path)} finds every bundle under a directory.
 */
public final class PlayBundles {

    /** Classpath location of the PlayBundle JSON Schema (draft 2020-12). */
    public static final String SCHEMA_RESOURCE = "/io/playbench/schema/play-bundle.schema.json";

    /** File name prefix of every bundle. */
    public static final String FILE_PREFIX = "play_";

    /** File name suffix of every bundle. */
    public static final String FILE_SUFFIX = ".json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPrettyPrinter(pythonLikePrinter())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private static final SecureRandom RANDOM = new SecureRandom();

    private PlayBundles() {}

    /**
     * The JSON Schema of the bundle, as text.
     *
     * @return the schema document
     */
    public static String schema() {
        return BundleValidator.schemaText();
    }

    /**
     * Serialises a bundle: indent 2, snake_case keys in schema order, nulls written, {@code schema_version} last, a
     * trailing newline.
     *
     * @param bundle the bundle
     * @return the JSON text
     */
    public static String toJson(PlayBundle bundle) {
        try {
            return MAPPER.writeValueAsString(bundle) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise the bundle of run " + bundle.run().runId() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses and validates a bundle.
     *
     * @param json the JSON text
     * @return the bundle
     * @throws InvalidBundleException listing every broken schema rule, or the invariant that failed
     */
    public static PlayBundle fromJson(String json) {
        return fromJson("document", json);
    }

    /**
     * Validates a JSON document against the bundle schema.
     *
     * @param json the JSON text
     * @return the broken rules; empty when the document is valid
     */
    public static List<Violation> validate(String json) {
        try {
            return BundleValidator.validate(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            return List.of(new Violation("", "json", "not well-formed JSON: " + e.getOriginalMessage()));
        }
    }

    /**
     * Validates a parsed JSON document against the bundle schema.
     *
     * @param document the document
     * @return the broken rules; empty when the document is valid
     */
    public static List<Violation> validate(JsonNode document) {
        return BundleValidator.validate(document);
    }

    /**
     * Writes a bundle into a directory under a new, collision-free file name, atomically.
     *
     * @param directory the bundle directory, created if missing
     * @param bundle the bundle
     * @return the file written
     * @throws IOException if the file cannot be written; no partial file is left behind
     */
    public static Path write(Path directory, PlayBundle bundle) throws IOException {
        Files.createDirectories(directory);
        byte[] bytes = checkedBytes(bundle);
        while (true) {
            Path target = directory.resolve(fileNameFor(bundle));
            if (!Files.exists(target)) {
                writeAtomically(target, out -> out.write(bytes));
                return target;
            }
        }
    }

    /**
     * Writes a bundle to a given file atomically, replacing any previous content.
     *
     * @param file the target file
     * @param bundle the bundle
     * @throws IOException if the file cannot be written; the previous content is then left as it was
     */
    public static void writeTo(Path file, PlayBundle bundle) throws IOException {
        byte[] bytes = checkedBytes(bundle);
        writeAtomically(file, out -> out.write(bytes));
    }

    /**
     * Reads and validates a bundle file.
     *
     * @param file the file
     * @return the bundle
     * @throws IOException if the file cannot be read
     * @throws InvalidBundleException naming the file and every broken rule
     */
    public static PlayBundle read(Path file) throws IOException {
        return fromJson(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Finds every bundle under a directory (recursively), reading each; invalid or unreadable files are reported, not
     * fatal. The reason of an invalid bundle is one line: the file, then every broken rule, separated by {@code ; }.
     *
     * @param root the directory to scan; a missing directory gives an empty result
     * @return the bundles found, ordered by file path, and the files that could not be read
     * @throws IOException if the directory tree cannot be listed
     */
    public static ScanResult scan(Path root) throws IOException {
        List<ScanResult.Entry> entries = new ArrayList<>();
        List<ScanResult.Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return new ScanResult(entries, problems);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(PlayBundles::isBundleFileName)
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            try {
                entries.add(new ScanResult.Entry(file, read(file)));
            } catch (InvalidBundleException e) {
                // one line, so that the commands that print "skipped FILE: reason" show why
                problems.add(new ScanResult.Problem(
                        file,
                        file + " is not a valid PlayBundle (" + PlayBundle.SCHEMA_VERSION + "): "
                                + String.join(
                                        "; ",
                                        e.violations().stream()
                                                .map(Violation::toString)
                                                .toList())));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(new ScanResult.Problem(file, e.getMessage()));
            }
        }
        return new ScanResult(entries, problems);
    }

    /**
     * Whether a file name is that of a bundle ({@code play_*.json}, not a temporary file).
     *
     * @param file the file
     * @return {@code true} for a bundle file name
     */
    public static boolean isBundleFileName(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(FILE_PREFIX) && name.endsWith(FILE_SUFFIX);
    }

    /**
     * A new file name for a bundle: {@code play_<task>_<library>_<numEnvs>envs_<UTC stamp>_<12 random hex digits>.json}.
     *
     * @param bundle the bundle
     * @return the file name, safe on every file system
     */
    public static String fileNameFor(PlayBundle bundle) {
        RunIdentity run = bundle.run();
        String stamp = Timestamps.format(Timestamps.parse("run.end_time_utc", run.endTimeUtc()))
                .replace("-", "")
                .replace(":", "")
                .substring(0, 15);
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String name = FILE_PREFIX + SafeNames.fileName(run.task(), 100) + "_"
                + (run.library() == null ? "none" : run.library().id()) + "_"
                + (run.numEnvs() == null ? "0" : run.numEnvs()) + "envs_" + stamp + "_"
                + HexFormat.of().formatHex(random);
        return name.replaceAll("[^A-Za-z0-9._-]", "-") + FILE_SUFFIX;
    }

    /** Writes the body of a file; used by {@link #writeAtomically}. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a file atomically: a unique temporary sibling, fsync, atomic rename, fsync of the directory.
     *
     * @param target the file
     * @param body what to write
     * @throws IOException on failure, after removing the temporary file
     */
    static void writeAtomically(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel =
                    FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(
                        "the file system of " + directory
                                + " cannot rename atomically; write bundles to a local directory",
                        e);
            }
            syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open a directory; the rename itself is still atomic there.
        }
    }

    private static byte[] checkedBytes(PlayBundle bundle) {
        String json = toJson(bundle);
        List<Violation> violations = validate(json);
        if (!violations.isEmpty()) {
            throw new InvalidBundleException("bundle of run " + bundle.run().runId(), violations);
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static PlayBundle fromJson(String source, String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidBundleException(
                    source, List.of(new Violation("", "json", "not well-formed JSON: " + e.getOriginalMessage())));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidBundleException(source, List.of(new Violation("", "json", "the document is empty")));
        }
        List<Violation> violations = BundleValidator.validate(tree);
        if (!violations.isEmpty()) {
            throw new InvalidBundleException(source, violations);
        }
        upgrade(tree);
        try {
            return MAPPER.treeToValue(tree, PlayBundle.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String pointer = pointerOf(e);
            throw new InvalidBundleException(
                    source,
                    List.of(new Violation(
                            pointer, "invariant", cause == e ? e.getOriginalMessage() : cause.getMessage())));
        }
    }

    /** Optional keys added after 1.0 was first published; a bundle without them reads them as null. */
    private static final List<String> OPTIONAL_RUN_KEYS = List.of("device_name", "session_id");

    /** Fills in the optional keys that bundles written by older versions lack, so that the records read them as null. */
    private static void upgrade(JsonNode tree) {
        if (tree.get("run") instanceof com.fasterxml.jackson.databind.node.ObjectNode run) {
            for (String key : OPTIONAL_RUN_KEYS) {
                if (!run.has(key)) {
                    run.putNull(key);
                }
            }
        }
    }

    private static String pointerOf(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            StringBuilder pointer = new StringBuilder();
            for (var reference : mapping.getPath()) {
                pointer.append('/')
                        .append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
            }
            return pointer.toString();
        }
        return "";
    }

    /** Indent 2 with {@code "key": value} and {@code []}, as Python's {@code json.dumps(indent=2)} writes Isaac Lab's bundles. */
    private static DefaultPrettyPrinter pythonLikePrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
