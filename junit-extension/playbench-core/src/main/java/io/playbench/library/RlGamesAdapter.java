package io.playbench.library;

import io.playbench.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * rl_games ({@code a2c_continuous} / {@code a2c_discrete} with the {@code actor_critic} network): the {@code model}
 * state dict with {@code running_mean_std.*} and {@code a2c_network.actor_mlp.N.*}, then {@code a2c_network.mu.*}
 * (continuous) or {@code a2c_network.logits.*} (discrete).
 *
 * <p>Play path ({@code PpoPlayerContinuous} / {@code PpoPlayerDiscrete} under Isaac Lab's wrapper): optional
 * {@code clamp(obs, ±env.clip_observations)}; {@code clamp((x - f32(mean)) / sqrt(f32(var) + 1e-5), -5, 5)}; the MLP
 * with an activation after every Linear; {@code mu_activation(mu)}; with {@code clip_actions} (default true)
 * {@code clamp(mu, -1, 1) * (high - low) / 2 + (high + low) / 2}, where Isaac Lab reports the Box
 * {@code [-env.clip_actions, env.clip_actions]}; discrete: {@code argmax(logits)}.
 */
final class RlGamesAdapter extends AbstractAdapter {

    static final double EPSILON = 1e-5;
    static final double CLAMP = 5.0;

    @Override
    public Library library() {
        return Library.RL_GAMES;
    }

    @Override
    LoadedPolicy doLoad(Path file, Path runDirectory, AdapterOverrides o) throws IOException {
        AgentConfig cfg = AgentConfig.find(file, runDirectory);
        PolicyBuilder b = new PolicyBuilder();
        try (TorchCheckpoint ckpt = openTorch(file)) {
            Map<?, ?> root = rootDict(ckpt, file);
            if (!(root.get("model") instanceof Map<?, ?> model)) {
                throw wrongLibrary(file, "it has no 'model' state dict; top-level keys: " + root.keySet());
            }
            StateDict sd = StateDict.of(model, file + " model");
            if (!sd.hasPrefix("a2c_network.")) {
                throw wrongLibrary(
                        file, "its 'model' has no 'a2c_network.*' keys (unknown layout); keys found: " + sd.keys());
            }
            b.read("checkpoint " + file + " (sha256 " + ckpt.sha256() + ")" + epochFrame(root));
            if (cfg.present()) {
                b.read("config " + cfg.source());
            }
            for (String unsupported : List.of(
                    "a2c_network.actor_cnn.",
                    "a2c_network.rnn.",
                    "a2c_network.a_rnn.",
                    "a2c_network.c_rnn.",
                    "running_mean_std.running_mean_std.")) {
                if (sd.hasPrefix(unsupported)) {
                    throw new IllegalArgumentException(
                            sd.where() + " has '" + unsupported + "*' (CNN, RNN or dict observations), which PlayBench "
                                    + "does not support yet; keys found: " + sd.keys());
                }
            }
            if (cfg.bool("params.network.mlp.d2rl").orElse(false)) {
                throw new IllegalArgumentException(
                        cfg.at("params.network.mlp.d2rl") + " is true; D2RL networks are not supported yet");
            }
            List<StateDict.Linear> hidden = sd.numbered("a2c_network.actor_mlp.");
            boolean continuous = sd.has("a2c_network.mu.weight");
            boolean discrete = sd.has("a2c_network.logits.weight");
            if (hidden.isEmpty() || continuous == discrete) {
                throw new IllegalArgumentException(
                        sd.where() + ": expected 'a2c_network.actor_mlp.N.weight' and exactly one of "
                                + "'a2c_network.mu.weight' (continuous) or 'a2c_network.logits.weight' (discrete) (unknown layout); keys found: "
                                + sd.keys());
            }
            StateDict.Linear head = sd.linear(continuous ? "a2c_network.mu" : "a2c_network.logits");
            if (head.in() != hidden.getLast().out()) {
                throw new IllegalArgumentException(sd.where() + ": the head takes " + head.in()
                        + " inputs but the MLP produces " + hidden.getLast().out());
            }
            int obs = hidden.getFirst().in();
            b.read("actor MLP " + StateDict.widths(hidden) + " from 'a2c_network.actor_mlp.N' + head '" + head.name()
                    + "' [" + head.out() + ", " + head.in() + "]"
                    + (sd.hasPrefix("a2c_network.critic_mlp.") ? " (separate critic ignored)" : ""));
            cfg.ints("params.network.mlp.units").ifPresent(units -> {
                List<Integer> found = hidden.stream().map(StateDict.Linear::out).toList();
                if (!units.equals(found)) {
                    b.warn(cfg.at("params.network.mlp.units") + " is " + units + " but the checkpoint's layers are "
                            + found + "; the checkpoint wins");
                }
            });

            // Isaac Lab's RlGamesVecEnvWrapper observation clamp.
            Double clipObs = o.clipObservations();
            if (clipObs != null) {
                b.overridden("observation clamp ±" + clipObs);
            } else {
                Optional<Double> c = cfg.number("params.env.clip_observations");
                if (c.isPresent()) {
                    clipObs = c.get();
                    b.read("observation clamp ±" + clipObs + " from " + cfg.at("params.env.clip_observations"));
                } else {
                    b.defaulted("no observation clamp (Isaac Lab's env.clip_observations default inf)");
                }
            }
            if (clipObs != null && Double.isFinite(clipObs)) {
                b.add(Stage.Clamp.symmetric(obs, clipObs.floatValue()));
            }

            // RunningMeanStd.
            boolean hasNorm = sd.has("running_mean_std.running_mean");
            Optional<Boolean> normalizeInput = cfg.bool("params.config.normalize_input");
            if (normalizeInput.orElse(hasNorm) && !hasNorm) {
                throw new IllegalArgumentException(cfg.at("params.config.normalize_input") + " is true but "
                        + sd.where() + " has no 'running_mean_std.running_mean'; keys found: " + sd.keys());
            }
            if (hasNorm) {
                if (normalizeInput.isPresent() && !normalizeInput.get()) {
                    b.warn(cfg.at("params.config.normalize_input")
                            + " is false but the checkpoint has running_mean_std statistics; they are not used");
                } else {
                    double[] mean = sd.get("running_mean_std.running_mean").toDoubleArray();
                    double[] var = sd.get("running_mean_std.running_var").toDoubleArray();
                    if (mean.length != obs) {
                        throw new IllegalArgumentException(sd.where() + ": running_mean_std has " + mean.length
                                + " elements but the MLP takes " + obs);
                    }
                    b.add(new Stage.Normalize(
                            Stage.Normalize.Formula.SQRT_VAR_PLUS_EPS, mean, var, EPSILON, CLAMP, false));
                    b.read(
                            "RunningMeanStd from 'running_mean_std.running_mean/running_var' (float64, cast to float32): "
                                    + "clamp((x - mean) / sqrt(var + 1e-5), -5, 5)");
                }
            } else {
                b.read("no observation normaliser (no running_mean_std keys)");
            }

            Activation act = activation(cfg, "params.network.mlp.activation", o, b, null, null);
            b.hidden(hidden, act);
            if (discrete) {
                b.add(new Stage.Dense(head.weight(), head.bias(), head.in(), head.out(), Activation.IDENTITY));
                b.add(new Stage.Argmax());
                b.play("deterministic action = argmax(logits) (PpoPlayerDiscrete; first index on ties)");
                PolicySpec spec = b.build(
                        library(),
                        cfg.text("params.algo.name").orElse("a2c_discrete"),
                        obs,
                        new PolicySpec.ActionOutput.Discrete(head.out()));
                return b.loaded(spec, null, null);
            }
            int actions = head.out();
            Activation muAct;
            Optional<String> mu = cfg.text("params.network.space.continuous.mu_activation");
            if (mu.isPresent()) {
                muAct = parseActivation(mu.get(), cfg.at("params.network.space.continuous.mu_activation"));
                b.read("mu_activation " + muAct + " from " + cfg.at("params.network.space.continuous.mu_activation"));
            } else {
                muAct = Activation.IDENTITY;
                b.defaulted("mu_activation None (Isaac Lab's rl_games configs)");
            }
            b.add(new Stage.Dense(head.weight(), head.bias(), head.in(), head.out(), muAct));
            b.play("deterministic action = mu (PpoPlayerContinuous, is_deterministic=True)");
            boolean clipActions;
            Optional<Boolean> ca = cfg.bool("params.config.clip_actions");
            if (ca.isPresent()) {
                clipActions = ca.get();
                b.read("clip_actions " + clipActions + " from " + cfg.at("params.config.clip_actions"));
            } else {
                clipActions = true;
                b.defaulted("clip_actions true (the rl_games player's default)");
            }
            if (clipActions) {
                float[] low;
                float[] high;
                if (o.actionLow() != null) {
                    low = o.actionLow();
                    high = o.actionHigh();
                    b.overridden("action bounds " + fmt(low) + " .. " + fmt(high));
                } else {
                    Double c = o.clipActions();
                    String from = "the override clipActions";
                    if (c == null) {
                        c = cfg.number("params.env.clip_actions").orElse(null);
                        from = cfg.at("params.env.clip_actions")
                                + " (Isaac Lab reports Box(-clip_actions, clip_actions) to rl_games)";
                    }
                    if (c == null || !Double.isFinite(c)) {
                        throw new IllegalArgumentException(
                                "the rl_games player rescales clamp(mu, -1, 1) to the action space, but the action bounds are "
                                        + "not known: "
                                        + (cfg.present()
                                                ? cfg.source() + " has no finite 'params.env.clip_actions'"
                                                : "no params/agent.yaml found")
                                        + ". Pass AdapterOverrides.none().withActionBounds(low, high) (the task's action space) or withClipActions(c).");
                    }
                    low = new float[actions];
                    high = new float[actions];
                    Arrays.fill(low, (float) -c);
                    Arrays.fill(high, c.floatValue());
                    b.read("action bounds ±" + c + " from " + from);
                }
                if (low.length != actions) {
                    throw new IllegalArgumentException(
                            "the action bounds have " + low.length + " dimensions but the policy has " + actions);
                }
                float[] d = new float[actions];
                float[] m = new float[actions];
                for (int i = 0; i < actions; i++) {
                    d[i] = (high[i] - low[i]) / 2f;
                    m[i] = (high[i] + low[i]) / 2f;
                }
                b.add(Stage.Clamp.symmetric(actions, 1f));
                b.add(new Stage.Affine(d, m));
                b.play("action = clamp(mu, -1, 1) * (high - low) / 2 + (high + low) / 2 (float32)");
            }
            PolicySpec spec = b.build(
                    library(),
                    cfg.text("params.algo.name").orElse("a2c_continuous"),
                    obs,
                    new PolicySpec.ActionOutput.Continuous(actions));
            return b.loaded(spec, null, null);
        }
    }

    private static String epochFrame(Map<?, ?> root) {
        Object epoch = root.get("epoch");
        Object frame = root.get("frame");
        return epoch == null ? "" : ", epoch " + epoch + (frame == null ? "" : ", frame " + frame);
    }
}
