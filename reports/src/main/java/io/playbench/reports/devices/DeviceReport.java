package io.playbench.reports.devices;

import io.playbench.schema.PlayBundle;
import io.playbench.schema.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregate of the bundles of one run over its devices: per device the invocations, the busy time (the union of
 * its measured rollouts, {@code extra} {@code rollout.start_utc} to {@code rollout.end_utc}), the frame rates
 * ({@code runtime.effective_fps}: mean, min, max), the frames, the utilisation over the run's window (first rollout
 * start to last rollout end, all devices), and every pair of rollouts whose intervals intersect on one device.
 *
 * @param session the {@code run.session_id} of the bundles, or {@code null} when they have none or several were merged
 * @param windowStart the first rollout start, or {@code null} without any timed rollout
 * @param windowEnd the last rollout end, or {@code null}
 * @param devices per device, in device order ({@code cpu}, {@code gpu:0}, {@code gpu:1}, ...)
 * @since 0.1.0
 */
public record DeviceReport(String session, Instant windowStart, Instant windowEnd, List<Device> devices) {

    /**
     * One device of the run.
     *
     * @param device {@code cpu} or {@code gpu:N}
     * @param name the device's name ({@code run.device_name}, else the GPU's name in {@code hardware}), or {@code null}
     * @param invocations bundles on the device
     * @param timed those that carry rollout timestamps (crashes before the rollout carry none)
     * @param busySeconds the union of the rollouts' intervals [s]
     * @param utilisation {@code busySeconds} over the run's window, in [0, 1]; {@code null} without a window
     * @param fpsMean the mean of the bundles' {@code effective_fps} [env frames/s], {@code null} without any
     * @param fpsMin the lowest
     * @param fpsMax the highest
     * @param frames measured env frames, summed
     * @param overlaps rollouts on this device whose intervals intersect
     */
    public record Device(
            String device,
            String name,
            int invocations,
            int timed,
            double busySeconds,
            Double utilisation,
            Double fpsMean,
            Double fpsMin,
            Double fpsMax,
            long frames,
            List<Overlap> overlaps) {}

    /**
     * Two rollouts on one device whose measured intervals intersect.
     *
     * @param device the device
     * @param first the earlier rollout's test display name (or run id)
     * @param second the later one's
     * @param seconds how long they overlapped [s]
     */
    public record Overlap(String device, String first, String second, double seconds) {}

    /** The key in {@code extra} where a rollout's start is recorded. */
    public static final String START = "rollout.start_utc";

    /** The key in {@code extra} where a rollout's end is recorded. */
    public static final String END = "rollout.end_utc";

    /**
     * Aggregates bundles (normally those of one session).
     *
     * @param bundles the bundles
     * @return the report
     */
    public static DeviceReport of(List<PlayBundle> bundles) {
        Map<String, List<PlayBundle>> byDevice = new TreeMap<>(Comparator.comparing(DeviceReport::deviceOrder));
        for (PlayBundle b : bundles) {
            byDevice.computeIfAbsent(b.run().device(), k -> new ArrayList<>()).add(b);
        }
        Instant windowStart = null;
        Instant windowEnd = null;
        for (PlayBundle b : bundles) {
            Interval i = interval(b);
            if (i != null) {
                windowStart = windowStart == null || i.start.isBefore(windowStart) ? i.start : windowStart;
                windowEnd = windowEnd == null || i.end.isAfter(windowEnd) ? i.end : windowEnd;
            }
        }
        double window = windowStart == null ? 0 : seconds(windowStart, windowEnd);
        List<Device> devices = new ArrayList<>();
        for (Map.Entry<String, List<PlayBundle>> e : byDevice.entrySet()) {
            List<Interval> intervals = e.getValue().stream()
                    .map(DeviceReport::interval)
                    .filter(java.util.Objects::nonNull)
                    .sorted(Comparator.comparing(Interval::start))
                    .toList();
            List<Overlap> overlaps = new ArrayList<>();
            for (int i = 0; i < intervals.size(); i++) {
                for (int j = i + 1;
                        j < intervals.size() && intervals.get(j).start.isBefore(intervals.get(i).end);
                        j++) {
                    Interval a = intervals.get(i);
                    Interval b = intervals.get(j);
                    Instant end = a.end.isBefore(b.end) ? a.end : b.end;
                    overlaps.add(new Overlap(e.getKey(), a.name, b.name, seconds(b.start, end)));
                }
            }
            double busy = 0;
            Instant coveredTo = null;
            for (Interval i : intervals) {
                Instant from = coveredTo != null && coveredTo.isAfter(i.start) ? coveredTo : i.start;
                if (i.end.isAfter(from)) {
                    busy += seconds(from, i.end);
                    coveredTo = i.end;
                }
            }
            double[] fps = e.getValue().stream()
                    .map(b -> b.runtime().effectiveFps())
                    .filter(java.util.Objects::nonNull)
                    .mapToDouble(Double::doubleValue)
                    .toArray();
            long frames =
                    e.getValue().stream().mapToLong(b -> b.runtime().frames()).sum();
            String name = e.getValue().stream()
                    .map(DeviceReport::deviceName)
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            devices.add(new Device(
                    e.getKey(),
                    name,
                    e.getValue().size(),
                    intervals.size(),
                    busy,
                    window > 0 ? Math.min(1.0, busy / window) : null,
                    fps.length == 0
                            ? null
                            : java.util.Arrays.stream(fps).average().orElseThrow(),
                    fps.length == 0 ? null : java.util.Arrays.stream(fps).min().orElseThrow(),
                    fps.length == 0 ? null : java.util.Arrays.stream(fps).max().orElseThrow(),
                    frames,
                    List.copyOf(overlaps)));
        }
        List<String> sessions =
                bundles.stream().map(b -> b.run().sessionId()).distinct().toList();
        return new DeviceReport(
                sessions.size() == 1 ? sessions.getFirst() : null, windowStart, windowEnd, List.copyOf(devices));
    }

