package io.playbench.reports.allure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Allure 3 command line, pinned in {@code reports/allure/package.json}, through {@code npx}, offline.
 *
 * <p>{@code npx --no --prefix <allure dir> allure generate --config <output>/allurerc.json <results>}: {@code --no} keeps
 * npx from downloading anything; the package must have been installed with {@code npm ci --prefix <allure dir>}.
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
     * Finds node, npx and the installed Allure package.
     *
     * @param allureDirectory the folder of {@code package.json}
     * @param environment the environment ({@code PATH})
     * @return the generator
     * @throws MissingToolException when node, npx or the package is missing, with what to install
     * @throws IOException if the package's {@code package.json} cannot be read
     */
    public static AllureGenerator locate(Path allureDirectory, Map<String, String> environment) throws MissingToolException, IOException {
        String path = environment.getOrDefault("PATH", "");
        Optional<Path> node = onPath("node", path);
        Optional<Path> npx = onPath("npx", path);
        if (node.isEmpty() || npx.isEmpty()) {
            throw new MissingToolException("the Allure 3 report needs Node.js 20 or newer with npm (node and npx on PATH), and "
                    + (node.isEmpty() && npx.isEmpty() ? "neither node nor npx" : node.isEmpty() ? "node" : "npx")
                    + " was found on PATH=" + path + "; install Node.js (e.g. apt-get install -y nodejs npm, or actions/setup-node"
                    + " in GitHub Actions), then run: npm ci --prefix " + allureDirectory);
        }
        if (!Files.isRegularFile(allureDirectory.resolve("package.json"))) {
            throw new MissingToolException("no package.json in " + allureDirectory + ", the folder that pins the Allure command line;"
                    + " give it with --allure-dir DIR or $PLAYBENCH_ALLURE_DIR (it is reports/allure in the PlayBench repository)");
        }
        Path installed = allureDirectory.resolve("node_modules").resolve("allure").resolve("package.json");
        if (!Files.isRegularFile(installed)) {
            throw new MissingToolException("the Allure command line is not installed in " + allureDirectory.resolve("node_modules")
                    + "; run once (it needs the npm registry): npm ci --prefix " + allureDirectory);
        }
        String version = JSON.readTree(installed.toFile()).path("version").asText("unknown");
        return new AllureGenerator(allureDirectory, npx.get(), node.get(), version);
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
    public String generate(Path results, Path output, Path report, Path historyFile, String reportName, int historyLimit)
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

        List<String> command = new ArrayList<>(List.of(npx.toString(), "--no", "--prefix", allureDirectory.toString(), "allure", "generate",
                "--config", configFile.toString(), results.toString()));
        Path log = output.resolve(LOG_FILE);
        ProcessBuilder builder = new ProcessBuilder(command).directory(output.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("FORCE_COLOR", "0");
        builder.environment().put("npm_config_update_notifier", "false");
        builder.environment().put("npm_config_offline", "true");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("allure generate did not finish in " + TIMEOUT.toMinutes() + " min; its output is in " + log);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("allure generate failed with exit code " + process.exitValue() + ": " + String.join(" ", command)
                    + "\n" + tail(text, 40) + "(full output in " + log + ")");
        }
        if (!Files.isRegularFile(report.resolve("index.html"))) {
            throw new IOException("allure generate wrote no " + report.resolve("index.html") + "; its output is in " + log);
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
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append("  ").append(l).append('\n'));
        return out.toString();
    }
}
