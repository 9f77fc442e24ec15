package io.playbench.reports.allure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Allure 3 command line, pinned in {@code reports/allure/package.json}, run through {@code npx}, offline.
 *
 * <p>{@code npx --no --prefix <allure dir> allure generate --config <output>/allurerc.json <results>}: {@code --no} keeps
 * npx from downloading anything; the package is installed beforehand, either with {@code npm ci --prefix
 * reports/allure} in the repository ({@link #locate}) or once into a cache folder from the copy of the pinned
 * {@code package.json} and lockfile that this jar carries ({@link #install}).
 *
 * @param allureDirectory the folder holding {@code package.json}, {@code package-lock.json} and {@code node_modules}
 * @param npx the {@code npx} executable
 * @param node the {@code node} executable
 * @param version the installed {@code allure} package's version
 * @since 0.1.0
 */
public record AllureGenerator(Path allureDirectory, Path npx, Path node, String version) {

    /** The Allure config file written into the output directory. */
    public static final String CONFIG_FILE = "allurerc.json";

    /** The log of the last {@code allure generate}, in the output directory. */
    public static final String LOG_FILE = "allure-generate.log";

    /** The log of the last {@code npm install} of the pinned package, in the cache folder. */
    public static final String INSTALL_LOG = "npm-install.log";

    /** Where the jar keeps its copy of {@code reports/allure/package.json} and {@code package-lock.json}. */
    static final String RESOURCES = "/io/playbench/reports/allure/npm/";

    private static final String PACKAGE_JSON = "package.json";
    private static final String PACKAGE_LOCK = "package-lock.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** Something the user must install or fix before a report can be generated; the message says what. */
    public static final class MissingToolException extends Exception {
        private static final long serialVersionUID = 1L;

        MissingToolException(String message) {
            super(message);
        }
    }

    /**
     * Finds node, npx and the Allure package installed in a folder.
     *
     * @param allureDirectory the folder of {@code package.json}
     * @param environment the environment ({@code PATH})
     * @return the generator
     * @throws MissingToolException when node, npx or the package is missing, with what to install
     * @throws IOException if the package's {@code package.json} cannot be read
     */
    public static AllureGenerator locate(Path allureDirectory, Map<String, String> environment)
            throws MissingToolException, IOException {
        requireNode(environment, List.of("node", "npx"), ", then run: npm ci --prefix " + allureDirectory);
        String path = environment.getOrDefault("PATH", "");
        if (!Files.isRegularFile(allureDirectory.resolve("package.json"))) {
            throw new MissingToolException("no package.json in " + allureDirectory
                    + ", the folder that pins the Allure command line;"
                    + " give it with --allure-dir DIR or $PLAYBENCH_ALLURE_DIR (it is reports/allure in the PlayBench"
                    + " repository)");
        }
        if (!isInstalled(allureDirectory)) {
            throw new MissingToolException("the Allure command line is not installed in "
                    + allureDirectory.resolve("node_modules")
                    + "; run once (it needs the npm registry): npm ci --prefix "
                    + allureDirectory);
        }
        String version = JSON.readTree(allureDirectory
                        .resolve("node_modules")
                        .resolve("allure")
                        .resolve("package.json")
                        .toFile())
                .path("version")
                .asText("unknown");
        return new AllureGenerator(
                allureDirectory,
                onPath("npx", path).orElseThrow(),
                onPath("node", path).orElseThrow(),
                version);
    }

    /**
     * Whether a folder holds an installed Allure package ({@code node_modules/allure/package.json}).
     *
     * @param allureDirectory the folder
     * @return {@code true} when installed
     */
    public static boolean isInstalled(Path allureDirectory) {
        return Files.isRegularFile(
                allureDirectory.resolve("node_modules").resolve("allure").resolve("package.json"));
    }

    /**
     * The version of the {@code allure} package that PlayBench pins: the one in the {@code package.json} bundled with
     * this jar, a copy of {@code reports/allure/package.json}.
     *
     * @return e.g. {@code 3.18.0}
     * @throws IOException if the bundled {@code package.json} cannot be read
     */
    public static String pinnedVersion() throws IOException {
        try (InputStream in = resource(PACKAGE_JSON)) {
            String version =
                    JSON.readTree(in).path("dependencies").path("allure").asText("");
            if (version.isBlank()) {
                throw new IOException("the bundled " + PACKAGE_JSON + " pins no allure version");
            }
            return version;
        }
    }

    /**
     * The Allure package installed once into a cache folder: when it is not there yet, writes the pinned
     * {@code package.json} and {@code package-lock.json} (bundled with this jar) into the folder and runs
     * {@code npm install --prefix <folder>}, saying so through {@code progress}; then finds it like
     * {@link #locate}. Concurrent installs into one folder take turns.
     *
     * @param cacheDirectory the folder, e.g. {@code ~/.cache/playbench/allure-3.18.0}
     * @param environment the environment ({@code PATH})
     * @param progress where the lines about the install go (standard error)
     * @return the generator
     * @throws MissingToolException when Node.js or npm is missing, or the install fails, with what to do
     * @throws IOException if the folder cannot be written
     * @throws InterruptedException if interrupted while npm runs
     */
    public static AllureGenerator install(
            Path cacheDirectory, Map<String, String> environment, Consumer<String> progress)
            throws MissingToolException, IOException, InterruptedException {
        if (isInstalled(cacheDirectory)) {
            return locate(cacheDirectory, environment);
        }
        String version = pinnedVersion();
        requireNode(
                environment,
                List.of("node", "npm", "npx"),
                "; playbench report then installs the pinned Allure command line (allure " + version + ") once into "
                        + cacheDirectory);
        Files.createDirectories(cacheDirectory);
        try (FileChannel channel = FileChannel.open(
                cacheDirectory.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock(); // another playbench report installing into the same folder goes first
            try {
                if (!isInstalled(cacheDirectory)) {
                    npmInstall(cacheDirectory, environment, version, progress);
                }
            } finally {
                lock.release();
            }
        }
        return locate(cacheDirectory, environment);
    }

    private static void npmInstall(
            Path directory, Map<String, String> environment, String version, Consumer<String> progress)
            throws MissingToolException, IOException, InterruptedException {
        for (String name : List.of(PACKAGE_JSON, PACKAGE_LOCK)) {
            try (InputStream in = resource(name)) {
                Files.copy(in, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String path = environment.getOrDefault("PATH", "");
        Path npm = onPath("npm", path).orElseThrow();
        Path log = directory.resolve(INSTALL_LOG);
        List<String> command =
                List.of(npm.toString(), "install", "--prefix", directory.toString(), "--no-audit", "--no-fund");
        progress.accept("the Allure command line is not installed here; installing allure " + version
                + " (pinned) once into " + directory + " with npm install (needs the npm registry; log: " + log + ")");
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PATH", path);
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("npm_config_update_notifier", "false");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new MissingToolException("npm install of allure " + version + " did not finish in "
                    + TIMEOUT.toMinutes() + " min; its output is in " + log);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0 || !isInstalled(directory)) {
            throw new MissingToolException("npm install of allure " + version + " into " + directory
                    + " failed with exit code " + process.exitValue() + ": " + String.join(" ", command) + "\n"
                    + tail(text, 20) + "check that the npm registry is reachable (npm config get registry), then run"
                    + " playbench report again, or install it yourself: npm install --prefix " + directory);
        }
        progress.accept(String.format(
                Locale.ROOT, "installed allure %s in %.1f s", version, (System.nanoTime() - started) / 1e9));
    }

    /** Refuses to go on without the Node.js tools, naming what is missing and what to install. */
    private static void requireNode(Map<String, String> environment, List<String> tools, String then)
            throws MissingToolException {
        String path = environment.getOrDefault("PATH", "");
        List<String> missing =
                tools.stream().filter(t -> onPath(t, path).isEmpty()).toList();
        if (missing.isEmpty()) {
            return;
        }
        String which = missing.size() == 1
                ? missing.getFirst() + " was"
                : missing.size() == 2
                        ? "neither " + missing.get(0) + " nor " + missing.get(1) + " was"
                        : String.join(", ", missing.subList(0, missing.size() - 1)) + " and " + missing.getLast()
                                + " were";
        throw new MissingToolException("the Allure 3 report needs Node.js 20 or newer with npm ("
                + String.join(", ", tools) + " on PATH), and " + which + " not found on PATH=" + path
                + "; install Node.js 20+ (e.g. apt-get install -y nodejs npm, or actions/setup-node in GitHub Actions)"
                + then);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = AllureGenerator.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IOException("the pinned Allure package " + RESOURCES + name + " is missing from the jar");
        }
        return in;
    }

    /**
     * Writes the Allure config into {@code output} and generates the report.
     *
     * @param results the Allure results directory
     * @param output the output directory; the config and the log go there
     * @param report the report directory (emptied first by the caller)
     * @param historyFile Allure's history file, appended to
     * @param reportName the report's name
     * @param historyLimit the most history points to keep, or 0 for all
     * @return the generate command's output
     * @throws IOException if Allure fails (the message holds the end of its output) or cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public String generate(
            Path results, Path output, Path report, Path historyFile, String reportName, int historyLimit)
            throws IOException, InterruptedException {
        Files.createDirectories(historyFile.getParent());
        ObjectNode config = JSON.createObjectNode();
        config.put("name", reportName);
        config.put("output", report.toString());
        config.put("historyPath", historyFile.toString());
        if (historyLimit > 0) {
            config.put("historyLimit", historyLimit);
        }
        ObjectNode awesome = config.putObject("plugins").putObject("awesome").putObject("options");
        awesome.put("reportName", reportName);
        awesome.put("reportLanguage", "en");
        awesome.putArray("groupBy").add("library").add("task");
        awesome.putArray("sections").add("metrics").add("charts").add("timeline");
        Path configFile = output.resolve(CONFIG_FILE);
        JSON.writeValue(configFile.toFile(), config);

        List<String> command = new ArrayList<>(List.of(
                npx.toString(),
                "--no",
                "--prefix",
                allureDirectory.toString(),
                "allure",
                "generate",
                "--config",
                configFile.toString(),
                results.toString()));
        Path log = output.resolve(LOG_FILE);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(output.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("FORCE_COLOR", "0");
        builder.environment().put("npm_config_update_notifier", "false");
        builder.environment().put("npm_config_offline", "true");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(
                    "allure generate did not finish in " + TIMEOUT.toMinutes() + " min; its output is in " + log);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("allure generate failed with exit code " + process.exitValue() + ": "
                    + String.join(" ", command) + "\n" + tail(text, 40) + "(full output in " + log + ")");
        }
        if (!Files.isRegularFile(report.resolve("index.html"))) {
            throw new IOException(
                    "allure generate wrote no " + report.resolve("index.html") + "; its output is in " + log);
        }
        return text;
    }

    private static Optional<Path> onPath(String name, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        StringBuilder out = new StringBuilder();
        all.subList(Math.max(0, all.size() - lines), all.size())
                .forEach(l -> out.append("  ").append(l).append('\n'));
        return out.toString();
    }
}
