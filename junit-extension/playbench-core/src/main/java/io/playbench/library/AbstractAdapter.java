package io.playbench.library;

import io.playbench.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the four adapters share: overrides, opening the checkpoint, activation lookup and wrong-library messages. */
abstract class AbstractAdapter implements LibraryAdapter {

    @Override
    public final LoadedPolicy load(Path checkpoint, Path runDirectory) throws IOException {
        return load(checkpoint, runDirectory, AdapterOverrides.none());
    }

    @Override
    public final LoadedPolicy load(Path checkpoint, Path runDirectory, AdapterOverrides overrides) throws IOException {
        if (!Files.isRegularFile(checkpoint)) {
            throw new java.nio.file.NoSuchFileException(checkpoint.toString(), null, "no checkpoint file here");
        }
        return doLoad(checkpoint, runDirectory, overrides == null ? AdapterOverrides.none() : overrides);
    }

    abstract LoadedPolicy doLoad(Path checkpoint, Path runDirectory, AdapterOverrides overrides) throws IOException;

    /** Opens a torch.save file; a file that is not one, but is another library's checkpoint, is a wrong-library error. */
    TorchCheckpoint openTorch(Path file) throws IOException {
        try {
            return TorchCheckpoint.open(file);
        } catch (io.playbench.torch.CheckpointFormatException e) {
            if (LibraryAdapters.detect(file).filter(l -> l != library()).isPresent()) {
                throw wrongLibrary(file, "it is not a torch.save file (" + e.getMessage() + ")");
            }
            throw e;
        }
    }

    /** The checkpoint's root dict, or a wrong-library error if it is not a dict. */
    Map<?, ?> rootDict(TorchCheckpoint ckpt, Path file) {
        if (ckpt.root() instanceof Map<?, ?> m) {
            return m;
        }
        throw wrongLibrary(
                file,
                "the checkpoint holds a "
                        + (ckpt.root() == null ? "None" : ckpt.root().getClass().getSimpleName()) + ", not a dict");
    }

    /** An error saying the file does not fit this library, and which library it looks like. */
    IllegalArgumentException wrongLibrary(Path file, String what) {
        Optional<Library> guess = LibraryAdapters.detect(file);
        String hint = guess.filter(l -> l != library())
                .map(l -> " This looks like a " + l.id() + " checkpoint; load it with Library." + l.name() + ".")
                .orElse("");
        return new IllegalArgumentException(
                file + " is not a " + library().id() + " checkpoint PlayBench knows: " + what + "." + hint);
    }

    /**
     * The hidden activation: the override, else the config value at {@code path}, else {@code libraryDefault}
     * (noted as a default), else an error saying where it was looked for.
     */
    static Activation activation(
            AgentConfig cfg,
            String path,
            AdapterOverrides o,
            PolicyBuilder b,
            Activation libraryDefault,
            String defaultSource) {
        if (o.activation() != null) {
            b.overridden("hidden activation " + o.activation());
            return o.activation();
        }
        Optional<String> name = cfg.text(path);
        if (name.isPresent()) {
            Activation a = parseActivation(name.get(), cfg.at(path));
            b.read("hidden activation " + a + " from " + cfg.at(path));
            return a;
        }
        if (libraryDefault != null) {
            b.defaulted("hidden activation " + libraryDefault + " (" + defaultSource + "; "
                    + (cfg.present() ? cfg.source() + " has no '" + path + "'" : "no config file found") + ")");
            return libraryDefault;
        }
        throw new IllegalArgumentException(
                "the hidden activation is not in the checkpoint and the library has no default: "
                        + (cfg.present()
                                ? cfg.source() + " has no '" + path + "'"
                                : "no params/agent.yaml found (looked at " + cfg.searched() + ")")
                        + ". Put the run's params/agent.yaml in the run directory or pass AdapterOverrides.none().withActivation(...).");
    }

    static Activation parseActivation(String name, String where) {
        String n = name.trim();
        if (n.startsWith("<class '") && n.endsWith("'>")) {
            n = n.substring(8, n.length() - 2); // SB3 data: "<class 'torch.nn.modules.activation.ReLU'>"
        }
        if (n.equalsIgnoreCase("lrelu")) {
            return Activation.LEAKY_RELU;
        }
        try {
            return Activation.parse(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    static String fmt(float[] a) {
        return java.util.Arrays.toString(a);
    }
}
