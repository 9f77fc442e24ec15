/**
 * The vectorised environment contract of PlayBench: {@link io.playbench.env.VecEnv}, its
 * {@link io.playbench.env.Space spaces}, {@link io.playbench.env.AutoresetMode autoreset modes} and
 * {@link io.playbench.env.EnvOptions options}, and the task registry {@link io.playbench.env.Tasks}, which finds
 * {@link io.playbench.env.TaskProvider}s with {@link java.util.ServiceLoader}.
 *
 * <p>Engine package: it never depends on JUnit, AssertJ or Allure.
 */
package io.playbench.env;
