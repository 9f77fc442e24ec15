package io.playbench.library;

import io.playbench.torch.TorchCheckpoint;
import io.playbench.torch.ZipArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The library adapters PlayBench ships, one per {@link Library}, plus detection of a checkpoint's library and the
 * {@code inspect} summary of a loaded policy.
 *
 * <pre>{@code
 * LoadedPolicy p = LibraryAdapters.of(Library.RSL_RL).load(Path.of("logs/rsl_rl/run/model_199.pt"), Path.of("logs/rsl_rl/run"));
 * System.out.println(LibraryAdapters.describe(p));
 * float[] action = new ReferencePolicy(p.spec()).forward(observation);
 * }</pre>
 */
public final class LibraryAdapters {

    private static final Map<Library, LibraryAdapter> ADAPTERS = Map.of(
            Library.RSL_RL, new RslRlAdapter(),
            Library.RL_GAMES, new RlGamesAdapter(),
            Library.SKRL, new SkrlAdapter(),
            Library.SB3, new Sb3Adapter());

    private LibraryAdapters() {}

    /**
     * The adapter of a library. Adapters are stateless and safe to share between threads.
     *
     * @param library the library
     * @return its adapter, which also accepts {@link AdapterOverrides}
     */
    public static LibraryAdapter of(Library library) {
        return ADAPTERS.get(java.util.Objects.requireNonNull(library, "library"));
    }

    /**
     * Guesses which library wrote a checkpoint from its structure: an SB3 zip ({@code data} + {@code policy.pth}),
     * or a {@code torch.save} dict with {@code actor_state_dict} / {@code model_state_dict} (rsl_rl), {@code model}
     * with {@code a2c_network.*} keys (rl_games) or {@code policy} (skrl).
     *
     * @param checkpoint the file
     * @return the library it looks like, or empty when unreadable or unrecognised
     */
    public static Optional<Library> detect(Path checkpoint) {
        if (checkpoint == null || !Files.isRegularFile(checkpoint)) {
            return Optional.empty();
        }
        try (ZipArchive zip = ZipArchive.open(checkpoint)) {
            boolean data = zip.entries().stream().anyMatch(e -> e.name().equals("data"));
            boolean policy = zip.entries().stream().anyMatch(e -> e.name().equals("policy.pth"));
            if (data && policy) {
                return Optional.of(Library.SB3);
            }
        } catch (Exception e) {
            // not a zip: maybe a legacy torch file
        }
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(checkpoint)) {
            if (!(ckpt.root() instanceof Map<?, ?> root)) {
                return Optional.empty();
            }
            if (root.containsKey("actor_state_dict") || root.containsKey("model_state_dict")) {
                return Optional.of(Library.RSL_RL);
            }
            if (root.get("model") instanceof Map<?, ?> model
                    && model.keySet().stream()
                            .anyMatch(k ->
                                    String.valueOf(k).replace("_orig_mod.", "").startsWith("a2c_network."))) {
                return Optional.of(Library.RL_GAMES);
            }
            if (root.get("policy") instanceof Map<?, ?>) {
                return Optional.of(Library.SKRL);
            }
        } catch (Exception e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Checks that a policy fits a task: same observation width, same kind and size of action.
     *
     * @param spec the policy
     * @param observationSize the task's flat observation width
     * @param action the task's action space
     * @throws IllegalArgumentException saying what differs
     */
    public static void requireFits(PolicySpec spec, int observationSize, PolicySpec.ActionOutput action) {
        if (spec.observationSize() != observationSize) {
            throw new IllegalArgumentException("the " + spec.library().id() + " policy takes observations of "
                    + spec.observationSize() + " values but the task's observations have " + observationSize
                    + "; was it trained on another task?");
        }
        if (!spec.action().equals(action)) {
            throw new IllegalArgumentException(
                    "the " + spec.library().id() + " policy produces " + describe(spec.action())
                            + " but the task expects " + describe(action) + "; was it trained on another task?");
        }
    }

    /**
     * The {@code inspect} summary: library, versions, sizes, every stage, and what was read from where or defaulted.
     *
     * @param policy the loaded policy
     * @return a multi-line, human-readable text
     */
    public static String describe(LoadedPolicy policy) {
        PolicySpec s = policy.spec();
        StringBuilder sb = new StringBuilder();
        sb.append("library:      ")
                .append(s.library().id())
                .append(policy.libraryVersion() == null ? "" : " " + policy.libraryVersion())
                .append('\n');
        if (policy.torchVersion() != null) {
            sb.append("torch:        ").append(policy.torchVersion()).append('\n');
        }
        sb.append("algorithm:    ").append(s.algorithm()).append('\n');
        sb.append("observation:  ").append(s.observationSize()).append(" float32\n");
        sb.append("action:       ").append(describe(s.action())).append('\n');
        sb.append("parameters:   ").append(s.parameterCount()).append('\n');
        sb.append("stages:\n");
        int i = 0;
        for (Stage stage : s.stages()) {
            sb.append(String.format(Locale.ROOT, "  %2d %s%n", i++, describe(stage)));
        }
        sb.append("notes:\n");
        for (String n : s.notes()) {
            sb.append("  - ").append(n).append('\n');
        }
        if (!policy.warnings().isEmpty()) {
            sb.append("warnings:\n");
            for (String w : policy.warnings()) {
                sb.append("  ! ").append(w).append('\n');
            }
        }
        return sb.toString();
    }

    static String describe(PolicySpec.ActionOutput action) {
        return switch (action) {
            case PolicySpec.ActionOutput.Discrete d -> "Discrete(" + d.n() + ")";
            case PolicySpec.ActionOutput.Continuous c -> "Box(" + c.size() + ") float32";
        };
    }

    static String describe(Stage stage) {
        return switch (stage) {
            case Stage.Clamp c -> "clamp to " + range(c.low(), c.high());
            case Stage.Normalize n ->
                String.format(
                        Locale.ROOT,
                        "normalize %s eps=%s clip=%s %s (%d values)",
                        switch (n.formula()) {
                            case STD_PLUS_EPS -> "(x - mean) / (std + eps)";
                            case SQRT_VAR_PLUS_EPS -> "(x - mean) / sqrt(var + eps)";
                            case SQRT_VAR_THEN_PLUS_EPS -> "(x - mean) / (sqrt(var) + eps)";
                        },
                        n.epsilon(),
                        n.clip(),
                        n.float64() ? "float64 then float32" : "float32",
                        n.mean().length);
            case Stage.Dense d ->
                "dense " + d.in() + " -> " + d.out() + " " + d.activation() + (d.bias() == null ? " (no bias)" : "");
            case Stage.Slice sl -> "slice [" + sl.from() + ", " + sl.to() + ")";
            case Stage.Apply a -> "apply " + a.activation();
            case Stage.Affine a ->
                "affine x * " + java.util.Arrays.toString(a.scale()) + " + " + java.util.Arrays.toString(a.offset());
            case Stage.Argmax ignored -> "argmax";
        };
    }

    private static String range(float[] low, float[] high) {
        boolean uniform = true;
        for (int i = 1; i < low.length; i++) {
            uniform &= low[i] == low[0] && high[i] == high[0];
        }
        return uniform
                ? "[" + low[0] + ", " + high[0] + "] (" + low.length + " values)"
                : java.util.Arrays.toString(low) + " .. " + java.util.Arrays.toString(high);
    }
}
