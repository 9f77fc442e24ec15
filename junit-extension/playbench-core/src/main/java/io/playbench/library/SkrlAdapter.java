package io.playbench.library;

import com.fasterxml.jackson.databind.JsonNode;
import io.playbench.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * skrl 1.3 and later (PyTorch): agent checkpoints {@code {"policy", "value", "optimizer", "observation_preprocessor"
 * (2.0) or "state_preprocessor" (1.x), ...}} whose policy comes from the model instantiators: a shared model
 * ({@code net_container.N.*} + {@code policy_layer.*}) or a separate Gaussian / deterministic policy
 * ({@code net_container.N.*} with the output layer last).
 *
 * <p>Play path ({@code agent.act} then {@code outputs[-1]["mean_actions"]}): RunningStandardScaler
 * {@code clamp((x - f32(mean)) / (sqrt(f32(var)) + 1e-8), -5, 5)}; the network; the config's {@code output}
 * expression ({@code ACTIONS}, {@code tanh(ACTIONS)}, {@code k * ACTIONS}); no action clip (unless skrl 2.0's
 * {@code clip_mean_actions}).
 */
final class SkrlAdapter extends AbstractAdapter {

    static final double EPSILON = 1e-8;
    static final double CLIP = 5.0;

    @Override
    public Library library() {
        return Library.SKRL;
    }

