package io.playbench.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real checkpoints trained by rsl_rl, rl_games, skrl and Stable-Baselines3 (copied from the shared reference set)
 * read completely, and their key tree, shapes, dtypes, devices and sha256 match the libraries' own facts.json.
 */
class TorchSharedCheckpointsTests {

    private static final JsonMapper JSON = new JsonMapper();

    @ParameterizedTest
    @CsvSource({
        "rsl_rl/v5-ppo-Pendulum-v1, model_199.pt, model_199",
        "rsl_rl/v2-ppo-Pendulum-v1, model_199.pt, model_199",
        "rl_games/ppo-CartPole-v1, nn/cartpole.pth, cartpole",
        "rl_games/ppo-Pendulum-v1, nn/pendulum.pth, pendulum",
    })
    void isaacLabCheckpointsMatchTheirFacts(String folder, String file, String prefix) throws IOException {
        JsonNode facts = JSON.readTree(
                Resources.path("checkpoints/" + folder + "/facts.json").toFile());
        Path path = Resources.path("checkpoints/" + folder + "/" + file);
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(path)) {
            assertThat(ckpt.sha256())
                    .isEqualTo(facts.get("files").get(file).get("sha256").asText());
            assertThat(ckpt.archivePrefix()).isEqualTo(prefix);
            JsonNode tree = facts.get("checkpoint").get("tree");
            assertThat(keys(ckpt.root())).containsExactlyElementsOf(names(tree));
            int tensors = compareTree(ckpt.root(), tree, folder);
            assertThat(tensors).isGreaterThan(10);
        }
    }

    @Test
    void skrlCheckpointMatchesItsFacts() throws IOException {
        JsonNode facts = JSON.readTree(
                Resources.path("checkpoints/skrl/ppo-Pendulum-v1/facts.json").toFile());
        try (TorchCheckpoint ckpt =
                TorchCheckpoint.open(Resources.path("checkpoints/skrl/ppo-Pendulum-v1/checkpoints/agent_12000.pt"))) {
            assertThat(ckpt.sha256())
                    .isEqualTo(facts.get("files_sha256")
                            .get("checkpoints/agent_12000.pt")
                            .asText());
            assertThat(ckpt.archivePrefix())
                    .isEqualTo(facts.get("checkpoint").get("zip_prefix").asText());
            JsonNode modules = facts.get("checkpoint").get("modules");
            assertThat(keys(ckpt.root()))
                    .containsExactlyElementsOf(names(facts.get("checkpoint").get("top_level_keys")));
            for (String m : List.of("policy", "value", "observation_preprocessor", "value_preprocessor")) {
                compareTree(ckpt.get(m), modules.get(m), "skrl " + m);
            }
            assertThat(ckpt.tensor("policy.net_container.0.weight").device()).isEqualTo("cuda:0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppo-CartPole-v1", "dqn-CartPole-v1", "sac-Pendulum-v1", "a2c-Acrobot-v1-vecnormalize"})
    void stableBaselinesZipsReadThroughTheirNestedPolicy(String name) throws IOException {
        JsonNode facts = JSON.readTree(
                Resources.path("checkpoints/sb3/" + name + "/facts.json").toFile());
        Path zip = Resources.path("checkpoints/sb3/" + name + "/model.zip");
        assertThat(sha256(zip))
                .isEqualTo(facts.get("files_sha256").get("model.zip").asText());
        try (ZipArchive sb3 = ZipArchive.open(zip)) {
            assertThat(sb3.readText("_stable_baselines3_version")).startsWith("2.9.0a4");
            JsonNode data = JSON.readTree(sb3.readText("data"));
            assertThat(data.has("observation_space")).isTrue();
            try (TorchCheckpoint policy = TorchCheckpoint.open(sb3, "policy.pth")) {
                assertThat(policy.archivePrefix()).isEqualTo("archive");
                assertThat(policy.source()).endsWith("model.zip!/policy.pth");
                Map<String, Tensor> tensors = policy.tensors();
                JsonNode shapes = facts.get("network").get("policy_state_dict");
                assertThat(tensors.keySet()).containsExactlyElementsOf(names(shapes));
                shapes.fields().forEachRemaining(e -> {
                    Tensor t = tensors.get(e.getKey());
                    assertThat(t.shape()).as(e.getKey()).containsExactly(longs(e.getValue()));
                    assertThat(t.toFloatArray()).as(e.getKey()).hasSize((int) t.numel());
                });
            }
            for (ZipArchive.Entry e : sb3.entries()) {
                if (e.name().endsWith(".pth")) {
                    try (TorchCheckpoint other = TorchCheckpoint.open(sb3, e.name())) {
                        assertThat(other.root()).as(e.name()).isNotNull();
                    }
                }
            }
        }
    }

    @Test
    void vecNormalizeIsRefusedWithoutStandIns() {
        Path pkl = Resources.path("checkpoints/sb3/a2c-Acrobot-v1-vecnormalize/vecnormalize.pkl");
        assertThatThrownBy(() -> Pickles.load(pkl, ReadOptions.defaults()))
                .isInstanceOf(UnsafePickleException.class)
                .hasMessageContaining("stable_baselines3.common.vec_env.vec_normalize.VecNormalize")
                .hasMessageContaining("vecnormalize.pkl")
                .hasMessageContaining("withSb3StandIns()");
    }

    @Test
    void vecNormalizeStatisticsReadWithStandIns() throws IOException {
        JsonNode facts = JSON.readTree(Resources.path("checkpoints/sb3/a2c-Acrobot-v1-vecnormalize/facts.json")
                        .toFile())
                .get("observation_normalisation");
        Path pkl = Resources.path("checkpoints/sb3/a2c-Acrobot-v1-vecnormalize/vecnormalize.pkl");
        assertThat(sha256(pkl)).isEqualTo("298fbf73c7a2b10bbf7dc3a971f80ea9fe53a29f78f100fc404c28a1661bf9f5");
        Object root = Pickles.load(pkl, ReadOptions.defaults().withSb3StandIns());
        assertThat(root).isInstanceOfSatisfying(PyObject.class, v -> {
            assertThat(v.className()).isEqualTo("stable_baselines3.common.vec_env.vec_normalize.VecNormalize");
            assertThat(v.attribute("clip_obs")).isEqualTo(facts.get("clip_obs").asDouble());
            assertThat(v.attribute("epsilon")).isEqualTo(facts.get("epsilon").asDouble());
            assertThat(v.attribute("norm_obs")).isEqualTo(true);
            assertThat(v.attribute("training"))
                    .isEqualTo(facts.get("training_flag_in_file").asBoolean());
        });
        NumpyArray mean = (NumpyArray) PickleTree.find(root, "obs_rms.mean").orElseThrow();
        NumpyArray var = (NumpyArray) PickleTree.find(root, "obs_rms.var").orElseThrow();
        assertThat(mean.dtype()).isEqualTo("float64");
        assertThat(mean.shape()).containsExactly(6);
        assertThat(mean.toDoubleArray())
                .containsExactly(doubles(facts.get("obs_rms").get("mean")));
        assertThat(var.toDoubleArray())
                .containsExactly(doubles(facts.get("obs_rms").get("var")));
        assertThat(PickleTree.find(root, "obs_rms.count"))
                .contains(facts.get("obs_rms").get("count").asDouble());
        assertThat(PickleTree.find(root, "observation_space"))
                .get()
                .isInstanceOfSatisfying(
                        PyObject.class, box -> assertThat(box.className()).isEqualTo("gymnasium.spaces.box.Box"));
    }

    @Test
    void rlGamesNumpyScalarIsReadAsAValue() throws IOException {
        try (TorchCheckpoint ckpt =
                TorchCheckpoint.open(Resources.path("checkpoints/rl_games/ppo-Pendulum-v1/nn/pendulum.pth"))) {
            assertThat(ckpt.get("last_mean_rewards")).isInstanceOfSatisfying(NumpyArray.class, a -> {
                assertThat(a.dtype()).isEqualTo("float32");
                assertThat(a.item()).isEqualTo(-172.21820068359375);
            });
            assertThat(ckpt.tensor("model.running_mean_std.running_mean").dtype())
                    .isEqualTo(Dtype.FLOAT64);
            System.out.println(ckpt.summary());
        }
    }

    /** Compares a facts.json key tree with the values read; returns the number of tensors compared. */
    private static int compareTree(Object node, JsonNode facts, String where) {
        if (facts.has("shape") && facts.has("dtype")) {
            assertThat(node).as(where).isInstanceOf(Tensor.class);
            Tensor t = (Tensor) node;
            assertThat(t.shape()).as(where + " shape").containsExactly(longs(facts.get("shape")));
            assertThat(t.dtype().torchName())
                    .as(where + " dtype")
                    .isEqualTo(facts.get("dtype").asText());
            if (facts.has("device")) {
                assertThat(t.device())
                        .as(where + " device")
                        .isEqualTo(facts.get("device").asText());
            }
            assertThat(t.toDoubleArray()).as(where).hasSize((int) t.numel());
            return 1;
        }
        if (facts.has("type") && facts.has("value")) {
            JsonNode v = facts.get("value");
            switch (facts.get("type").asText()) {
                case "NoneType" -> assertThat(node).as(where).isNull();
                case "int" -> assertThat(node).as(where).isEqualTo(v.asLong());
                case "float" -> assertThat(node).as(where).isEqualTo(v.asDouble());
                case "numpy.float32" ->
                    assertThat(((NumpyArray) node).item()).as(where).isEqualTo(v.asDouble());
                default -> {}
            }
            return 0;
        }
        if (facts.has("type") && facts.has("len")) {
            assertThat(node)
                    .as(where)
                    .isInstanceOfSatisfying(
                            List.class,
                            l -> assertThat(l).hasSize(facts.get("len").asInt()));
            return 0;
        }
        int n = 0;
        assertThat(node).as(where).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) node;
        for (var it = facts.fields(); it.hasNext(); ) {
            var e = it.next();
            Object child = map.containsKey(e.getKey()) ? map.get(e.getKey()) : map.get(Long.valueOf(e.getKey()));
            assertThat(map.containsKey(e.getKey()) || map.containsKey(Long.valueOf(e.getKey())))
                    .as(where + "." + e.getKey())
                    .isTrue();
            n += compareTree(child, e.getValue(), where + "." + e.getKey());
        }
        return n;
    }

    private static List<String> keys(Object map) {
        return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).toList();
    }

    private static List<String> names(JsonNode node) {
        List<String> r = new java.util.ArrayList<>();
        if (node.isArray()) {
            node.forEach(x -> r.add(x.asText()));
        } else {
            node.fieldNames().forEachRemaining(r::add);
        }
        return r;
    }

    private static long[] longs(JsonNode a) {
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asLong();
        }
        return r;
    }

    private static double[] doubles(JsonNode a) {
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asDouble();
        }
        return r;
    }

    static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
