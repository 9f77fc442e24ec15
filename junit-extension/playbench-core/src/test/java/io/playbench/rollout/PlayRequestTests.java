package io.playbench.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbench.library.Library;
import org.junit.jupiter.api.Test;

class PlayRequestTests {

    @Test
    void aSeedWhoseLastEnvWouldOverflowIsRefused() {
        assertThatThrownBy(() -> PlayRequest.builder(Library.SB3, "CartPole-v1")
                        .numEnvs(4)
                        .seed(Long.MAX_VALUE - 1)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed " + (Long.MAX_VALUE - 1) + " is too large for 4 envs")
                .hasMessageContaining("use a seed <= " + (Long.MAX_VALUE - 3));
        assertThat(PlayRequest.builder(Library.SB3, "CartPole-v1")
                        .numEnvs(4)
                        .seed(Long.MAX_VALUE - 3)
                        .build()
                        .seed())
                .isEqualTo(Long.MAX_VALUE - 3);
    }

    @Test
    void tooManyEnvsAreRefusedBeforeAnythingIsAllocated() {
        assertThatThrownBy(() -> PlayRequest.builder(Library.SB3, "CartPole-v1")
                        .numEnvs(Integer.MAX_VALUE)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numEnvs must be from 1 to 16,777,216 but was 2,147,483,647");
    }

    @Test
    void aPinThatIsNotASha256IsRefusedAndAnUpperCaseOneIsNormalised() {
        assertThatThrownBy(() -> PlayRequest.builder(Library.SB3, "CartPole-v1")
                        .checkpointSha256("not-hex")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkpointSha256 must be 64 hexadecimal digits")
                .hasMessageContaining("'not-hex'");
        assertThat(PlayRequest.builder(Library.SB3, "CartPole-v1")
                        .checkpointSha256("AB".repeat(32))
                        .build()
                        .checkpointSha256())
                .isEqualTo("ab".repeat(32));
    }
}