    @Override
    LoadedPolicy doLoad(Path file, Path runDirectory, AdapterOverrides o) throws IOException {
        AgentConfig cfg = AgentConfig.find(file, runDirectory);
        PolicyBuilder b = new PolicyBuilder();
        try (TorchCheckpoint ckpt = openTorch(file)) {
            Map<?, ?> root = rootDict(ckpt, file);
            if (!(root.get("policy") instanceof Map<?, ?> policy)) {
                throw wrongLibrary(file, "it has no 'policy' state dict; top-level keys: " + root.keySet());
            }
            StateDict sd = StateDict.of(policy, file + " policy");
            b.read("checkpoint " + file + " (sha256 " + ckpt.sha256() + "), top-level keys " + root.keySet());
            if (cfg.present()) {
                b.read("config " + cfg.source());
            }
            String policyClass = cfg.text("models.policy.class").orElse("GaussianMixin");
            if (policyClass.contains("Categorical") || policyClass.contains("Multi")) {
                throw new IllegalArgumentException(
                        cfg.at("models.policy.class") + " is " + policyClass + "; skrl's play path samples such "
                                + "policies (there is no mean_actions), which PlayBench does not reproduce; Gaussian and deterministic policies are supported");
            }
            if (!sd.hasPrefix("net_container.")) {
                String hint = sd.hasPrefix("net.")
                        ? " (this is the skrl < 1.3 instantiator layout 'net.N', which PlayBench does not support yet)"
                        : "";
                throw new IllegalArgumentException(sd.where() + " has no 'net_container.N.*' layers (unknown layout)"
                        + hint + "; keys found: " + sd.keys());
            }
            List<StateDict.Linear> layers = sd.numbered("net_container.");
            boolean shared = sd.has("policy_layer.weight");
            StateDict.Linear output;
            List<StateDict.Linear> hidden;
            if (shared) {
                hidden = layers;
                output = sd.linear("policy_layer");
            } else {
                if (layers.size() < 1) {
                    throw new IllegalArgumentException(sd.where() + " has no layers; keys found: " + sd.keys());
                }
                hidden = layers.subList(0, layers.size() - 1);
                output = layers.getLast();
            }
            int obs = hidden.isEmpty() ? output.in() : hidden.getFirst().in();
            int actions = output.out();
            if (sd.has("log_std_parameter") && sd.get("log_std_parameter").numel() != actions) {
                throw new IllegalArgumentException(sd.where() + ": log_std_parameter has "
                        + sd.get("log_std_parameter").numel() + " elements but the output layer produces " + actions
                        + "; keys found: " + sd.keys());
            }
            b.read((shared ? "shared model (separate: False): " : "separate policy model: ") + "hidden "
                    + (hidden.isEmpty() ? "none" : StateDict.widths(hidden)) + " from 'net_container.N', output '"
                    + output.name() + "' ["
                    + output.out() + ", " + output.in() + "]");

            if (o.clipObservations() != null) {
                b.overridden("observation clamp ±" + o.clipObservations() + " before the preprocessor");
                b.add(Stage.Clamp.symmetric(obs, o.clipObservations().floatValue()));
            }
            // RunningStandardScaler.
            String preKey = root.get("observation_preprocessor") instanceof Map<?, ?>
                    ? "observation_preprocessor"
                    : root.get("state_preprocessor") instanceof Map<?, ?> ? "state_preprocessor" : null;
            if (preKey != null) {
                StateDict pre = StateDict.of(root.get(preKey), file + " " + preKey);
                if (!pre.has("running_mean") || !pre.has("running_variance")) {
                    throw new IllegalArgumentException(pre.where()
                            + " is not a RunningStandardScaler (no running_mean / running_variance); keys found: "
                            + pre.keys());
                }
                double[] mean = pre.get("running_mean").toDoubleArray();
                double[] var = pre.get("running_variance").toDoubleArray();
                if (mean.length != obs) {
                    throw new IllegalArgumentException(
                            pre.where() + " has " + mean.length + " elements but the policy takes " + obs);
                }
                String kwargs =
                        preKey.equals("observation_preprocessor") && !cfg.has("agent.observation_preprocessor_kwargs")
                                ? "agent.state_preprocessor_kwargs"
                                : "agent." + preKey + "_kwargs";
                double eps = cfg.number(kwargs + ".epsilon").orElse(EPSILON);
                double clip = cfg.number(kwargs + ".clip_threshold").orElse(CLIP);
                b.add(new Stage.Normalize(Stage.Normalize.Formula.SQRT_VAR_THEN_PLUS_EPS, mean, var, eps, clip, false));
                b.read("RunningStandardScaler from '" + preKey
                        + ".running_mean/running_variance' (float64, cast to float32): "
                        + "clamp((x - mean) / (sqrt(var) + " + eps + "), -" + clip + ", " + clip + ")");
                if (!cfg.has(kwargs + ".epsilon") || !cfg.has(kwargs + ".clip_threshold")) {
                    b.defaulted("RunningStandardScaler epsilon 1e-8 and clip_threshold 5 where " + kwargs
                            + " does not set them");
                }
                if (preKey.equals("state_preprocessor")) {
                    b.warn(
                            "read 'state_preprocessor' as the observation normaliser (skrl 1.x semantics; skrl 2.0 names it observation_preprocessor)");
                }
            } else {
                b.read("no observation preprocessor in the checkpoint");
            }

            // Network config.
            JsonNode net = cfg.node("models.policy.network");
            List<Activation> acts = new ArrayList<>();
            if (o.activation() != null) {
                b.overridden("hidden activation " + o.activation());
                hidden.forEach(l -> acts.add(o.activation()));
            } else if (net.isArray() && !net.isEmpty()) {
                if (net.size() != 1) {
                    throw new IllegalArgumentException(cfg.at("models.policy.network") + " has " + net.size()
                            + " networks; PlayBench supports one");
                }
                JsonNode n0 = net.get(0);
                String input = n0.path("input").asText("OBSERVATIONS");
                if (!input.equals("OBSERVATIONS") && !input.equals("STATES") && !input.equals("OBSERVATIONS_STATES")) {
                    throw new IllegalArgumentException(cfg.at("models.policy.network") + " takes input '" + input
                            + "'; PlayBench supports OBSERVATIONS / STATES");
                }
                JsonNode a = n0.path("activations");
                for (int i = 0; i < hidden.size(); i++) {
                    JsonNode ai = a.isArray() ? a.get(Math.min(i, a.size() - 1)) : a;
                    acts.add(
                            ai == null || ai.isMissingNode() || ai.isNull()
                                    ? Activation.IDENTITY
                                    : parseActivation(ai.asText(), cfg.at("models.policy.network[0].activations")));
                }
                b.read("hidden activations " + acts + " from " + cfg.at("models.policy.network[0].activations"));
            } else if (!hidden.isEmpty()) {
                throw new IllegalArgumentException(
                        "skrl keeps the hidden activations only in the agent config: "
                                + (cfg.present()
                                        ? cfg.source() + " has no 'models.policy.network'"
                                        : "no params/agent.yaml found (looked at " + cfg.searched() + ")")
                                + ". Put the run's params/agent.yaml in the run directory or pass AdapterOverrides.none().withActivation(...).");
            }
            for (int i = 0; i < hidden.size(); i++) {
                StateDict.Linear l = hidden.get(i);
                b.add(new Stage.Dense(l.weight(), l.bias(), l.in(), l.out(), acts.get(i)));
            }
            b.add(new Stage.Dense(output.weight(), output.bias(), output.in(), output.out(), Activation.IDENTITY));

            Optional<String> outputExpr = cfg.text("models.policy.output");
            if (outputExpr.isPresent()) {
                applyOutput(outputExpr.get(), actions, b, cfg.at("models.policy.output"));
            } else {
                b.defaulted("output expression ACTIONS (no 'models.policy.output' in the config)");
            }
            b.play("deterministic action = outputs[-1]['mean_actions'] (the Gaussian mean; Isaac Lab's skrl play.py)");

            if (cfg.bool("models.policy.clip_mean_actions").orElse(false)) {
                if (o.actionLow() == null) {
                    throw new IllegalArgumentException(
                            cfg.at("models.policy.clip_mean_actions")
                                    + " is true, so skrl clamps the mean to the action "
                                    + "space, but the bounds are not in the checkpoint; pass AdapterOverrides.none().withActionBounds(low, high)");
                }
                b.add(new Stage.Clamp(o.actionLow(), o.actionHigh()));
                b.overridden("mean clamped to the action bounds " + fmt(o.actionLow()) + " .. " + fmt(o.actionHigh())
                        + " (clip_mean_actions)");
            } else {
                b.play("the mean is not clipped (skrl's clip_mean_actions is off; the environment clips)");
            }
            String algo = cfg.text("agent.class").orElse("PPO");
            PolicySpec spec = b.build(library(), algo, obs, new PolicySpec.ActionOutput.Continuous(actions));
            return b.loaded(spec, null, null);
        }
    }

