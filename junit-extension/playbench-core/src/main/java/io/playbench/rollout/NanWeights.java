package io.playbench.rollout;

import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds NaN weights in a policy before it plays. A run of such a policy is not refused (its throughput is still
 * measured) but its bundle carries a warning naming the stages, since every action it takes is NaN (continuous) or the
 * argmax of NaN (discrete) and its returns mean nothing.
 */
final class NanWeights {

    private NanWeights() {}

    /**
     * The warning for a policy with NaN weights, or empty when every weight is a number.
     *
     * @param spec the policy
     * @return the warning naming each stage with NaN values and how many
     */
    static Optional<String> warning(PolicySpec spec) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < spec.stages().size(); i++) {
            Stage stage = spec.stages().get(i);
            switch (stage) {
                case Stage.Dense d -> {
                    long nan = count(d.weight()) + count(d.bias());
                    long total = d.weight().length + (d.bias() == null ? 0 : d.bias().length);
                    if (nan > 0) {
                        found.add(String.format(
                                Locale.ROOT,
                                "stage %d (dense %dx%d): %,d of %,d values",
                                i,
                                d.in(),
                                d.out(),
                                nan,
                                total));
                    }
                }
                case Stage.Affine a -> {
                    long nan = count(a.scale()) + count(a.offset());
                    if (nan > 0) {
                        found.add(String.format(
                                Locale.ROOT,
                                "stage %d (affine): %,d of %,d values",
                                i,
                                nan,
                                a.scale().length + a.offset().length));
                    }
                }
                default -> {}
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String actions = spec.action() instanceof PolicySpec.ActionOutput.Discrete
                ? "its discrete actions are the argmax of NaN"
                : "its continuous actions are NaN";
        return Optional.of("The policy has NaN weights (" + String.join("; ", found) + "), so " + actions
                + " and the returns of this run mean nothing; check the checkpoint (a diverged training run saves"
                + " NaN weights).");
    }

    private static long count(float[] values) {
        long n = 0;
        if (values != null) {
            for (float v : values) {
                if (Float.isNaN(v)) {
                    n++;
                }
            }
        }
        return n;
    }
}
