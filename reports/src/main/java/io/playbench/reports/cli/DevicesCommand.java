package io.playbench.reports.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playbench.reports.devices.DeviceReport;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.ScanResult;
import io.playbench.schema.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code playbench devices}: the run-wide view of a matrix over several devices, with the no-overlap check. */
final class DevicesCommand implements Command {

    private static final List<Arguments.Option> OPTIONS = List.of(
            Arguments.Option.valued("session", "ID", "only the bundles of this run.session_id (default: the newest session found)"),
            Arguments.Option.flag("all-sessions", "aggregate every bundle found, whatever its session"),
            Arguments.Option.flag("json", "write the report as JSON"),
            Arguments.Option.flag("help", "show this help"));

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Override
    public String name() {
        return "devices";
    }

    @Override
    public String summary() {
        return "per-device view of one run (e.g. a gpu:* matrix): invocations, busy time, FPS, utilisation, overlap check";
    }

    @Override
    public String help() {
        return """
                usage: playbench devices [options] BUNDLE_DIR...

                Aggregates the bundles of one run by device (run.device): invocations, busy time (the union of the
                measured rollouts, extra rollout.start_utc .. rollout.end_utc), frame rate (effective_fps: mean, min,
                max), measured frames, and utilisation over the run's window (first rollout start to last rollout end).
                Any two rollouts on one device whose intervals intersect are listed, and the exit code is 1.
                The bundles of one run share run.session_id (one per JVM, or playbench.session.id); by default the
                newest session found is reported.
                """ + Arguments.describe(OPTIONS) + """

                exit codes: 0 no overlap, 1 rollouts overlapped on a device, 2 usage or input error, 3 unexpected error
                """;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments = Arguments.parse(name(), OPTIONS, args);
        if (arguments.has("help")) {
            context.out().print(help());
            return Playbench.EXIT_OK;
        }
        if (arguments.positionals().isEmpty()) {
            throw new UsageException("give the bundle directories, e.g. playbench devices target/playbench/bundles");
        }
        List<PlayBundle> all = new ArrayList<>();
        for (String text : arguments.positionals()) {
            Path dir = context.path(text);
            if (!Files.isDirectory(dir)) {
                throw new UsageException("the bundle directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist"));
            }
            ScanResult scan = PlayBundles.scan(dir);
            scan.problems().forEach(p -> context.err().println("warning: skipped " + p));
            scan.entries().forEach(e -> all.add(e.bundle()));
        }
        if (all.isEmpty()) {
            throw new UsageException("no bundles (play_*.json) under " + String.join(", ", arguments.positionals()));
        }
        Map<String, List<PlayBundle>> sessions = DeviceReport.bySession(all);
        List<PlayBundle> chosen;
        String note;
        if (arguments.has("all-sessions")) {
            chosen = all;
            note = sessions.size() + " session(s) merged";
        } else if (arguments.value("session").isPresent()) {
            String wanted = arguments.value("session").get();
            chosen = sessions.get(wanted);
            if (chosen == null) {
                throw new UsageException("no bundles of session " + wanted + "; sessions found: " + sessions.keySet());
            }
            note = "session " + wanted;
        } else {
            String newest = new ArrayList<>(sessions.keySet()).getLast();
            chosen = sessions.get(newest);
            note = "session " + (newest == null ? "(none)" : newest) + (sessions.size() > 1 ? " (the newest of " + sessions.size()
                    + "; --session ID or --all-sessions for others)" : "");
        }
        DeviceReport report = DeviceReport.of(chosen);
        if (arguments.has("json")) {
            context.out().println(MAPPER.writeValueAsString(json(report, chosen.size())));
        } else {
            text(report, chosen.size(), note, context);
        }
        return report.hasOverlap() ? Playbench.EXIT_FAILED : Playbench.EXIT_OK;
    }

    private static void text(DeviceReport report, int bundles, String note, CommandContext context) {
        context.out().print(report.toText(bundles, note));
    }

    private static ObjectNode json(DeviceReport report, int bundles) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("session_id", report.session());
        root.put("bundles", bundles);
        root.put("window_start_utc", report.windowStart() == null ? null : Timestamps.format(report.windowStart()));
        root.put("window_end_utc", report.windowEnd() == null ? null : Timestamps.format(report.windowEnd()));
        root.put("window_s", report.windowSeconds());
        root.put("overlap", report.hasOverlap());
        ArrayNode devices = root.putArray("devices");
        for (DeviceReport.Device d : report.devices()) {
            ObjectNode n = devices.addObject();
            n.put("device", d.device());
            n.put("name", d.name());
            n.put("invocations", d.invocations());
            n.put("timed", d.timed());
            n.put("busy_s", d.busySeconds());
            n.put("utilisation", d.utilisation());
            n.put("fps_mean", d.fpsMean());
            n.put("fps_min", d.fpsMin());
            n.put("fps_max", d.fpsMax());
            n.put("frames", d.frames());
            ArrayNode overlaps = n.putArray("overlaps");
            for (DeviceReport.Overlap o : d.overlaps()) {
                overlaps.addObject().put("first", o.first()).put("second", o.second()).put("seconds", o.seconds());
            }
        }
        return root;
    }
}
