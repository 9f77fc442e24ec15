package io.playbench.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The task registry, spaces and options. */
class TasksTests {

    @Test
    void listsTheClassicControlTasksAndPluggedInOnes() {
        assertThat(Tasks.ids())
                .contains(
                        "CartPole-v1",
                        "CartPole-v0",
                        "Acrobot-v1",
                        "MountainCar-v0",
                        "MountainCarContinuous-v0",
                        "Pendulum-v1",
                        TestTaskProvider.ID);
    }

    @Test
    void makesATaskFromAPluggedInProvider() {
        try (VecEnv env = Tasks.make(TestTaskProvider.ID, 3)) {
            assertThat(env.taskId()).isEqualTo("CartPole-v1");
            assertThat(env.numEnvs()).isEqualTo(3);
            assertThat(env.maxEpisodeSteps()).isEqualTo(7);
        }
    }

    @Test
    void unknownTaskIdListsTheKnownOnes() {
        assertThatThrownBy(() -> Tasks.make("cartpole-v1", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown task id 'cartpole-v1'")
                .hasMessageContaining("Acrobot-v1, CartPole-v0, CartPole-v1, MountainCar-v0,"
                        + " MountainCarContinuous-v0, Pendulum-v1");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void nonPositiveNumEnvsIsRejected(int numEnvs) {
        assertThatThrownBy(() -> Tasks.make("CartPole-v1", numEnvs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numEnvs must be at least 1, but was " + numEnvs);
    }

    @Test
    void spacesFollowGymnasium() {
        try (VecEnv env = Tasks.make("CartPole-v1", 2)) {
            assertThat(env.actionSpace()).isEqualTo(new Space.Discrete(2));
            Space.Box box = (Space.Box) env.observationSpace();
            assertThat(box.shape()).containsExactly(4);
            assertThat(box.dtype()).isEqualTo(Space.DType.FLOAT32);
            assertThat(box.high()).containsExactly(4.8f, Float.POSITIVE_INFINITY, 0.41887903f, Float.POSITIVE_INFINITY);
            assertThat(box.low(2)).isEqualTo(-0.41887903f);
            assertThat(env.maxEpisodeSteps()).isEqualTo(500);
            assertThat(env.autoresetMode()).isEqualTo(AutoresetMode.NEXT_STEP);
        }
        try (VecEnv env = Tasks.make("Acrobot-v1", 1)) {
            assertThat(env.actionSpace()).isEqualTo(new Space.Discrete(3));
            assertThat(((Space.Box) env.observationSpace()).high())
                    .containsExactly(1f, 1f, 1f, 1f, 12.566371f, 28.274334f);
        }
        try (VecEnv env = Tasks.make("MountainCar-v0", 1)) {
            assertThat(((Space.Box) env.observationSpace()).low()).containsExactly(-1.2f, -0.07f);
            assertThat(env.maxEpisodeSteps()).isEqualTo(200);
        }
        try (VecEnv env = Tasks.make("MountainCarContinuous-v0", 1)) {
            assertThat(env.actionSpace())
                    .isEqualTo(Space.Box.of(new float[] {-1f}, new float[] {1f}, Space.DType.FLOAT32));
            assertThat(env.maxEpisodeSteps()).isEqualTo(999);
        }
        try (VecEnv env = Tasks.make("Pendulum-v1", 1)) {
            assertThat(env.actionSpace())
                    .isEqualTo(Space.Box.of(new float[] {-2f}, new float[] {2f}, Space.DType.FLOAT32));
            assertThat(((Space.Box) env.observationSpace()).high()).containsExactly(1f, 1f, 8f);
            assertThat(env.maxEpisodeSteps()).isEqualTo(200);
        }
        try (VecEnv env = Tasks.make("CartPole-v0", 1)) {
            assertThat(env.maxEpisodeSteps()).isEqualTo(200);
        }
    }

    @Test
    void timeLimitCanBeOverriddenOrRemoved() {
        try (VecEnv env = Tasks.make("CartPole-v1", 1, EnvOptions.defaults().withMaxEpisodeSteps(50))) {
            assertThat(env.maxEpisodeSteps()).isEqualTo(50);
        }
        try (VecEnv env =
                Tasks.make("CartPole-v1", 1, EnvOptions.defaults().withMaxEpisodeSteps(EnvOptions.NO_TIME_LIMIT))) {
            assertThat(env.maxEpisodeSteps()).isEqualTo(-1);
        }
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThatThrownBy(() -> EnvOptions.defaults().withThreads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads must be at least 1");
        assertThatThrownBy(() -> EnvOptions.defaults().withMaxEpisodeSteps(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
        EnvOptions shared = EnvOptions.defaults().withSeedingLayout(SeedingLayout.SHARED_STREAM);
        assertThatThrownBy(() -> Tasks.make("Pendulum-v1", 2, shared))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only CartPole");
        assertThatThrownBy(() -> Tasks.make("CartPole-v1", 2, shared.withAutoresetMode(AutoresetMode.SAME_STEP)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NEXT_STEP");
    }

    @Test
    void boxRejectsInconsistentBounds() {
        assertThatThrownBy(() -> Space.Box.of(new float[] {1f}, new float[] {0f}, Space.DType.FLOAT32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Space.Discrete(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
