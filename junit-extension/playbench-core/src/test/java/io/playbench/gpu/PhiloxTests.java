package io.playbench.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Java twin of the device's reset generator: Random123's known-answer vectors for Philox4x32-10. */
class PhiloxTests {

    @Test
    void knownAnswerVectors() {
        assertThat(Philox.block(new int[] {0, 0, 0, 0}, new int[] {0, 0}))
                .containsExactly(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
        assertThat(Philox.block(new int[] {-1, -1, -1, -1}, new int[] {-1, -1}))
                .containsExactly(0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
        assertThat(Philox.block(
                        new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, new int[] {0xa4093822, 0x299f31d0}))
                .containsExactly(0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
    }

    @Test
    void resetDrawsAreInRangeAndDifferPerEnvAndReset() {
        double[] a = Philox.resetDraws(42, 0, 0, -0.05, 0.05);
        double[] b = Philox.resetDraws(42, 1, 0, -0.05, 0.05);
        double[] c = Philox.resetDraws(42, 0, 1, -0.05, 0.05);
        assertThat(java.util.Arrays.stream(a).allMatch(v -> v >= -0.05 && v < 0.05))
                .isTrue();
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(Philox.resetDraws(42, 0, 0, -0.05, 0.05)).containsExactly(a);
    }
}
