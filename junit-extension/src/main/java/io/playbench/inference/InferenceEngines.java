package io.playbench.inference;

import io.playbench.library.PolicySpec;
import java.util.List;
import java.util.Locale;

/**
 * The inference engines by id: {@code auto} (the default), {@code tensorflow}, {@code java-vector},
 * {@code java-scalar}.
 *
 * <pre>{@code
 * try (Policy policy = InferenceEngines.compile(spec, "auto", "auto", 4096)) {
 *     policy.warnings().forEach(log::warn);   // e.g. no GPU found, or the Vector API module missing
 *     policy.warmUp();
 *     policy.act(observations, actions);
 * }
 * }</pre>
 */
public final class InferenceEngines {

    private static final List<String> IDS = List.of(AutoEngine.ID, TensorFlowEngine.ID, JavaEngine.VECTOR_ID, JavaEngine.SCALAR_ID);

    private InferenceEngines() {
    }

    /**
     * The known engine ids.
     *
     * @return {@code auto}, {@code tensorflow}, {@code java-vector}, {@code java-scalar}
     */
    public static List<String> ids() {
        return IDS;
    }

    /**
     * An engine by id (case-insensitive; {@code null} or blank means {@code auto}).
     *
     * @param id the engine id
     * @return a new engine with its default settings
     * @throws IllegalArgumentException listing the known ids
     */
    public static InferenceEngine get(String id) {
        String key = id == null || id.isBlank() ? AutoEngine.ID : id.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case AutoEngine.ID -> new AutoEngine();
            case TensorFlowEngine.ID -> new TensorFlowEngine();
            case JavaEngine.VECTOR_ID -> JavaEngine.vector();
            case JavaEngine.SCALAR_ID -> JavaEngine.scalar();
            default -> throw new IllegalArgumentException("unknown inference engine '" + id + "'; known: " + IDS);
        };
    }

    /**
     * Compiles a policy with the engine of that id.
     *
     * @param spec the policy
     * @param engineId an id from {@link #ids()}
     * @param device {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}
     * @param batchSize observations per call
     * @return the compiled policy, which the caller closes
     * @throws DeviceUnavailableException when the device is absent
     */
    public static Policy compile(PolicySpec spec, String engineId, String device, int batchSize) {
        return get(engineId).compile(spec, device, batchSize);
    }
}
