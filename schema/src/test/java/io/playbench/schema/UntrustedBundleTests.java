package io.playbench.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bundles are untrusted input: values that would break a reader later are rejected when the bundle is read. */
class UntrustedBundleTests {

    private static String edited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode tree = (ObjectNode) PlayBundles.mapper().readTree(PlayBundles.toJson(SampleBundles.complete()));
        edit.accept(tree);
        return PlayBundles.mapper().writeValueAsString(tree);
    }

    @Test
    void aDeviceIndexBeyondAnIntIsRejectedWithItsValue() throws Exception {
        String json = edited(t -> ((ObjectNode) t.get("run")).put("device", "gpu:99999999999999999999"));

        assertThatThrownBy(() -> PlayBundles.fromJson(json))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("run.device must be 'cpu' or 'gpu:N' with N from 0 to 9999")
                .hasMessageContaining("'gpu:99999999999999999999'");
    }

    @Test
    void aFourDigitDeviceIndexIsFine() throws Exception {
        String json = edited(t -> ((ObjectNode) t.get("run")).put("device", "gpu:9999"));

        assertThat(PlayBundles.fromJson(json).run().deviceIndex()).isEqualTo(9999);
    }

    @Test
    void aTaskOf300CharactersIsRejected() throws Exception {
        String json = edited(t -> ((ObjectNode) t.get("run")).put("task", "T".repeat(300)));

        assertThatThrownBy(() -> PlayBundles.fromJson(json))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("run.task must be at most 200 characters but was 300 characters ('TTTT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Cart\u0000Pole", "Cart\u001b]0;owned\u0007Pole", "Cart\nPole"})
    void controlCharactersInTheTaskAreRejectedAndNotEchoed(String task) throws Exception {
        String json = edited(t -> ((ObjectNode) t.get("run")).put("task", task));

        assertThatThrownBy(() -> PlayBundles.fromJson(json))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("run.task must not contain control characters")
                .hasMessageContaining("'Cart\\u00")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b", "\u0000", "\u0007"));
    }

    @Test
    void aGarbageRolloutTimestampInExtraIsRejected() throws Exception {
        String json = edited(t -> t.putObject("extra")
                .put("rollout.start_utc", "yesterday")
                .put("rollout.end_utc", "2026-06-16T12:00:02.513904+00:00"));

        assertThatThrownBy(() -> PlayBundles.fromJson(json))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining(
                        "extra.rollout.start_utc must be a UTC timestamp like 2026-06-16T12:00:02.513904+00:00 but"
                                + " was 'yesterday'");
    }

    @Test
    void anImpossibleDateInTheRunIsRejected() throws Exception {
        String json = edited(t -> ((ObjectNode) t.get("run")).put("end_time_utc", "2026-02-30T99:00:00.000000+00:00"));

        assertThatThrownBy(() -> PlayBundles.fromJson(json))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("run.end_time_utc is not a valid date-time: '2026-02-30T99:00:00.000000+00:00'");
    }

    @Test
    void safeNamesSanitiseHostileStrings() {
        assertThat(SafeNames.fileName("/etc/passwd")).isEqualTo("-etc-passwd");
        assertThat(SafeNames.fileName("../../x")).isEqualTo("_.-..-x");
        assertThat(SafeNames.fileName("..")).isEqualTo("_.");
        assertThat(SafeNames.fileName("")).isEqualTo("_");
        assertThat(SafeNames.fileName("a\u0000b\u001b[2Jc")).isEqualTo("a-b--2Jc");
        assertThat(SafeNames.fileName("CartPole-v1_sb3")).isEqualTo("CartPole-v1_sb3");
        String long1 = SafeNames.fileName("x".repeat(300) + "1");
        String long2 = SafeNames.fileName("x".repeat(300) + "2");
        assertThat(long1).hasSize(SafeNames.MAX_LENGTH).isNotEqualTo(long2).matches("x+_[0-9a-f]{12}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../x", "..", ".", "a/b", "a\\b", "a\u0000b", ""})
    void resolveRefusesNamesThatLeaveTheDirectory(String name) {
        assertThatThrownBy(() -> SafeNames.resolve(Path.of("/tmp/out"), name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to use")
                .hasMessageContaining("as a file name in /tmp/out");
    }

    @Test
    void resolveKeepsAPlainName() {
        assertThat(SafeNames.resolve(Path.of("/tmp/out"), "abc-result.json"))
                .isEqualTo(Path.of("/tmp/out/abc-result.json"));
    }
}
