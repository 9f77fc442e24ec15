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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code playbench devices}: the run-wide view of a matrix over several devices, with the no-overlap check. */
@Command(
        name = "devices",
        customSynopsis = "playbench devices [options] BUNDLE_DIR...",
        description = {
            "per-device view of one run (e.g. a gpu:* matrix): invocations, busy time, FPS, utilisation, overlap check",
            "",
            "Aggregates the bundles of one run by device (run.device): invocations, busy time (the union of the"
                    + " measured rollouts, extra rollout.start_utc .. rollout.end_utc), frame rate (effective_fps: mean,"
                    + " min, max), measured frames, and utilisation over the run's window (first rollout start to last"
                    + " rollout end). Any two rollouts on one device whose intervals intersect are listed, and the exit"
                    + " code is 1. The bundles of one run share run.session_id (one per JVM, or playbench.session.id);"
                    + " by default the newest session found is reported."
        },
        footer = {
            "%nexit codes: 0 no overlap, 1 rollouts overlapped on a device, 2 usage or input error, 3 unexpected error"
        })
final class DevicesCommand extends BaseCommand {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Option(
            names = "--session",
            paramLabel = "ID",
            description = "only the bundles of this run.session_id (default: the newest session found)")
    String session;

    @Option(names = "--all-sessions", description = "aggregate every bundle found, whatever its session")
    boolean allSessions;

    @Option(names = "--json", description = "write the report as JSON")
    boolean json;

    @Parameters(paramLabel = "BUNDLE_DIR", arity = "0..*", description = "directories holding play_*.json bundles")
    List<String> directories = new ArrayList<>();

    DevicesCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        if (directories.isEmpty()) {
            throw usage("give the bundle directories, e.g. playbench devices target/playbench/bundles");
        }
        List<PlayBundle> all = new ArrayList<>();
        for (String text : directories) {
            Path dir = context.path(text);
            if (!Files.isDirectory(dir)) {
                throw new UsageException("the bundle directory " + dir
                        + (Files.exists(dir) ? " is not a directory" : " does not exist"));
            }
            ScanResult scan = PlayBundles.scan(dir);
            scan.problems().forEach(p -> note("warning: skipped " + p));
            scan.entries().forEach(e -> all.add(e.bundle()));
        }
        if (all.isEmpty()) {
            throw new UsageException("no bundles (play_*.json) under " + String.join(", ", directories));
        }
        Map<String, List<PlayBundle>> sessions = DeviceReport.bySession(all);
        List<PlayBundle> chosen;
        String note;
        if (allSessions) {
            chosen = all;
            note = sessions.size() + " session(s) merged";
        } else if (session != null) {
            chosen = sessions.get(session);
            if (chosen == null) {
                throw new UsageException("no bundles of session " + session + "; sessions found: " + sessions.keySet());
            }
            note = "session " + session;
        } else {
            String newest = new ArrayList<>(sessions.keySet()).getLast();
            chosen = sessions.get(newest);
            note = "session " + (newest == null ? "(none)" : newest)
                    + (sessions.size() > 1
                            ? " (the newest of " + sessions.size() + "; --session ID or --all-sessions for others)"
                            : "");
        }
        DeviceReport report = DeviceReport.of(chosen);
        if (json) {
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
                overlaps.addObject()
                        .put("first", o.first())
                        .put("second", o.second())
                        .put("seconds", o.seconds());
            }
        }
        return root;
    }
}
