package io.playbench.schema;

/**
 * The JUnit test behind a bundle ({@code test}).
 *
 * @param className the fully qualified test class
 * @param methodName the test method
 * @param displayName the display name of the invocation
 * @param uniqueId the JUnit unique id of the invocation
 * @param failure the first line of the failure or crash ({@code Type: message}), {@code null} when the run completed
 */
public record TestIdentity(String className, String methodName, String displayName, String uniqueId, String failure) {

    /** Checks that the identity is complete. */
    public TestIdentity {
        Checks.nonBlank("test.class_name", className);
        Checks.nonBlank("test.method_name", methodName);
        Checks.nonBlank("test.display_name", displayName);
        Checks.nonBlank("test.unique_id", uniqueId);
    }

    /**
     * A copy with a failure.
     *
     * @param newFailure the failure line, or {@code null}
     * @return the copy
     */
    public TestIdentity withFailure(String newFailure) {
        return new TestIdentity(className, methodName, displayName, uniqueId, newFailure);
    }
}
