package io.playbench.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The task registry: makes vectorised environments by id from every {@link TaskProvider} on the class path.
 *
 * <pre>{@code
 * try (VecEnv env = Tasks.make("CartPole-v1", 16)) {
 *     env.reset(42);
 *     int[] actions = new int[env.numEnvs()];
 *     env.step(actions);
 *     float[] obs = env.observations();
 * }
 * }</pre>
 *
 * <p>Built-in ids: {@code CartPole-v1}, {@code CartPole-v0}, {@code Acrobot-v1}, {@code MountainCar-v0},
 * {@code MountainCarContinuous-v0}, {@code Pendulum-v1}.
 */
public final class Tasks {

    private Tasks() {}

    private static volatile Map<String, TaskProvider> registry;

    private static Map<String, TaskProvider> registry() {
        Map<String, TaskProvider> r = registry;
        if (r == null) {
            synchronized (Tasks.class) {
                r = registry;
                if (r == null) {
                    r = load();
                    registry = r;
                }
            }
        }
        return r;
    }

    private static Map<String, TaskProvider> load() {
        Map<String, TaskProvider> byId = new LinkedHashMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Tasks.class.getClassLoader();
        }
        for (TaskProvider provider : ServiceLoader.load(TaskProvider.class, loader)) {
            for (String id : provider.taskIds()) {
                TaskProvider previous = byId.putIfAbsent(id, provider);
                if (previous != null && previous.getClass() != provider.getClass()) {
                    throw new IllegalStateException("Task id '" + id + "' is provided by both "
                            + previous.getClass().getName() + " and "
                            + provider.getClass().getName()
                            + "; task ids must be unique. Remove one provider from the class path or rename its task.");
                }
            }
        }
        return Collections.unmodifiableMap(byId);
    }

    /**
     * Returns the ids of all known tasks.
     *
     * @return the ids, sorted
     */
    public static SortedSet<String> ids() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(registry().keySet()));
    }

    /**
     * Makes a vectorised environment with the {@link EnvOptions#defaults() default options}.
     *
     * @param taskId a known task id, for example {@code "CartPole-v1"}
     * @param numEnvs the number of sub-environments, {@code >= 1}
     * @return a new env; close it when done
     * @throws IllegalArgumentException if the id is unknown (the message lists the known ids) or {@code numEnvs < 1}
     */
    public static VecEnv make(String taskId, int numEnvs) {
        return make(taskId, numEnvs, EnvOptions.defaults());
    }

    /**
     * Makes a vectorised environment.
     *
     * @param taskId a known task id, for example {@code "CartPole-v1"}
     * @param numEnvs the number of sub-environments, {@code >= 1}
     * @param options how to build it
     * @return a new env; close it when done
     * @throws IllegalArgumentException if the id is unknown (the message lists the known ids), {@code numEnvs < 1} or
     *     the task cannot honour the options
     */
    public static VecEnv make(String taskId, int numEnvs, EnvOptions options) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(options, "options");
        TaskProvider provider = registry().get(taskId);
        if (provider == null) {
            throw new IllegalArgumentException("Unknown task id '" + taskId + "'. Known task ids: "
                    + String.join(", ", ids()) + ". Task ids are case-sensitive; add a TaskProvider (see its Javadoc)"
                    + " for other tasks.");
        }
        if (numEnvs < 1) {
            throw new IllegalArgumentException(
                    "numEnvs must be at least 1, but was " + numEnvs + " (task '" + taskId + "').");
        }
        return provider.make(taskId, numEnvs, options);
    }
}
