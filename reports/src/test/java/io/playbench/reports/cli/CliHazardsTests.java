package io.playbench.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 items 5, 7 and 8 on the command line: downloads, outputs and the classification of bad input. */
class CliHazardsTests {

    private static final String SB3 = CliRun.checkpoint("sb3/ppo-CartPole-v1/model.zip");
    private static final Path HOSTILE = CliRun.CHECKPOINTS.resolve("../hostile").normalize();

    @TempDir
    Path temp;

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    // item 8: classification

    @Test
    void anUnsafeCheckpointInActIsAnInputErrorWithItsMessage() throws IOException {
        Path obs = Files.writeString(temp.resolve("obs.json"), "[[0.1, 0.2, 0.3, 0.4]]");
        CliRun run = CliRun.playbench(
                temp,
                "act",
                "--library",
                "rsl_rl",
                "--checkpoint",
                HOSTILE.resolve("os_system.pt").toString(),
                "--observations",
                obs.toString());

        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).contains("playbench act: cannot load ").doesNotContain("\tat ");
    }

    @Test
    void anUnsafeCheckpointInInspectIsAnInputErrorWithItsMessage() {
        CliRun run = CliRun.playbench(
                temp, "inspect", HOSTILE.resolve("os_system.pt").toString(), "--library", "rsl_rl");

        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).contains("playbench inspect: cannot read ").doesNotContain("\tat ");
    }

    @Test
    void badEngineShaNumEnvsAndSeedAreUsageErrorsBeforeAnyWork() {
        for (List<String> extra : List.of(
                List.of("--engine", "bogus"),
                List.of("--checkpoint-sha256", "xyz"),
                List.of("--num-envs", "2147483647"),
                List.of("--num-envs", "4", "--seed", Long.toString(Long.MAX_VALUE)))) {
            List<String> args = new ArrayList<>(
                    List.of("play", "--library", "sb3", "--task", "CartPole-v1", "--checkpoint", SB3, "--steps", "5"));
            args.addAll(extra);
            CliRun run = CliRun.playbench(temp, args.toArray(String[]::new));

            assertThat(run.code()).as(extra + "\n" + run).isEqualTo(Playbench.EXIT_USAGE);
            assertThat(run.err()).as(extra.toString()).doesNotContain("[playbench] sb3");
            assertThat(bundles()).as(extra.toString()).isEmpty();
        }
        CliRun sha = CliRun.playbench(
                temp, "play", "--library", "sb3", "--task", "CartPole-v1", "--checkpoint-sha256", "xyz");
        assertThat(sha.err()).contains("64 hexadecimal digits", "'xyz'");
        CliRun seed = CliRun.playbench(
                temp,
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--num-envs",
                "4",
                "--seed",
                Long.toString(Long.MAX_VALUE));
        assertThat(seed.err()).contains("is too large for 4 envs", "use a seed <= " + (Long.MAX_VALUE - 3));
    }

    @Test
    void aFileNameWithATerminalEscapeIsPrintedEscaped() throws IOException {
        Path odd = Files.copy(Path.of(SB3), temp.resolve("model\u001b[31mred.zip"));

        CliRun run = CliRun.playbench(temp, "inspect", odd.toString(), "--library", "sb3");
        CliRun missing = CliRun.playbench(
                temp, "inspect", temp.resolve("gone\u001b]0;x\u0007.zip").toString());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("model\\x1b[31mred.zip").doesNotContain("\u001b");
        assertThat(missing.code()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(missing.err()).contains("gone\\x1b]0;x\\x07.zip").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void anUnexpectedErrorIsPrintedRedactedAndEscaped() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);

        int code = Playbench.unexpected(
                err,
                "playbench act",
                new IllegalStateException("boom at https://bob:pw@host/x.pt?sig=s3cr3t in a\u001b[2Jb"));

        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(Playbench.EXIT_ERROR);
        assertThat(text)
                .contains("https://***@host/x.pt?sig=***", "a\\x1b[2Jb", "\tat ")
                .doesNotContain("pw@", "s3cr3t", "\u001b");
    }

    // item 7: outputs

    @Test
    void actRefusesToOverwriteItsCheckpointOrObservations() throws IOException {
        Path checkpoint = Files.copy(Path.of(SB3), temp.resolve("model.zip"));
        byte[] before = Files.readAllBytes(checkpoint);
        Path obs = Files.writeString(temp.resolve("obs.json"), "[[0.1, 0.2, 0.3, 0.4]]");

        CliRun overCheckpoint = act(checkpoint, obs, "model.zip");
        CliRun overObservations = act(checkpoint, obs, "obs.json");

        assertThat(overCheckpoint.code()).as(overCheckpoint.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(overCheckpoint.err()).contains("--output " + checkpoint + " is the checkpoint this command reads");
        assertThat(Files.readAllBytes(checkpoint)).isEqualTo(before);
        assertThat(overObservations.code()).as(overObservations.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(overObservations.err()).contains("is the observations file this command reads");
        assertThat(Files.readString(obs)).isEqualTo("[[0.1, 0.2, 0.3, 0.4]]");
    }

    @Test
    void actRefusesASymlinkedOutputAndWritesAtomically() throws IOException {
        Path obs = Files.writeString(temp.resolve("obs.json"), "[[0.1, 0.2, 0.3, 0.4]]");
        Path victim = Files.writeString(temp.resolve("victim.txt"), "keep");
        Files.createSymbolicLink(temp.resolve("actions.json"), victim);

        CliRun link = act(Path.of(SB3), obs, "actions.json");
        CliRun ok = act(Path.of(SB3), obs, "out/actions.json");

        assertThat(link.code()).as(link.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(link.err()).contains("is a symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("keep");
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(Files.readString(temp.resolve("out/actions.json"))).startsWith("[\n  [");
        try (Stream<Path> files = Files.list(temp.resolve("out"))) {
            assertThat(files).containsExactly(temp.resolve("out/actions.json"));
        }
    }

    @Test
    void actChecksItsOutputBeforeLoadingTheCheckpoint() throws IOException {
        Path obs = Files.writeString(temp.resolve("obs.json"), "[[0.1, 0.2, 0.3, 0.4]]");
        Files.writeString(temp.resolve("file"), "x");

        CliRun run = act(HOSTILE.resolve("os_system.pt"), obs, "file/actions.json");

        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).contains("cannot be created: " + temp.resolve("file") + " is a file, not a directory");
    }

    @Test
    void playChecksItsOutputBeforeTheRun() throws IOException {
        Files.writeString(temp.resolve("file"), "x");
        Path victim = Files.writeString(temp.resolve("victim.txt"), "keep");
        Files.createSymbolicLink(temp.resolve("link.json"), victim);

        CliRun underAFile = play("--checkpoint", SB3, "--output", "file/run.json");
        CliRun link = play("--checkpoint", SB3, "--output", "link.json");

        assertThat(underAFile.code()).as(underAFile.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(underAFile.err()).contains("is a file, not a directory").doesNotContain("[playbench] sb3");
        assertThat(link.code()).as(link.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(link.err()).contains("is a symbolic link").doesNotContain("[playbench] sb3");
        assertThat(Files.readString(victim)).isEqualTo("keep");
    }

    // item 5: downloads

    @Test
    void inspectWithoutLibraryDownloadsAUrlOnce() throws IOException {
        AtomicInteger hits = serve(Files.readAllBytes(Path.of(SB3)));

        CliRun run = CliRun.playbench(temp, "inspect", url("/model.zip"));

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("library      sb3 (detected");
        assertThat(hits).hasValue(1);
    }

    @Test
    void aDownloadOverTheLimitIsAUsageErrorNamingTheLimit() throws IOException {
        serve(Files.readAllBytes(Path.of(SB3)));

        CliRun run = CliRun.playbench(temp, "inspect", url("/model.zip"), "--max-download-bytes", "100");

        assertThat(run.code()).as(run.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(run.err()).contains("larger than the download limit of 100 bytes", "--max-download-bytes");
    }

    @Test
    void credentialsAndTokensOfAUrlAreNeitherPrintedNorRecorded() throws IOException {
        serve(Files.readAllBytes(Path.of(SB3)));
        String secret = url("/gone.zip").replace("http://", "http://alice:hunter2@") + "?token=s3cr3t&sig=abc";

        CliRun act = CliRun.playbench(
                temp,
                "act",
                "--library",
                "sb3",
                "--checkpoint",
                secret,
                "--observations",
                Files.writeString(temp.resolve("obs.json"), "[[0.1, 0.2, 0.3, 0.4]]")
                        .toString());
        CliRun play = play("--checkpoint", secret.replace("/gone.zip", "/model.zip"), "--output", "b.json");

        assertThat(act.code()).as(act.toString()).isEqualTo(Playbench.EXIT_USAGE);
        assertThat(act.err()).contains("***@").doesNotContain("hunter2", "s3cr3t", "sig=abc");
        assertThat(play.code()).as(play.toString()).isZero();
        assertThat(play.out() + play.err()).doesNotContain("hunter2", "s3cr3t", "sig=abc");
        assertThat(Files.readString(temp.resolve("b.json")))
                .contains("token=***")
                .doesNotContain("hunter2", "s3cr3t", "sig=abc");
    }

    private CliRun act(Path checkpoint, Path observations, String output) {
        return CliRun.playbench(
                temp,
                "act",
                "--library",
                "sb3",
                "--checkpoint",
                checkpoint.toString(),
                "--observations",
                observations.toString(),
                "--output",
                output);
    }

    private CliRun play(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "play",
                "--library",
                "sb3",
                "--task",
                "CartPole-v1",
                "--steps",
                "5",
                "--warmup-steps",
                "0",
                "--warmup-min-ms",
                "0",
                "--num-envs",
                "2"));
        args.addAll(List.of(extra));
        return CliRun.playbench(temp, args.toArray(String[]::new));
    }

    private List<Path> bundles() {
        try (Stream<Path> files = Files.walk(temp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("play_"))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private AtomicInteger serve(byte[] body) throws IOException {
        AtomicInteger hits = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/model.zip")) {
                hits.incrementAndGet();
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        });
        server.start();
        return hits;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
