package io.playbench.torch;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks the values read from a pickle: lookups by dotted path, the tensors under a node, and a printable tree.
 *
 * <p>Values are {@link PyDict} (dict / OrderedDict), {@link java.util.List} (list), {@link PyTuple}, {@link Tensor},
 * {@link NumpyArray}, {@link PyObject} (inert stand-in), {@link String}, {@link Long} or {@link java.math.BigInteger},
 * {@link Double}, {@link Boolean}, {@code byte[]}, {@link java.util.Set} and {@code null} (Python {@code None}).
 * Walks are bounded by a nesting depth and a node budget, so hostile (cyclic or exponentially shared) pickles end
 * with an error instead of hanging or overflowing the stack.
 */
public final class PickleTree {

    private static final int MAX_NODES = 1_000_000;

    private PickleTree() {}

    /**
     * Finds a value by a dotted path: {@code "actor_state_dict.mlp.0.weight"}. Dict keys may contain dots
     * themselves (state-dict keys do), so at each level the longest key that matches wins; list and tuple
     * elements are addressed by index and {@link PyObject} stand-ins by attribute name.
     */
    public static Optional<Object> find(Object root, String path) {
        if (path == null || path.isEmpty()) {
            return Optional.ofNullable(root);
        }
        return Optional.ofNullable(find(root, path, 0));
    }

    private static final Object MISSING = new Object();

    private static Object find(Object node, String path, int depth) {
        Object r = findOrMissing(node, path, depth);
        return r == MISSING ? null : r;
    }

    private static Object findOrMissing(Object node, String path, int depth) {
        if (depth > 256) {
            return MISSING;
        }
        // Try the whole rest as one key, then shorter prefixes ending before a dot.
        int cut = path.length();
        while (cut > 0) {
            String head = path.substring(0, cut);
            Object child = child(node, head);
            if (child != MISSING) {
                if (cut == path.length()) {
                    return child;
                }
                Object r = findOrMissing(child, path.substring(cut + 1), depth + 1);
                if (r != MISSING) {
                    return r;
                }
            }
            cut = head.lastIndexOf('.');
        }
        return MISSING;
    }

    private static Object child(Object node, String key) {
        switch (node) {
            case Map<?, ?> m -> {
                if (m.containsKey(key)) {
                    return m.get(key);
                }
                try {
                    Long k = Long.valueOf(key);
                    if (m.containsKey(k)) {
                        return m.get(k);
                    }
                } catch (NumberFormatException e) {
                    // not an integer key
                }
                return MISSING;
            }
            case List<?> l -> {
                return index(l, key);
            }
            case PyTuple t -> {
                return index(t.items(), key);
            }
            case PyObject o -> {
                return o.hasAttribute(key) ? o.attribute(key) : MISSING;
            }
            case null, default -> {
                return MISSING;
            }
        }
    }

    private static Object index(List<?> l, String key) {
        try {
            int i = Integer.parseInt(key);
            return i >= 0 && i < l.size() ? l.get(i) : MISSING;
        } catch (NumberFormatException e) {
            return MISSING;
        }
    }

