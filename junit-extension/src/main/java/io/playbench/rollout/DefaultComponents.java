package io.playbench.rollout;

import io.playbench.inference.InferenceEngine;
import io.playbench.inference.ReferenceEngine;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapter;
import java.util.List;
import java.util.function.Function;

/** The library adapters, inference engines and GPU facts PlayBench uses unless a caller configures others. */
public final class DefaultComponents {

    private DefaultComponents() {
    }

    /**
     * The adapter of each library.
     *
     * @return a function from library to its adapter
     */
    public static Function<Library, LibraryAdapter> adapters() {
        List<LibraryAdapter> plugged = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(LibraryAdapter.class).forEach(plugged::add);
        return library -> new PluggableAdapter(library, plugged.stream().filter(a -> a.library() == library).toList(), builtIn(library));
    }

    private static LibraryAdapter builtIn(Library library) {
        return new LibraryAdapter() {
            @Override
            public Library library() {
                return library;
            }

            @Override
            public io.playbench.library.LoadedPolicy load(java.nio.file.Path checkpoint, java.nio.file.Path runDirectory) {
                throw new IllegalStateException("no adapter for " + library.id() + " is available in this build");
            }
        };
    }

    /** Asks adapters plugged in through ServiceLoader first, then PlayBench's own. */
    private record PluggableAdapter(Library library, List<LibraryAdapter> plugged, LibraryAdapter builtIn) implements LibraryAdapter {
        @Override
        public io.playbench.library.LoadedPolicy load(java.nio.file.Path checkpoint, java.nio.file.Path runDirectory)
                throws java.io.IOException {
            for (LibraryAdapter adapter : plugged) {
                if (adapter.accepts(checkpoint)) {
                    return adapter.load(checkpoint, runDirectory);
                }
            }
            return builtIn.load(checkpoint, runDirectory);
        }
    }

    /**
     * Compiles policies with the engine of the given id ({@code auto} picks one).
     *
     * @return the compiler
     */
    public static PolicyCompiler compiler() {
        return (spec, engine, device, batch) -> engine(engine).compile(spec, device, batch);
    }

    /**
     * The engine of an id.
     *
     * @param id the engine id
     * @return the engine
     * @throws IllegalArgumentException listing the known ids
     */
    public static InferenceEngine engine(String id) {
        if (ReferenceEngine.ID.equals(id)) {
            return new ReferenceEngine();
        }
        throw new IllegalArgumentException("unknown inference engine '" + id + "'; known: " + List.of(ReferenceEngine.ID));
    }

    /**
     * The number of GPUs usable by the default engines.
     *
     * @return the count, 0 without GPU support
     */
    public static int gpuCount() {
        return 0;
    }

    /**
     * Why no GPU is usable, for the message of a disabled GPU benchmark.
     *
     * @return the reason and what to do
     */
    public static String gpuAbsenceReason() {
        return "no GPU is usable by PlayBench's engines on this host";
    }
}
