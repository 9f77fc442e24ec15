package io.playbench.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error paths, defaults, overrides, config parsing and the inspect summary of the library adapters. */
class LibraryAdaptersTests {

    private static final JsonMapper JSON = new JsonMapper();

    private static Path shared(String relative) {
        return LibraryAdaptersSharedCheckpointsTests.checkpoints().resolve(relative);
    }

    @Test
    void everyLibraryHasAnAdapter() {
        for (Library library : Library.values()) {
            assertThat(LibraryAdapters.of(library).library()).isEqualTo(library);
        }
    }

    @Test
    void aCheckpointOfAnotherLibrarySaysWhichLibraryItLooksLike() {
        assertThatThrownBy(() -> LibraryAdapters.of(Library.RSL_RL).load(shared("sb3/ppo-CartPole-v1/model.zip"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a rsl_rl checkpoint")
                .hasMessageContaining("This looks like a sb3 checkpoint; load it with Library.SB3");
        assertThatThrownBy(() ->
                        LibraryAdapters.of(Library.SKRL).load(shared("rl_games/ppo-CartPole-v1/nn/cartpole.pth"), null))
                .hasMessageContaining(
                        "no 'policy' state dict; top-level keys: [model, epoch, frame, optimizer, last_mean_rewards, env_state]")
                .hasMessageContaining("looks like a rl_games checkpoint");
        assertThatThrownBy(() -> LibraryAdapters.of(Library.RL_GAMES)
                        .load(shared("rsl_rl/v5-ppo-Pendulum-v1/model_199.pt"), null))
                .hasMessageContaining("looks like a rsl_rl checkpoint");
        assertThatThrownBy(() -> LibraryAdapters.of(Library.SB3)
                        .load(shared("skrl/ppo-Pendulum-v1/checkpoints/agent_12000.pt"), null))
                .hasMessageContaining("has no 'data' and 'policy.pth' entries")
                .hasMessageContaining("looks like a skrl checkpoint");
        assertThatThrownBy(
                        () -> LibraryAdapters.of(Library.RSL_RL).load(shared("sb3/ppo-CartPole-v1/facts.json"), null))
                .hasMessageContaining("facts.json");
    }

    @Test
    void detectionNamesEachSharedCheckpointsLibrary() {
        assertThat(LibraryAdapters.detect(shared("rsl_rl/v2-ppo-Pendulum-v1/model_199.pt")))
                .contains(Library.RSL_RL);
        assertThat(LibraryAdapters.detect(shared("rl_games/ppo-Pendulum-v1/nn/pendulum.pth")))
                .contains(Library.RL_GAMES);
        assertThat(LibraryAdapters.detect(shared("skrl/ppo-Pendulum-v1/checkpoints/agent_12000.pt")))
                .contains(Library.SKRL);
        assertThat(LibraryAdapters.detect(shared("sb3/a2c-Acrobot-v1-vecnormalize/model.zip")))
                .contains(Library.SB3);
        assertThat(LibraryAdapters.detect(shared("sb3/a2c-Acrobot-v1-vecnormalize/vecnormalize.pkl")))
                .isEmpty();
        assertThat(LibraryAdapters.detect(shared("does-not-exist.pt"))).isEmpty();
    }

    @Test
    void anUnknownLayoutListsTheKeysFound(@TempDir Path tmp) throws IOException {
        // GIVEN an SB3 zip whose policy.pth is an rsl_rl checkpoint
        Path zip = tmp.resolve("model.zip");
        String data = Files.readString(shared("sb3/ppo-CartPole-v1/model.zip").resolveSibling("facts.json"))
                        .isEmpty()
                ? ""
                : sb3Data();
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("data"));
            z.write(data.getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("policy.pth"));
            z.write(Files.readAllBytes(shared("rsl_rl/v5-ppo-Pendulum-v1/model_199.pt")));
        }
        // WHEN / THEN
        assertThatThrownBy(() -> LibraryAdapters.of(Library.SB3).load(zip, tmp))
                .hasMessageContaining("matches none of the SB3 MLP policies")
                .hasMessageContaining("(unknown layout); keys found: actor_state_dict.obs_normalizer._mean[1, 3]");
    }

    private static String sb3Data() {
        return "{\"observation_space\": {\":type:\": \"<class 'gymnasium.spaces.box.Box'>\", \"_shape\": [3], \"dtype\": \"float32\"},"
                + " \"action_space\": {\":type:\": \"<class 'gymnasium.spaces.box.Box'>\", \"_shape\": [1], \"low\": \"[-2.]\", \"high\": \"[2.]\"}}";
    }

    @Test
    void rlGamesWithoutItsConfigAsksForTheActivationAndTheBounds(@TempDir Path tmp) throws IOException {
        // GIVEN the rl_games Pendulum checkpoint alone, without params/agent.yaml
        Path ckpt = tmp.resolve("pendulum.pth");
        Files.copy(shared("rl_games/ppo-Pendulum-v1/nn/pendulum.pth"), ckpt);
        LibraryAdapter adapter = LibraryAdapters.of(Library.RL_GAMES);

        assertThatThrownBy(() -> adapter.load(ckpt, tmp))
                .hasMessageContaining("the hidden activation is not in the checkpoint and the library has no default")
                .hasMessageContaining("no params/agent.yaml found")
                .hasMessageContaining("withActivation");
        assertThatThrownBy(() -> adapter.load(ckpt, tmp, AdapterOverrides.none().withActivation(Activation.ELU)))
                .hasMessageContaining("the action bounds are not known")
                .hasMessageContaining("withActionBounds");

        // WHEN the caller supplies what the config held
        LoadedPolicy p = adapter.load(
                ckpt,
                tmp,
                AdapterOverrides.none()
                        .withActivation(Activation.ELU)
                        .withActionBounds(new float[] {-2f}, new float[] {2f}));

        // THEN the library's actions are reproduced, and the summary says what was overridden and defaulted
        JsonNode samples = JSON.readTree(shared("rl_games/ppo-Pendulum-v1/reference-actions.json")
                        .toFile())
                .get("samples");
        assertThat(LibraryAdaptersSharedCheckpointsTests.compare(p.spec(), samples).failures)
                .isEmpty();
        assertThat(LibraryAdapters.describe(p))
                .contains("override: hidden activation ELU")
                .contains("override: action bounds [-2.0] .. [2.0]")
                .contains("default: clip_actions true (the rl_games player's default)")
                .contains("default: mu_activation None");
        assertThat(p.warnings()).anyMatch(w -> w.startsWith("default used: clip_actions true"));
    }

    @Test
    void rslRlWithoutItsConfigUsesTheLibraryDefaultsAndSaysSo(@TempDir Path tmp) throws IOException {
        Path ckpt = tmp.resolve("model_199.pt");
        Files.copy(shared("rsl_rl/v5-ppo-Pendulum-v1/model_199.pt"), ckpt);

        LoadedPolicy p = LibraryAdapters.of(Library.RSL_RL).load(ckpt, tmp);

        assertThat(p.spec().stages()).noneMatch(s -> s instanceof Stage.Clamp);
        assertThat(p.warnings())
                .anyMatch(w -> w.contains("hidden activation ELU (rsl_rl's default 'elu'"))
                .anyMatch(w -> w.contains("no action clamp"));
        // without the wrapper's clamp the action is the raw Gaussian mean
        JsonNode samples = JSON.readTree(shared("rsl_rl/v5-ppo-Pendulum-v1/reference-actions.json")
                        .toFile())
                .get("samples");
        ReferencePolicy ref = new ReferencePolicy(p.spec());
        for (JsonNode s : samples) {
            float[] raw = LibraryAdaptersSharedCheckpointsTests.floats(s.get("raw_output"));
            float[] out = ref.forward(LibraryAdaptersSharedCheckpointsTests.floats(s.get("obs")));
            assertThat(out[0])
                    .isCloseTo(raw[0], org.assertj.core.data.Offset.offset(1e-5f * Math.max(1f, Math.abs(raw[0]))));
        }
        // an override clamp puts it back
        LoadedPolicy clipped = LibraryAdapters.of(Library.RSL_RL)
                .load(ckpt, tmp, AdapterOverrides.none().withClipActions(2.0));
        assertThat(LibraryAdaptersSharedCheckpointsTests.compare(clipped.spec(), samples).failures)
                .isEmpty();
    }

    @Test
    void skrlWithoutItsConfigNeedsTheActivation(@TempDir Path tmp) throws IOException {
        Path ckpt = tmp.resolve("agent_12000.pt");
        Files.copy(shared("skrl/ppo-Pendulum-v1/checkpoints/agent_12000.pt"), ckpt);
        assertThatThrownBy(() -> LibraryAdapters.of(Library.SKRL).load(ckpt, tmp))
                .hasMessageContaining("skrl keeps the hidden activations only in the agent config")
                .hasMessageContaining("withActivation");
        LoadedPolicy p = LibraryAdapters.of(Library.SKRL)
                .load(ckpt, tmp, AdapterOverrides.none().withActivation(Activation.ELU));
        JsonNode samples = JSON.readTree(
                        shared("skrl/ppo-Pendulum-v1/reference-actions.json").toFile())
                .get("samples");
        assertThat(LibraryAdaptersSharedCheckpointsTests.compare(p.spec(), samples).failures)
                .isEmpty();
        assertThat(p.warnings()).anyMatch(w -> w.contains("output expression ACTIONS"));
    }

    @Test
    void isaacLabYamlWithPythonTagsAndInfinitiesIsRead() {
        AgentConfig cfg = AgentConfig.ofYaml("""
                policy:
                  actor_hidden_dims: !!python/tuple
                  - 256
                  - 128
                  activation: elu
                obs_groups: !!python/object/apply:builtins.dict
                - policy: !!python/tuple
                  - policy
                params:
                  env:
                    clip_observations: .inf
                    clip_actions: -.inf
                    other: .nan
                  config:
                    normalize_input: True
                  fn: !!python/name:isaaclab.envs.mdp.observations.joint_pos_rel ''
                """, "agent.yaml");

        assertThat(cfg.ints("policy.actor_hidden_dims")).contains(java.util.List.of(256, 128));
        assertThat(cfg.text("policy.activation")).contains("elu");
        assertThat(cfg.number("params.env.clip_observations")).contains(Double.POSITIVE_INFINITY);
        assertThat(cfg.number("params.env.clip_actions")).contains(Double.NEGATIVE_INFINITY);
        assertThat(cfg.number("params.env.other"))
                .hasValueSatisfying(v -> assertThat(v).isNaN());
        assertThat(cfg.bool("params.config.normalize_input")).contains(true);
        assertThat(cfg.has("params.fn")).isTrue();
        assertThat(cfg.number("missing.value")).isEmpty();
    }

    @Test
    void stableBaselinesBoundsAreReadFromNumpyStrings() {
        assertThat(Sb3Adapter.numpyStr("[-4.8               -inf -0.41887903        -inf]", Path.of("m.zip"), "low"))
                .containsExactly(-4.8f, Float.NEGATIVE_INFINITY, -0.41887903f, Float.NEGATIVE_INFINITY);
        assertThat(Sb3Adapter.numpyStr("[ -1.        -1.       -12.566371 -28.274334]", Path.of("m.zip"), "low"))
                .containsExactly(-1f, -1f, -12.566371f, -28.274334f);
        assertThatThrownBy(() -> Sb3Adapter.numpyStr("[0. 0. ... 0. 0.]", Path.of("m.zip"), "high"))
                .hasMessageContaining("summarised by NumPy")
                .hasMessageContaining("withActionBounds");
    }

    @Test
    void theInspectSummaryListsStagesAndSources() throws IOException {
        Path dir = shared("sb3/a2c-Acrobot-v1-vecnormalize");
        LoadedPolicy p = LibraryAdapters.of(Library.SB3).load(dir.resolve("model.zip"), dir);

        String text = LibraryAdapters.describe(p);

        assertThat(p.libraryVersion()).isEqualTo("2.9.0a4");
        assertThat(p.torchVersion()).isEqualTo("2.11.0+cu130");
        assertThat(p.spec().algorithm()).isEqualTo("A2C");
        assertThat(text)
                .contains(
                        "library:      sb3 2.9.0a4",
                        "algorithm:    A2C",
                        "action:       Discrete(3)",
                        "normalize (x - mean) / sqrt(var + eps) eps=1.0E-8 clip=10.0 float64 then float32 (6 values)",
                        "dense 6 -> 64 TANH",
                        "argmax",
                        "read: VecNormalize from",
                        "policy class stable_baselines3.common.policies.ActorCriticPolicy",
                        "default: hidden activation TANH");
    }

    @Test
    void aPolicyThatDoesNotFitTheTaskIsRefused() throws IOException {
        Path dir = shared("sb3/ppo-CartPole-v1");
        PolicySpec spec = LibraryAdapters.of(Library.SB3)
                .load(dir.resolve("model.zip"), dir)
                .spec();
        LibraryAdapters.requireFits(spec, 4, new PolicySpec.ActionOutput.Discrete(2));
        assertThatThrownBy(() -> LibraryAdapters.requireFits(spec, 6, new PolicySpec.ActionOutput.Discrete(2)))
                .hasMessageContaining("takes observations of 4 values but the task's observations have 6");
        assertThatThrownBy(() -> LibraryAdapters.requireFits(spec, 4, new PolicySpec.ActionOutput.Continuous(1)))
                .hasMessageContaining("produces Discrete(2) but the task expects Box(1) float32");
    }

    @Test
    void overridesAreCheckedAndCompareByValue() {
        assertThat(AdapterOverrides.none().isEmpty()).isTrue();
        assertThat(AdapterOverrides.none().withActionBounds(new float[] {-1}, new float[] {1}))
                .isEqualTo(AdapterOverrides.none().withActionBounds(new float[] {-1}, new float[] {1}));
        assertThatThrownBy(() -> AdapterOverrides.none().withActionBounds(new float[] {1}, new float[] {-1}))
                .hasMessageContaining("low 1.0 > high -1.0");
        assertThatThrownBy(() -> AdapterOverrides.none().withClipActions(0))
                .hasMessageContaining("clipActions must be > 0");
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThatThrownBy(() -> LibraryAdapters.of(Library.SKRL).load(Path.of("/nonexistent/agent.pt"), null))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