    /** Every tensor under {@code root}, keyed by dotted path, in pickled order. */
    public static Map<String, Tensor> tensors(Object root) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        new Walk(MAX_NODES, 256, (path, v) -> {
                    if (v instanceof Tensor t) {
                        out.put(path, t);
                    }
                })
                .walk(root, "", 0);
        return out;
    }

    /**
     * Every leaf (anything that is not a dict, list, tuple or stand-in; a set is a leaf) under {@code root}, keyed by
     * dotted path.
     */
    public static Map<String, Object> leaves(Object root) {
        Map<String, Object> out = new LinkedHashMap<>();
        new Walk(MAX_NODES, 256, out::put).walk(root, "", 0);
        return out;
    }

    /**
     * Checks that a freshly read value can be walked, hashed, compared and printed: no cycles, bounded depth and size.
     * Dict keys and set members count as children here (they are not leaves of the paths, but a deep tuple key is
     * as deep as any value).
     */
    static void validate(Object root, ReadOptions options, String source) throws CheckpointFormatException {
        try {
            new Walk(options.maxObjects(), options.maxNestingDepth(), (p, v) -> {}).walk(root, "", 0);
        } catch (IllegalStateException e) {
            throw new CheckpointFormatException(source + ": refusing the pickle: " + e.getMessage());
        }
    }

    interface Visitor {
        void leaf(String path, Object value);
    }

    private static final Visitor IGNORE = (p, v) -> {};

    /** One bounded walk: a node budget, a depth limit and the containers on the current path (for cycles). */
    private static final class Walk {
        private final long maxNodes;
        private final int maxDepth;
        private final Visitor visitor;
        private final IdentityHashMap<Object, Boolean> onPath = new IdentityHashMap<>();
        private long nodes;

        Walk(long maxNodes, int maxDepth, Visitor visitor) {
            this.maxNodes = maxNodes;
            this.maxDepth = maxDepth;
            this.visitor = visitor;
        }

        void walk(Object node, String path, int depth) {
            walk(node, path, depth, visitor);
        }

        private void walk(Object node, String path, int depth, Visitor v) {
            if (++nodes > maxNodes) {
                throw new IllegalStateException("the pickled value has more than " + maxNodes
                        + " nodes (or is exponentially shared); if the file is trusted, raise the limit with"
                        + " ReadOptions.withMaxObjects(n)");
            }
            if (depth > maxDepth) {
                throw new IllegalStateException(
                        "the pickled value is nested deeper than " + maxDepth + " levels at '" + shorten(path) + "'");
            }
            // children: walked with the visitor; hidden: dict keys and set members, walked for the limits only
            List<Map.Entry<String, Object>> children = new ArrayList<>();
            List<Object> hidden = new ArrayList<>();
            switch (node) {
                case Map<?, ?> m -> {
                    m.forEach((k, x) -> {
                        children.add(Map.entry(String.valueOf(k), box(x)));
                        if (k instanceof PyTuple || k instanceof Set<?>) {
                            hidden.add(k);
                        }
                    });
                    if (m instanceof PyDict d) {
                        hidden.addAll(d.attributes().values());
                    }
                }
                case List<?> l -> {
                    for (int i = 0; i < l.size(); i++) {
                        children.add(Map.entry(Integer.toString(i), box(l.get(i))));
                    }
                }
                case PyTuple t -> {
                    for (int i = 0; i < t.size(); i++) {
                        children.add(Map.entry(Integer.toString(i), box(t.get(i))));
                    }
                }
                case PyObject o
                when o.state() instanceof Map<?, ?> m -> {
                    m.forEach((k, x) -> children.add(Map.entry(String.valueOf(k), box(x))));
                    hidden.addAll(o.args());
                }
                case PyObject o -> {
                    v.leaf(path, node);
                    hidden.addAll(o.args());
                    hidden.add(o.state());
                }
                case Set<?> set -> {
                    v.leaf(path, node);
                    hidden.addAll(set);
                }
                case null, default -> {
                    v.leaf(path, node);
                    return;
                }
            }
            if (onPath.put(node, Boolean.TRUE) != null) {
                throw new IllegalStateException(
                        "the pickled value contains itself at '" + shorten(path) + "' (a cycle)");
            }
            for (Map.Entry<String, Object> e : children) {
                walk(unbox(e.getValue()), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), depth + 1, v);
            }
            for (Object h : hidden) {
                walk(h, path.isEmpty() ? "<key or member>" : path + ".<key or member>", depth + 1, IGNORE);
            }
            onPath.remove(node);
        }
    }

    private static String shorten(String path) {
        return path.length() > 80 ? path.substring(0, 80) + "..." : path;
    }

    private static final Object NULL = new Object();

    private static Object box(Object o) {
        return o == null ? NULL : o;
    }

    private static Object unbox(Object o) {
        return o == NULL ? null : o;
    }

    private static final int REPR_DEPTH = 16;
    private static final int REPR_CHARS = 1000;

    /**
     * A printable form of a value read from a pickle that is safe for hostile values: containers are printed only
     * {@value #REPR_DEPTH} levels deep and the text is cut after about {@value #REPR_CHARS} characters, so a value
     * that contains itself or is nested a million levels deep prints quickly instead of overflowing the stack.
     * Lists print as {@code [a, b]}, tuples as {@code (a, b)}, dicts as {@code {k=v}}, sets as {@code {a, b}}.
     */
    static String repr(Object value) {
        StringBuilder sb = new StringBuilder();
        repr(value, sb, 0);
        return sb.length() > REPR_CHARS ? sb.substring(0, REPR_CHARS) + "..." : sb.toString();
    }

    private static void repr(Object value, StringBuilder sb, int depth) {
        if (sb.length() > REPR_CHARS) {
            return;
        }
        boolean container =
                value instanceof Map<?, ?> || value instanceof java.util.Collection<?> || value instanceof PyTuple;
        if (container && depth >= REPR_DEPTH) {
            sb.append("...");
            return;
        }
        switch (value) {
            case Map<?, ?> m -> {
                sb.append('{');
                String sep = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(sep);
                    repr(e.getKey(), sb, depth + 1);
                    sb.append('=');
                    repr(e.getValue(), sb, depth + 1);
                    sep = ", ";
                    if (sb.length() > REPR_CHARS) {
                        return;
                    }
                }
                sb.append('}');
            }
            case PyTuple t -> {
                items(t.items(), sb, depth, "(", t.size() == 1 ? ",)" : ")");
            }
            case Set<?> set -> items(set, sb, depth, "{", "}");
            case java.util.Collection<?> c -> items(c, sb, depth, "[", "]");
            case null -> sb.append("None");
            case byte[] b -> sb.append("bytes[").append(b.length).append(']');
            default -> sb.append(value);
        }
    }

    private static void items(Iterable<?> items, StringBuilder sb, int depth, String open, String close) {
        sb.append(open);
        String sep = "";
        for (Object item : items) {
            sb.append(sep);
            repr(item, sb, depth + 1);
            sep = ", ";
            if (sb.length() > REPR_CHARS) {
                return;
            }
        }
        sb.append(close);
    }

    /** A short description of a leaf value for summaries. */
    static String describe(Object v) {
        return switch (v) {
            case null -> "None";
            case String s -> '"' + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + '"';
            case byte[] b -> "bytes[" + b.length + "]";
            case Tensor t ->
                t.dtype() + " " + java.util.Arrays.toString(t.shape())
                        + (t.device().equals("cpu") ? "" : " " + t.device());
            default -> repr(v);
        };
    }
}
