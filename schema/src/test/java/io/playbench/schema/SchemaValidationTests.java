package io.playbench.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SchemaValidationTests {

    private final ObjectMapper plain = new ObjectMapper();

    @Test
    void theSampleBundlesAreValid() {
        assertThat(PlayBundles.validate(PlayBundles.toJson(SampleBundles.complete())))
                .isEmpty();
        assertThat(PlayBundles.validate(PlayBundles.toJson(SampleBundles.crashed())))
                .isEmpty();
    }

    @Test
    void aMissingFieldIsReportedWithItsParentPointer() throws Exception {
        List<Violation> violations = validateEdited(doc -> ((ObjectNode) doc.get("run")).remove("status"));

        assertThat(violations).anySatisfy(v -> {
            assertThat(v.pointer()).isEqualTo("/run");
            assertThat(v.keyword()).isEqualTo("required");
            assertThat(v.message()).contains("status");
        });
    }

    @Test
    void aMissingTopLevelNullableFieldIsStillRequired() throws Exception {
        List<Violation> violations = validateEdited(doc -> doc.remove("video_path"));

        assertThat(violations).anySatisfy(v -> {
            assertThat(v.keyword()).isEqualTo("required");
            assertThat(v.message()).contains("video_path");
        });
    }

    @Test
    void anUnknownFieldIsRejected() throws Exception {
        List<Violation> violations = validateEdited(doc -> ((ObjectNode) doc.get("runtime")).put("fps", 1.0));

        assertThat(violations).anySatisfy(v -> {
            assertThat(v.pointer()).isEqualTo("/runtime");
            assertThat(v.keyword()).isEqualTo("additionalProperties");
            assertThat(v.message()).contains("fps");
        });
    }

    @Test
    void aWronglyTypedFieldIsRejectedAtItsPointer() throws Exception {
        List<Violation> violations = validateEdited(doc -> ((ObjectNode) doc.get("run")).put("num_envs", "sixteen"));

        assertThat(violations).anySatisfy(v -> {
            assertThat(v.pointer()).isEqualTo("/run/num_envs");
            assertThat(v.keyword()).isEqualTo("type");
        });
    }

    @Test
    void anUnknownStatusIsRejected() throws Exception {
        List<Violation> violations = validateEdited(doc -> ((ObjectNode) doc.get("run")).put("status", "done"));

        assertThat(violations).anySatisfy(v -> {
            assertThat(v.pointer()).isEqualTo("/run/status");
            assertThat(v.keyword()).isEqualTo("enum");
        });
    }

    @Test
    void rangesAndPatternsAreEnforced() throws Exception {
        assertThat(validateEdited(doc -> doc.put("success_rate", 1.01)))
                .anySatisfy(v -> assertThat(v.pointer()).isEqualTo("/success_rate"));
        assertThat(validateEdited(doc -> ((ObjectNode) doc.get("run")).put("start_time_utc", "yesterday")))
                .anySatisfy(v -> assertThat(v.keyword()).isEqualTo("pattern"));
        assertThat(validateEdited(doc -> ((ObjectNode) doc.get("runtime").get("step_latency_s")).put("p99", -1)))
                .anySatisfy(v -> assertThat(v.pointer()).isEqualTo("/runtime/step_latency_s/p99"));
        assertThat(validateEdited(doc -> doc.put("schema_version", "1.0")))
                .anySatisfy(v -> assertThat(v.keyword()).isEqualTo("const"));
    }

    @Test
    void nonFiniteNumberTokensAreNotJson() {
        String json = PlayBundles.toJson(SampleBundles.complete())
                .replace("\"effective_fps\": 7529.411764705884", "\"effective_fps\": NaN");

        assertThat(json).contains("NaN");
        assertThat(PlayBundles.validate(json))
                .singleElement()
                .satisfies(v -> assertThat(v.keyword()).isEqualTo("json"));
    }

    @Test
    void readingAnInvalidDocumentListsEveryProblem() throws Exception {
        ObjectNode doc = (ObjectNode) plain.readTree(PlayBundles.toJson(SampleBundles.complete()));
        ((ObjectNode) doc.get("run")).put("status", "done");
        doc.put("bogus", true);

        assertThatThrownBy(() -> PlayBundles.fromJson(plain.writeValueAsString(doc)))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("/run/status [enum]")
                .hasMessageContaining("[additionalProperties]")
                .satisfies(e ->
                        assertThat(((InvalidBundleException) e).violations()).hasSizeGreaterThanOrEqualTo(2));
    }

    @Test
    void aSchemaValidDocumentThatBreaksAnInvariantNamesIt() throws Exception {
        ObjectNode doc = (ObjectNode) plain.readTree(PlayBundles.toJson(SampleBundles.complete()));
        ((ObjectNode) doc.get("reward")).put("peak", 1.0);

        assertThatThrownBy(() -> PlayBundles.fromJson(plain.writeValueAsString(doc)))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("/reward")
                .hasMessageContaining("peak must be >= mean");
    }

    private List<Violation> validateEdited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode doc = (ObjectNode) plain.readTree(PlayBundles.toJson(SampleBundles.complete()));
        edit.accept(doc);
        return PlayBundles.validate(doc);
    }
}
