package io.playbench.schema;

/**
 * One-off costs before steady state, in seconds ({@code runtime.startup_time_s}); none is part of the runtime aggregates.
 *
 * @param appLaunch JVM start to the start of the run [s], {@code null} when unknown
 * @param envCreation creating the vectorised environment [s], {@code null} if not created
 * @param policyLoad resolving and reading the checkpoint and compiling the policy [s], {@code null} if not reached
 * @param firstStep the cold first step (a warm-up step) [s], {@code null} if no step ran
 */
public record StartupTime(Double appLaunch, Double envCreation, Double policyLoad, Double firstStep) {

    /** Checks that every duration present is finite and not negative. */
    public StartupTime {
        Checks.nonNegativeOrNull("runtime.startup_time_s.app_launch", appLaunch);
        Checks.nonNegativeOrNull("runtime.startup_time_s.env_creation", envCreation);
        Checks.nonNegativeOrNull("runtime.startup_time_s.policy_load", policyLoad);
        Checks.nonNegativeOrNull("runtime.startup_time_s.first_step", firstStep);
    }
}
