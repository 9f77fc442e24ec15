package io.playbench.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** Helpers shared by the driver and NVRTC bindings: symbol lookup and downcalls returning a status code. */
final class Native {

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    private Native() {}

    /** Opens a library by name or path; empty when the loader cannot find it. */
    static Optional<SymbolLookup> open(String nameOrPath) {
        try {
            return Optional.of(SymbolLookup.libraryLookup(nameOrPath, Arena.global()));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return Optional.empty();
        }
    }

    /** A downcall to {@code name} returning {@code int}; {@code null} when the symbol is absent. */
    static MethodHandle intFunction(SymbolLookup lookup, String name, MemoryLayout... args) {
        Optional<MemorySegment> symbol = lookup.find(name);
        return symbol.map(s -> Linker.nativeLinker().downcallHandle(s, FunctionDescriptor.of(INT, args)))
                .orElse(null);
    }

    /** Like {@link #intFunction} but fails with a clear message when the symbol is missing. */
    static MethodHandle required(SymbolLookup lookup, String library, String name, MemoryLayout... args) {
        MethodHandle h = intFunction(lookup, name, args);
        if (h == null) {
            throw new CudaUnavailableException(
                    library + " has no symbol " + name + "; it is older than PlayBench needs (CUDA 11.2 or later)");
        }
        return h;
    }

    static int invoke(MethodHandle h, Object... args) {
        try {
            return (int) h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed: " + t, t);
        }
    }
}
