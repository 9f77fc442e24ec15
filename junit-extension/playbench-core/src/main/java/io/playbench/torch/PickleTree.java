package io.playbench.torch;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        walk(root, "", 0, new int[] {0}, new IdentityHashMap<>(), (path, v) -> {
            if (v instanceof Tensor t) {
                out.put(path, t);
            }
        });
        return out;
    }

    /** Every leaf (anything that is not a dict, list, tuple or stand-in) under {@code root}, keyed by dotted path. */
    public static Map<String, Object> leaves(Object root) {
        Map<String, Object> out = new LinkedHashMap<>();
        walk(root, "", 0, new int[] {0}, new IdentityHashMap<>(), out::put);
        return out;
    }

    /** Checks that a freshly read value can be walked: no cycles, bounded depth and size. */
    static void validate(Object root, int maxDepth, String source) throws CheckpointFormatException {
        try {
            walk(root, "", 0, new int[] {0}, new IdentityHashMap<>(), (p, v) -> {}, maxDepth);
        } catch (IllegalStateException e) {
            throw new CheckpointFormatException(source + ": refusing the pickle: " + e.getMessage());
        }
    }

    interface Visitor {
        void leaf(String path, Object value);
    }

    private static void walk(
            Object node, String path, int depth, int[] budget, IdentityHashMap<Object, Boolean> onPath, Visitor v) {
        walk(node, path, depth, budget, onPath, v, 256);
    }

    private static void walk(
            Object node,
            String path,
            int depth,
            int[] budget,
            IdentityHashMap<Object, Boolean> onPath,
            Visitor v,
            int maxDepth) {
        if (++budget[0] > MAX_NODES) {
            throw new IllegalStateException(
                    "the pickled value has more than " + MAX_NODES + " nodes (or is exponentially shared)");
        }
        if (depth > maxDepth) {
            throw new IllegalStateException("the pickled value is nested deeper than " + maxDepth + " levels at '"
                    + (path.length() > 80 ? path.substring(0, 80) + "..." : path) + "'");
        }
        List<Map.Entry<String, Object>> children = new ArrayList<>();
        switch (node) {
            case Map<?, ?> m -> m.forEach((k, x) -> children.add(Map.entry(String.valueOf(k), box(x))));
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
            when o.state() instanceof Map<?, ?> m ->
                m.forEach((k, x) -> children.add(Map.entry(String.valueOf(k), box(x))));
            case null, default -> {
                v.leaf(path, node);
                return;
            }
        }
        if (onPath.put(node, Boolean.TRUE) != null) {
            throw new IllegalStateException("the pickled value contains itself at '"
                    + (path.length() > 80 ? path.substring(0, 80) + "..." : path) + "' (a cycle)");
        }
        for (Map.Entry<String, Object> e : children) {
            walk(
                    unbox(e.getValue()),
                    path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    depth + 1,
                    budget,
                    onPath,
                    v,
                    maxDepth);
        }
        onPath.remove(node);
    }

    private static final Object NULL = new Object();

    private static Object box(Object o) {
        return o == null ? NULL : o;
    }

    private static Object unbox(Object o) {
        return o == NULL ? null : o;
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
            default -> String.valueOf(v);
        };
    }
}
