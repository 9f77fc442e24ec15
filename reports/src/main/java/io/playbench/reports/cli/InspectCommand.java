package io.playbench.reports.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapters;
import io.playbench.library.LoadedPolicy;
import io.playbench.torch.CheckpointFormatException;
import io.playbench.torch.TorchCheckpoint;
import io.playbench.torch.ZipArchive;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code playbench inspect}: what is in a checkpoint and how PlayBench will run it. */
@Command(
        name = "inspect",
        customSynopsis = "playbench inspect CHECKPOINT [--library LIB] [--checkpoint-store DIR]",
        description = {
            "what is in a checkpoint and how PlayBench will run it",
            "",
            "Reads a checkpoint with PlayBench's safe reader (no Python, no code in the pickle is run) and shows:",
            "  contents  every tensor (dtype, shape, device) and other value; for an SB3 zip, its entries, the",
            "            readable part of its data entry and the tensors of policy.pth",
            "  policy    how PlayBench will run it: library and versions, observation and action, every stage",
            "            (normaliser, dense layers and activations, head, squashing, clamps) and, in notes, what",
            "            was read from where and what was defaulted",
            "Without --library the library is detected from the file's structure (and the output says so). CHECKPOINT"
                    + " is a file or a run directory (its latest checkpoint is used)."
        },
        footer = {
            "%nexit codes: 0 ok, 2 usage or input error (no such file, unrecognised, corrupt or unsafe checkpoint,"
                    + " failed download), 3 unexpected error"
        })
final class InspectCommand extends BaseCommand {

    @Parameters(paramLabel = "CHECKPOINT", arity = "0..1", description = "a checkpoint file or a run directory")
    String checkpoint;

    @Option(
            names = "--library",
            paramLabel = "LIB",
            converter = Converters.LibraryConverter.class,
            completionCandidates = Converters.LibraryIds.class,
            description = "read it as this library's checkpoint: ${COMPLETION-CANDIDATES} (default: detected from its"
                    + " structure)")
    Library library;

    @Mixin
    CheckpointStoreOption store;

    InspectCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() throws UsageException, IOException {
        if (checkpoint == null) {
            throw usage("give exactly one checkpoint (a file or run directory)");
        }
        String location = checkpoint;
        PolicyOptions.requireLocalExists(location, context);
        ResolvedCheckpoint resolved = null;
        Library detected = null;
        String how;
        if (library != null) {
            detected = library;
            resolved = resolve(library, location);
            how = "given with --library";
        } else {
            // a URL is downloaded once: its file does not depend on the library, only a run directory's layout does
            ResolvedCheckpoint downloaded =
                    PolicyOptions.isRemote(location) ? resolve(Library.values()[0], location) : null;
            for (Library candidate : Library.values()) {
                try {
                    ResolvedCheckpoint r = downloaded != null
                            ? downloaded
                            : PolicyOptions.resolve(candidate, "unknown-task", location, null, store.settings(context));
                    Optional<Library> found = LibraryAdapters.detect(r.file());
                    if (found.isPresent()) {
                        resolved = found.get() == candidate || downloaded != null ? r : resolve(found.get(), location);
                        detected = found.get();
                        break;
                    }
                } catch (RuntimeException e) {
                    // try the next library's layout
                }
            }
            if (detected == null) {
                throw new UsageException(
                        context.path(location) + " does not look like a checkpoint of any known library "
                                + "(an SB3 zip, or a torch.save dict of rsl_rl, rl_games or skrl); give --library to read it as one");
            }
            how = "detected from the checkpoint's structure; override with --library";
        }
        PrintStream out = context.out();
        out.println("checkpoint   " + Errors.escape(resolved.file().toString()));
        out.println("sha256       " + resolved.sha256());
        out.println("size         " + String.format(Locale.ROOT, "%,d bytes", resolved.sizeBytes()));
        out.println("run dir      " + Errors.escape(resolved.runDirectory().toString())
                + configFiles(resolved.runDirectory()));
        out.println("library      " + detected.id() + " (" + how + ")");
        out.println();
        out.println("== contents ==");
        try {
            contents(resolved.file(), out);
        } catch (CheckpointFormatException | RuntimeException e) {
            // a corrupt or unsafe file (UnsafePickleException) is an input error, not a crash
            throw new UsageException(
                    "cannot read " + resolved.file() + " as a " + detected.id() + " checkpoint: " + e.getMessage());
        }
        out.println();
        out.println("== how PlayBench runs it ==");
        try {
            LoadedPolicy loaded = PolicyOptions.load(detected, resolved);
            out.print(Errors.escapeLines(LibraryAdapters.describe(loaded)));
        } catch (RuntimeException | IOException e) {
            out.println("cannot rebuild the policy: " + Errors.forCli(e.getMessage()));
            throw new UsageException("the checkpoint was read, but PlayBench cannot run it as a " + detected.id()
                    + " policy: " + e.getMessage());
        }
        return Playbench.EXIT_OK;
    }

