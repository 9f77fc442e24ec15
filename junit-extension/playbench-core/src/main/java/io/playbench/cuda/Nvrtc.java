package io.playbench.cuda;

import static io.playbench.cuda.Native.INT;
import static io.playbench.cuda.Native.LONG;
import static io.playbench.cuda.Native.PTR;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * NVRTC, CUDA's run-time compiler, through the foreign function API: compiles CUDA C++ source to PTX.
 *
 * <p>The library is looked for in {@code $CUDA_HOME} and {@code $CUDA_PATH} ({@code lib64},
 * {@code targets/x86_64-linux/lib}), then {@code /usr/local/cuda*} (newest first), then through the system loader,
 * accepting any {@code libnvrtc.so.*} version. The system property {@code playbench.cuda.nvrtc} names a file to use
 * instead. Compiled code is cached per source and options in memory and on disk ({@code ~/.cache/playbench/cuda},
 * or the directory in {@code playbench.cuda.cache}, {@code none} to turn it off).
 */
public final class Nvrtc {

    private static volatile Nvrtc instance;
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private final Path library;
    private final MethodHandle create;
    private final MethodHandle compile;
    private final MethodHandle destroy;
    private final MethodHandle logSize;
    private final MethodHandle log;
    private final MethodHandle ptxSize;
    private final MethodHandle ptx;
    private final MethodHandle version;
    private final MethodHandle cubinSize;
    private final MethodHandle cubin;

    private Nvrtc(Path library, SymbolLookup l) {
        this.library = library;
        String lib = library.toString();
        create = Native.required(l, lib, "nvrtcCreateProgram", PTR, PTR, PTR, INT, PTR, PTR);
        compile = Native.required(l, lib, "nvrtcCompileProgram", PTR, INT, PTR);
        destroy = Native.required(l, lib, "nvrtcDestroyProgram", PTR);
        logSize = Native.required(l, lib, "nvrtcGetProgramLogSize", PTR, PTR);
        log = Native.required(l, lib, "nvrtcGetProgramLog", PTR, PTR);
        ptxSize = Native.required(l, lib, "nvrtcGetPTXSize", PTR, PTR);
        ptx = Native.required(l, lib, "nvrtcGetPTX", PTR, PTR);
        version = Native.required(l, lib, "nvrtcVersion", PTR, PTR);
        cubinSize = Native.intFunction(l, "nvrtcGetCUBINSize", PTR, PTR);
        cubin = Native.intFunction(l, "nvrtcGetCUBIN", PTR, PTR);
    }

    /**
     * The compiler, loaded on first use.
     *
     * @return NVRTC
     * @throws CudaUnavailableException listing every place looked in when NVRTC is not found
     */
    public static Nvrtc get() {
        Nvrtc n = instance;
        if (n == null) {
            synchronized (Nvrtc.class) {
                n = instance;
                if (n == null) {
                    n = load();
                    instance = n;
                }
            }
        }
        return n;
    }

    private static Nvrtc load() {
        List<String> tried = new ArrayList<>();
        for (Path candidate : candidates()) {
            tried.add(candidate.toString());
            Optional<SymbolLookup> l = Native.open(candidate.toString());
            if (l.isPresent()) {
                return new Nvrtc(candidate, l.get());
            }
        }
        for (String name : List.of("libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2")) {
            tried.add(name + " (system loader)");
            Optional<SymbolLookup> l = Native.open(name);
            if (l.isPresent()) {
                return new Nvrtc(Path.of(name), l.get());
            }
        }
        throw new CudaUnavailableException(
                "NVRTC (libnvrtc.so.*, CUDA's run-time compiler) was not found; looked in " + tried
                        + ". Install the CUDA toolkit or the NVRTC package (e.g. cuda-nvrtc), or set CUDA_HOME, or name the file with "
                        + "-Dplaybench.cuda.nvrtc=/path/to/libnvrtc.so.13");
    }

