package io.playbench.torch;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A readable description of a checkpoint: where it came from, its sha256, every tensor with dtype and shape, the
 * other values (ints, floats, strings, None) and the parameter count. {@link #toString()} prints it.
 *
 * @param source         the file or {@code outer!/entry}
 * @param format         zip or legacy
 * @param archivePrefix  the zip's top-level folder, or {@code null}
 * @param byteSize       the file size
 * @param sha256         the SHA-256 of the file bytes
 * @param tensors        dotted path to {@code dtype [shape] (device)}
 * @param values         dotted path to a short rendering of every non-tensor leaf
 * @param tensorCount    the number of tensors
 * @param parameterCount the total number of tensor elements
 */
public record CheckpointSummary(
        String source,
        TorchCheckpoint.Format format,
        String archivePrefix,
        long byteSize,
        String sha256,
        Map<String, String> tensors,
        Map<String, String> values,
        int tensorCount,
        long parameterCount) {

    static CheckpointSummary of(TorchCheckpoint c) {
        Map<String, String> tensors = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        long params = 0;
        for (Map.Entry<String, Object> e : PickleTree.leaves(c.root()).entrySet()) {
            if (e.getValue() instanceof Tensor t) {
                tensors.put(e.getKey(), PickleTree.describe(t));
                params += t.numel();
            } else {
                values.put(e.getKey(), PickleTree.describe(e.getValue()));
            }
        }
        return new CheckpointSummary(
                c.source(),
                c.format(),
                c.archivePrefix(),
                c.byteSize(),
                c.sha256(),
                tensors,
                values,
                tensors.size(),
                params);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("checkpoint ").append(source).append('\n');
        sb.append("  format  ")
                .append(format == TorchCheckpoint.Format.ZIP ? "zip (prefix '" + archivePrefix + "')" : "legacy")
                .append(", ")
                .append(byteSize)
                .append(" bytes\n");
        sb.append("  sha256  ").append(sha256).append('\n');
        sb.append("  ")
                .append(tensorCount)
                .append(" tensors, ")
                .append(parameterCount)
                .append(" elements\n");
        int width = tensors.keySet().stream().mapToInt(String::length).max().orElse(0);
        tensors.forEach((k, v) -> sb.append("    ")
                .append(k)
                .append(" ".repeat(width - k.length() + 2))
                .append(v)
                .append('\n'));
        if (!values.isEmpty()) {
            sb.append("  ").append(values.size()).append(" other values\n");
            int w = values.keySet().stream().mapToInt(String::length).max().orElse(0);
            values.forEach((k, v) -> sb.append("    ")
                    .append(k)
                    .append(" ".repeat(Math.max(0, w - k.length()) + 2))
                    .append(v)
                    .append('\n'));
        }
        return sb.toString();
    }

    static String shape(long[] s) {
        return Arrays.toString(s);
    }
}