    /**
     * Groups bundles by {@code run.session_id} ({@code null} for bundles without one), newest session last (by the
     * latest end of its runs).
     *
     * @param bundles the bundles
     * @return the sessions and their bundles
     */
    public static Map<String, List<PlayBundle>> bySession(List<PlayBundle> bundles) {
        Map<String, List<PlayBundle>> groups = new LinkedHashMap<>();
        for (PlayBundle b : bundles) {
            groups.computeIfAbsent(b.run().sessionId() == null ? "" : b.run().sessionId(), k -> new ArrayList<>())
                    .add(b);
        }
        Map<String, List<PlayBundle>> sorted = new LinkedHashMap<>();
        groups.entrySet().stream()
                .sorted(Comparator.comparing(e -> e.getValue().stream()
                        .map(b -> b.run().endTimeUtc())
                        .max(Comparator.naturalOrder())
                        .orElse("")))
                .forEach(e -> sorted.put(e.getKey().isEmpty() ? null : e.getKey(), e.getValue()));
        return sorted;
    }

    /**
     * The report as the {@code playbench devices} command prints it: a header line, one row per device, the overlaps,
     * and a verdict line.
     *
     * @param bundles how many bundles the report covers
     * @param note what the header calls the selection, e.g. {@code session s1}
     * @return the text, lines ending in newlines
     */
    public String toText(int bundles, String note) {
        DeviceReport report = this;
        StringBuilder text = new StringBuilder();
        java.util.function.Consumer<String> line = l -> text.append(l).append('\n');
        line.accept(note + ": " + bundles + " bundle(s) on " + report.devices().size() + " device(s)"
                + (report.windowStart() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", window %.3f s from %s",
                                report.windowSeconds(),
                                Timestamps.format(report.windowStart()))));
        line.accept(String.format(
                Locale.ROOT,
                "%-7s %-24s %5s %9s %6s %12s %12s %12s %15s  %s",
                "device",
                "name",
                "runs",
                "busy [s]",
                "util",
                "fps mean",
                "fps min",
                "fps max",
                "frames",
                "overlap"));
        for (DeviceReport.Device d : report.devices()) {
            line.accept(String.format(
                    Locale.ROOT,
                    "%-7s %-24s %5d %9.3f %6s %12s %12s %12s %,15d  %s",
                    d.device(),
                    d.name() == null ? "-" : d.name(),
                    d.invocations(),
                    d.busySeconds(),
                    d.utilisation() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * d.utilisation()),
                    fps(d.fpsMean()),
                    fps(d.fpsMin()),
                    fps(d.fpsMax()),
                    d.frames(),
                    d.overlaps().isEmpty() ? "none" : d.overlaps().size() + " OVERLAP(S)"));
        }
        for (DeviceReport.Device d : report.devices()) {
            for (DeviceReport.Overlap o : d.overlaps()) {
                line.accept(String.format(
                        Locale.ROOT,
                        "OVERLAP on %s: '%s' and '%s' ran together for %.6f s",
                        o.device(),
                        o.first(),
                        o.second(),
                        o.seconds()));
            }
            if (d.timed() < d.invocations()) {
                line.accept(
                        "note: " + (d.invocations() - d.timed()) + " bundle(s) on " + d.device()
                                + " have no rollout timestamps (crashed before the rollout, or written before they were recorded)");
            }
        }
        line.accept(
                report.hasOverlap()
                        ? "FAIL: rollouts overlapped on a device"
                        : "ok: no two rollouts overlapped on any device");
        return text.toString();
    }

    private static String fps(Double v) {
        return v == null
                ? "-"
                : v >= 1e6 ? String.format(Locale.ROOT, "%.2f M", v / 1e6) : String.format(Locale.ROOT, "%.0f", v);
    }

    /**
     * Whether any two rollouts overlapped on one device.
     *
     * @return {@code true} when some device has an overlap
     */
    public boolean hasOverlap() {
        return devices.stream().anyMatch(d -> !d.overlaps().isEmpty());
    }

    /**
     * The run's window [s]: first rollout start to last rollout end.
     *
     * @return seconds, 0 without timed rollouts
     */
    public double windowSeconds() {
        return windowStart == null ? 0 : seconds(windowStart, windowEnd);
    }

    private record Interval(Instant start, Instant end, String name) {}

    private static Interval interval(PlayBundle b) {
        if (b.extra() == null
                || !(b.extra().get(START) instanceof String s)
                || !(b.extra().get(END) instanceof String e)) {
            return null;
        }
        String name = b.test() != null ? b.test().displayName() : b.run().runId();
        return new Interval(Timestamps.parse("extra." + START, s), Timestamps.parse("extra." + END, e), name);
    }

    private static String deviceName(PlayBundle b) {
        if (b.run().deviceName() != null) {
            return b.run().deviceName();
        }
        Integer index = b.run().deviceIndex();
        return index == null
                ? null
                : b.hardware().gpuDevices().stream()
                        .filter(g -> g.index() == index)
                        .map(g -> g.name())
                        .findFirst()
                        .orElse(null);
    }

    private static String deviceOrder(String device) {
        return device.startsWith("gpu:")
                ? "gpu:" + String.format("%06d", Integer.parseInt(device.substring(4)))
                : device;
    }

    private static double seconds(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
