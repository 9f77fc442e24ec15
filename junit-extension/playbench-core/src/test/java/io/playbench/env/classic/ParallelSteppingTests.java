package io.playbench.env.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.SeedingLayout;
import io.playbench.env.Space;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chunked parallel stepping gives bit-identical results, and env i of a batch is the single env seeded seed + i. */
class ParallelSteppingTests {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "CartPole-v1, NEXT_STEP, PER_ENV, 4096, 300, 0",
        "CartPole-v1, NEXT_STEP, SHARED_STREAM, 4096, 300, 0",
        "CartPole-v0, SAME_STEP, PER_ENV, 2048, 250, 0",
        "Acrobot-v1, SAME_STEP, PER_ENV, 1024, 120, 50",
        "MountainCar-v0, NEXT_STEP, PER_ENV, 2048, 250, 0",
        "MountainCarContinuous-v0, SAME_STEP, PER_ENV, 2048, 250, 100",
        "Pendulum-v1, NEXT_STEP, PER_ENV, 2048, 250, 0",
    })
    void twoThreadsGiveTheSameBitsAsOne(
            String taskId, AutoresetMode mode, SeedingLayout layout, int numEnvs, int steps, int maxEpisodeSteps) {
        EnvOptions options = EnvOptions.defaults()
                .withAutoresetMode(mode)
                .withSeedingLayout(layout)
                .withMaxEpisodeSteps(maxEpisodeSteps);
        try (VecEnv serial = Tasks.make(taskId, numEnvs, options);
                VecEnv parallel = Tasks.make(taskId, numEnvs, options.withThreads(2))) {
            assertThat(((ClassicControlEnv) serial).parallelThreads()).isEqualTo(1);
            assertThat(((ClassicControlEnv) parallel).parallelThreads()).isEqualTo(2);
            serial.reset(99);
            parallel.reset(99);
            SplittableRandom random = new SplittableRandom(5);
            boolean discrete = serial.actionSpace() instanceof Space.Discrete;
            int n = discrete ? ((Space.Discrete) serial.actionSpace()).n() : 0;
            for (int t = 0; t < steps; t++) {
                if (discrete) {
                    int[] a = random.ints(numEnvs, 0, n).toArray();
                    serial.step(a);
                    parallel.step(a);
                } else {
                    float[] a = new float[numEnvs];
                    for (int i = 0; i < numEnvs; i++) {
                        a[i] = (float) random.nextDouble(-2.5, 2.5);
                    }
                    serial.step(a);
                    parallel.step(a);
                }
                // Arrays.equals first: AssertJ on 16k elements per step would dominate the run time
                if (!Arrays.equals(parallel.observations(), serial.observations())) {
                    assertThat(parallel.observations())
                            .as("observations, step %d", t)
                            .containsExactly(serial.observations());
                }
                if (!Arrays.equals(parallel.rewards(), serial.rewards())
                        || !Arrays.equals(parallel.terminated(), serial.terminated())
                        || !Arrays.equals(parallel.truncated(), serial.truncated())
                        || !Arrays.equals(parallel.episodeEnded(), serial.episodeEnded())) {
                    assertThat(parallel.rewards()).as("rewards, step %d", t).containsExactly(serial.rewards());
                    assertThat(parallel.terminated()).as("terminated").containsExactly(serial.terminated());
                    assertThat(parallel.truncated()).as("truncated").containsExactly(serial.truncated());
                    assertThat(parallel.episodeEnded()).as("ended").containsExactly(serial.episodeEnded());
                }
            }
            assertThat(serial.episodesCompleted()).isPositive();
            assertThat(parallel.episodesCompleted()).isEqualTo(serial.episodesCompleted());
            assertThat(parallel.episodesTerminated()).isEqualTo(serial.episodesTerminated());
            assertThat(parallel.episodesTruncated()).isEqualTo(serial.episodesTruncated());
            assertThat(parallel.episodesSucceeded()).isEqualTo(serial.episodesSucceeded());
            assertThat(parallel.episodeReturns()).containsExactly(serial.episodeReturns());
            assertThat(parallel.episodeLengths()).containsExactly(serial.episodeLengths());
            assertThat(parallel.finalObservations()).containsExactly(serial.finalObservations());
        }
    }

    @Test
    void envIOfABatchBehavesLikeASingleEnvSeededWithSeedPlusI() {
        int numEnvs = 600;
        int[] probes = {0, 17, 599};
        try (VecEnv batch = Tasks.make("Acrobot-v1", numEnvs)) {
            VecEnv[] singles = new VecEnv[probes.length];
            for (int p = 0; p < probes.length; p++) {
                singles[p] = Tasks.make("Acrobot-v1", 1);
                singles[p].reset(1000 + probes[p]);
            }
            batch.reset(1000);
            SplittableRandom random = new SplittableRandom(3);
            for (int t = 0; t < 700; t++) {
                int[] a = random.ints(numEnvs, 0, 3).toArray();
                batch.step(a);
                for (int p = 0; p < probes.length; p++) {
                    int i = probes[p];
                    singles[p].step(new int[] {a[i]});
                    assertThat(singles[p].observations())
                            .containsExactly(Arrays.copyOfRange(batch.observations(), 6 * i, 6 * i + 6));
                    assertThat(singles[p].rewards()[0]).isEqualTo(batch.rewards()[i]);
                    assertThat(singles[p].truncated()[0]).isEqualTo(batch.truncated()[i]);
                }
            }
            assertThat(batch.episodesTruncated()).isPositive(); // the 500-step limit passed: autoresets happened
            for (VecEnv s : singles) {
                s.close();
            }
        }
    }

    @Test
    void closeStopsTheWorkerThreads() throws InterruptedException {
        VecEnv env = Tasks.make("CartPole-v1", 2048, EnvOptions.defaults().withThreads(2));
        env.reset(0);
        env.step(new int[2048]);
        assertThat(workerAlive()).isTrue();
        env.close();
        env.close(); // idempotent
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (workerAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(workerAlive()).isFalse();
        assertThatThrownBy(() -> env.step(new int[2048]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void smallBatchesStayOnTheCallersThread() {
        try (ClassicControlEnv env = (ClassicControlEnv)
                Tasks.make("CartPole-v1", 100, EnvOptions.defaults().withThreads(8))) {
            assertThat(env.parallelThreads()).isEqualTo(1);
        }
        try (ClassicControlEnv env = (ClassicControlEnv)
                Tasks.make("CartPole-v1", 4096, EnvOptions.defaults().withThreads(8))) {
            assertThat(env.parallelThreads()).isEqualTo(8);
        }
    }

    private static boolean workerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("playbench-CartPole-v1-") && t.isAlive());
    }
}
