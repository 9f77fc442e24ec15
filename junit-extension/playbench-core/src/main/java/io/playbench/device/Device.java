package io.playbench.device;

import java.util.Locale;

/**
 * Where a benchmark runs: the CPU, one GPU, the best device found ({@code auto}), or every GPU of the host in turn
 * ({@code gpu:*}). The one place device strings are parsed; everything else passes {@code Device} values.
 *
 * <pre>{@code
 * Device.parse("gpu:1");          // Device.gpu(1)
 * Device.parse("cuda");           // Device.gpu(0), PyTorch's spelling
 * Device.ALL_GPUS.assign(5, 4);   // gpu:1, invocation 5 of a matrix on a 4-GPU host
 * }</pre>
 *
 * @param kind what was asked for
 * @param index the GPU index for {@link Kind#GPU}, {@code -1} otherwise
 */
public record Device(Kind kind, int index) {

    /** What a device asks for. */
    public enum Kind {
        /** The host's CPU. */
        CPU,
        /** One GPU, by index. */
        GPU,
        /** A GPU when one is usable, else the CPU. */
        AUTO,
        /** Every GPU of the host, one per invocation of a matrix ({@code gpu:*}). */
        ALL_GPUS
    }

    /** The CPU. */
    public static final Device CPU = new Device(Kind.CPU, -1);

    /** A GPU when one is usable, else the CPU. */
    public static final Device AUTO = new Device(Kind.AUTO, -1);

    /** Every GPU of the host in turn: invocation {@code i} of a matrix runs on {@code gpu:(i mod N)}. */
    public static final Device ALL_GPUS = new Device(Kind.ALL_GPUS, -1);

    /** The forms {@link #parse} accepts, for messages. */
    public static final String FORMS = "cpu, gpu, gpu:N (N >= 0), gpu:* or auto";

    /** Checks that the index fits the kind. */
    public Device {
        if (kind == null) {
            throw new IllegalArgumentException("a device needs a kind");
        }
        if (kind == Kind.GPU ? index < 0 : index != -1) {
            throw new IllegalArgumentException(
                    "device " + kind + " with index " + index + ": only GPU takes an index, and it is >= 0");
        }
    }

    /**
     * One GPU.
     *
     * @param index its index, as {@code nvidia-smi} and {@code CUDA_VISIBLE_DEVICES} count
     * @return {@code gpu:index}
     */
    public static Device gpu(int index) {
        return new Device(Kind.GPU, index);
    }

    /**
     * Parses a device: {@code cpu}, {@code gpu} (the first GPU), {@code gpu:N}, {@code gpu:*}, {@code auto}; also
     * PyTorch's {@code cuda} / {@code cuda:N} and {@code cpu:0}. Case and surrounding blanks are ignored; {@code null}
     * or blank is {@code cpu}, the default everywhere.
     *
     * @param text the device
     * @return the value
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Device parse(String text) {
        if (text == null || text.isBlank()) {
            return CPU;
        }
        String d = text.strip().toLowerCase(Locale.ROOT);
        switch (d) {
            case "cpu", "cpu:0" -> {
                return CPU;
            }
            case "auto" -> {
                return AUTO;
            }
            case "gpu", "cuda" -> {
                return gpu(0);
            }
            case "gpu:*", "cuda:*" -> {
                return ALL_GPUS;
            }
            default -> {
                int colon = d.indexOf(':');
                String prefix = colon < 0 ? d : d.substring(0, colon);
                String number = colon < 0 ? "" : d.substring(colon + 1);
                if ((prefix.equals("gpu") || prefix.equals("cuda")) && number.matches("[0-9]{1,9}")) {
                    return gpu(Integer.parseInt(number));
                }
                throw new IllegalArgumentException("unknown device '" + text + "'; use " + FORMS);
            }
        }
    }

    /**
     * Whether this is the CPU.
     *
     * @return {@code true} for {@code cpu}
     */
    public boolean isCpu() {
        return kind == Kind.CPU;
    }

    /**
     * Whether this is {@code auto}.
     *
     * @return {@code true} for {@code auto}
     */
    public boolean isAuto() {
        return kind == Kind.AUTO;
    }

    /**
     * Whether this asks for a GPU: one ({@code gpu:N}) or all ({@code gpu:*}).
     *
     * @return {@code true} for {@code gpu:N} and {@code gpu:*}
     */
    public boolean needsGpu() {
        return kind == Kind.GPU || kind == Kind.ALL_GPUS;
    }

    /**
     * Whether this is {@code gpu:*}.
     *
     * @return {@code true} for every GPU in turn
     */
    public boolean isAllGpus() {
        return kind == Kind.ALL_GPUS;
    }

    /**
     * The concrete device of one invocation of a matrix: {@code gpu:(invocation mod gpuCount)} for {@code gpu:*}, this
     * device otherwise, so the same invocation lands on the same GPU in every run and history series stay stable.
     *
     * @param invocation the invocation's position in its matrix, from 0
     * @param gpuCount the host's GPUs; with none, {@code gpu:*} stays as it is (and the benchmark is disabled)
     * @return the device
     */
    public Device assign(int invocation, int gpuCount) {
        if (!isAllGpus() || gpuCount < 1) {
            return this;
        }
        return gpu(Math.floorMod(invocation, gpuCount));
    }

    /**
     * The canonical text: {@code cpu}, {@code gpu:N}, {@code gpu:*} or {@code auto}; {@link #parse} reads it back.
     *
     * @return the text, as bundles record it
     */
    @Override
    public String toString() {
        return switch (kind) {
            case CPU -> "cpu";
            case GPU -> "gpu:" + index;
            case AUTO -> "auto";
            case ALL_GPUS -> "gpu:*";
        };
    }
}
