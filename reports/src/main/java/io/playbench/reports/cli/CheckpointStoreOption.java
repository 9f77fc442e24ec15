package io.playbench.reports.cli;

import io.playbench.checkpoint.CheckpointSettings;
import picocli.CommandLine.Option;

/**
 * The {@code --checkpoint-store DIR} option of the commands that load checkpoints: the published checkpoints,
 * {@code <DIR>/<library>/<task>/checkpoint.*}, used when no {@code --checkpoint} is given; default
 * {@code $PLAYBENCH_CHECKPOINTS}, else the system property {@code playbench.checkpoints.root}.
 */
final class CheckpointStoreOption {

    @Option(
            names = "--checkpoint-store",
            paramLabel = "DIR",
            defaultValue = "${env:PLAYBENCH_CHECKPOINTS:-${sys:playbench.checkpoints.root:-}}",
            description = "the published checkpoints, DIR/<library>/<task>/checkpoint.*, looked up when no --checkpoint"
                    + " is given ($PLAYBENCH_CHECKPOINTS sets it)")
    String store;

    /**
     * Where checkpoints are looked up: relative paths against the working directory, the published store if any.
     *
     * @param context the context
     * @return the settings
     */
    CheckpointSettings settings(CommandContext context) {
        return CheckpointSettings.defaults(
                context.workingDirectory(), store == null || store.isBlank() ? null : context.path(store));
    }
}
