package io.playbench.reports.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --history DIR} option of the commands that read or write the history: default {@code $PLAYBENCH_HISTORY}. */
final class HistoryOption {

    @Option(
            names = "--history",
            paramLabel = "DIR",
            defaultValue = "${env:PLAYBENCH_HISTORY:-.playbench/history}",
            description = "the history directory (default: ${DEFAULT-VALUE}; $PLAYBENCH_HISTORY sets it)")
    String history;

    /**
     * The history directory, resolved against the working directory.
     *
     * @param context the context
     * @return the absolute directory
     */
    Path directory(CommandContext context) {
        return context.path(history);
    }
}