    private ResolvedCheckpoint resolve(Library library, String location) throws UsageException {
        try {
            return PolicyOptions.resolve(library, "unknown-task", location, null, store.settings(context));
        } catch (RuntimeException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String configFiles(Path runDirectory) {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("params/agent.yaml", "vecnormalize.pkl", "params/env.yaml")) {
            if (runDirectory != null && Files.isRegularFile(runDirectory.resolve(name))) {
                sb.append(sb.isEmpty() ? " (has " : ", ").append(name);
            }
        }
        return sb.isEmpty() ? "" : sb.append(')').toString();
    }

    private static void contents(Path file, PrintStream out) throws IOException {
        boolean sb3 = false;
        try (ZipArchive zip = ZipArchive.open(file)) {
            sb3 = zip.entries().stream().anyMatch(e -> e.name().equals("data"))
                    && zip.entries().stream().anyMatch(e -> e.name().equals("policy.pth"));
            if (sb3) {
                out.println("SB3 zip, " + zip.entries().size() + " entries:");
                for (ZipArchive.Entry e : zip.entries()) {
                    out.printf(Locale.ROOT, "  %-32s %,12d bytes%n", e.name(), e.size());
                }
                if (zip.entries().stream().anyMatch(e -> e.name().equals("_stable_baselines3_version"))) {
                    out.println("stable-baselines3 version: "
                            + zip.readText("_stable_baselines3_version").strip());
                }
                out.println("data (readable values; :serialized: pickles are not shown):");
                JsonNode data = Floats.MAPPER.readTree(zip.readText("data"));
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                data.properties().iterator();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.printf(Locale.ROOT, "  %-28s %s%n", e.getKey(), shortValue(e.getValue()));
                }
                out.println("policy.pth:");
                try (TorchCheckpoint policy = TorchCheckpoint.open(zip, "policy.pth")) {
                    out.print(Errors.escapeLines(indent(policy.summary().toString())));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (sb3) {
                throw e;
            }
            // not a zip of SB3: a torch.save file
        }
        if (!sb3) {
            try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
                out.print(Errors.escapeLines(ckpt.summary().toString()));
            }
        }
    }

    private static String shortValue(JsonNode v) {
        String text;
        if (v.isObject() && v.has(":type:")) {
            StringBuilder sb = new StringBuilder(
                    v.get(":type:").asText().replace("<class '", "").replace("'>", ""));
            for (Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                boolean dunder = e.getKey().startsWith("__") && !e.getKey().equals("__module__");
                if (!e.getKey().startsWith(":") && !dunder && !e.getValue().isContainerNode()) {
                    sb.append(' ')
                            .append(e.getKey())
                            .append('=')
                            .append(e.getValue().asText());
                }
            }
            text = sb.toString();
        } else {
            text = v.toString();
        }
        text = text.replaceAll("\\s+", " ");
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }

    private static String indent(String text) {
        return text.lines()
                .map(l -> "  " + l)
                .reduce(new StringBuilder(), (sb, l) -> sb.append(l).append('\n'), StringBuilder::append)
                .toString();
    }
}
