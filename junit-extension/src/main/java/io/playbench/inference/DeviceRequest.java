package io.playbench.inference;

import java.util.Locale;

/**
 * A parsed device string: {@code cpu}, {@code gpu} (the first GPU), {@code gpu:N} or {@code auto}.
 *
 * @param kind what was asked for
 * @param index the GPU index for {@code gpu:N}, {@code 0} for {@code gpu}, {@code -1} otherwise
 */
record DeviceRequest(Kind kind, int index) {

    enum Kind { CPU, GPU, AUTO }

    static DeviceRequest parse(String device) {
        String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        if (d.isEmpty() || d.equals("auto")) {
            return new DeviceRequest(Kind.AUTO, -1);
        }
        if (d.equals("cpu") || d.equals("cpu:0")) {
            return new DeviceRequest(Kind.CPU, -1);
        }
        if (d.equals("gpu") || d.equals("cuda")) {
            return new DeviceRequest(Kind.GPU, 0);
        }
        if (d.startsWith("gpu:") || d.startsWith("cuda:")) {
            try {
                int index = Integer.parseInt(d.substring(d.indexOf(':') + 1));
                if (index >= 0) {
                    return new DeviceRequest(Kind.GPU, index);
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + device + "'; use cpu, gpu, gpu:N (N >= 0) or auto");
    }
}
