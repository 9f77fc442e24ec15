package io.playbench.junit;

import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.Space;
import io.playbench.env.TaskProvider;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Test tasks: a CartPole that counts its creations and closes, and one whose step fails on the 30th call. */
public final class TestTasks implements TaskProvider {

    static final String COUNTED = "PlayBenchTest-CountedCartPole-v1";
    static final String EXPLODING = "PlayBenchTest-ExplodingCartPole-v1";
    static final AtomicInteger CREATED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public Set<String> taskIds() {
        return Set.of(COUNTED, EXPLODING);
    }

    @Override
    public VecEnv make(String taskId, int numEnvs, EnvOptions options) {
        VecEnv inner = Tasks.make("CartPole-v1", numEnvs, options);
        if (taskId.equals(COUNTED)) {
            CREATED.incrementAndGet();
        }
        return new Wrapper(inner, taskId);
    }

    private static final class Wrapper implements VecEnv {
        private final VecEnv inner;
        private final String id;
        private int steps;

        Wrapper(VecEnv inner, String id) {
            this.inner = inner;
            this.id = id;
        }

        @Override
        public String taskId() {
            return id;
        }

        @Override
        public int numEnvs() {
            return inner.numEnvs();
        }

        @Override
        public Space observationSpace() {
            return inner.observationSpace();
        }

        @Override
        public Space actionSpace() {
            return inner.actionSpace();
        }

        @Override
        public AutoresetMode autoresetMode() {
            return inner.autoresetMode();
        }

        @Override
        public int maxEpisodeSteps() {
            return inner.maxEpisodeSteps();
        }

        @Override
        public void reset(long seed) {
            inner.reset(seed);
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public void step(int[] actions) {
            if (id.equals(EXPLODING) && ++steps == 30) {
                throw new IllegalStateException("simulated physics failure at step 30");
            }
            inner.step(actions);
        }

        @Override
        public void step(float[] actions) {
            inner.step(actions);
        }

        @Override
        public float[] observations() {
            return inner.observations();
        }

        @Override
        public double[] rewards() {
            return inner.rewards();
        }

        @Override
        public boolean[] terminated() {
            return inner.terminated();
        }

        @Override
        public boolean[] truncated() {
            return inner.truncated();
        }

        @Override
        public boolean[] episodeEnded() {
            return inner.episodeEnded();
        }

        @Override
        public double[] episodeReturns() {
            return inner.episodeReturns();
        }

        @Override
        public int[] episodeLengths() {
            return inner.episodeLengths();
        }

        @Override
        public boolean[] episodeSuccesses() {
            return inner.episodeSuccesses();
        }

        @Override
        public float[] finalObservations() {
            return inner.finalObservations();
        }

        @Override
        public long episodesCompleted() {
            return inner.episodesCompleted();
        }

        @Override
        public long episodesTerminated() {
            return inner.episodesTerminated();
        }

        @Override
        public long episodesTruncated() {
            return inner.episodesTruncated();
        }

        @Override
        public long episodesSucceeded() {
            return inner.episodesSucceeded();
        }

        @Override
        public long envSteps() {
            return inner.envSteps();
        }

        @Override
        public void close() {
            if (id.equals(COUNTED)) {
                CLOSED.incrementAndGet();
            }
            inner.close();
        }
    }
}
