package io.playbench.rollout;

import io.playbench.inference.InferenceEngine;
import io.playbench.inference.ReferenceEngine;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapter;
import io.playbench.library.LibraryAdapters;
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
        return LibraryAdapters::of;
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