    static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String explicit = System.getProperty("playbench.cuda.nvrtc");
        if (explicit != null && !explicit.isBlank()) {
            out.add(Path.of(explicit));
        }
        List<Path> roots = new ArrayList<>();
        for (String env : List.of("CUDA_HOME", "CUDA_PATH")) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                roots.add(Path.of(v));
            }
        }
        roots.add(Path.of("/usr/local/cuda"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/usr/local"), "cuda*")) {
            List<Path> found = new ArrayList<>();
            dirs.forEach(found::add);
            found.sort(Comparator.comparing(Path::toString).reversed());
            roots.addAll(found);
        } catch (IOException | RuntimeException e) {
            // no /usr/local/cuda*: fall through to the loader
        }
        for (Path root : roots) {
            for (String sub : List.of("targets/x86_64-linux/lib", "lib64", "lib")) {
                out.addAll(nvrtcFiles(root.resolve(sub)));
            }
        }
        return out;
    }

    private static List<Path> nvrtcFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "libnvrtc.so*")) {
            List<Path> found = new ArrayList<>();
            files.forEach(found::add);
            // prefer the shortest versioned name (libnvrtc.so.13 over libnvrtc.so.13.0.88), newest major first
            found.sort(
                    Comparator.comparing((Path p) -> p.getFileName().toString().length())
                            .thenComparing(Path::toString, Comparator.reverseOrder()));
            return found.stream()
                    .filter(p -> !p.getFileName().toString().contains("builtins"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The library file (or loader name) in use.
     *
     * @return the path
     */
    public Path library() {
        return library;
    }

    /**
     * NVRTC's version.
     *
     * @return {@code major.minor}
     */
    public String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(INT);
            MemorySegment minor = arena.allocate(INT);
            check("nvrtcVersion", Native.invoke(version, major, minor), null);
            return major.get(INT, 0) + "." + minor.get(INT, 0);
        }
    }

    /**
     * Compiles CUDA C++ source (cached per source and options): to a CUBIN for a real architecture
     * ({@code --gpu-architecture=sm_90}), else to PTX.
     *
     * @param source the source; kernels should be {@code extern "C"}
     * @param name a file name for messages
     * @param options NVRTC options, e.g. {@code --gpu-architecture=sm_90}
     * @return the CUBIN, or the PTX (NUL-terminated); either loads with {@link CudaContext#load}
     * @throws CudaException with the compiler's log when compilation fails
     */
    public byte[] compile(String source, String name, List<String> options) {
        String key = String.join("\u0000", options) + "\u0001" + source;
        byte[] cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Path disk = diskCache(key);
        if (disk != null && Files.isRegularFile(disk)) {
            try {
                byte[] stored = Files.readAllBytes(disk);
                CACHE.put(key, stored);
                return stored;
            } catch (IOException e) {
                // recompile
            }
        }
        byte[] out = compileUncached(source, name, options);
        CACHE.put(key, out);
        if (disk != null) {
            try {
                Files.createDirectories(disk.getParent());
                Path tmp = Files.createTempFile(disk.getParent(), "nvrtc", ".tmp");
                Files.write(tmp, out);
                Files.move(
                        tmp,
                        disk,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                // the cache is an optimisation only
            }
        }
        return out;
    }

    /**
     * Where compiled code is kept between runs: {@code playbench.cuda.cache} (a directory, or {@code none}), default
     * {@code ~/.cache/playbench/cuda}; keyed by the SHA-256 of NVRTC's version, the options and the source.
     */
    private Path diskCache(String key) {
        String dir = System.getProperty(
                "playbench.cuda.cache",
                Path.of(System.getProperty("user.home"), ".cache", "playbench", "cuda")
                        .toString());
        if (dir.equals("none")) {
            return null;
        }
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update((version() + "\u0002" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Path.of(dir).resolve(java.util.HexFormat.of().formatHex(sha.digest()) + ".bin");
        } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
            return null;
        }
    }

    private byte[] compileUncached(String source, String name, List<String> options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment prog = arena.allocate(PTR);
            check(
                    "nvrtcCreateProgram",
                    Native.invoke(
                            create,
                            prog,
                            arena.allocateFrom(source),
                            arena.allocateFrom(name),
                            0,
                            MemorySegment.NULL,
                            MemorySegment.NULL),
                    null);
            MemorySegment p = prog.get(PTR, 0);
            try {
                MemorySegment opts = arena.allocate(PTR, Math.max(1, options.size()));
                for (int i = 0; i < options.size(); i++) {
                    opts.setAtIndex(PTR, i, arena.allocateFrom(options.get(i)));
                }
                int rc = Native.invoke(compile, p, options.size(), opts);
                if (rc != 0) {
                    throw new CudaException(
                            "nvrtcCompileProgram of " + name + " (options " + options + ")",
                            rc,
                            "NVRTC error; log:\n" + programLog(arena, p));
                }
                boolean machineCode = cubin != null
                        && options.stream()
                                .anyMatch(o -> o.startsWith("--gpu-architecture=sm_") || o.startsWith("-arch=sm_"));
                MemorySegment size = arena.allocate(LONG);
                check(
                        machineCode ? "nvrtcGetCUBINSize" : "nvrtcGetPTXSize",
                        Native.invoke(machineCode ? cubinSize : ptxSize, p, size),
                        null);
                MemorySegment buf = arena.allocate(size.get(LONG, 0));
                check(
                        machineCode ? "nvrtcGetCUBIN" : "nvrtcGetPTX",
                        Native.invoke(machineCode ? cubin : ptx, p, buf),
                        null);
                return buf.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            } finally {
                Native.invoke(destroy, prog);
            }
        }
    }

    private String programLog(Arena arena, MemorySegment p) {
        MemorySegment size = arena.allocate(LONG);
        if (Native.invoke(logSize, p, size) != 0) {
            return "(no log)";
        }
        MemorySegment buf = arena.allocate(Math.max(1, size.get(LONG, 0)));
        Native.invoke(log, p, buf);
        return buf.getString(0);
    }

    private static void check(String call, int rc, String name) {
        if (rc != 0) {
            throw new CudaException(call, rc, name == null ? "nvrtcResult " + rc : name);
        }
    }
}
