package io.playbench.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlayBundleJsonTests {

    private final ObjectMapper plain = new ObjectMapper();

    @Test
    void roundTripGivesAnEqualBundle() {
        PlayBundle bundle = SampleBundles.complete();

        PlayBundle back = PlayBundles.fromJson(PlayBundles.toJson(bundle));

        assertThat(back).isEqualTo(bundle);
    }

    @Test
    void crashedBundleRoundTripsWithNullsWritten() throws IOException {
        PlayBundle bundle = SampleBundles.crashed();

        String json = PlayBundles.toJson(bundle);
        JsonNode tree = plain.readTree(json);

        assertThat(PlayBundles.fromJson(json)).isEqualTo(bundle);
        assertThat(tree.get("reward").isNull()).isTrue();
        assertThat(tree.get("checkpoint").isNull()).isTrue();
        assertThat(tree.get("run").get("seed").isNull()).isTrue();
        assertThat(tree.get("runtime").get("effective_fps").isNull()).isTrue();
        assertThat(tree.get("run").get("status").asText()).isEqualTo("crashed");
    }

    @Test
    void keysAreSnakeCaseInSchemaOrderWithSchemaVersionLast() throws IOException {
        JsonNode tree = plain.readTree(PlayBundles.toJson(SampleBundles.complete()));
        JsonNode schema = plain.readTree(PlayBundles.schema());

        assertThat(fieldNames(tree)).containsExactlyElementsOf(fieldNames(schema.get("properties")));
        assertThat(fieldNames(tree)).last().isEqualTo("schema_version");
        for (String block : List.of("RunIdentity", "Versions", "Hardware", "Runtime", "Resources", "EpisodeCounts")) {
            String key = switch (block) {
                case "RunIdentity" -> "run";
                case "EpisodeCounts" -> "episodes";
                default -> block.toLowerCase();
            };
            assertThat(fieldNames(tree.get(key)))
                    .as("keys of %s", key)
                    .containsExactlyElementsOf(
                            fieldNames(schema.get("$defs").get(block).get("properties")));
        }
    }

    @Test
    void matchesTheGoldenDocument() throws IOException {
        String golden = resource("golden-bundle.json");

        JsonNode expected = plain.readTree(golden);
        JsonNode actual = plain.readTree(PlayBundles.toJson(SampleBundles.complete()));

        assertThat(actual).isEqualTo(expected);
        assertThat(PlayBundles.fromJson(golden)).isEqualTo(SampleBundles.complete());
    }

    @Test
    void aBundleWrittenBeforeDeviceNameAndSessionIdExistedStillReadsWithThemNull() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) plain.readTree(resource("golden-bundle.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("run")).remove(List.of("device_name", "session_id"));
        String old = plain.writeValueAsString(tree);

        assertThat(PlayBundles.validate(old)).isEmpty();
        PlayBundle read = PlayBundles.fromJson(old);

        assertThat(read.run().deviceName()).isNull();
        assertThat(read.run().sessionId()).isNull();
        assertThat(read)
                .isEqualTo(SampleBundles.complete()
                        .withRun(SampleBundles.complete().run().withSessionId(null)));
    }

    @Test
    void aGpuRunRecordsTheIndexAndNameOfItsDevice() {
        PlayBundle cpu = SampleBundles.complete();
        RunIdentity r = cpu.run();
        RunIdentity gpu = new RunIdentity(
                r.runId(),
                r.library(),
                r.config(),
                r.task(),
                r.seed(),
                r.startTimeUtc(),
                r.endTimeUtc(),
                r.durationS(),
                r.status(),
                r.numEnvs(),
                null,
                "gpu:1",
                "cuda",
                "NVIDIA H100 80GB HBM3",
                "s-1");

        PlayBundle back = PlayBundles.fromJson(PlayBundles.toJson(cpu.withRun(gpu)));

        assertThat(back.run().deviceIndex()).isEqualTo(1);
        assertThat(back.run().deviceName()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(back.run().sessionId()).isEqualTo("s-1");
        assertThat(cpu.run().deviceIndex()).isNull();
    }

    @Test
    void writesIndentedJsonEndingInOneNewline() {
        String json = PlayBundles.toJson(SampleBundles.complete());

        assertThat(json)
                .startsWith("{\n  \"run\": {\n    \"run_id\": ")
                .contains("\"presets\": []")
                .endsWith("\"schema_version\": \"playbench-1.0\"\n}\n");
    }

    @Test
    void extraKeepsInsertionOrder() throws IOException {
        JsonNode tree = plain.readTree(PlayBundles.toJson(SampleBundles.complete()));

        assertThat(fieldNames(tree.get("extra"))).containsExactly("note", "threads", "deterministic");
    }

    @Test
    void runIdFollowsIsaacLabsPattern() {
        RunIdentity run = SampleBundles.complete().run();

        assertThat(run.runId()).isEqualTo("sb3_playbench_classic_CartPole-v1_20260616T120131_seed42");
        assertThat(run.startTimeUtc()).isEqualTo("2026-06-16T12:00:02.513904+00:00");
        assertThat(run.durationS()).isEqualTo(88.530208, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(SampleBundles.crashed().run().runId())
                .isEqualTo("runtime_playbench_classic_CartPole-v1_20260616T120131_seednoseed");
    }

    @Test
    void everySchemaPropertyIsDescribed() throws IOException {
        JsonNode schema = plain.readTree(PlayBundles.schema());
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(schema, "", schema, undescribed);

        assertThat(undescribed).as("properties without a description").isEmpty();
    }

    @Test
    void invalidJsonTextIsReportedNotThrownFromValidate() {
        assertThat(PlayBundles.validate("{\"run\": "))
                .singleElement()
                .satisfies(v -> assertThat(v.keyword()).isEqualTo("json"));
        assertThatThrownBy(() -> PlayBundles.fromJson("")).isInstanceOf(InvalidBundleException.class);
    }

    private static void collectUndescribed(JsonNode node, String path, JsonNode root, List<String> out) {
        JsonNode properties = node.get("properties");
        if (properties != null) {
            for (Map.Entry<String, JsonNode> p : properties.properties()) {
                JsonNode value = p.getValue();
                boolean described = value.has("description")
                        || (value.has("$ref")
                                && root.at(value.get("$ref").asText().substring(1))
                                        .has("description"));
                if (!described) {
                    out.add(path + "/" + p.getKey());
                }
            }
        }
        JsonNode defs = node.get("$defs");
        if (defs != null) {
            for (Map.Entry<String, JsonNode> d : defs.properties()) {
                collectUndescribed(d.getValue(), "#/$defs/" + d.getKey(), root, out);
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PlayBundleJsonTests.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
