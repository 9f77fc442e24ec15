package io.playbench.inference;

import io.playbench.device.Device;
import io.playbench.library.PolicySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The inference engines by id: {@code auto} (the default), {@code java-vector}, {@code java-scalar},
 * {@code reference}, and those plugged in through {@link InferenceEngineProvider} ({@code tensorflow} when
 * {@code playbench-tensorflow} is on the class path).
 *
 * <pre>{@code
 * try (Policy policy = InferenceEngines.compile(spec, "auto", Device.CPU, 4096)) {
 *     policy.warnings().forEach(log::warn);   // e.g. the Vector API module missing
 *     policy.warmUp();
 *     policy.act(observations, actions);
 * }
 * }</pre>
 */
public final class InferenceEngines {

    /** Engines that live in optional modules, by id, with the artifact that brings each. */
    private static final Map<String, String> OPTIONAL = Map.of("tensorflow", "io.playbench:playbench-tensorflow");

    private static volatile Map<String, InferenceEngineProvider> plugged;

    private InferenceEngines() {}

    /**
     * The known engine ids: the built-in ones, then the plugged-in ones in class-path order.
     *
     * @return e.g. {@code [auto, java-vector, java-scalar, reference, tensorflow]}
     */
    public static List<String> ids() {
        List<String> ids =
                new ArrayList<>(List.of(AutoEngine.ID, JavaEngine.VECTOR_ID, JavaEngine.SCALAR_ID, ReferenceEngine.ID));
        ids.addAll(providers().keySet());
        return List.copyOf(ids);
    }

    /**
     * The engines plugged in through {@link ServiceLoader}, by id (loaded once per JVM).
     *
     * @return the providers
     */
    public static Map<String, InferenceEngineProvider> providers() {
        Map<String, InferenceEngineProvider> p = plugged;
        if (p == null) {
            synchronized (InferenceEngines.class) {
                if (plugged == null) {
                    Map<String, InferenceEngineProvider> found = new LinkedHashMap<>();
                    for (InferenceEngineProvider provider : ServiceLoader.load(
                            InferenceEngineProvider.class, InferenceEngines.class.getClassLoader())) {
                        found.putIfAbsent(provider.id().toLowerCase(Locale.ROOT), provider);
                    }
                    plugged = Map.copyOf(found);
                }
                p = plugged;
            }
        }
        return p;
    }

    /**
     * A plugged-in engine's provider.
     *
     * @param id the engine id
     * @return the provider, empty when that engine is not on the class path
     */
    public static Optional<InferenceEngineProvider> provider(String id) {
        return Optional.ofNullable(providers().get(id.toLowerCase(Locale.ROOT)));
    }

    /**
     * An engine by id (case-insensitive; {@code null} or blank means {@code auto}).
     *
     * @param id the engine id
     * @return a new engine with its default settings
     * @throws IllegalArgumentException naming the id, the known ids, and the module to add for an optional engine
     */
    public static InferenceEngine get(String id) {
        String key = id == null || id.isBlank() ? AutoEngine.ID : id.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case AutoEngine.ID -> new AutoEngine();
            case JavaEngine.VECTOR_ID -> JavaEngine.vector();
            case JavaEngine.SCALAR_ID -> JavaEngine.scalar();
            case ReferenceEngine.ID -> new ReferenceEngine();
            default -> {
                InferenceEngineProvider provider = providers().get(key);
                if (provider != null) {
                    yield provider.create();
                }
                if (OPTIONAL.containsKey(key)) {
                    throw new IllegalArgumentException(
                            "inference engine '" + id + "' is not on the class path: add the dependency "
                                    + OPTIONAL.get(key)
                                    + " (same version as playbench-junit; the playbench-bom aligns them), or use one of "
                                    + ids());
                }
                String near = key.startsWith("java") ? "; did you mean java-vector?" : "";
                throw new IllegalArgumentException("unknown inference engine '" + id + "'; known: " + ids() + near);
            }
        };
    }

    /**
     * Compiles a policy with the engine of that id.
     *
     * @param spec the policy
     * @param engineId an id from {@link #ids()}
     * @param device where to run it
     * @param batchSize observations per call
     * @return the compiled policy, which the caller closes
     * @throws DeviceUnavailableException when the device is absent
     */
    public static Policy compile(PolicySpec spec, String engineId, Device device, int batchSize) {
        return get(engineId).compile(spec, device, batchSize);
    }

    /**
     * The GPUs the plugged-in engines can drive (the first engine that sees any).
     *
     * @return the GPUs, empty when none
     */
    public static List<DeviceInfo> pluggedGpus() {
        for (InferenceEngineProvider p : providers().values()) {
            List<DeviceInfo> gpus = p.gpus();
            if (!gpus.isEmpty()) {
                return gpus;
            }
        }
        return List.of();
    }

    /**
     * A compiled policy with lines added in front of its notes (how it was chosen).
     *
     * @param policy the policy
     * @param notes the lines
     * @return the policy with the notes
     */
    static Policy withNotes(Policy policy, List<String> notes) {
        if (notes.isEmpty()) {
            return policy;
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(policy.notes());
        List<String> joined = List.copyOf(all);
        return new ForwardingPolicy(policy) {
            @Override
            public List<String> notes() {
                return joined;
            }
        };
    }
}
