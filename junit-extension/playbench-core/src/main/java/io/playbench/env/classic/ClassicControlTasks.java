package io.playbench.env.classic;

import io.playbench.env.EnvOptions;
import io.playbench.env.TaskProvider;
import io.playbench.env.VecEnv;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link TaskProvider} of Gymnasium's classic-control tasks, registered in
 * {@code META-INF/services/io.playbench.env.TaskProvider}.
 *
 * <table>
 * <caption>Tasks</caption>
 * <tr><th>id</th><th>time limit</th></tr>
 * <tr><td>{@code CartPole-v1}</td><td>500</td></tr>
 * <tr><td>{@code CartPole-v0}</td><td>200</td></tr>
 * <tr><td>{@code Acrobot-v1}</td><td>500</td></tr>
 * <tr><td>{@code MountainCar-v0}</td><td>200</td></tr>
 * <tr><td>{@code MountainCarContinuous-v0}</td><td>999</td></tr>
 * <tr><td>{@code Pendulum-v1}</td><td>200</td></tr>
 * </table>
 */
public final class ClassicControlTasks implements TaskProvider {

    /** Task ids in registration order. */
    public static final List<String> IDS = List.of(
            "CartPole-v1", "CartPole-v0", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1");

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public ClassicControlTasks() {}

    @Override
    public Set<String> taskIds() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(IDS));
    }

    @Override
    public VecEnv make(String taskId, int numEnvs, EnvOptions options) {
        return switch (taskId) {
            case "CartPole-v1" -> new CartPoleEnv(taskId, numEnvs, options, 500);
            case "CartPole-v0" -> new CartPoleEnv(taskId, numEnvs, options, 200);
            case "Acrobot-v1" -> new AcrobotEnv(taskId, numEnvs, options, 500);
            case "MountainCar-v0" -> new MountainCarEnv(taskId, numEnvs, options, 200);
            case "MountainCarContinuous-v0" -> new MountainCarContinuousEnv(taskId, numEnvs, options, 999);
            case "Pendulum-v1" -> new PendulumEnv(taskId, numEnvs, options, 200);
            default ->
                throw new IllegalArgumentException(
                        "Unknown classic-control task id '" + taskId + "'. Known: " + String.join(", ", IDS) + ".");
        };
    }
}
