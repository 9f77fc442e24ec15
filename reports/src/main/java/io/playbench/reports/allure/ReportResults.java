package io.playbench.reports.allure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playbench.reports.devices.DeviceReport;
import io.playbench.reports.history.BenchmarkIdentity;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.SafeNames;
import io.playbench.schema.ScanResult;
import io.playbench.schema.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Merges result directories (CI shards, runs) into one Allure results directory, enriched with the benchmarks' metrics.
 *
 * <p>Each input may hold Allure results (any directory with {@code *-result.json} files, e.g. {@code target/allure-results})
 * and/or bundles ({@code play_*.json}). The Allure files are copied; every test result that carries a bundle
 * attachment (the JUnit extension adds one) is enriched; a bundle with no test result (a shard that kept only its
 * bundles) gets a test result of its own. Enriching a result adds:
 * <ul>
 *   <li>the metrics as excluded parameters ({@code total_fps}, {@code p50_step_ms}, {@code p99_step_ms},
 *       {@code success_rate}, {@code mean_reward}) where the extension did not already write them;</li>
 *   <li>a {@code <uuid>-perf.json} file with one Allure 3 performance metric per {@link ReportMetric}, keyed by the
 *       benchmark, which Allure keeps in its {@code history.jsonl} and draws as a trend;</li>
 *   <li>an HTML attachment, "Metrics across runs", a table of the benchmark's metrics in the earlier reports of the
 *       history and in this run.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class ReportResults {

    /** The name of the per-device table attached to the results of a session that ran on several devices. */
    public static final String DEVICES_ATTACHMENT = "Devices in this session";

    /** The name of the trend table attachment. */
    public static final String TREND_ATTACHMENT = "Metrics across runs";

    /** How many earlier reports the trend table shows at most. */
    static final int TREND_ROWS = 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> SHARED_FILES =
            Set.of("environment.properties", "environment.xml", "executor.json", "categories.json");
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * What the merge did.
     *
     * @param testResults Allure test results copied from the inputs
     * @param enriched test results that carry a bundle and were enriched
     * @param synthesized test results written for bundles that had none
     * @param benchmarks the benchmarks (groups of metric keys), with their label
     * @param problems files skipped, one sentence each
     */
    public record Summary(
            int testResults, int enriched, int synthesized, Map<String, String> benchmarks, List<String> problems) {}

    private record Attached(Path resultFile, ObjectNode result, PlayBundle bundle) {}

    private ReportResults() {}

    /**
     * Merges the inputs into {@code target}.
     *
     * @param inputs the result directories
     * @param target the merged Allure results directory; created, must be empty
     * @param exclude a directory never read from (the report's own output), or {@code null}
     * @param history the Allure history so far, for the trend tables
     * @param runTimestamp when this run is reported, epoch milliseconds
     * @return what was merged
     * @throws IOException if a directory cannot be listed or a file written
     */
    public static Summary merge(List<Path> inputs, Path target, Path exclude, AllureHistory history, long runTimestamp)
            throws IOException {
        Files.createDirectories(target);
        List<String> problems = new ArrayList<>();
        int copiedResults = copyAllureFiles(inputs, target, exclude, problems);

        // Results that carry a bundle.
        List<Attached> attached = new ArrayList<>();
        Set<String> attachedDigests = new LinkedHashSet<>();
        List<Path> resultFiles;
        try (Stream<Path> list = Files.list(target)) {
            resultFiles = list.filter(p -> p.getFileName().toString().endsWith("-result.json"))
                    .sorted()
                    .toList();
        }
        for (Path file : resultFiles) {
            ObjectNode result;
            try {
                JsonNode node = JSON.readTree(file.toFile());
                if (!(node instanceof ObjectNode object)) {
                    problems.add(file.getFileName() + ": not a JSON object, left as is");
                    continue;
                }
                result = object;
            } catch (IOException e) {
                problems.add(file.getFileName() + ": unreadable Allure result, left as is (" + firstLine(e.getMessage())
                        + ")");
                continue;
            }
            for (JsonNode attachment : result.path("attachments")) {
                String source = attachment.path("source").asText("");
                if (!source.endsWith(".json") || !SafeNames.isSafe(source)) {
                    continue;
                }
                Path content = SafeNames.resolve(target, source);
                if (!Files.isRegularFile(content)) {
                    continue;
                }
                try {
                    PlayBundle bundle = PlayBundles.fromJson(Files.readString(content, StandardCharsets.UTF_8));
                    attached.add(new Attached(file, result, bundle));
                    attachedDigests.add(digest(bundle));
                    break;
                } catch (IOException | RuntimeException notABundle) {
                    // another JSON attachment
                }
            }
        }

        // Bundles on disk that no result carries.
        List<Attached> synthesized = new ArrayList<>();
        for (Path input : inputs) {
            ScanResult scan = PlayBundles.scan(input);
            scan.problems()
                    .forEach(p ->
                            problems.add(p.file() + ": unreadable bundle, skipped (" + firstLine(p.reason()) + ")"));
            for (ScanResult.Entry entry : scan.entries()) {
                if (exclude != null && entry.file().toAbsolutePath().normalize().startsWith(exclude)) {
                    continue;
                }
                if (attachedDigests.add(digest(entry.bundle()))) {
                    synthesized.add(synthesize(entry, target));
                }
            }
        }

        List<Attached> all = new ArrayList<>(attached);
        all.addAll(synthesized);
        Map<String, Map<ReportMetric, double[]>> current = currentMeans(all);
        Map<String, String> benchmarks = new LinkedHashMap<>();
        Map<String, String> devicesBySession = devicesBySession(all);
        for (Attached a : all) {
            BenchmarkIdentity identity = BenchmarkIdentity.of(a.bundle());
            String group = ReportMetric.group(identity);
            benchmarks.putIfAbsent(group, identity.label());
            enrich(
                    a,
                    problems,
                    identity,
                    target,
                    history,
                    current.get(group),
                    runTimestamp,
                    a.bundle().run().sessionId() == null
                            ? null
                            : devicesBySession.get(a.bundle().run().sessionId()));
        }
        return new Summary(copiedResults, attached.size(), synthesized.size(), benchmarks, List.copyOf(problems));
    }

    private static int copyAllureFiles(List<Path> inputs, Path target, Path exclude, List<String> problems)
            throws IOException {
        Set<Path> allureDirs = new LinkedHashSet<>();
        for (Path input : inputs) {
            try (Stream<Path> walk = Files.walk(input)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().endsWith("-result.json"))
                        .map(Path::getParent)
                        .filter(dir -> exclude == null
                                || !dir.toAbsolutePath().normalize().startsWith(exclude))
                        .sorted()
                        .forEach(allureDirs::add);
            }
        }
        int results = 0;
        for (Path dir : allureDirs) {
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!isAllureFile(name)) {
                    continue;
                }
                if (!SafeNames.isSafe(name)) {
                    problems.add(file + ": not a safe file name, skipped");
                    continue;
                }
                Path copy = SafeNames.resolve(target, name);
                if (Files.exists(copy)) {
                    if (!SHARED_FILES.contains(name) && Files.mismatch(file, copy) != -1) {
                        problems.add(file + ": another input has a different file of the same name, skipped");
                    }
                    continue;
                }
                Files.copy(file, copy);
                if (name.endsWith("-result.json")) {
                    results++;
                }
            }
        }
        return results;
    }

    private static boolean isAllureFile(String name) {
        return name.endsWith("-result.json")
                || name.endsWith("-container.json")
                || name.contains("-attachment")
                || name.endsWith("-perf.json")
                || name.endsWith("-globals.json")
                || SHARED_FILES.contains(name);
    }

    private static Attached synthesize(ScanResult.Entry entry, Path target) throws IOException {
        PlayBundle bundle = entry.bundle();
        BenchmarkIdentity identity = BenchmarkIdentity.of(bundle);
        String uuid = UUID.randomUUID().toString();
        var test = bundle.test();
        String className = test == null ? "playbench" : test.className();
        String method = test == null ? ReportMetric.group(identity) : test.methodName();
        String name = test == null
                ? identity.label()
                : Optional.ofNullable(test.displayName()).orElse(method);
        String fullName = className + "." + method;

        ObjectNode result = JSON.createObjectNode();
        result.put("uuid", uuid);
        result.put("historyId", md5(fullName + "|" + identity.key()));
        result.put("testCaseId", md5(fullName));
        result.put("name", name);
        result.put("fullName", fullName);
        String status = switch (bundle.run().status()) {
            case COMPLETED -> "passed";
            case FAILED -> "failed";
            default -> "broken";
        };
        result.put("status", status);
        if (test != null && test.failure() != null) {
            result.putObject("statusDetails").put("message", test.failure());
        }
        result.put("stage", "finished");
        result.put("start", millis(bundle.run().startTimeUtc()));
        result.put("stop", millis(bundle.run().endTimeUtc()));
        ArrayNode labels = result.putArray("labels");
        label(labels, "framework", "playbench");
        int dot = className.lastIndexOf('.');
        if (dot > 0) {
            label(labels, "package", className.substring(0, dot));
        }
        label(labels, "testClass", className);
        label(labels, "testMethod", method);
        label(labels, "suite", dot > 0 ? className.substring(dot + 1) : className);
        label(labels, "library", identity.library());
        label(labels, "task", identity.task());
        label(labels, "device", identity.device());
        label(labels, "engine", identity.engine());
        ArrayNode parameters = result.putArray("parameters");
        parameter(parameters, "num_envs", Integer.toString(identity.numEnvs()), false);
        if (bundle.checkpoint() != null) {
            parameter(
                    parameters,
                    "checkpoint_sha256",
                    bundle.checkpoint().sha256().substring(0, 12),
                    false);
        }
        String source = uuid + "-attachment.json";
        Files.writeString(SafeNames.resolve(target, source), PlayBundles.toJson(bundle), StandardCharsets.UTF_8);
        ObjectNode attachment = result.putArray("attachments").addObject();
        attachment.put("name", "PlayBundle " + entry.file().getFileName());
        attachment.put("source", source);
        attachment.put("type", "application/json");
        Path file = SafeNames.resolve(target, uuid + "-result.json");
        return new Attached(file, result, bundle);
    }

    /**
     * The {@code playbench devices} table of each session whose bundles ran on more than one device (a matrix spread
     * over several GPUs), by session id.
     */
    private static Map<String, String> devicesBySession(List<Attached> all) {
        Map<String, String> tables = new LinkedHashMap<>();
        DeviceReport.bySession(all.stream().map(Attached::bundle).toList()).forEach((session, bundles) -> {
            if (session != null
                    && bundles.stream().map(b -> b.run().device()).distinct().count() > 1) {
                tables.put(session, DeviceReport.of(bundles).toText(bundles.size(), "session " + session));
            }
        });
        return tables;
    }

    private static void enrich(
            Attached a,
            List<String> problems,
            BenchmarkIdentity identity,
            Path target,
            AllureHistory history,
            Map<ReportMetric, double[]> currentMeans,
            long runTimestamp,
            String devicesTable)
            throws IOException {
        ObjectNode result = a.result();
        PlayBundle bundle = a.bundle();
        String uuid = result.path("uuid").asText("");
        if (uuid.isEmpty()) {
            uuid = UUID.randomUUID().toString();
            result.put("uuid", uuid);
        } else if (!SafeNames.isSafe(uuid) || uuid.length() > 100) {
            // the uuid names the files written next to the result: never let an input string pick a path
            String replacement = UUID.randomUUID().toString();
            problems.add(a.resultFile().getFileName() + ": uuid " + quote(uuid)
                    + " is not a safe file name (1 to 100 letters, digits, '.', '_', '-'), replaced by " + replacement);
            uuid = replacement;
            result.put("uuid", uuid);
        }
        if (!hasLabel(result, "benchmark")) {
            label(labelsOf(result), "benchmark", identity.label());
        }

        // Metrics as excluded parameters (the extension writes some of them already).
        ArrayNode parameters =
                result.has("parameters") && result.get("parameters").isArray()
                        ? (ArrayNode) result.get("parameters")
                        : result.putArray("parameters");
        Set<String> present = new LinkedHashSet<>();
        parameters.forEach(p -> present.add(p.path("name").asText()));
        addMetricParameter(parameters, present, "total_fps", ReportMetric.EFFECTIVE_FPS.valueIn(bundle), "%.0f");
        addMetricParameter(parameters, present, "p50_step_ms", ReportMetric.STEP_LATENCY_P50.valueIn(bundle), "%.3f");
        addMetricParameter(parameters, present, "p99_step_ms", ReportMetric.STEP_LATENCY_P99.valueIn(bundle), "%.3f");
        addMetricParameter(parameters, present, "success_rate", Optional.ofNullable(bundle.successRate()), "%s");
        addMetricParameter(parameters, present, "mean_reward", ReportMetric.REWARD_MEAN.valueIn(bundle), "%.3f");

        // Allure 3 performance metrics.
        long start = result.path("start").asLong(millis(bundle.run().startTimeUtc()));
        long stop = result.path("stop").asLong(millis(bundle.run().endTimeUtc()));
        ArrayNode perf = JSON.createArrayNode();
        for (ReportMetric metric : ReportMetric.values()) {
            Optional<Double> value = metric.valueIn(bundle);
            if (value.isEmpty()) {
                continue;
            }
            ObjectNode sample = perf.addObject();
            sample.put("id", uuid + "-" + metric.id());
            sample.put("key", metric.key(identity));
            sample.put("value", value.get());
            sample.put("start", start);
            sample.put("stop", Math.max(start, stop));
            sample.put("title", metric.title());
            sample.put("unit", metric.unit());
            sample.put("better", metric.better());
            sample.put("group", ReportMetric.group(identity));
            sample.put("groupTitle", identity.label());
        }
        if (!perf.isEmpty()) {
            JSON.writeValue(SafeNames.resolve(target, uuid + "-perf.json").toFile(), perf);
        }

        // The trend table.
        String source = uuid + "-metrics-attachment.html";
        Files.writeString(
                SafeNames.resolve(target, source),
                trendTable(identity, history, currentMeans, runTimestamp),
                StandardCharsets.UTF_8);
        ArrayNode attachments =
                result.has("attachments") && result.get("attachments").isArray()
                        ? (ArrayNode) result.get("attachments")
                        : result.putArray("attachments");
        ObjectNode attachment = attachments.addObject();
        attachment.put("name", TREND_ATTACHMENT);
        attachment.put("source", source);
        attachment.put("type", "text/html");
        if (devicesTable != null) {
            // the run-wide view of a matrix spread over several devices, on each of its results
            String devices = uuid + "-devices-attachment.txt";
            Files.writeString(SafeNames.resolve(target, devices), devicesTable, StandardCharsets.UTF_8);
            ObjectNode table = attachments.addObject();
            table.put("name", DEVICES_ATTACHMENT);
            table.put("source", devices);
            table.put("type", "text/plain");
        }
        JSON.writeValue(a.resultFile().toFile(), result);
    }

    /** The mean of each metric over the run's bundles of each benchmark, as Allure computes it: {sum, count}. */
    private static Map<String, Map<ReportMetric, double[]>> currentMeans(List<Attached> all) {
        Map<String, Map<ReportMetric, double[]>> means = new LinkedHashMap<>();
        for (Attached a : all) {
            String group = ReportMetric.group(BenchmarkIdentity.of(a.bundle()));
            Map<ReportMetric, double[]> sums = means.computeIfAbsent(group, g -> new LinkedHashMap<>());
            for (ReportMetric metric : ReportMetric.values()) {
                metric.valueIn(a.bundle()).ifPresent(v -> {
                    double[] sum = sums.computeIfAbsent(metric, m -> new double[2]);
                    sum[0] += v;
                    sum[1] += 1;
                });
            }
        }
        return means;
    }

    static String trendTable(
            BenchmarkIdentity identity,
            AllureHistory history,
            Map<ReportMetric, double[]> currentMeans,
            long runTimestamp) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Metrics across runs</title>
                <style>
                body{font:13px/1.4 -apple-system,Segoe UI,Arial,sans-serif;margin:12px;color:#22252a}
                table{border-collapse:collapse}th,td{padding:4px 10px;border-bottom:1px solid #e3e5ea;text-align:right}
                th:first-child,td:first-child{text-align:left}tr.current td{font-weight:bold}
                .note{color:#6b7280}
                </style></head><body>
                """);
        html.append("<h3>").append(escape(identity.label())).append("</h3>\n");
        html.append("<p class=\"note\">hardware: ")
                .append(escape(identity.hardware()))
                .append("</p>\n");
        html.append("<table data-benchmark=\"")
                .append(escape(ReportMetric.group(identity)))
                .append("\">\n<thead><tr><th>report</th>");
        for (ReportMetric metric : ReportMetric.values()) {
            html.append("<th>")
                    .append(escape(metric.title()))
                    .append(" (")
                    .append(escape(metric.unit()))
                    .append(")</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        List<AllureHistory.Point> points = history.points().stream()
                .filter(p -> Arrays.stream(ReportMetric.values())
                        .anyMatch(m -> p.metrics().containsKey(m.key(identity))))
                .toList();
        List<AllureHistory.Point> shown = points.subList(Math.max(0, points.size() - TREND_ROWS), points.size());
        for (AllureHistory.Point point : shown) {
            html.append("<tr><td>")
                    .append(escape(WHEN.format(Instant.ofEpochMilli(point.timestamp()))))
                    .append("</td>");
            for (ReportMetric metric : ReportMetric.values()) {
                Double value = point.metrics().get(metric.key(identity));
                html.append("<td>")
                        .append(value == null ? "-" : escape(metric.format(value)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("<tr class=\"current\"><td>this run, ")
                .append(escape(WHEN.format(Instant.ofEpochMilli(runTimestamp))))
                .append("</td>");
        for (ReportMetric metric : ReportMetric.values()) {
            double[] sum = currentMeans == null ? null : currentMeans.get(metric);
            html.append("<td>")
                    .append(sum == null ? "-" : escape(metric.format(sum[0] / sum[1])))
                    .append("</td>");
        }
        html.append("</tr>\n</tbody></table>\n");
        html.append("<p class=\"note\">").append(shown.size()).append(" earlier report(s)");
        if (points.size() > shown.size()) {
            html.append(" shown of ").append(points.size());
        }
        html.append(
                " from Allure's history.jsonl, then this run (mean over its bundles of this benchmark).</p>\n</body></html>\n");
        return html.toString();
    }

    private static void addMetricParameter(
            ArrayNode parameters, Set<String> present, String name, Optional<Double> value, String format) {
        if (value.isEmpty() || present.contains(name)) {
            return;
        }
        parameter(parameters, name, String.format(Locale.ROOT, format, value.get()), true);
        present.add(name);
    }

    private static void parameter(ArrayNode parameters, String name, String value, boolean excluded) {
        ObjectNode parameter = parameters.addObject();
        parameter.put("name", name);
        parameter.put("value", value);
        if (excluded) {
            parameter.put("excluded", true);
        }
    }

    private static ArrayNode labelsOf(ObjectNode result) {
        return result.has("labels") && result.get("labels").isArray()
                ? (ArrayNode) result.get("labels")
                : result.putArray("labels");
    }

    private static boolean hasLabel(ObjectNode result, String name) {
        for (JsonNode label : result.path("labels")) {
            if (name.equals(label.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void label(ArrayNode labels, String name, String value) {
        labels.addObject().put("name", name).put("value", value);
    }

    private static long millis(String timestamp) {
        try {
            return Timestamps.parse("timestamp", timestamp).toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static String digest(PlayBundle bundle) {
        return hex("SHA-256", PlayBundles.toJson(bundle));
    }

    private static String md5(String text) {
        return hex("MD5", text);
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** A value for a message: quoted, control characters escaped (no terminal escape sequences), cut to 60 chars. */
    static String quote(String value) {
        StringBuilder text = new StringBuilder("'");
        int shown = Math.min(value.length(), 60);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            text.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return text.append(value.length() > shown ? "...'" : "'").toString();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }
}
