package io.playbench.gpu;

import io.playbench.env.EnvOptions;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.env.classic.AcrobotEnv;
import io.playbench.env.classic.CartPoleEnv;
import io.playbench.env.classic.MountainCarContinuousEnv;
import io.playbench.env.classic.MountainCarEnv;
import io.playbench.env.classic.NumpyMath;
import io.playbench.env.classic.PendulumEnv;
import java.util.Locale;
import java.util.Random;

/**
 * Steps of a GPU task against the CPU env from the same states (test scope, used by {@link GpuPlayTests} and
 * {@link GpuDeviceCheck}): every step starts from the CPU env's binary64 state, the device steps it once
 * ({@code env_step_once}) and the CPU env steps itself; observations, rewards, states and terminations are compared
 * bit for bit. Also the device's reset states against the {@link Philox} twin and their observations against the
 * observation the CPU env computes from such a state.
 */
final class GpuEnvComparison {

    private GpuEnvComparison() {}

    /** What differed; "ulp" counts are of float32 observations and binary64 rewards. */
    record Result(
            String taskId,
            int envs,
            int steps,
            long resetValues,
            long resetMismatches,
            long resetObservations,
            long resetObservationsEqual,
            long resetObservationsOneUlp,
            long observations,
            long observationsEqual,
            long observationsOneUlp,
            long observationsWorse,
            long states,
            long statesEqual,
            double maxStateRelDiff,
            long rewards,
            long rewardsEqual,
            long rewardsOneUlp,
            double maxRewardAbsDiff,
            long terminations,
            long terminationMismatches) {

        long observationsWorseOrResetWorse() {
            return observationsWorse + (resetObservations - resetObservationsEqual - resetObservationsOneUlp);
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "ENV %s: %d envs x %d steps from the CPU env's states; reset states vs Java Philox twin: %d values, "
                            + "%d bit mismatches; reset observations %d: %d bit-equal, %d 1-ulp; step observations %d: %d bit-equal, %d 1-ulp, %d worse; "
                            + "binary64 state bit-equal %d of %d (max rel diff %.3g); rewards %d: %d bit-equal, %d 1-ulp, max abs diff %.3g; terminations %d, termination "
                            + "mismatches %d",
                    taskId,
                    envs,
                    steps,
                    resetValues,
                    resetMismatches,
                    resetObservations,
                    resetObservationsEqual,
                    resetObservationsOneUlp,
                    observations,
                    observationsEqual,
                    observationsOneUlp,
                    observationsWorse,
                    statesEqual,
                    states,
                    maxStateRelDiff,
                    rewards,
                    rewardsEqual,
                    rewardsOneUlp,
                    maxRewardAbsDiff,
                    terminations,
                    terminationMismatches);
        }
    }

    /** What runs the task's device code: the GPU, or the host compiler ({@link CudaTaskHostTests}). */
    interface Device {
        /** Resets every env with the seed; returns the states, env-major. */
        double[] reset(long seed);

        /** The observations of the current states, env-major. */
        float[] observations();

        /** As {@link GpuPlay#stepOnce(double[], int[], float[], int, double[], float[], byte[], double[])}. */
        void stepOnce(
                double[] states,
                int[] discrete,
                float[] continuous,
                int n,
                double[] next,
                float[] obs,
                byte[] term,
                double[] rewards);
    }

    static Result compare(GpuPlay play, int steps, long seed) {
        return compare(
                play.taskId(),
                play.numEnvs(),
                new Device() {
                    @Override
                    public double[] reset(long s) {
                        play.reset(s);
                        return play.states();
                    }

                    @Override
                    public float[] observations() {
                        return play.observations();
                    }

                    @Override
                    public void stepOnce(
                            double[] states,
                            int[] discrete,
                            float[] continuous,
                            int n,
                            double[] next,
                            float[] obs,
                            byte[] term,
                            double[] rewards) {
                        play.stepOnce(states, discrete, continuous, n, next, obs, term, rewards);
                    }
                },
                steps,
                seed);
    }

    static Result compare(String id, int n, Device play, int steps, long seed) {
        CudaTask task = CudaTask.of(id);
        int w = task.stateSize();
        int ow = task.observationSize();

        double[] st = play.reset(seed);
        float[] resetObs = play.observations();
        long resetMismatches = 0;
        long rObsEq = 0;
        long rObs1 = 0;
        for (int i = 0; i < n; i++) {
            double[] twin = task.resetState(seed, i, 0);
            for (int c = 0; c < w; c++) {
                if (Double.doubleToLongBits(twin[c]) != Double.doubleToLongBits(st[w * i + c])) {
                    resetMismatches++;
                }
            }
            float[] expected = observation(id, twin);
            for (int c = 0; c < ow; c++) {
                int d = ulps(resetObs[ow * i + c], expected[c]);
                rObsEq += d == 0 ? 1 : 0;
                rObs1 += d == 1 ? 1 : 0;
            }
        }

        VecEnv cpu = Tasks.make(id, n, EnvOptions.defaults());
        cpu.reset(seed + 1);
        Random rnd = new Random(seed + 2);
        boolean[] pending = new boolean[n];
        double[] states = new double[w * n];
        double[] next = new double[w * n];
        float[] obs = new float[ow * n];
        byte[] term = new byte[n];
        double[] rewards = new double[n];
        int[] discrete = task.continuous() ? null : new int[n];
        float[] continuous = task.continuous() ? new float[n * task.actionSize()] : null;
        long compared = 0,
                equal = 0,
                oneUlp = 0,
                worse = 0,
                stateCount = 0,
                stateEqual = 0,
                rewardCount = 0,
                rewardEqual = 0,
                rewardOneUlp = 0;
        long terminations = 0, termMismatch = 0;
        double maxRel = 0;
        double maxRewardDiff = 0;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                double[] s = deviceState(cpu, i);
                System.arraycopy(s, 0, states, w * i, w);
                if (discrete != null) {
                    discrete[i] = discreteAction(id, s, rnd, i);
                } else {
                    continuous[i] = (float) continuousAction(id, s, rnd, i);
                }
            }
            play.stepOnce(states, discrete, continuous, n, next, obs, term, rewards);
            if (discrete != null) {
                cpu.step(discrete);
            } else {
                cpu.step(continuous);
            }
            float[] cpuObs = cpu.observations();
            for (int i = 0; i < n; i++) {
                if (!pending[i]) {
                    for (int c = 0; c < ow; c++) {
                        int d = ulps(obs[ow * i + c], cpuObs[ow * i + c]);
                        compared++;
                        equal += d == 0 ? 1 : 0;
                        oneUlp += d == 1 ? 1 : 0;
                        worse += d > 1 ? 1 : 0;
                    }
                    double[] cs = deviceState(cpu, i);
                    for (int c = 0; c < w; c++) {
                        stateCount++;
                        double g = next[w * i + c];
                        if (Double.doubleToLongBits(g) == Double.doubleToLongBits(cs[c])) {
                            stateEqual++;
                        } else if (cs[c] != 0) {
                            maxRel = Math.max(maxRel, Math.abs(g - cs[c]) / Math.abs(cs[c]));
                        }
                    }
                    rewardCount++;
                    long rd = Math.abs(Double.doubleToLongBits(rewards[i]) - Double.doubleToLongBits(cpu.rewards()[i]));
                    rewardEqual += rd == 0 ? 1 : 0;
                    rewardOneUlp += rd == 1 ? 1 : 0;
                    maxRewardDiff = Math.max(maxRewardDiff, Math.abs(rewards[i] - cpu.rewards()[i]));
                    if ((term[i] != 0) != cpu.terminated()[i]) {
                        termMismatch++;
                    }
                    terminations += cpu.terminated()[i] ? 1 : 0;
                }
                pending[i] = cpu.terminated()[i] || cpu.truncated()[i];
            }
        }
        cpu.close();
        return new Result(
                id,
                n,
                steps,
                (long) w * n,
                resetMismatches,
                (long) ow * n,
                rObsEq,
                rObs1,
                compared,
                equal,
                oneUlp,
                worse,
                stateCount,
                stateEqual,
                maxRel,
                rewardCount,
                rewardEqual,
                rewardOneUlp,
                maxRewardDiff,
                terminations,
                termMismatch);
    }

    static int ulps(float a, float b) {
        return Math.abs(Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    /** The CPU env's state of env {@code i} in the device's layout ({@link GpuPlay#states()}). */
    static double[] deviceState(VecEnv cpu, int i) {
        return switch (cpu) {
            case CartPoleEnv e -> e.state(i);
            case AcrobotEnv e -> {
                double[] s = e.state(i);
                yield new double[] {s[0], s[1], s[2], s[3], 0.0};
            }
            case MountainCarEnv e -> e.state(i);
            case MountainCarContinuousEnv e -> {
                double[] s = e.state(i);
                yield new double[] {s[0], s[1], e.justReset(i) ? 1.0 : 0.0};
            }
            case PendulumEnv e -> {
                double[] s = e.state(i);
                yield new double[] {s[0], s[1], e.uprightStreak(i)};
            }
            default -> throw new IllegalArgumentException(cpu.taskId());
        };
    }

    /** The observation the CPU env computes from a freshly reset state (device layout). */
    static float[] observation(String id, double[] s) {
        return switch (id) {
            case "CartPole-v1", "CartPole-v0" -> new float[] {(float) s[0], (float) s[1], (float) s[2], (float) s[3]};
            case "Acrobot-v1" ->
                new float[] {
                    NumpyMath.f32cos((float) s[0]),
                    NumpyMath.f32sin((float) s[0]),
                    NumpyMath.f32cos((float) s[1]),
                    NumpyMath.f32sin((float) s[1]),
                    (float) s[2],
                    (float) s[3]
                };
            case "MountainCar-v0", "MountainCarContinuous-v0" -> new float[] {(float) s[0], (float) s[1]};
            case "Pendulum-v1" -> new float[] {(float) NumpyMath.cos(s[0]), (float) NumpyMath.sin(s[0]), (float) s[1]};
            default -> throw new IllegalArgumentException(id);
        };
    }

    /** Random actions; odd envs mostly follow an energy-pumping controller, so that episodes also end at the goal. */
    static int discreteAction(String id, double[] s, Random rnd, int i) {
        int n = id.startsWith("CartPole") ? 2 : 3;
        if ((i & 1) == 0 || rnd.nextInt(5) == 0) {
            return rnd.nextInt(n);
        }
        return switch (id) {
            case "MountainCar-v0" -> s[1] >= 0 ? 2 : 0;
            case "Acrobot-v1" -> s[2] >= 0 ? 0 : 2;
            default -> i & 1;
        };
    }

    static double continuousAction(String id, double[] s, Random rnd, int i) {
        boolean pendulum = id.startsWith("Pendulum");
        if ((i & 1) == 0 || rnd.nextInt(5) == 0) {
            return rnd.nextGaussian() * (pendulum ? 2.0 : 0.8);
        }
        return pendulum ? (s[1] >= 0 ? 2.5 : -2.5) : (s[1] >= 0 ? 1.2 : -1.2);
    }
}
