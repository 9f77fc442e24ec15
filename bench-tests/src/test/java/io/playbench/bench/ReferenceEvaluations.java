package io.playbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The reference evaluations of the shared checkpoints ({@code eval.json} beside each checkpoint in playbench-core's test
 * fixtures, {@code playbench/torch/checkpoints/<lib>/<name>/}: episode returns the
 * library itself measured under a fixed protocol), used to set honest quality budgets.
 *
 * @param name the checkpoint folder, e.g. {@code sb3/ppo-CartPole-v1}
 * @param meanReturn the mean episode return
 * @param stdReturn the population standard deviation of the returns
 * @param episodes the number of episodes
 */
record ReferenceEvaluations(String name, double meanReturn, double stdReturn, int episodes) {

    static ReferenceEvaluations of(String name) {
        try (InputStream in =
                ReferenceEvaluations.class.getResourceAsStream("/playbench/torch/checkpoints/" + name + "/eval.json")) {
            if (in == null) {
                throw new IllegalStateException("no reference evaluation for " + name + " on the test classpath");
            }
            JsonNode eval = new ObjectMapper().readTree(in);
            return new ReferenceEvaluations(
                    name,
                    eval.get("mean_return").asDouble(),
                    eval.get("std_return").asDouble(),
                    eval.get("episodes").size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The lowest mean return a healthy rollout should show: the reference mean minus one reference standard deviation
     * (our episodes start from other seeds, so only the distribution is comparable, not single episodes).
     *
     * @return the bound
     */
    double lowestHealthyMean() {
        return meanReturn - stdReturn;
    }
}
