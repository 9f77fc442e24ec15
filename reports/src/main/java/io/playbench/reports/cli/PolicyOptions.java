package io.playbench.reports.cli;

import io.playbench.checkpoint.CheckpointRequest;
import io.playbench.checkpoint.CheckpointResolver;
import io.playbench.checkpoint.CheckpointSettings;
import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.library.Library;
import io.playbench.library.LoadedPolicy;
import io.playbench.rollout.DefaultComponents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the policy commands ({@code play}, {@code act}, {@code inspect}) share: finding and loading checkpoints. */
final class PolicyOptions {

    private PolicyOptions() {}

    /**
     * Refuses a local checkpoint path that does not exist (an input error, exit 2, not a crashed run).
     *
     * @param checkpoint the {@code --checkpoint} value, or {@code null}
     * @param context the context
     * @throws UsageException naming the path and the accepted forms
     */
    static void requireLocalExists(String checkpoint, CommandContext context) throws UsageException {
        if (checkpoint == null) {
            return;
        }
        String lower = checkpoint.toLowerCase(Locale.ROOT);
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*") && !lower.matches("^[a-z]:[\\\\/].*")) {
            return; // classpath:, file:, https: ... are the resolver's business
        }
        Path path = context.path(checkpoint);
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.exists(path)
                || ((name.equals("latest") || name.equals("best"))
                        && path.getParent() != null
                        && Files.isDirectory(path.getParent()))) {
            return;
        }
        throw new UsageException("checkpoint " + path + " does not exist; give a checkpoint file, a run directory, "
                + "<run directory>/latest or a classpath:, file: or https: URI");
    }

    /**
     * Whether a checkpoint is downloaded (an {@code http:} or {@code https:} URI).
     *
     * @param checkpoint the {@code --checkpoint} value, or {@code null}
     * @return {@code true} for a URL
     */
    static boolean isRemote(String checkpoint) {
        String lower = checkpoint == null ? "" : checkpoint.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /**
     * The local file a checkpoint value names, when it names one that exists (for the checks of outputs).
     *
     * @param checkpoint the {@code --checkpoint} value, or {@code null}
     * @param context the context
     * @return the path, or {@code null} for a URI or a missing file
     */
    static Path localFile(String checkpoint, CommandContext context) {
        if (checkpoint == null) {
            return null;
        }
        String lower = checkpoint.toLowerCase(Locale.ROOT);
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*") && !lower.matches("^[a-z]:[\\\\/].*")) {
            return null;
        }
        Path path = context.path(checkpoint);
        return Files.isRegularFile(path) ? path : null;
    }

    static ResolvedCheckpoint resolve(
            Library library, String task, String checkpoint, String sha256, CheckpointSettings settings) {
        return new CheckpointResolver(settings).resolve(new CheckpointRequest(library, task, checkpoint, sha256));
    }

    static LoadedPolicy load(Library library, ResolvedCheckpoint checkpoint) throws IOException {
        return DefaultComponents.adapters().apply(library).load(checkpoint.file(), checkpoint.runDirectory());
    }
}
