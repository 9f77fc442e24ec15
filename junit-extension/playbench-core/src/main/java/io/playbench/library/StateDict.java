package io.playbench.library;

import io.playbench.torch.PickleTree;
import io.playbench.torch.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A module's state dict as read from a checkpoint: tensors by key, with helpers to find numbered layers. */
final class StateDict {

    private static final String COMPILE_PREFIX = "_orig_mod.";

    private final String where;
    private final Map<String, Tensor> tensors;

    private StateDict(String where, Map<String, Tensor> tensors) {
        this.where = where;
        this.tensors = tensors;
    }

    /**
     * The tensors under a node of a checkpoint, keyed relative to it, with {@code torch.compile}'s {@code _orig_mod.}
     * prefix removed from every key segment (as rl_games does when loading).
     */
    static StateDict of(Object node, String where) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        PickleTree.tensors(node).forEach((k, v) -> out.put(k.replace(COMPILE_PREFIX, ""), v));
        return new StateDict(where, out);
    }

    String where() {
        return where;
    }

    Map<String, Tensor> tensors() {
        return tensors;
    }

    boolean has(String key) {
        return tensors.containsKey(key);
    }

    boolean hasPrefix(String prefix) {
        return tensors.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    Tensor get(String key) {
        Tensor t = tensors.get(key);
        if (t == null) {
            throw new IllegalArgumentException(where + " has no tensor '" + key + "'; keys found: " + keys());
        }
        return t;
    }

    /** The keys with their shapes, for error messages. */
    String keys() {
        List<String> parts = new ArrayList<>();
        tensors.forEach((k, t) -> parts.add(k + java.util.Arrays.toString(t.shape())));
        String s = String.join(", ", parts);
        return s.length() > 1500 ? s.substring(0, 1500) + " ... (" + tensors.size() + " tensors)" : s;
    }

    /** A dense layer read from {@code <prefix>.weight} and {@code <prefix>.bias}. */
    record Linear(String name, float[] weight, float[] bias, int in, int out) {}

    /** The dense layer at {@code name} ({@code name.weight} of rank 2, optional {@code name.bias}). */
    Linear linear(String name) {
        Tensor w = get(name + ".weight");
        if (w.rank() != 2) {
            throw new IllegalArgumentException(where + ": '" + name + ".weight' has shape "
                    + java.util.Arrays.toString(w.shape()) + ", expected [out, in] of a Linear layer");
        }
        Tensor b = tensors.get(name + ".bias");
        int out = (int) w.shape()[0];
        int in = (int) w.shape()[1];
        float[] bias = b == null ? null : b.toFloatArray();
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException(
                    where + ": '" + name + ".bias' has " + bias.length + " elements for " + out + " outputs");
        }
        return new Linear(name, w.toFloatArray(), bias, in, out);
    }

    /**
     * The Linear layers {@code <prefix><N>.weight} in numeric order of N ({@code 10} after {@code 2}), checked to chain.
     * A rank-1 {@code weight} under the prefix (LayerNorm, BatchNorm) is refused with the keys found.
     */
    List<Linear> numbered(String prefix) {
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\.weight");
        TreeMap<Integer, String> found = new TreeMap<>(Comparator.naturalOrder());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Matcher m = p.matcher(e.getKey());
            if (m.matches()) {
                if (e.getValue().rank() != 2) {
                    throw new IllegalArgumentException(where + ": '" + e.getKey() + "' has shape "
                            + java.util.Arrays.toString(e.getValue().shape())
                            + " (a normalisation layer inside the MLP), which PlayBench does not support; keys found: "
                            + keys());
                }
                found.put(Integer.parseInt(m.group(1)), prefix + m.group(1));
            }
        }
        List<Linear> layers = new ArrayList<>();
        for (String name : found.values()) {
            layers.add(linear(name));
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).in() != layers.get(i - 1).out()) {
                throw new IllegalArgumentException(where + ": layer '"
                        + layers.get(i).name() + "' takes " + layers.get(i).in() + " inputs but '"
                        + layers.get(i - 1).name() + "' produces "
                        + layers.get(i - 1).out() + "; keys found: " + keys());
            }
        }
        return layers;
    }

    /** Describes layer widths like {@code 3 -> 64 -> 64 -> 1}. */
    static String widths(List<Linear> layers) {
        StringBuilder sb = new StringBuilder().append(layers.getFirst().in());
        for (Linear l : layers) {
            sb.append(" -> ").append(l.out());
        }
        return sb.toString();
    }
}
