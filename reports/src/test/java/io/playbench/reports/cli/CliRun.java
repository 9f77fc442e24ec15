package io.playbench.reports.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Runs {@code playbench} in-process for tests, in a given working directory. */
record CliRun(int code, String out, String err) {

    /** The shared checkpoints, as the project keeps them for tests (relative to the reports module). */
    static final Path CHECKPOINTS = Path.of(
                    "../junit-extension/playbench-core/src/test/resources/playbench/torch/checkpoints")
            .toAbsolutePath()
            .normalize();

    static CliRun playbench(Path workingDirectory, String... args) {
        return playbench(workingDirectory, Map.of(), args);
    }

    static CliRun playbench(Path workingDirectory, Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandContext context = new CommandContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                workingDirectory,
                environment,
                Clock.systemUTC());
        int code = Playbench.run(List.of(args), context);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String checkpoint(String relative) {
        return CHECKPOINTS.resolve(relative).toString();
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
