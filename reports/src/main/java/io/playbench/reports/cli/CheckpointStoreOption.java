package io.playbench.reports.cli;

import io.playbench.checkpoint.CheckpointSettings;
import picocli.CommandLine.Option;

/**
 * The {@code --checkpoint-store DIR} option of the commands that load checkpoints: the published checkpoints,
 * {@code <DIR>/<library>/<task>/checkpoint.*}, used when no {@code --checkpoint} is given; default
 * {@code $PLAYBENCH_CHECKPOINTS}, else the system property {@code playbench.checkpoints.root}; and
 * {@code --max-download-bytes N}, the size limit of a checkpoint download.
 */
final class CheckpointStoreOption {

    @Option(
            names = "--checkpoint-store",
            paramLabel = "DIR",
            defaultValue = "${env:PLAYBENCH_CHECKPOINTS:-${sys:playbench.checkpoints.root:-}}",
            description = "the published checkpoints, DIR/<library>/<task>/checkpoint.*, looked up when no --checkpoint"
                    + " is given ($PLAYBENCH_CHECKPOINTS sets it)")
    String store;

    @Option(
            names = "--max-download-bytes",
            paramLabel = "N",
            converter = Converters.WholeLong.class,
            description = "the largest checkpoint download accepted, in bytes (default: 1 GiB, or the system property "
                    + CheckpointSettings.MAX_DOWNLOAD_BYTES_PROPERTY + ")")
    Long maxDownloadBytes;

    /**
     * Where checkpoints are looked up: relative paths against the working directory, the published store if any.
     *
     * @param context the context
     * @return the settings
     */
    CheckpointSettings settings(CommandContext context) throws UsageException {
        if (maxDownloadBytes != null && maxDownloadBytes < 1) {
            throw new UsageException(
                    "--max-download-bytes must be a whole number of bytes >= 1 but was " + maxDownloadBytes);
        }
        CheckpointSettings settings;
        try {
            settings = CheckpointSettings.defaults(
                    context.workingDirectory(), store == null || store.isBlank() ? null : context.path(store));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return maxDownloadBytes == null ? settings : settings.withMaxDownloadBytes(maxDownloadBytes);
    }
}
