package io.playbench.reports.allure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Allure 3's history file ({@code history.jsonl}, one report per line), read for its metric values.
 *
 * <p>Allure appends a point to the file each time it generates a report with {@code historyPath} set; each point holds
 * the mean value of every metric key in that report. A line that is not a JSON object (a crash mid-write) is reported
 * and skipped.
 *
 * @param points the reports, oldest first
 * @param problems one sentence per line that could not be read
 * @since 0.1.0
 */
public record AllureHistory(List<Point> points, List<String> problems) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One earlier report.
     *
     * @param uuid the report's uuid
     * @param name the report's name
     * @param timestamp when it was generated, epoch milliseconds
     * @param metrics mean value per metric key
     */
    public record Point(String uuid, String name, long timestamp, Map<String, Double> metrics) {}

    /**
     * Reads a history file.
     *
     * @param file the file; a missing file is an empty history
     * @return the history
     * @throws IOException if the file exists and cannot be read
     */
    public static AllureHistory read(Path file) throws IOException {
        List<Point> points = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return new AllureHistory(points, problems);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (!node.isObject()) {
                    throw new IOException("not a JSON object");
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                node.path("metrics").properties().forEach(e -> {
                    if (e.getValue().isNumber()) {
                        metrics.put(e.getKey(), e.getValue().asDouble());
                    }
                });
                points.add(new Point(
                        node.path("uuid").asText(""),
                        node.path("name").asText(""),
                        node.path("timestamp").asLong(0),
                        metrics));
            } catch (IOException e) {
                problems.add(file + ":" + (i + 1) + ": skipped, not a history point ("
                        + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        points.sort(Comparator.comparingLong(Point::timestamp));
        return new AllureHistory(List.copyOf(points), List.copyOf(problems));
    }
}
