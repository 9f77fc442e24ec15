package io.playbench.schema;

/**
 * Software versions of a run ({@code versions}); {@code null} means unknown.
 *
 * @param playbench the PlayBench version
 * @param java the Java runtime version
 * @param javaVendor the Java runtime vendor
 * @param junit the JUnit Platform version, {@code null} outside JUnit
 * @param tensorflow the TensorFlow Java version of the inference engine
 * @param torch the PyTorch version that saved the checkpoint, where recorded
 * @param rslRl the rsl_rl version that trained the checkpoint, where known
 * @param rlGames the rl_games version that trained the checkpoint, where known
 * @param skrl the skrl version that trained the checkpoint, where known
 * @param sb3 the Stable-Baselines3 version that trained the checkpoint, where known
 * @param gitCommit the full commit of the project under test
 * @param gitBranch the branch of the project under test
 * @param gitDirty whether the project under test had uncommitted changes, {@code null} when unknown
 */
public record Versions(
        String playbench,
        String java,
        String javaVendor,
        String junit,
        String tensorflow,
        String torch,
        String rslRl,
        String rlGames,
        String skrl,
        String sb3,
        String gitCommit,
        String gitBranch,
        Boolean gitDirty) {

    /** Checks that the PlayBench and Java versions are present and the commit, if any, is a hex hash. */
    public Versions {
        Checks.nonBlank("versions.playbench", playbench);
        Checks.nonBlank("versions.java", java);
        if (gitCommit != null) {
            Checks.matches("versions.git_commit", gitCommit, "[0-9a-f]{7,64}", "a lower-case hex commit hash");
        }
    }
}
