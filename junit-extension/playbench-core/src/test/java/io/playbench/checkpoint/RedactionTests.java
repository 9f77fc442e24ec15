package io.playbench.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTests {

    @Test
    void credentialsQueryValuesAndFragmentsAreHidden() {
        assertThat(Redaction.redact("https://user:pa55@host.example/a/model.zip?token=abc&sig=x%2Fy&flag#frag"))
                .isEqualTo("https://***@host.example/a/model.zip?token=***&sig=***&***#***");
    }

    @Test
    void urlsInsideAMessageAreRedactedAndOtherTextIsKept() {
        assertThat(Redaction.redact("No checkpoint 'https://h/x.pt?X-Amz-Signature=1' found; see runs/a/latest"))
                .isEqualTo("No checkpoint 'https://h/x.pt?X-Amz-Signature=***' found; see runs/a/latest");
        assertThat(Redaction.redact("runs/a/model_10.pt")).isEqualTo("runs/a/model_10.pt");
        assertThat(Redaction.redact("https://host/model.zip")).isEqualTo("https://host/model.zip");
        assertThat(Redaction.redact(null)).isNull();
    }

    @Test
    void anInvalidUrlIsReportedRedacted() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new CheckpointResolver(CheckpointSettings.defaults(java.nio.file.Path.of("."), null))
                                .resolve(new CheckpointRequest(
                                        io.playbench.library.Library.SB3,
                                        "CartPole-v1",
                                        "https://bob:pw@host/a b.zip?sig=s3cr3t",
                                        null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://***@host/a")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw@", "s3cr3t"));
    }
}