    private static final Pattern SCALE_LEFT = Pattern.compile("^([-+0-9.eE]+)\\*(.+)$");
    private static final Pattern SCALE_RIGHT = Pattern.compile("^(.+)\\*([-+0-9.eE]+)$");
    private static final Pattern FUNCTION = Pattern.compile("^([a-z_]+)\\((.+)\\)$");

    /** Applies skrl's output expression: {@code ACTIONS}, {@code f(ACTIONS)}, {@code k * ...}, {@code ... * k}. */
    static void applyOutput(String expression, int actions, PolicyBuilder b, String where) {
        String e = expression.replace(" ", "");
        float scale = 1f;
        Matcher m;
        if ((m = SCALE_LEFT.matcher(e)).matches()) {
            scale = Float.parseFloat(m.group(1));
            e = m.group(2);
        } else if ((m = SCALE_RIGHT.matcher(e)).matches()) {
            scale = Float.parseFloat(m.group(2));
            e = m.group(1);
        }
        Activation f = null;
        if ((m = FUNCTION.matcher(e)).matches()) {
            f = parseActivation(m.group(1), where);
            e = m.group(2);
        }
        if (!e.equals("ACTIONS")) {
            throw new IllegalArgumentException(where + " is '" + expression
                    + "'; PlayBench supports ACTIONS, f(ACTIONS), k * ACTIONS and k * f(ACTIONS)");
        }
        if (f != null) {
            b.add(new Stage.Apply(f));
        }
        if (scale != 1f) {
            float[] s = new float[actions];
            java.util.Arrays.fill(s, scale);
            b.add(new Stage.Affine(s, new float[actions]));
        }
        b.read("output expression '" + expression + "' from " + where);
    }
}
