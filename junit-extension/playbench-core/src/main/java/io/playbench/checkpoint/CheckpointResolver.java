package io.playbench.checkpoint;

import io.playbench.library.Library;
import io.playbench.schema.CheckpointOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the checkpoint of a benchmark: the one the user named, else the published one (with a warning), else an
 * error that lists every place tried.
 *
 * <p>An explicit checkpoint is a path (relative to the base directory), a {@code classpath:}, {@code file:} or
 * {@code http(s):} URI, a run directory (its latest checkpoint) or {@code <run directory>/latest} /
 * {@code <run directory>/best}. {@code latest} orders by the number in the file name ({@code agent_12000.pt} after
 * {@code agent_9600.pt}, {@code model_<iter>.pt} by iteration, rl_games' {@code last_<name>_ep_<N>_rew_<R>.pth} by
 * epoch). Downloads are cached, verified against the SHA-256 pin when one is given, and never reused unpinned. The
 * published store is {@code <root>/<library>/<task>/checkpoint.*} on disk ({@code playbench.checkpoints.root}) and
 * then on the classpath, with the checkpoint's config files beside it.
 */
public final class CheckpointResolver {

    private static final System.Logger LOG = System.getLogger(CheckpointResolver.class.getName());
    private static final List<String> EXTENSIONS = List.of(".pt", ".pth", ".zip", ".ckpt");
    private static final Pattern EPOCH = Pattern.compile("_ep_(\\d+)");
    private static final Pattern NUMBER = Pattern.compile("(\\d+)");
    private static final Map<Library, List<String>> BEST_NAMES = Map.of(
            Library.SKRL, List.of("best_agent.pt"),
            Library.SB3, List.of("best_model.zip"),
            Library.RL_GAMES, List.of(),
            Library.RSL_RL, List.of());

    private final CheckpointSettings settings;

    /**
     * Creates a resolver.
     *
     * @param settings the run-wide settings
     */
    public CheckpointResolver(CheckpointSettings settings) {
        this.settings = settings;
    }

