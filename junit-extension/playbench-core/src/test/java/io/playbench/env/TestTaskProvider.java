package io.playbench.env;

import java.util.Set;

/** A provider registered in the test class path's {@code META-INF/services}, to check {@link Tasks} discovery. */
public final class TestTaskProvider implements TaskProvider {

    static final String ID = "PlayBenchTest-ShortCartPole-v0";

    @Override
    public Set<String> taskIds() {
        return Set.of(ID);
    }

    @Override
    public VecEnv make(String taskId, int numEnvs, EnvOptions options) {
        return Tasks.make("CartPole-v1", numEnvs, options.withMaxEpisodeSteps(7));
    }
}
