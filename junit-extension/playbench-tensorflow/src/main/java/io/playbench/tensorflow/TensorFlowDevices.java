package io.playbench.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import io.playbench.inference.DeviceInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The devices TensorFlow itself sees, listed once per JVM through the C API ({@code TF_SessionListDevices} on an
 * empty session): with the CPU natives that is the CPU only; with the {@code linux-x86_64-gpu} natives and a working
 * CUDA 12 runtime, every visible GPU with the memory TensorFlow may use. The compute capability is not in that list;
 * it is read from {@code nvidia-smi} when present (same index order unless {@code CUDA_VISIBLE_DEVICES} reorders).
 */
public final class TensorFlowDevices {

    private static volatile List<DeviceInfo> gpus;
    private static volatile List<String> all;

    private TensorFlowDevices() {}

    /**
     * The GPUs TensorFlow can use, as {@code gpu:0}, {@code gpu:1}, ...
     *
     * @return the GPUs, empty when none
     */
    public static List<DeviceInfo> gpus() {
        list();
        return gpus;
    }

    /**
     * Every device TensorFlow lists, by its full name ({@code /job:localhost/replica:0/task:0/device:CPU:0}).
     *
     * @return the names
     */
    public static List<String> deviceNames() {
        list();
        return all;
    }

    /**
     * Which natives are on the class path: {@code linux-x86_64-gpu} (GPU-capable), {@code linux-x86_64} (CPU only), or
     * the platform directories found.
     *
     * @return the natives flavour
     */
    public static String nativesFlavour() {
        ClassLoader loader = TensorFlowDevices.class.getClassLoader();
        for (String flavour :
                List.of("linux-x86_64-gpu", "linux-x86_64", "linux-arm64", "macosx-arm64", "windows-x86_64")) {
            if (loader.getResource("org/tensorflow/internal/c_api/" + flavour + "/") != null) {
                return flavour;
            }
        }
        return "unknown";
    }

    /**
     * The message for a GPU request that cannot be met: what was asked, what TensorFlow found, and how to enable a GPU.
     *
     * @param requested the device string
     * @return the message
     */
    static String noGpuMessage(String requested) {
        List<DeviceInfo> found = gpus();
        String flavour = nativesFlavour();
        StringBuilder m = new StringBuilder("device '")
                .append(requested)
                .append("' was requested but TensorFlow ")
                .append(TensorFlow.version())
                .append(" found ")
                .append(found.isEmpty() ? "no GPU" : found.size() + " GPU(s) " + found)
                .append(" (devices: ")
                .append(deviceNames())
                .append("; natives: tensorflow-core-native ")
                .append(flavour)
                .append("). ");
        if (!flavour.endsWith("-gpu")) {
            m.append(
                    "These natives are the CPU build: build with the GPU natives (./mvnw -Ptensorflow-gpu ..., which swaps in "
                            + "tensorflow-core-native:linux-x86_64-gpu) on a machine with an NVIDIA driver and a CUDA 12 runtime, "
                            + "or run on device cpu.");
        } else {
            m.append(
                    "The GPU natives are present, so check the NVIDIA driver, the CUDA 12 runtime libraries on LD_LIBRARY_PATH "
                            + "(TensorFlow's log on stderr says which failed to load) and CUDA_VISIBLE_DEVICES, or run on device cpu.");
        }
        return m.toString();
    }

    private static synchronized void list() {
        if (all != null) {
            return;
        }
        TensorFlow.version(); // loads the natives
        List<String> names = new ArrayList<>();
        List<DeviceInfo> found = new ArrayList<>();
        TF_Status status = TF_NewStatus();
        TF_Graph graph = TF_NewGraph();
        TF_SessionOptions options = TF_NewSessionOptions();
        TF_Session session = TF_NewSession(graph, options, status);
        try {
            check(status, "create a session");
            TF_DeviceList list = TF_SessionListDevices(session, status);
            check(status, "list devices");
            try {
                List<String[]> smi = null;
                for (int i = 0, n = TF_DeviceListCount(list); i < n; i++) {
                    String name = TF_DeviceListName(list, i, status).getString();
                    String type = TF_DeviceListType(list, i, status).getString();
                    long memory = TF_DeviceListMemoryBytes(list, i, status);
                    names.add(name);
                    if (type.equals("GPU")) {
                        int index = Integer.parseInt(name.substring(name.lastIndexOf(':') + 1));
                        if (smi == null) {
                            smi = nvidiaSmi();
                        }
                        String product = index < smi.size() ? smi.get(index)[0] : name;
                        String cc = index < smi.size() ? smi.get(index)[1] : null;
                        found.add(new DeviceInfo("gpu:" + index, product, memory, cc));
                    }
                }
            } finally {
                TF_DeleteDeviceList(list);
            }
        } finally {
            if (session != null && !session.isNull()) {
                TF_CloseSession(session, status);
                TF_DeleteSession(session, status);
            }
            TF_DeleteSessionOptions(options);
            TF_DeleteGraph(graph);
            TF_DeleteStatus(status);
        }
        gpus = List.copyOf(found);
        all = List.copyOf(names);
    }

    private static void check(TF_Status status, String what) {
        if (TF_GetCode(status) != TF_OK) {
            throw new IllegalStateException(
                    "TensorFlow could not " + what + ": " + TF_Message(status).getString());
        }
    }

    /** {@code [name, compute capability]} per GPU from nvidia-smi, or an empty list. */
    private static List<String[]> nvidiaSmi() {
        List<String[]> rows = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,compute_cap", "--format=csv,noheader")
                    .redirectErrorStream(true)
                    .start();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    int comma = line.lastIndexOf(',');
                    if (comma > 0) {
                        rows.add(new String[] {
                            line.substring(0, comma).trim(),
                            line.substring(comma + 1).trim()
                        });
                    }
                }
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (Exception e) {
            // no nvidia-smi: names and compute capabilities stay unknown
        }
        return rows;
    }
}
