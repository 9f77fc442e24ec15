package io.playbench.assertj;

import io.playbench.rollout.PlayResult;

/** Entry points of PlayBench's AssertJ assertions; import {@code assertThat} statically beside AssertJ's own. */
public final class PlayBenchAssertions {

    private PlayBenchAssertions() {}

    /**
     * Starts assertions on a play result.
     *
     * @param actual the result
     * @return the assertion
     */
    public static PlayResultAssert assertThat(PlayResult actual) {
        return new PlayResultAssert(actual);
    }
}
