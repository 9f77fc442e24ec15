package io.playbench.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An agent configuration read from YAML (Isaac Lab's {@code params/agent.yaml}) or JSON (SB3's {@code data}), with
 * lookups by dotted path. Python-specific YAML tags ({@code !!python/tuple}, {@code !!python/object/apply:...}) are
 * tolerated: their values are read as plain sequences, mappings or scalars, and nothing is ever constructed.
 */
final class AgentConfig {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final String source;
    private final JsonNode root;

    AgentConfig(String source, JsonNode root) {
        this.source = source;
        this.root = root == null ? MissingNode.getInstance() : root;
    }

    /** An empty config (no file found). */
    static AgentConfig empty() {
        return new AgentConfig(null, MissingNode.getInstance());
    }

    /**
     * Finds Isaac Lab's {@code params/agent.yaml} for a checkpoint: in the run directory, then beside the checkpoint,
     * then one level up (the {@code nn/} and {@code checkpoints/} folders of rl_games and skrl).
     */
    static AgentConfig find(Path checkpoint, Path runDirectory) throws IOException {
        Set<Path> candidates = new LinkedHashSet<>();
        Path dir = checkpoint.toAbsolutePath().getParent();
        for (Path base : new Path[] {
            runDirectory == null ? null : runDirectory.toAbsolutePath(), dir, dir == null ? null : dir.getParent()
        }) {
            if (base != null) {
                candidates.add(base.resolve("params").resolve("agent.yaml"));
                candidates.add(base.resolve("agent.yaml"));
            }
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return read(p);
            }
        }
        return new AgentConfig(null, MissingNode.getInstance()).withSearched(candidates);
    }

    private List<Path> searched = List.of();

    private AgentConfig withSearched(Set<Path> paths) {
        searched = new ArrayList<>(paths);
        return this;
    }

    /** The places looked at when no file was found, for messages. */
    String searched() {
        return searched.toString();
    }

    static AgentConfig read(Path file) throws IOException {
        try {
            return new AgentConfig(file.toString(), YAML.readTree(quoteSpecialFloats(Files.readString(file))));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + " is not readable YAML: " + e.getOriginalMessage(), e);
        }
    }

    static AgentConfig ofYaml(String text, String source) {
        try {
            return new AgentConfig(source, YAML.readTree(quoteSpecialFloats(text)));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(source + " is not readable YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static final java.util.regex.Pattern SPECIAL_FLOAT = java.util.regex.Pattern.compile(
            "(?m)(:[ \\t]+|^[ \\t]*-[ \\t]+)([-+]?\\.(?:inf|Inf|INF|nan|NaN|NAN))[ \\t]*$");

    /** Quotes YAML's {@code .inf} / {@code -.inf} / {@code .nan} scalars, which Jackson cannot read as numbers; {@link #number} parses them. */
    static String quoteSpecialFloats(String yaml) {
        return SPECIAL_FLOAT.matcher(yaml).replaceAll("$1'$2'");
    }

    boolean present() {
        return source != null && !root.isMissingNode();
    }

    String source() {
        return source;
    }

    JsonNode root() {
        return root;
    }

    /** The node at a dotted path, or a missing node. */
    JsonNode node(String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            if (n == null || n.isMissingNode()) {
                return MissingNode.getInstance();
            }
            n = n.path(part);
        }
        return n;
    }

    /** Whether the path holds a value that is not null. */
    boolean has(String path) {
        JsonNode n = node(path);
        return !n.isMissingNode() && !n.isNull();
    }

    Optional<String> text(String path) {
        JsonNode n = node(path);
        return n.isMissingNode() || n.isNull() || n.isContainerNode() ? Optional.empty() : Optional.of(n.asText());
    }

    /** A number; {@code .inf}, {@code inf}, {@code -.inf} and friends are read as infinities. Empty when absent or null. */
    Optional<Double> number(String path) {
        JsonNode n = node(path);
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (n.isNumber()) {
            return Optional.of(n.asDouble());
        }
        return Optional.of(parseNumber(n.asText(), path));
    }

    double parseNumber(String text, String path) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case ".inf", "inf", "+.inf", "+inf", "infinity", "math.inf" -> Double.POSITIVE_INFINITY;
            case "-.inf", "-inf", "-infinity", "-math.inf" -> Double.NEGATIVE_INFINITY;
            case ".nan", "nan" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(source + ": '" + path + "' is '" + text + "', not a number");
                }
            }
        };
    }

    /** A boolean (YAML {@code true}/{@code false}, also {@code True}/{@code False}); empty when absent or null. */
    Optional<Boolean> bool(String path) {
        JsonNode n = node(path);
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (n.isBoolean()) {
            return Optional.of(n.asBoolean());
        }
        String t = n.asText().trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("1")) {
            return Optional.of(true);
        }
        if (t.equals("false") || t.equals("0")) {
            return Optional.of(false);
        }
        throw new IllegalArgumentException(source + ": '" + path + "' is '" + n.asText() + "', not a boolean");
    }

    /** A list of integers (hidden sizes), empty when absent. */
    Optional<List<Integer>> ints(String path) {
        JsonNode n = node(path);
        if (!n.isArray()) {
            return Optional.empty();
        }
        List<Integer> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asInt()));
        return Optional.of(out);
    }

    /** Where a value was read from, for notes: {@code path in file}. */
    String at(String path) {
        return "'" + path + "' in " + source;
    }
}