    /**
     * Resolves a request to a local, hashed checkpoint file.
     *
     * @param request what to resolve
     * @return the checkpoint
     * @throws CheckpointNotFoundException listing every place tried
     * @throws ChecksumMismatchException when the file does not match the pinned SHA-256
     */
    public ResolvedCheckpoint resolve(CheckpointRequest request) {
        try {
            ResolvedCheckpoint resolved = request.checkpoint() == null ? published(request) : explicit(request);
            if (request.sha256() != null && !request.sha256().equals(resolved.sha256())) {
                throw new ChecksumMismatchException("checkpoint " + Redaction.redact(resolved.location())
                        + " has sha256 " + resolved.sha256() + " but " + request.sha256()
                        + " was pinned; the file changed, or the pin is out of date");
            }
            return resolved;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read checkpoint for " + request.library().id() + " / " + request.task() + ": "
                            + Redaction.redact(e.getMessage()),
                    e);
        }
    }

    private ResolvedCheckpoint explicit(CheckpointRequest request) throws IOException {
        String spec = request.checkpoint();
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.startsWith("classpath:")) {
            return fromClasspath(spec, spec.substring("classpath:".length()), request);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return download(spec, request);
        }
        Path path;
        if (lower.startsWith("file:")) {
            try {
                path = Path.of(new URI(spec));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "checkpoint URI '" + spec + "' is not a valid file: URI (write file:///absolute/path)", e);
            }
        } else {
            path = settings.baseDirectory().resolve(spec).normalize();
        }
        return fromPath(spec, path, request);
    }

    private ResolvedCheckpoint fromPath(String spec, Path path, CheckpointRequest request) throws IOException {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        Path parent = path.getParent();
        if ((name.equals("latest") || name.equals("best"))
                && Files.isSymbolicLink(path)
                && parent != null
                && Files.isDirectory(parent)
                && !(Files.exists(path) && path.toRealPath().startsWith(parent.toRealPath()))) {
            throw new CheckpointNotFoundException(
                    "checkpoint '" + spec + "' for " + request.library().id() + " / " + request.task(),
                    List.of(path + " (a symbolic link to " + Files.readSymbolicLink(path)
                            + ", outside the run directory " + parent + ")"),
                    "<run directory>/" + name + " is not followed out of the run directory; give the checkpoint's own"
                            + " path if you mean it.",
                    null);
        }
        if ((name.equals("latest") || name.equals("best"))
                && !Files.exists(path)
                && parent != null
                && Files.isDirectory(parent)) {
            Path chosen = name.equals("latest") ? latestIn(parent, request) : bestIn(parent, request);
            return local(chosen, CheckpointOrigin.RUN_DIRECTORY, chosen.toString(), parent, List.of());
        }
        if (Files.isDirectory(path)) {
            Path chosen = latestIn(path, request);
            return local(chosen, CheckpointOrigin.RUN_DIRECTORY, chosen.toString(), path, List.of());
        }
        if (Files.isRegularFile(path)) {
            return local(
                    path,
                    CheckpointOrigin.EXPLICIT,
                    spec.startsWith("file:") ? spec : path.toString(),
                    runDirectoryOf(path),
                    List.of());
        }
        List<String> tried = new ArrayList<>();
        tried.add(path + " (" + (Files.exists(path) ? "not a regular file" : "does not exist") + ")");
        if (name.equals("latest") || name.equals("best")) {
            tried.add(parent + " as a run directory ("
                    + (parent != null && Files.exists(parent) ? "not a directory" : "does not exist") + ")");
        }
        throw new CheckpointNotFoundException(
                "checkpoint '" + spec + "' for " + request.library().id() + " / " + request.task(),
                tried,
                "Relative paths are resolved against " + settings.baseDirectory()
                        + ". Give a file, a run directory, <run directory>/latest, "
                        + "<run directory>/best, or a classpath:, file: or https: URI.",
                null);
    }

    private ResolvedCheckpoint published(CheckpointRequest request) throws IOException {
        String task = publishedTaskName(request.task());
        String library = request.library().id();
        List<String> tried = new ArrayList<>();
        if (settings.publishedRoot() != null) {
            Path directory = settings.publishedRoot().resolve(library).resolve(task);
            Optional<Path> found = checkpointFileIn(directory);
            if (found.isPresent()) {
                return publishedHit(request, found.get(), found.get().toString(), directory);
            }
            tried.add(directory + "/checkpoint.* ("
                    + (Files.isDirectory(directory) ? "no checkpoint.* file" : "directory does not exist") + ")");
        } else {
            tried.add("published store on disk: not configured (set playbench.checkpoints.root)");
        }
        if (settings.classpathStore() != null) {
            String resource = settings.classpathStore() + "/" + library + "/" + task;
            Optional<Path> directory = Optional.empty();
            for (String extension : EXTENSIONS) {
                URL anchor = settings.classLoader().getResource(resource + "/checkpoint" + extension);
                if (anchor != null) {
                    directory = Optional.of(materialiseClasspathDirectory(resource, anchor));
                    break;
                }
            }
            Optional<Path> found = directory.flatMap(CheckpointResolver::checkpointFileIn);
            if (found.isPresent()) {
                return publishedHit(
                        request,
                        found.get(),
                        "classpath:" + resource + "/" + found.get().getFileName(),
                        directory.get());
            }
            tried.add("classpath:" + resource + "/checkpoint.* ("
                    + (directory.isPresent() ? "no checkpoint.* file" : "not on the classpath") + ")");
        }
        throw new CheckpointNotFoundException(
                "checkpoint for " + library + " / " + request.task(),
                tried,
                "Pass one with @PlayBenchmark(checkpoint = \"path/to/checkpoint\") (or --checkpoint), or publish one as <root>/"
                        + library + "/" + task + "/checkpoint.<ext> with its config files beside it.",
                null);
    }

    private ResolvedCheckpoint publishedHit(CheckpointRequest request, Path file, String location, Path directory)
            throws IOException {
        String warning = "No checkpoint given for " + request.library().id() + " / " + request.task()
                + "; using the published checkpoint " + location
                + ". Name one explicitly (checkpoint = ...) to benchmark your own.";
        LOG.log(System.Logger.Level.WARNING, warning);
        return local(file, CheckpointOrigin.PUBLISHED, location, directory, List.of(warning));
    }

    private ResolvedCheckpoint fromClasspath(String spec, String resource, CheckpointRequest request)
            throws IOException {
        String clean = resource.startsWith("/") ? resource.substring(1) : resource;
        int slash = clean.lastIndexOf('/');
        String directoryResource = slash < 0 ? "" : clean.substring(0, slash);
        String name = clean.substring(slash + 1);
        URL url = settings.classLoader().getResource(clean);
        if (url == null) {
            throw new CheckpointNotFoundException(
                    "checkpoint '" + spec + "'",
                    List.of("classpath resource " + clean + " (not found)"),
                    "Classpath resources are looked up with the test class loader; put the file under src/test/resources/"
                            + clean + ".",
                    null);
        }
        Path directory = directoryResource.isEmpty()
                ? copySingle(url, name)
                : materialiseClasspathDirectory(directoryResource, url);
        return local(
                directory.resolve(name),
                CheckpointOrigin.EXPLICIT,
                spec,
                runDirectoryOf(directory.resolve(name)),
                List.of());
    }

    private ResolvedCheckpoint download(String url, CheckpointRequest request) throws IOException {
        String shown = Redaction.redactUrl(url);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "checkpoint URL '" + shown + "' is not a valid URI (" + Redaction.redact(e.getReason())
                            + "); percent-encode spaces and special characters",
                    null);
        }
        String name = Path.of(uri.getPath() == null || uri.getPath().isEmpty() ? "checkpoint" : uri.getPath())
                .getFileName()
                .toString();
        String key = request.sha256() != null ? request.sha256() : Digests.sha256(url);
        Path directory = settings.cacheDirectory().resolve("downloads").resolve(key);
        Path target = directory.resolve(name);
        if (request.sha256() != null
                && Files.isRegularFile(target)
                && Digests.sha256(target).equals(request.sha256())) {
            return local(target, CheckpointOrigin.EXPLICIT, shown, directory, List.of());
        }
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, "." + name + ".", ".part");
        String actual;
        long deadline = System.nanoTime() + settings.httpTimeout().toNanos();
        try {
            HttpResponse<InputStream> response;
            try {
                response = settings.httpClient()
                        .send(
                                HttpRequest.newBuilder(uri)
                                        .timeout(settings.httpTimeout())
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + shown, e);
            } catch (IOException e) {
                throw new CheckpointNotFoundException(
                        "checkpoint '" + shown + "'",
                        List.of(shown + " ("
                                + Redaction.redact(String.valueOf(e).replace(url, shown)) + ")"),
                        "Check the URL and the network, or download the file and give its path.",
                        null);
            }
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new CheckpointNotFoundException(
                            "checkpoint '" + shown + "'",
                            List.of(shown + " (HTTP " + response.statusCode() + ")"),
                            "Check the URL, or download the file and give its path.",
                            null);
                }
                long limit = settings.maxDownloadBytes();
                long declared =
                        response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > limit) {
                    throw tooLarge(
                            shown, "the server announces " + String.format(Locale.ROOT, "%,d", declared) + " bytes");
                }
                actual = copyWithin(in, partial, limit, deadline, shown);
            }
            if (request.sha256() != null && !request.sha256().equals(actual)) {
                throw new ChecksumMismatchException("download of " + shown + " has sha256 " + actual + " but "
                        + request.sha256() + " was pinned; the file was not used or cached");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        List<String> warnings = new ArrayList<>();
        if (request.sha256() == null) {
            String warning = "Downloaded " + shown
                    + " without a sha256 pin, so it is fetched again on every run; pin it with sha256 = \"" + actual
                    + "\" to make the benchmark reproducible and cacheable.";
            LOG.log(System.Logger.Level.WARNING, warning);
            warnings.add(warning);
        }
        return local(target, CheckpointOrigin.EXPLICIT, shown, directory, warnings);
    }

    /**
     * Copies the body to {@code partial} on a worker thread, hashing it, within the download's deadline and size limit;
     * the worker has ended (and closed the file) when this returns or throws.
     *
     * @return the SHA-256 of the body
     */
    private String copyWithin(InputStream in, Path partial, long limit, long deadline, String shown)
            throws IOException {
        AtomicLong received = new AtomicLong();
        Future<String> copy;
        try (ExecutorService worker = Executors.newVirtualThreadPerTaskExecutor()) {
            copy = worker.submit(() -> {
                MessageDigest digest = Digests.newDigest();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        if (received.get() + n > limit) {
                            throw tooLarge(shown, "its body is longer");
                        }
                        out.write(buffer, 0, n);
                        received.addAndGet(n);
                    }
                }
                return HexFormat.of().formatHex(digest.digest());
            });
            try {
                return copy.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                copy.cancel(true);
                in.close();
                throw new CheckpointNotFoundException(
                        "checkpoint '" + shown + "'",
                        List.of(shown + " (the body did not arrive within "
                                + settings.httpTimeout().toSeconds() + " s; "
                                + String.format(Locale.ROOT, "%,d", received.get()) + " bytes received)"),
                        "Check the network or the server, or download the file and give its path; the deadline is"
                                + " CheckpointSettings.httpTimeout.",
                        null);
            } catch (InterruptedException e) {
                copy.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + shown, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof IOException io) {
                    throw new IOException(
                            "download of " + shown + " failed: " + Redaction.redact(String.valueOf(io.getMessage())),
                            null);
                }
                throw new IOException("download of " + shown + " failed: " + cause, cause);
            }
        }
    }

    private CheckpointNotFoundException tooLarge(String shown, String why) {
        long limit = settings.maxDownloadBytes();
        return new CheckpointNotFoundException(
                "checkpoint '" + shown + "'",
                List.of(shown + " (larger than the download limit of " + String.format(Locale.ROOT, "%,d", limit)
                        + " bytes: " + why + ")"),
                "Raise the limit with --max-download-bytes (command line), the system property "
                        + CheckpointSettings.MAX_DOWNLOAD_BYTES_PROPERTY
                        + " or CheckpointSettings.withMaxDownloadBytes, or download the file and give its path.",
                null);
    }

    private ResolvedCheckpoint local(
            Path file, CheckpointOrigin origin, String location, Path runDirectory, List<String> warnings)
            throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        return new ResolvedCheckpoint(
                absolute,
                origin,
                location,
                Digests.sha256(absolute),
                Files.size(absolute),
                runDirectory.toAbsolutePath().normalize(),
                warnings);
    }

    /**
     * The task name of the published store: text after the last {@code :}, without a {@code -Play} suffix (before the
     * version), as Isaac Lab normalises it.
     *
     * @param task the task id
     * @return the store's task name
     */
    public static String publishedTaskName(String task) {
        String t = task.substring(task.lastIndexOf(':') + 1);
        return t.replaceAll("-Play(?=-v\\d+$|$)", "");
    }

    /**
     * The latest checkpoint of a run directory: the largest number in the file name (the epoch for rl_games' names),
     * then the newest modification time.
     *
     * @param directory the run directory
     * @param request the request, for messages
     * @return the checkpoint file
     */
    Path latestIn(Path directory, CheckpointRequest request) throws IOException {
        List<Path> candidates = candidatesIn(directory);
        if (candidates.isEmpty()) {
            throw new CheckpointNotFoundException(
                    "checkpoint in run directory " + directory,
                    List.of(directory + ", " + directory.resolve("checkpoints") + ", " + directory.resolve("nn")
                            + " (no *.pt, *.pth, *.zip or *.ckpt file; links to files outside the run directory"
                            + " are ignored)"),
                    "Point checkpoint at the file itself, or at the run directory that the library wrote.",
                    null);
        }
        Comparator<Path> order = Comparator.<Path>comparingLong(CheckpointResolver::orderNumber)
                .thenComparingLong(CheckpointResolver::modified)
                .thenComparing(p -> p.getFileName().toString());
        return candidates.stream().max(order).orElseThrow();
    }

    private Path bestIn(Path directory, CheckpointRequest request) throws IOException {
        List<Path> candidates = candidatesIn(directory);
        List<String> names = new ArrayList<>(BEST_NAMES.get(request.library()));
        for (Path p : candidates) {
            String n = p.getFileName().toString();
            if (names.contains(n)) {
                return p;
            }
        }
        if (request.library() == Library.RL_GAMES) {
            // rl_games saves the best checkpoint as nn/<name>.pth and the others as last_<name>_ep_<N>_rew_<R>.pth.
            List<Path> best = candidates.stream()
                    .filter(p -> p.getFileName().toString().endsWith(".pth"))
                    .filter(p -> !p.getFileName().toString().startsWith("last_"))
                    .toList();
            if (best.size() == 1) {
                return best.getFirst();
            }
        }
        throw new CheckpointNotFoundException(
                "best checkpoint for " + request.library().id() + " in " + directory,
                List.of(directory + " (found "
                        + candidates.stream()
                                .map(p -> directory.relativize(p).toString())
                                .toList() + ")"),
                switch (request.library()) {
                    case RSL_RL -> "rsl_rl keeps no best checkpoint; use <run directory>/latest.";
                    case SKRL ->
                        "skrl writes checkpoints/best_agent.pt only when it evaluates; use <run directory>/latest.";
                    case SB3 -> "SB3 writes best_model.zip only with an EvalCallback; use <run directory>/latest.";
                    case RL_GAMES -> "rl_games writes nn/<name>.pth for the best run; use <run directory>/latest.";
                },
                null);
    }

    /**
     * The checkpoint files of a run directory; a file that is, or lies behind, a symbolic link leading outside the run
     * directory is not one of them.
     */
    private static List<Path> candidatesIn(Path directory) throws IOException {
        List<Path> found = new ArrayList<>();
        Path root = directory.toRealPath();
        for (Path d : List.of(
                directory, directory.resolve("checkpoints"), directory.resolve("nn"), directory.resolve("models"))) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                files.filter(Files::isRegularFile)
                        .filter(CheckpointResolver::hasCheckpointExtension)
                        .filter(p -> inside(p, root))
                        .forEach(found::add);
            }
        }
        return found;
    }

    private static boolean inside(Path file, Path root) {
        try {
            boolean inside = file.toRealPath().startsWith(root);
            if (!inside) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "ignoring " + file + ": it links to " + file.toRealPath() + ", outside the run directory "
                                + root);
            }
            return inside;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasCheckpointExtension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    static long orderNumber(Path p) {
        String name = p.getFileName().toString();
        Matcher epoch = EPOCH.matcher(name);
        if (epoch.find()) {
            return parse(epoch.group(1));
        }
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        Matcher m = NUMBER.matcher(stem);
        long last = -1;
        while (m.find()) {
            last = parse(m.group(1));
        }
        return last;
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Optional<Path> checkpointFileIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("checkpoint."))
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path runDirectoryOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        // skrl and rl_games keep checkpoints one level below the run directory (checkpoints/, nn/).
        if (parent != null
                && parent.getFileName() != null
                && List.of("checkpoints", "nn", "models")
                        .contains(parent.getFileName().toString())
                && parent.getParent() != null) {
            return parent.getParent();
        }
        return parent;
    }

    /**
     * Copies the classpath directory holding {@code anchor} (a file in it; file: or jar: URL) to the cache, once, and
     * returns its local copy; a directory on disk is used in place.
     */
    private Path materialiseClasspathDirectory(String resource, URL anchor) throws IOException {
        try {
            URI uri = anchor.toURI();
            if ("file".equals(uri.getScheme())) {
                return Path.of(uri).getParent();
            }
            if ("jar".equals(uri.getScheme())) {
                Path target = settings.cacheDirectory().resolve("classpath").resolve(Digests.sha256(anchor.toString()));
                Path complete = target.resolve(".complete");
                if (!Files.exists(complete)) {
                    FileSystem fs;
                    boolean close = false;
                    try {
                        fs = FileSystems.newFileSystem(uri, Map.of());
                        close = true;
                    } catch (FileSystemAlreadyExistsException e) {
                        fs = FileSystems.getFileSystem(uri);
                    }
                    try {
                        copyTree(fs.provider().getPath(uri).getParent(), target);
                        Files.writeString(complete, anchor.toString());
                    } finally {
                        if (close) {
                            fs.close();
                        }
                    }
                }
                return target;
            }
        } catch (URISyntaxException e) {
            throw new IOException("classpath resource " + resource + " has an unusable URL " + anchor, e);
        }
        throw new IOException(
                "classpath resource " + resource + " is at " + anchor + ", which is neither a file nor inside a jar");
    }

    private Path copySingle(URL url, String name) throws IOException {
        Path target = settings.cacheDirectory().resolve("classpath").resolve(Digests.sha256(url.toString()));
        Files.createDirectories(target);
        Path file = target.resolve(name);
        Path partial = Files.createTempFile(target, "." + name + ".", ".part");
        try (InputStream in = url.openStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    Path partial = Files.createTempFile(dest.getParent(), "." + dest.getFileName() + ".", ".part");
                    try {
                        Files.copy(p, partial, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(partial, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        Files.deleteIfExists(partial);
                    }
                }
            }
        }
    }
}
