package io.playbench.reports.cli;

import io.playbench.checkpoint.CheckpointRequest;
import io.playbench.checkpoint.CheckpointResolver;
import io.playbench.checkpoint.CheckpointSettings;
import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.env.Tasks;
import io.playbench.library.Library;
import io.playbench.library.LoadedPolicy;
import io.playbench.rollout.DefaultComponents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What the policy commands ({@code play}, {@code act}, {@code inspect}) share: parsing library and task, finding and loading checkpoints. */
final class PolicyOptions {

    private PolicyOptions() {
    }

    static Library library(String command, String text) throws UsageException {
        try {
            return Library.fromId(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--library: " + e.getMessage());
        }
    }

    static String task(String command, String text) throws UsageException {
        if (!Tasks.ids().contains(text)) {
            throw new UsageException("unknown task '" + text + "'; known tasks: " + String.join(", ", Tasks.ids())
                    + " (task ids are case-sensitive)");
        }
        return text;
    }

    static String required(String command, Arguments arguments, String name, String example) throws UsageException {
        return arguments.value(name).orElseThrow(() -> new UsageException("--" + name + " is required, e.g. --" + name + " " + example));
    }

    /** The checkpoint settings of the command line: relative to the working directory, published store from $PLAYBENCH_CHECKPOINTS. */
    static CheckpointSettings settings(CommandContext context) {
        String root = context.environment().get("PLAYBENCH_CHECKPOINTS");
        if (root == null) {
            root = System.getProperty("playbench.checkpoints.root");
        }
        return CheckpointSettings.defaults(context.workingDirectory(), root == null || root.isBlank() ? null : context.path(root));
    }

    /**
     * Refuses a local checkpoint path that does not exist (a usage error, not a crashed run).
     */
    static void requireLocalExists(String command, String checkpoint, CommandContext context) throws UsageException {
        if (checkpoint == null) {
            return;
        }
        String lower = checkpoint.toLowerCase(Locale.ROOT);
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*") && !lower.matches("^[a-z]:[\\\\/].*")) {
            return; // classpath:, file:, https: ... are the resolver's business
        }
        Path path = context.path(checkpoint);
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.exists(path) || ((name.equals("latest") || name.equals("best")) && path.getParent() != null && Files.isDirectory(path.getParent()))) {
            return;
        }
        throw new UsageException("checkpoint " + path + " does not exist; give a checkpoint file, a run directory, "
                + "<run directory>/latest or a classpath:, file: or https: URI");
    }

    static ResolvedCheckpoint resolve(Library library, String task, String checkpoint, String sha256, CommandContext context) {
        return new CheckpointResolver(settings(context)).resolve(new CheckpointRequest(library, task, checkpoint, sha256));
    }

    static LoadedPolicy load(Library library, ResolvedCheckpoint checkpoint) throws IOException {
        return DefaultComponents.adapters().apply(library).load(checkpoint.file(), checkpoint.runDirectory());
    }

    static Optional<Long> longValue(String command, Arguments arguments, String name, long min) throws UsageException {
        Optional<String> text = arguments.value(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long v = Long.parseLong(text.get().replace("_", "").replace(",", ""));
            if (v >= min) {
                return Optional.of(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a whole number >= " + min + " but was '" + text.get() + "'");
    }

    /**
     * Parses a device option.
     *
     * @param command the command, for the message
     * @param value the value, or {@code null} for the default
     * @return the device
     * @throws UsageException naming the value and the accepted forms
     */
    static io.playbench.device.Device device(String command, String value) throws UsageException {
        try {
            return value == null ? io.playbench.rollout.PlayDefaults.DEVICE : io.playbench.device.Device.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--device: " + e.getMessage());
        }
    }
}
