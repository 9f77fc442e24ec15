package io.playbench.gpu;

import io.playbench.env.AutoresetMode;
import io.playbench.library.PolicySpec;
import java.util.List;

/**
 * A classic-control task as the GPU play path runs it: the shape of its binary64 state and float32 observation, its
 * action, time limit and success rule, the CUDA source of its dynamics and kernels, and the Java twin of its seeded
 * reset.
 *
 * @param id the task id
 * @param stateSize binary64 values per env on the device (the physical state plus bookkeeping such as Pendulum's
 *     upright streak or the "just reset" flag of Acrobot and MountainCarContinuous)
 * @param observationSize float32 observation values
 * @param continuous whether the action is a float vector (else one int)
 * @param actionSize discrete actions {@code n}, or the width of a continuous action
 * @param maxEpisodeSteps the time limit
 * @param successRule the success rule, in words (as the CPU env defines it)
 */
record CudaTask(
        String id,
        int stateSize,
        int observationSize,
        boolean continuous,
        int actionSize,
        int maxEpisodeSteps,
        String successRule) {

    /** The tasks, in the order of {@code ClassicControlTasks.IDS}. */
    static final List<CudaTask> ALL = List.of(
            new CudaTask("CartPole-v1", 4, 4, false, 2, 500, "truncated by the time limit without terminating"),
            new CudaTask("CartPole-v0", 4, 4, false, 2, 200, "truncated by the time limit without terminating"),
            new CudaTask("Acrobot-v1", 5, 6, false, 3, 500, "terminated (the tip reached the goal height)"),
            new CudaTask("MountainCar-v0", 2, 2, false, 3, 200, "terminated (the goal was reached)"),
            new CudaTask("MountainCarContinuous-v0", 3, 2, true, 1, 999, "terminated (the goal was reached)"),
            new CudaTask(
                    "Pendulum-v1",
                    3,
                    3,
                    true,
                    1,
                    200,
                    "upright (|angle| < 0.1 rad, |speed| < 1 rad/s) on each of the last 20 steps"));

    /**
     * The task with this id.
     *
     * @param id the task id
     * @return the task
     * @throws IllegalArgumentException if the GPU path does not run it
     */
    static CudaTask of(String id) {
        for (CudaTask t : ALL) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "the GPU play path runs " + ids() + " but not " + id + "; use device = \"cpu\" for it");
    }

    static List<String> ids() {
        return ALL.stream().map(CudaTask::id).toList();
    }

    boolean isCartPole() {
        return id.startsWith("CartPole");
    }

    /** What the task takes, in words. */
    String describeAction() {
        return continuous
                ? "a continuous action of " + actionSize + " value(s)"
                : "a discrete action in [0, " + actionSize + ")";
    }

    /**
     * Checks that a policy can drive the task.
     *
     * @throws IllegalArgumentException naming both shapes when it cannot
     */
    void checkPolicy(PolicySpec spec) {
        boolean fits = spec.observationSize() == observationSize
                && switch (spec.action()) {
                    case PolicySpec.ActionOutput.Discrete d -> !continuous && d.n() == actionSize;
                    case PolicySpec.ActionOutput.Continuous c -> continuous && c.size() == actionSize;
                };
        if (!fits) {
            String policyAction = switch (spec.action()) {
                case PolicySpec.ActionOutput.Discrete d -> "a discrete action in [0, " + d.n() + ")";
                case PolicySpec.ActionOutput.Continuous c -> "a continuous action of " + c.size() + " value(s)";
            };
            throw new IllegalArgumentException(id + " needs a policy from " + observationSize + " observations to "
                    + describeAction() + " but this one maps " + spec.observationSize() + " observations to "
                    + policyAction + "; is the checkpoint for another task?");
        }
    }

    /**
     * The env's device functions and the kernels of a play module ({@code env_reset}, {@code env_observe},
     * {@code env_step_once}, {@code play}); needs {@link Philox#CUDA} and a policy source before it.
     *
     * @param autoreset the autoreset mode
     * @param minBlocks blocks of 128 threads per SM the compiler should fit (0: its choice)
     */
    String source(AutoresetMode autoreset, int minBlocks) {
        if (isCartPole()) {
            return CudaCartPole.source(maxEpisodeSteps, autoreset, minBlocks);
        }
        return CudaClassicControl.source(this, autoreset, minBlocks);
    }

    /**
     * The state the device's seeded reset gives env {@code env} at its {@code resetIndex}-th reset, computed in Java
     * from {@link Philox} as the device does.
     *
     * @param seed the run's seed
     * @param env the env index
     * @param resetIndex which reset (0 = the seeded one)
     * @return {@link #stateSize()} values
     */
    double[] resetState(long seed, int env, int resetIndex) {
        double[] u = Philox.units(seed, env, resetIndex);
        return switch (id) {
            case "CartPole-v1", "CartPole-v0" ->
                Philox.resetDraws(seed, env, resetIndex, CudaCartPole.RESET_LOW, CudaCartPole.RESET_HIGH);
            case "Acrobot-v1" ->
                new double[] {
                    (float) Philox.uniform(-0.1, 0.1, u[0]),
                    (float) Philox.uniform(-0.1, 0.1, u[1]),
                    (float) Philox.uniform(-0.1, 0.1, u[2]),
                    (float) Philox.uniform(-0.1, 0.1, u[3]),
                    1.0
                };
            case "MountainCar-v0" -> new double[] {Philox.uniform(-0.6, -0.4, u[0]), 0.0};
            case "MountainCarContinuous-v0" -> new double[] {Philox.uniform(-0.6, -0.4, u[0]), 0.0, 1.0};
            case "Pendulum-v1" ->
                new double[] {Philox.uniform(-Math.PI, Math.PI, u[0]), Philox.uniform(-1.0, 1.0, u[1]), 0.0};
            default -> throw new IllegalStateException(id);
        };
    }
}
