package io.playbench.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The commit, branch and dirtiness of the project under test, read with {@code git}; every value is {@code null}
 * when the directory is not a work tree or git is absent.
 *
 * @param commit the full commit hash
 * @param branch the branch name ({@code HEAD} when detached)
 * @param dirty whether tracked or untracked files differ from the commit
 */
public record GitInfo(String commit, String branch, Boolean dirty) {

    /** No git information. */
    public static final GitInfo UNKNOWN = new GitInfo(null, null, null);

    /**
     * Reads git information of a directory (CI variables {@code GITHUB_SHA} / {@code GITHUB_REF_NAME} fill in where
     * git cannot be run).
     *
     * @param directory a directory inside the work tree
     * @return the information, {@link #UNKNOWN} outside a work tree
     */
    public static GitInfo of(Path directory) {
        String commit = run(directory, "git", "rev-parse", "HEAD");
        if (commit == null || !commit.matches("[0-9a-f]{7,64}")) {
            String sha = System.getenv("GITHUB_SHA");
            return sha != null && sha.matches("[0-9a-f]{7,64}")
                    ? new GitInfo(sha, System.getenv("GITHUB_REF_NAME"), null)
                    : UNKNOWN;
        }
        String branch = run(directory, "git", "rev-parse", "--abbrev-ref", "HEAD");
        String status = run(directory, "git", "status", "--porcelain");
        return new GitInfo(commit, branch, status == null ? null : !status.isBlank());
    }

    private static String run(Path directory, String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command))
                    .directory(directory.toFile())
                    .redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
