package io.playbench.env.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.playbench.env.VecEnv;
import java.math.BigDecimal;
import java.util.Arrays;

/** Helpers for comparing with the reference sheet's printed golden values. */
final class Goldens {

    private Goldens() {}

    /** Parses whitespace- or comma-separated float32 values ("[a, b]" accepted). */
    static float[] floats(String text) {
        String[] parts = text.replaceAll("[\\[\\],]", " ").trim().split("\\s+");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i]);
        }
        return out;
    }

    /** The observation of env {@code i}. */
    static float[] obs(VecEnv env, int i) {
        int d = env.observationSpace().flatSize();
        return Arrays.copyOfRange(env.observations(), i * d, (i + 1) * d);
    }

    /** The final observation of env {@code i}. */
    static float[] finalObs(VecEnv env, int i) {
        int d = env.observationSpace().flatSize();
        return Arrays.copyOfRange(env.finalObservations(), i * d, (i + 1) * d);
    }

    /** Asserts bit equality of a float32 vector with the printed values. */
    static void assertBits(float[] actual, String expected, String what) {
        float[] e = floats(expected);
        int[] eb = new int[e.length];
        int[] ab = new int[actual.length];
        for (int k = 0; k < e.length; k++) {
            eb[k] = Float.floatToRawIntBits(e[k]);
        }
        for (int k = 0; k < actual.length; k++) {
            ab[k] = Float.floatToRawIntBits(actual[k]);
        }
        assertThat(ab)
                .as("%s: float32 bits of %s, expected %s", what, Arrays.toString(actual), expected)
                .containsExactly(eb);
    }

    /** Asserts each value within half a unit of the last printed digit of the expected decimal. */
    static void assertPrinted(double[] actual, String expected, String what) {
        String[] parts = expected.replaceAll("[\\[\\],]", " ").trim().split("\\s+");
        assertThat(actual).as(what).hasSize(parts.length);
        for (int k = 0; k < parts.length; k++) {
            BigDecimal d = new BigDecimal(parts[k]);
            double tolerance = 0.5 * Math.pow(10, -d.scale()) * 1.0001;
            assertThat(actual[k])
                    .as("%s[%d] (printed %s)", what, k, parts[k])
                    .isCloseTo(d.doubleValue(), within(tolerance));
        }
    }
}
