package io.playbench.rollout;

import io.playbench.device.Device;
import io.playbench.schema.GpuDeviceInfo;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How devices meet the host: whether a requested GPU exists, and how the host's GPUs are described in messages and
 * bundles ({@link Device#assign} spreads {@code gpu:*} over them).
 *
 * <p>Also the run-wide session id that every bundle of one JVM carries ({@code run.session_id}), so that the bundles
 * of one matrix run can be grouped: the system property {@code playbench.session.id}, else one made on first use.
 */
public final class Devices {

    /** The system property that sets the session id. */
    public static final String SESSION_PROPERTY = "playbench.session.id";

    private static volatile String session;

    private Devices() {}

    /**
     * Why a device specification does not fit the host's GPUs, when it names a GPU index the host does not have and
     * the host has at least one GPU (without any, GPU benchmarks are disabled instead).
     *
     * @param device the specification
     * @param gpuCount the host's GPUs
     * @param gpus their descriptions (may be shorter than {@code gpuCount})
     * @return the error message, naming the devices found; empty when the device fits
     */
    public static Optional<String> outOfRange(Device device, int gpuCount, List<GpuDeviceInfo> gpus) {
        if (gpuCount < 1 || device == null || device.kind() != Device.Kind.GPU) {
            return Optional.empty();
        }
        int wanted = device.index();
        if (wanted < gpuCount) {
            return Optional.empty();
        }
        return Optional.of("device " + device + " does not exist: this host has " + gpuCount + " GPU"
                + (gpuCount == 1 ? "" : "s") + " ("
                + describe(gpuCount, gpus) + "); use gpu:0" + (gpuCount > 1 ? " to gpu:" + (gpuCount - 1) : "")
                + ", or gpu:* to spread the benchmark's invocations over all of them");
    }

    /**
     * The GPUs as a message shows them, e.g. {@code gpu:0 NVIDIA H100 80GB HBM3, gpu:1 NVIDIA H100 80GB HBM3}.
     *
     * @param gpuCount the count
     * @param gpus their descriptions (may be shorter)
     * @return the text
     */
    public static String describe(int gpuCount, List<GpuDeviceInfo> gpus) {
        return java.util.stream.IntStream.range(0, gpuCount)
                .mapToObj(i -> "gpu:" + i
                        + gpus.stream()
                                .filter(g -> g.index() == i)
                                .findFirst()
                                .map(g -> " " + g.name())
                                .orElse(""))
                .collect(Collectors.joining(", "));
    }

    /**
     * The name of a device as the bundle records it: the GPU's name for {@code gpu:N}, {@code null} on the CPU or when
     * the GPU is not described.
     *
     * @param device {@code cpu} or {@code gpu:N}, as the bundle records it
     * @param gpus the host's GPUs
     * @return the name, or {@code null}
     */
    public static String nameOf(String device, List<GpuDeviceInfo> gpus) {
        if (device == null || !device.matches("gpu:[0-9]{1,9}") || gpus == null) {
            return null;
        }
        int i = Integer.parseInt(device.substring(4));
        return gpus.stream()
                .filter(g -> g.index() == i)
                .map(GpuDeviceInfo::name)
                .findFirst()
                .orElse(null);
    }

    /**
     * The id every bundle of this JVM records as {@code run.session_id}: the system property
     * {@code playbench.session.id} when set, else {@code yyyyMMddTHHmmss-xxxxxx} (UTC time of first use, 6 random hex
     * digits), made once.
     *
     * @return the id
     */
    public static String sessionId() {
        String property = System.getProperty(SESSION_PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.strip();
        }
        String s = session;
        if (s == null) {
            synchronized (Devices.class) {
                if (session == null) {
                    byte[] random = new byte[3];
                    new SecureRandom().nextBytes(random);
                    session = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss")
                                    .format(Instant.now().atOffset(ZoneOffset.UTC))
                            + "-" + HexFormat.of().formatHex(random);
                }
                s = session;
            }
        }
        return s;
    }
}
