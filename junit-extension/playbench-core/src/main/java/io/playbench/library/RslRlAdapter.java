package io.playbench.library;

import io.playbench.torch.Tensor;
import io.playbench.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * rsl_rl, versions 1 to 5: {@code ActorCritic} checkpoints ({@code model_state_dict} with {@code actor.N.*}, the
 * normaliser in {@code obs_norm_state_dict} (v2) or {@code actor_obs_normalizer.*} (v3)) and the split
 * {@code MLPModel} checkpoints ({@code actor_state_dict} with {@code mlp.N.*} and {@code obs_normalizer.*}, v4 and v5).
 *
 * <p>Play path: {@code (x - _mean) / (_std + 1e-2)} in float32 without clamp, the MLP with the configured activation,
 * the Gaussian mean (the first half of a heteroscedastic head), then Isaac Lab's {@code clamp(±clip_actions)} when
 * {@code clip_actions} is set in {@code params/agent.yaml}.
 */
final class RslRlAdapter extends AbstractAdapter {

    static final double EPSILON = 1e-2;

    @Override
    public Library library() {
        return Library.RSL_RL;
    }

    @Override
    LoadedPolicy doLoad(Path file, Path runDirectory, AdapterOverrides o) throws IOException {
        AgentConfig cfg = AgentConfig.find(file, runDirectory);
        PolicyBuilder b = new PolicyBuilder();
        try (TorchCheckpoint ckpt = openTorch(file)) {
            Map<?, ?> root = rootDict(ckpt, file);
            b.read("checkpoint " + file + " (sha256 " + ckpt.sha256() + ")");
            if (cfg.present()) {
                b.read("config " + cfg.source());
            }
            StateDict sd;
            String layout;
            String mlpPrefix;
            String normPrefix;
            String section;
            StateDict normaliser = null;
            if (root.get("actor_state_dict") instanceof Map<?, ?> actor) {
                sd = StateDict.of(actor, file + " actor_state_dict");
                layout = sd.hasPrefix("distribution.")
                        ? "v5 MLPModel (actor_state_dict, distribution.*)"
                        : "v4/v5 MLPModel (actor_state_dict)";
                mlpPrefix = "mlp.";
                normPrefix = "obs_normalizer.";
                section = "actor";
            } else if (root.get("model_state_dict") instanceof Map<?, ?> model) {
                sd = StateDict.of(model, file + " model_state_dict");
                mlpPrefix = "actor.";
                normPrefix = "actor_obs_normalizer.";
                section = "policy";
                if (root.get("obs_norm_state_dict") instanceof Map<?, ?> norm) {
                    normaliser = StateDict.of(norm, file + " obs_norm_state_dict");
                    layout = "v2 ActorCritic (model_state_dict + obs_norm_state_dict)";
                } else if (sd.hasPrefix(normPrefix)) {
                    layout = "v3 ActorCritic (model_state_dict with actor_obs_normalizer)";
                } else {
                    layout = "v1-v3 ActorCritic (model_state_dict)";
                }
            } else {
                throw wrongLibrary(
                        file,
                        "it has neither 'actor_state_dict' (rsl_rl v4/v5) nor 'model_state_dict' (rsl_rl v1-v3); top-level keys: "
                                + root.keySet());
            }
            for (String unsupported : List.of("memory_a.", "memory.", "rnn.", "cnn", "student.", "teacher.")) {
                if (sd.hasPrefix(unsupported)
                        || sd.tensors().keySet().stream().anyMatch(k -> k.contains("." + unsupported))) {
                    throw new IllegalArgumentException(
                            sd.where() + " has a recurrent, convolutional or distillation model ('" + unsupported
                                    + "' keys), which PlayBench does not support yet; keys found: " + sd.keys());
                }
            }
            b.read("layout " + layout);
            List<StateDict.Linear> layers = sd.numbered(mlpPrefix);
            if (layers.size() < 1) {
                throw new IllegalArgumentException(sd.where() + " has no actor layers '" + mlpPrefix
                        + "N.weight' (unknown layout); keys found: " + sd.keys());
            }
            int obs = layers.getFirst().in();
            int out = layers.getLast().out();
            b.read("actor MLP " + StateDict.widths(layers) + " from '" + mlpPrefix + "N.weight/bias' (" + layers.size()
                    + " Linear layers)");

            // Observation clip (caller only: the rsl_rl wrapper does not clip observations).
            if (o.clipObservations() != null) {
                b.overridden("observation clamp ±" + o.clipObservations() + " before the normaliser");
                b.add(Stage.Clamp.symmetric(obs, o.clipObservations().floatValue()));
            }

            // Normaliser.
            if (normaliser == null && sd.has(normPrefix + "_mean")) {
                normaliser = sd;
            } else {
                normPrefix = "";
            }
            if (normaliser != null) {
                String p = normaliser == sd ? normPrefix : "";
                double[] mean = normaliser.get(p + "_mean").toDoubleArray();
                double[] std = normaliser.get(p + "_std").toDoubleArray();
                if (mean.length != obs || std.length != obs) {
                    throw new IllegalArgumentException(normaliser.where() + ": normaliser has " + mean.length
                            + " elements but the actor takes " + obs);
                }
                b.add(new Stage.Normalize(
                        Stage.Normalize.Formula.STD_PLUS_EPS, mean, std, EPSILON, Double.POSITIVE_INFINITY, false));
                b.read("EmpiricalNormalization from '" + p + "_mean' and '" + p + "_std' in " + normaliser.where()
                        + ": (x - _mean) / (_std + 0.01), float32, no clamp");
            } else {
                b.read("no observation normaliser (no _mean/_std keys; obs_normalization off)");
            }

            com.fasterxml.jackson.databind.JsonNode groups = cfg.node("obs_groups.actor");
            if (groups.isArray() && groups.size() > 1) {
                b.read("observation groups " + groups + " from " + cfg.at("obs_groups.actor")
                        + ": the policy takes their concatenation in this order (" + obs + " values)");
            }
            Activation act = activation(cfg, section + ".activation", o, b, Activation.ELU, "rsl_rl's default 'elu'");
            // Distribution head.
            Tensor std = first(sd, "distribution.std_param", "distribution.log_std_param", "std", "log_std");
            String distribution =
                    cfg.text(section + ".distribution_cfg.class_name").orElse(null);
            int actions;
            b.mlp(layers, act, Activation.IDENTITY);
            if (std != null) {
                actions = (int) std.numel();
                if (actions != out) {
                    throw new IllegalArgumentException(sd.where() + ": the std parameter has " + actions
                            + " elements but the last actor layer produces " + out + "; keys found: " + sd.keys());
                }
                b.play("deterministic action = the Gaussian mean (the MLP output)");
            } else if (distribution != null && distribution.contains("Beta")) {
                throw new IllegalArgumentException(
                        cfg.at(section + ".distribution_cfg.class_name") + " is " + distribution
                                + "; the Beta distribution's deterministic output is not supported by PlayBench yet");
            } else {
                if (out % 2 != 0) {
                    throw new IllegalArgumentException(sd.where() + " has no std parameter and an odd output width "
                            + out + ", so it is neither Gaussian nor heteroscedastic; keys found: " + sd.keys());
                }
                actions = out / 2;
                b.add(new Stage.Slice(0, actions));
                if (distribution != null) {
                    b.read("distribution " + distribution + " from "
                            + cfg.at(section + ".distribution_cfg.class_name"));
                } else {
                    b.warn(
                            "no std parameter in the checkpoint: read as a heteroscedastic / state-dependent-std head (the first "
                                    + actions + " of " + out + " outputs are the mean)");
                }
                b.play("deterministic action = the first " + actions + " outputs (heteroscedastic mean)");
            }

            // Isaac Lab's RslRlVecEnvWrapper clamp.
            Double clip = o.clipActions();
            if (clip != null) {
                b.overridden("action clamp ±" + clip);
            } else {
                Optional<Double> c = cfg.number("clip_actions");
                if (c.isPresent()) {
                    clip = c.get();
                    b.read("action clamp ±" + clip + " from " + cfg.at("clip_actions")
                            + " (Isaac Lab's RslRlVecEnvWrapper)");
                } else {
                    b.defaulted("no action clamp (Isaac Lab's clip_actions default None"
                            + (cfg.present() ? "" : "; no params/agent.yaml found") + ")");
                }
            }
            if (o.actionLow() != null) {
                if (o.actionLow().length != actions) {
                    throw new IllegalArgumentException("the override action bounds have " + o.actionLow().length
                            + " dimensions but the policy has " + actions);
                }
                b.overridden("action clamp to the bounds " + fmt(o.actionLow()) + " .. " + fmt(o.actionHigh()));
            }
            if (clip != null && Double.isFinite(clip)) {
                b.add(Stage.Clamp.symmetric(actions, clip.floatValue()));
            }
            if (o.actionLow() != null) {
                b.add(new Stage.Clamp(o.actionLow(), o.actionHigh()));
            }
            PolicySpec spec = b.build(
                    library(),
                    cfg.text("algorithm.class_name").orElse("PPO"),
                    obs,
                    new PolicySpec.ActionOutput.Continuous(actions));
            return b.loaded(spec, null, null);
        }
    }

    private static Tensor first(StateDict sd, String... keys) {
        for (String k : keys) {
            if (sd.has(k)) {
                return sd.get(k);
            }
        }
        return null;
    }
}
