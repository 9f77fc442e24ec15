package io.playbench.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.library.Activation;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SIMD activations against the reference's double-precision functions on a dense grid of inputs. */
class VectorKernelTests {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void simdActivationsStayWithinTheNumericsContract(Activation activation) {
        var species = FloatVector.SPECIES_PREFERRED;
        float[] x = new float[species.length()];
        float[] y = new float[species.length()];
        double worst = 0;
        float worstAt = 0;
        // [-30, 30] in steps of about 1e-3, plus the extremes
        for (int k = -30_000; k <= 30_000; k += x.length) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (k + i) * 1e-3f;
            }
            if (k == -30_000) {
                x[0] = -1e30f;
                x[1] = 1e30f;
                x[2] = -0f;
            }
            VectorKernel.activate(FloatVector.fromArray(species, x, 0), activation)
                    .intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                double expected = (float) activation.apply(x[i]);
                double err = Math.abs(y[i] - expected) / Math.max(1, Math.abs(expected));
                if (Double.isInfinite(expected) && y[i] == expected) {
                    err = 0;
                }
                if (!(err <= worst)) {
                    worst = err;
                    worstAt = x[i];
                }
            }
        }
        assertThat(worst)
                .as("worst relative error of %s, at x = %s", activation, worstAt)
                .isLessThanOrEqualTo(1e-6);
    }
}
