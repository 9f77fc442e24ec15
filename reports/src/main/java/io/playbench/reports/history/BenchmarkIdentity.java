package io.playbench.reports.history;

import io.playbench.schema.GpuDeviceInfo;
import io.playbench.schema.Hardware;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.SafeNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What makes two benchmark runs comparable: the same library, task, number of environments, device, inference engine,
 * checkpoint and hardware. Runs of one identity form a series in the history; the gate compares a run with its baseline
 * identity by identity.
 *
 * <p>On a host with several GPUs, each GPU is its own series: the device index and the device's name are part of the
 * identity, so {@code gpu:0} and {@code gpu:1} are compared with themselves, and a different card in slot 1 starts a
 * new series. The identity of a CPU benchmark (and its id) is the same as before device names existed.
 *
 * <p>The host name is not part of the identity: two CI runners of the same kind (same CPU model and count, same GPUs)
 * are treated as the same hardware.
 *
 * @param library the RL library id ({@code sb3}, {@code rsl_rl}, ...) or {@code none}
 * @param task the task id
 * @param numEnvs parallel environments, 0 when none were created
 * @param device {@code cpu} or {@code gpu:N}
 * @param deviceName for {@code gpu:N}, the name of that GPU ({@code run.device_name}, else
 *        {@code hardware.gpu_devices[N].name} for bundles written before it existed; {@code unknown} when neither
 *        has it); {@code null} on the CPU, whose model is in {@code hardware}
 * @param engine the inference engine
 * @param checkpointSha256 the checkpoint's SHA-256, or {@code none}
 * @param hardware the hardware fingerprint, see {@link #hardwareFingerprint(Hardware)}
 * @since 0.1.0
 */
public record BenchmarkIdentity(
        String library,
        String task,
        int numEnvs,
        String device,
        String deviceName,
        String engine,
        String checkpointSha256,
        String hardware) {

    /** Checks that every component is present. */
    public BenchmarkIdentity {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(checkpointSha256, "checkpointSha256");
        Objects.requireNonNull(hardware, "hardware");
    }

    /**
     * The identity of the benchmark a bundle measured.
     *
     * @param bundle the bundle
     * @return its identity
     */
    public static BenchmarkIdentity of(PlayBundle bundle) {
        var run = bundle.run();
        return new BenchmarkIdentity(
                run.library() == null ? "none" : run.library().id(),
                run.task(),
                run.numEnvs() == null ? 0 : run.numEnvs(),
                run.device(),
                deviceName(bundle),
                run.engine(),
                bundle.checkpoint() == null ? "none" : bundle.checkpoint().sha256(),
                hardwareFingerprint(bundle.hardware()));
    }

    /**
     * The name of the bundle's GPU: {@code run.device_name}, else the name of {@code hardware.gpu_devices[N]}.
     *
     * @param bundle the bundle
     * @return the name, {@code unknown} when the bundle does not have it, {@code null} on the CPU
     */
    public static String deviceName(PlayBundle bundle) {
        Integer index = bundle.run().deviceIndex();
        if (index == null) {
            return null;
        }
        if (bundle.run().deviceName() != null) {
            return bundle.run().deviceName().strip();
        }
        return bundle.hardware().gpuDevices().stream()
                .filter(g -> g.index() == index)
                .map(g -> g.name().strip())
                .findFirst()
                .orElse("unknown");
    }

    /**
     * The hardware fingerprint: CPU model and logical count, then the GPU names in index order, e.g.
     * {@code AMD EPYC 7763 64-Core Processor x128; NVIDIA H100 80GB HBM3}.
     *
     * @param hardware the host
     * @return the fingerprint
     */
    public static String hardwareFingerprint(Hardware hardware) {
        String cpu = hardware.cpuName().strip() + " x" + hardware.cpuCount();
        if (hardware.gpuDevices().isEmpty()) {
            return cpu;
        }
        return cpu + "; "
                + hardware.gpuDevices().stream()
                        .map(GpuDeviceInfo::name)
                        .map(String::strip)
                        .collect(Collectors.joining(", "));
    }

    /**
     * The canonical text of the identity, one {@code name=value} per component.
     *
     * @return the key
     */
    public String key() {
        return "library=" + library + " task=" + task + " num_envs=" + numEnvs + " device=" + device
                + (deviceName == null ? "" : " device_name=" + deviceName) + " engine=" + engine
                + " checkpoint=" + checkpointSha256 + " hardware=" + hardware;
    }

    /**
     * A short label for tables: task, library, envs, device, engine and the checkpoint's first 8 hex digits.
     *
     * @return the label
     */
    public String label() {
        return task + " " + library + " " + numEnvs + "envs " + device + " " + engine
                + ("none".equals(checkpointSha256)
                        ? ""
                        : " ckpt:" + checkpointSha256.substring(0, Math.min(8, checkpointSha256.length())));
    }

    /**
     * The first 12 hex digits of the SHA-256 of {@link #key()}: a stable, file-name-safe id.
     *
     * @return the id
     */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The name of this identity's history file: {@code <task>_<library>_<n>envs_<device>_<engine>_<id>.jsonl}.
     *
     * @return a file name safe on every file system
     */
    public String fileName() {
        // The components come from a bundle (untrusted): SafeNames sanitises them and caps the length; the id keeps
        // identities apart when a long name is cut.
        return SafeNames.fileName(task + "_" + library + "_" + numEnvs + "envs_" + device + "_" + engine, 100) + "_"
                + id() + ".jsonl";
    }
}
