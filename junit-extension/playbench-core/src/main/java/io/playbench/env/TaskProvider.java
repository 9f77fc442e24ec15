package io.playbench.env;

import java.util.Set;

/**
 * A source of tasks for {@link Tasks}, discovered with {@link java.util.ServiceLoader}.
 *
 * <p>To plug in your own simulator, implement {@link VecEnv} and this interface, and list the provider's class name in
 * {@code META-INF/services/io.playbench.env.TaskProvider} (or {@code provides} it from a module). Task ids must be
 * unique across all providers.
 */
public interface TaskProvider {

    /**
     * Returns the ids of the tasks this provider makes, for example {@code "CartPole-v1"}.
     *
     * @return the ids
     */
    Set<String> taskIds();

    /**
     * Makes a vectorised environment.
     *
     * @param taskId one of {@link #taskIds()}
     * @param numEnvs the number of sub-environments, {@code >= 1} (checked by {@link Tasks})
     * @param options how to build it; a provider throws {@link IllegalArgumentException} for options it cannot honour
     * @return a new env, which the caller closes
     */
    VecEnv make(String taskId, int numEnvs, EnvOptions options);
}
