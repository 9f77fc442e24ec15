package io.playbench.schema;

/**
 * The provenance of a checkpoint ({@code checkpoint}).
 *
 * @param origin how it was found
 * @param location where it was found, as a path or URI
 * @param sha256 the lower-case hex SHA-256 of the file
 * @param sizeBytes the file size [bytes]
 */
public record CheckpointInfo(CheckpointOrigin origin, String location, String sha256, long sizeBytes) {

    /** Checks the invariants. */
    public CheckpointInfo {
        Checks.required("checkpoint.origin", origin);
        Checks.nonBlank("checkpoint.location", location);
        Checks.matches("checkpoint.sha256", sha256, "[0-9a-f]{64}", "64 lower-case hex digits");
        Checks.nonNegative("checkpoint.size_bytes", sizeBytes);
    }
}
