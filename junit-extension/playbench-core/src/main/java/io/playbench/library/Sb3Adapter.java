package io.playbench.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.playbench.torch.CheckpointFormatException;
import io.playbench.torch.NumpyArray;
import io.playbench.torch.PickleTree;
import io.playbench.torch.Pickles;
import io.playbench.torch.PyObject;
import io.playbench.torch.ReadOptions;
import io.playbench.torch.TorchCheckpoint;
import io.playbench.torch.ZipArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Stable-Baselines3 {@code model.zip}: PPO / A2C ({@code ActorCriticPolicy}, with or without gSDE), DQN, SAC, TD3 and
 * DDPG with MLP policies on Box observations, with an optional {@code VecNormalize} ({@code vecnormalize.pkl} beside
 * the model, or Isaac Lab's {@code <model>_vecnormalize.pkl}).
 *
 * <p>Reads the {@code data} JSON (never its cloudpickle payloads, except the class names they reference and the
 * NumPy bounds of a Box, read by the inert unpickler) and {@code policy.pth}. Play path ({@code predict(obs,
 * deterministic=True)}): VecNormalize {@code clip((x - mean) / sqrt(var + eps), ±clip_obs)} in float64 then float32;
 * the MLP; PPO/A2C: the mean (clipped to the Box) or argmax of the logits; DQN: argmax of the Q-values; SAC:
 * {@code tanh(mu)} (gSDE: {@code tanh(hardtanh(mu, ±clip_mean))}); TD3/DDPG: the tanh MLP; squashed actions are
 * rescaled {@code low + 0.5 (a + 1)(high - low)}.
 */
final class Sb3Adapter extends AbstractAdapter {

    private static final JsonMapper JSON = new JsonMapper();

    @Override
    public Library library() {
        return Library.SB3;
    }

    @Override
    LoadedPolicy doLoad(Path file, Path runDirectory, AdapterOverrides o) throws IOException {
        PolicyBuilder b = new PolicyBuilder();
        ZipArchive zip;
        try {
            zip = ZipArchive.open(file);
        } catch (CheckpointFormatException e) {
            throw wrongLibrary(file, "it is not a zip archive (" + e.getMessage() + ")");
        }
        try (zip) {
            Set<String> names = new LinkedHashSet<>();
            zip.entries().forEach(e -> names.add(e.name()));
            if (!names.contains("data") || !names.contains("policy.pth")) {
                throw wrongLibrary(file, "it has no 'data' and 'policy.pth' entries; entries found: " + names);
            }
            String version = names.contains("_stable_baselines3_version")
                    ? zip.readText("_stable_baselines3_version").trim()
                    : null;
            String torchVersion = null;
            if (names.contains("system_info.txt")) {
                for (String line : zip.readText("system_info.txt").split("\n")) {
                    if (line.contains("PyTorch:")) {
                        torchVersion =
                                line.substring(line.indexOf("PyTorch:") + 8).trim();
                    }
                }
            }
            JsonNode data;
            try {
                data = JSON.readTree(zip.readText("data"));
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new IllegalArgumentException(file + "!/data is not JSON: " + e.getOriginalMessage(), e);
            }
            AgentConfig cfg = new AgentConfig(file + "!/data", data);
            StateDict sd;
            try (TorchCheckpoint policy = TorchCheckpoint.open(zip, "policy.pth")) {
                sd = StateDict.of(policy.root(), file + "!/policy.pth");
                b.read("model " + file + " (Stable-Baselines3 " + version + ", PyTorch " + torchVersion
                        + "), policy.pth sha256 " + policy.sha256());
                // policy.pth is read in place from the zip (no arena of its own): its tensors stay readable until the
                // zip closes.
            }
            String policyClass = className(data.path("policy_class"))
                    .orElse(data.path("policy_class").path("__module__").asText("unknown"));
            b.read("policy class " + policyClass + " from data.policy_class");

            // Spaces.
            JsonNode obsSpace = data.path("observation_space");
            String obsType = obsSpace.path(":type:").asText("");
            if (!obsType.contains("spaces.box.Box")) {
                throw new IllegalArgumentException(
                        file + ": the observation space is " + (obsType.isEmpty() ? "missing" : obsType)
                                + "; PlayBench supports Box observations (MlpPolicy)");
            }
            int obs = product(shape(obsSpace));
            if ("uint8".equals(obsSpace.path("dtype").asText())) {
                throw new IllegalArgumentException(
                        file + ": the observation space is an image Box (uint8), which SB3 divides by 255 and feeds "
                                + "to a CNN; PlayBench supports MlpPolicy on float observations");
            }
            JsonNode actSpace = data.path("action_space");
            String actType = actSpace.path(":type:").asText("");
            boolean discrete = actType.contains("spaces.discrete.Discrete");
            if (!discrete && !actType.contains("spaces.box.Box")) {
                throw new IllegalArgumentException(file + ": the action space is "
                        + (actType.isEmpty() ? "missing" : actType) + "; PlayBench supports Discrete and Box actions");
            }
            if (discrete
                    && actSpace.has("start")
                    && !actSpace.path("start").asText("0").equals("0")) {
                throw new IllegalArgumentException(file + ": the Discrete action space starts at "
                        + actSpace.path("start").asText() + "; only start 0 is supported");
            }
            b.read("observation space Box(" + obs + ") and action space "
                    + (discrete ? "Discrete(" + actSpace.path("n").asText() + ")" : "Box" + shape(actSpace))
                    + " from data");
            if (sd.hasPrefix("features_extractor.cnn.")
                    || sd.hasPrefix("pi_features_extractor.cnn.")
                    || sd.hasPrefix("actor.features_extractor.cnn.")) {
                throw new IllegalArgumentException(
                        sd.where() + " has a CNN features extractor, which PlayBench does not support yet; keys found: "
                                + sd.keys());
            }

            // VecNormalize.
            addVecNormalize(file, runDirectory, obs, o, b);

            boolean useSde = data.path("use_sde").asBoolean(false)
                    || cfg.bool("policy_kwargs.use_sde").orElse(false);
            String algorithm;
            int actions;
            if (sd.hasPrefix("mlp_extractor.") && sd.has("action_net.weight")) {
                algorithm = data.has("clip_range")
                        ? "PPO"
                        : data.has("rms_prop_eps")
                                        || policyKwargsOptimizer(data).contains("RMSprop")
                                ? "A2C"
                                : data.has("n_epochs") ? "PPO" : "A2C";
                Activation act = activation(
                        cfg,
                        "policy_kwargs.activation_fn",
                        o,
                        b,
                        Activation.TANH,
                        "SB3's ActorCriticPolicy default nn.Tanh");
                List<StateDict.Linear> shared = sd.numbered("mlp_extractor.shared_net.");
                List<StateDict.Linear> pi = sd.numbered("mlp_extractor.policy_net.");
                StateDict.Linear head = sd.linear("action_net");
                List<StateDict.Linear> all = new ArrayList<>(shared);
                all.addAll(pi);
                all.add(head);
                checkChain(all, obs, sd);
                b.hidden(shared, act);
                b.hidden(pi, act);
                b.add(new Stage.Dense(head.weight(), head.bias(), head.in(), head.out(), Activation.IDENTITY));
                b.read("policy MLP " + StateDict.widths(all) + " from '"
                        + (shared.isEmpty() ? "" : "mlp_extractor.shared_net.N, ")
                        + "mlp_extractor.policy_net.N' + 'action_net'");
                actions = head.out();
                if (discrete) {
                    b.add(new Stage.Argmax());
                    b.play("deterministic action = argmax(softmax(logits)) = argmax(logits) (first index on ties)");
                } else {
                    if (useSde) {
                        b.read("gSDE policy (use_sde): the deterministic action is the mean, log_std "
                                + java.util.Arrays.toString(sd.get("log_std").shape()) + " is not used");
                    }
                    boolean squash = cfg.bool("policy_kwargs.squash_output").orElse(false);
                    float[][] bounds = bounds(actSpace, actions, o, b, file);
                    if (squash) {
                        b.add(new Stage.Apply(Activation.TANH));
                        addUnscale(bounds, b);
                        b.play("deterministic action = tanh(mean) rescaled to the Box (squash_output)");
                    } else {
                        b.add(new Stage.Clamp(bounds[0], bounds[1]));
                        b.play("deterministic action = the Gaussian mean, clipped to the Box by predict (np.clip)");
                    }
                }
            } else if (sd.hasPrefix("q_net.q_net.")) {
                algorithm = "DQN";
                Activation act = activation(
                        cfg, "policy_kwargs.activation_fn", o, b, Activation.RELU, "SB3's DQNPolicy default nn.ReLU");
                List<StateDict.Linear> q = sd.numbered("q_net.q_net.");
                checkChain(q, obs, sd);
                b.mlp(q, act, Activation.IDENTITY);
                b.add(new Stage.Argmax());
                b.read("Q network " + StateDict.widths(q) + " from 'q_net.q_net.N' (q_net_target ignored)");
                b.play("deterministic action = argmax(Q) (first index on ties; no epsilon-greedy)");
                actions = q.getLast().out();
                if (!discrete) {
                    throw new IllegalArgumentException(
                            file + ": a DQN policy needs a Discrete action space but data has " + actType);
                }
            } else if (sd.hasPrefix("actor.latent_pi.")) {
                algorithm = "SAC";
                Activation act = activation(
                        cfg, "policy_kwargs.activation_fn", o, b, Activation.RELU, "SB3's SACPolicy default nn.ReLU");
                List<StateDict.Linear> latent = sd.numbered("actor.latent_pi.");
                boolean sdeMu = sd.has("actor.mu.0.weight");
                StateDict.Linear mu = sd.linear(sdeMu ? "actor.mu.0" : "actor.mu");
                List<StateDict.Linear> all = new ArrayList<>(latent);
                all.add(mu);
                checkChain(all, obs, sd);
                b.hidden(latent, act);
                b.add(new Stage.Dense(mu.weight(), mu.bias(), mu.in(), mu.out(), Activation.IDENTITY));
                b.read("actor " + StateDict.widths(all) + " from 'actor.latent_pi.N' + '" + mu.name()
                        + "' (critics ignored)");
                actions = mu.out();
                if (sdeMu) {
                    double clipMean = cfg.number("policy_kwargs.clip_mean").orElse(2.0);
                    if (!cfg.has("policy_kwargs.clip_mean")) {
                        b.defaulted("gSDE clip_mean 2.0 (SB3's SAC Actor default)");
                    }
                    b.add(Stage.Clamp.symmetric(actions, (float) clipMean));
                    b.read("gSDE actor: mu = Hardtanh(±" + clipMean + ") of 'actor.mu.0'");
                }
                b.add(new Stage.Apply(Activation.TANH));
                addUnscale(bounds(actSpace, actions, o, b, file), b);
                b.play("deterministic action = tanh(mu), rescaled low + 0.5 (a + 1)(high - low)");
            } else if (sd.hasPrefix("actor.mu.")) {
                algorithm = data.path("policy_delay").asInt(2) == 1
                                && data.path("target_noise_clip").asDouble(0.5) == 0.0
                        ? "DDPG"
                        : "TD3";
                Activation act = activation(
                        cfg, "policy_kwargs.activation_fn", o, b, Activation.RELU, "SB3's TD3Policy default nn.ReLU");
                List<StateDict.Linear> mu = sd.numbered("actor.mu.");
                checkChain(mu, obs, sd);
                b.mlp(mu, act, Activation.TANH);
                b.read("actor " + StateDict.widths(mu)
                        + " from 'actor.mu.N' with a final tanh (actor_target and critics ignored)");
                actions = mu.getLast().out();
                addUnscale(bounds(actSpace, actions, o, b, file), b);
                b.play("deterministic action = the tanh actor output, rescaled low + 0.5 (a + 1)(high - low)");
            } else {
                throw new IllegalArgumentException(
                        sd.where() + " matches none of the SB3 MLP policies PlayBench knows (ActorCriticPolicy "
                                + "'mlp_extractor.*' + 'action_net', DQN 'q_net.q_net.*', SAC 'actor.latent_pi.*', TD3/DDPG 'actor.mu.*') (unknown layout); keys found: "
                                + sd.keys());
            }
            if (discrete) {
                int n = Integer.parseInt(actSpace.path("n").asText());
                if (n != actions) {
                    throw new IllegalArgumentException(file + ": the action space has n = " + n
                            + " but the network produces " + actions + " outputs");
                }
            }
            PolicySpec spec = b.build(
                    library(),
                    algorithm,
                    obs,
                    discrete
                            ? new PolicySpec.ActionOutput.Discrete(actions)
                            : new PolicySpec.ActionOutput.Continuous(actions));
            return b.loaded(spec, version, torchVersion);
        }
    }

    private static String policyKwargsOptimizer(JsonNode data) {
        return data.path("policy_kwargs").path("optimizer_class").asText("");
    }

    private static void checkChain(List<StateDict.Linear> layers, int obs, StateDict sd) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(
                    sd.where() + " has no layers (unknown layout); keys found: " + sd.keys());
        }
        if (layers.getFirst().in() != obs) {
            throw new IllegalArgumentException(
                    sd.where() + ": the first layer '" + layers.getFirst().name() + "' takes "
                            + layers.getFirst().in() + " inputs but the observation space has " + obs);
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).in() != layers.get(i - 1).out()) {
                throw new IllegalArgumentException(sd.where() + ": '"
                        + layers.get(i).name() + "' takes " + layers.get(i).in() + " inputs but '"
                        + layers.get(i - 1).name() + "' produces "
                        + layers.get(i - 1).out());
            }
        }
    }

    private static void addUnscale(float[][] bounds, PolicyBuilder b) {
        float[] low = bounds[0];
        float[] high = bounds[1];
        float[] scale = new float[low.length];
        float[] offset = new float[low.length];
        for (int i = 0; i < low.length; i++) {
            if (!Float.isFinite(low[i]) || !Float.isFinite(high[i])) {
                throw new IllegalArgumentException(
                        "a squashed (tanh) policy needs finite action bounds but dimension " + i + " has " + low[i]
                                + " .. " + high[i] + "; pass AdapterOverrides.none().withActionBounds(low, high)");
            }
            scale[i] = 0.5f * (high[i] - low[i]);
            offset[i] = low[i] + scale[i];
        }
        b.add(new Stage.Affine(scale, offset));
    }

    /** The Box bounds: overrides, else the NumPy arrays of the pickled space, else its str() in data. */
    private static float[][] bounds(JsonNode space, int actions, AdapterOverrides o, PolicyBuilder b, Path file) {
        if (o.actionLow() != null) {
            if (o.actionLow().length != actions) {
                throw new IllegalArgumentException("the override action bounds have " + o.actionLow().length
                        + " dimensions but the policy has " + actions);
            }
            b.overridden("action bounds " + fmt(o.actionLow()) + " .. " + fmt(o.actionHigh()));
            return new float[][] {o.actionLow(), o.actionHigh()};
        }
        float[][] exact = pickledBounds(space);
        float[] low;
        float[] high;
        if (exact != null) {
            low = exact[0];
            high = exact[1];
            b.read("action bounds " + fmt(low) + " .. " + fmt(high)
                    + " from the Box arrays in data.action_space (read inertly)");
        } else {
            low = numpyStr(space.path("low").asText(""), file, "low");
            high = numpyStr(space.path("high").asText(""), file, "high");
            b.read("action bounds " + fmt(low) + " .. " + fmt(high) + " from data.action_space low/high (numpy str)");
        }
        if (low.length == 1 && actions > 1) {
            float l = low[0];
            float h = high[0];
            low = new float[actions];
            high = new float[actions];
            java.util.Arrays.fill(low, l);
            java.util.Arrays.fill(high, h);
        }
        if (low.length != actions || high.length != actions) {
            throw new IllegalArgumentException(file + ": the action space bounds have " + low.length
                    + " dimensions but the policy produces " + actions);
        }
        return new float[][] {low, high};
    }

    /** The Box bounds from the inertly read {@code ':serialized:'} pickle, or {@code null} when it cannot be read. */
    static float[][] pickledBounds(JsonNode space) {
        String b64 = space.path(":serialized:").asText(null);
        if (b64 == null) {
            return null;
        }
        try {
            Object box = Pickles.load(
                    Base64.getDecoder().decode(b64),
                    "data.action_space",
                    ReadOptions.defaults().withSb3StandIns());
            Object low = PickleTree.find(box, "low").orElse(null);
            Object high = PickleTree.find(box, "high").orElse(null);
            if (low instanceof NumpyArray l && high instanceof NumpyArray h) {
                return new float[][] {l.toFloatArray(), h.toFloatArray()};
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the str() form
        }
        return null;
    }

    static float[] numpyStr(String text, Path file, String what) {
        String t = text.trim();
        if (t.contains("...")) {
            throw new IllegalArgumentException(
                    file + ": data.action_space." + what + " is summarised by NumPy ('...'); pass the bounds with "
                            + "AdapterOverrides.none().withActionBounds(low, high)");
        }
        t = t.replace("[", " ").replace("]", " ").replace(",", " ").trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(file + ": data.action_space has no '" + what
                    + "'; pass AdapterOverrides.none().withActionBounds(low, high)");
        }
        String[] parts = t.split("\\s+");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            out[i] = switch (p) {
                case "inf", "+inf" -> Float.POSITIVE_INFINITY;
                case "-inf" -> Float.NEGATIVE_INFINITY;
                default -> Float.parseFloat(p);
            };
        }
        return out;
    }

    private static List<Integer> shape(JsonNode space) {
        JsonNode s = space.has("_shape") ? space.path("_shape") : space.path("shape");
        List<Integer> out = new ArrayList<>();
        s.forEach(x -> out.add(x.asInt()));
        return out;
    }

    private static int product(List<Integer> shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    private static void addVecNormalize(Path file, Path runDirectory, int obs, AdapterOverrides o, PolicyBuilder b)
            throws IOException {
        String stem = file.getFileName().toString().replaceFirst("\\.zip$", "");
        Set<Path> candidates = new LinkedHashSet<>();
        Path dir = file.toAbsolutePath().getParent();
        for (Path base : new Path[] {dir, runDirectory == null ? null : runDirectory.toAbsolutePath()}) {
            if (base != null) {
                candidates.add(base.resolve(stem + "_vecnormalize.pkl"));
                candidates.add(base.resolve("vecnormalize.pkl"));
            }
        }
        Path found =
                candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        if (o.clipObservations() != null) {
            b.overridden("observation clamp ±" + o.clipObservations() + " before VecNormalize");
            b.add(Stage.Clamp.symmetric(obs, o.clipObservations().floatValue()));
        }
        if (found == null) {
            b.read("no VecNormalize statistics (looked for "
                    + candidates.stream()
                            .map(p -> p.getFileName().toString())
                            .distinct()
                            .toList() + " beside the model and in the run directory)");
            return;
        }
        Object root = Pickles.load(found, ReadOptions.defaults().withSb3StandIns());
        if (!(root instanceof PyObject vn) || !vn.className().endsWith("VecNormalize")) {
            throw new IllegalArgumentException(
                    found + " is not a pickled VecNormalize but " + (root == null ? "None" : root));
        }
        Object normObs = vn.attribute("norm_obs");
        if (Boolean.FALSE.equals(normObs)) {
            b.read("VecNormalize in " + found + " has norm_obs = False: observations are not normalised");
            return;
        }
        if (vn.attribute("norm_obs_keys") instanceof List<?> keys && !keys.isEmpty()) {
            throw new IllegalArgumentException(found + " normalises dict observations (norm_obs_keys " + keys
                    + "), which PlayBench does not support");
        }
        Object mean = PickleTree.find(vn, "obs_rms.mean").orElse(null);
        Object var = PickleTree.find(vn, "obs_rms.var").orElse(null);
        if (!(mean instanceof NumpyArray m) || !(var instanceof NumpyArray v)) {
            throw new IllegalArgumentException(found + " has no obs_rms.mean / obs_rms.var arrays");
        }
        double eps = number(vn.attribute("epsilon"), 1e-8);
        double clip = number(vn.attribute("clip_obs"), 10.0);
        double[] mu = m.toDoubleArray();
        if (mu.length != obs) {
            throw new IllegalArgumentException(
                    found + ": obs_rms has " + mu.length + " elements but the observation space has " + obs);
        }
        b.add(new Stage.Normalize(Stage.Normalize.Formula.SQRT_VAR_PLUS_EPS, mu, v.toDoubleArray(), eps, clip, true));
        b.read("VecNormalize from " + found + " (obs_rms " + m.dtype() + "): clip((x - mean) / sqrt(var + " + eps
                + "), ±" + clip + ") in float64, then float32 (training = False, norm_reward = False at play time)");
    }

    private static double number(Object v, double fallback) {
        return v instanceof Number n ? n.doubleValue() : fallback;
    }

    /**
     * The class a cloudpickle class reference names ({@code PROTO, FRAME, SHORT_BINUNICODE module, SHORT_BINUNICODE
     * name, STACK_GLOBAL, STOP}), scanned symbolically: nothing is loaded or executed.
     */
    static Optional<String> className(JsonNode node) {
        String b64 = node.path(":serialized:").asText(null);
        if (b64 == null) {
            return Optional.empty();
        }
        byte[] p;
        try {
            p = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        List<String> strings = new ArrayList<>();
        int i = 0;
        while (i < p.length) {
            int op = p[i++] & 0xFF;
            switch (op) {
                case 0x80 -> i += 1; // PROTO
                case 0x95 -> i += 8; // FRAME
                case 0x94 -> {} // MEMOIZE
                case 0x8c -> { // SHORT_BINUNICODE
                    int len = p[i++] & 0xFF;
                    strings.add(new String(p, i, len, StandardCharsets.UTF_8));
                    i += len;
                }
                case 0x58 -> { // BINUNICODE
                    int len =
                            (p[i] & 0xFF) | (p[i + 1] & 0xFF) << 8 | (p[i + 2] & 0xFF) << 16 | (p[i + 3] & 0xFF) << 24;
                    i += 4;
                    if (len < 0 || i + len > p.length) {
                        return Optional.empty();
                    }
                    strings.add(new String(p, i, len, StandardCharsets.UTF_8));
                    i += len;
                }
                case 0x93 -> { // STACK_GLOBAL
                    return strings.size() >= 2
                            ? Optional.of(strings.get(strings.size() - 2) + "." + strings.getLast())
                            : Optional.empty();
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
