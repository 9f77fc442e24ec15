package io.playbench.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.playbench.library.Library;
import io.playbench.schema.CheckpointOrigin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointResolverTests {

    @TempDir
    Path base;

    @TempDir
    Path cache;

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anExplicitRelativePathResolvesAgainstTheBaseDirectoryWithItsDigest() throws IOException {
        Path file = write("runs/model_10.pt", "weights");

        ResolvedCheckpoint resolved =
                resolver(null).resolve(new CheckpointRequest(Library.RSL_RL, "Pendulum-v1", "runs/model_10.pt", null));

        assertThat(resolved.file()).isEqualTo(file.toAbsolutePath());
        assertThat(resolved.origin()).isEqualTo(CheckpointOrigin.EXPLICIT);
        assertThat(resolved.sha256()).isEqualTo(Digests.sha256("weights"));
        assertThat(resolved.sizeBytes()).isEqualTo(7);
        assertThat(resolved.warnings()).isEmpty();
        assertThat(resolved.runDirectory()).isEqualTo(file.getParent().toAbsolutePath());
    }

    @Test
    void aFileUriResolves() throws IOException {
        Path file = write("elsewhere/agent.pt", "x");

        ResolvedCheckpoint resolved = resolver(null)
                .resolve(new CheckpointRequest(
                        Library.SKRL, "Pendulum-v1", file.toUri().toString(), null));

        assertThat(resolved.file()).isEqualTo(file.toAbsolutePath());
        assertThat(resolved.location()).startsWith("file:");
    }

    @Test
    void aMissingExplicitFileListsWhereItLooked() {
        assertThatThrownBy(() -> resolver(null)
                        .resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", "nope/model.zip", null)))
                .isInstanceOf(CheckpointNotFoundException.class)
                .hasMessageContaining(base.resolve("nope/model.zip") + " (does not exist)")
                .hasMessageContaining("Relative paths are resolved against " + base);
    }

    @Test
    void latestOrdersByTheNumberInTheFileNameNotAlphabetically() throws IOException {
        write("run/checkpoints/agent_9600.pt", "a");
        Path newest = write("run/checkpoints/agent_12000.pt", "b");
        write("run/checkpoints/agent_1200.pt", "c");
        Files.setLastModifiedTime(newest, FileTime.fromMillis(1_000));
        write("run/params/agent.yaml", "models: {}");

        ResolvedCheckpoint resolved =
                resolver(null).resolve(new CheckpointRequest(Library.SKRL, "Pendulum-v1", "run/latest", null));

        assertThat(resolved.file().getFileName().toString()).isEqualTo("agent_12000.pt");
        assertThat(resolved.origin()).isEqualTo(CheckpointOrigin.RUN_DIRECTORY);
        assertThat(resolved.runDirectory()).isEqualTo(base.resolve("run").toAbsolutePath());
    }

    @Test
    void aRunDirectoryAloneMeansItsLatestCheckpointByIteration() throws IOException {
        write("rsl/model_99.pt", "a");
        write("rsl/model_199.pt", "b");
        write("rsl/model_1000.pt", "c");

        ResolvedCheckpoint resolved =
                resolver(null).resolve(new CheckpointRequest(Library.RSL_RL, "Pendulum-v1", "rsl", null));

        assertThat(resolved.file().getFileName().toString()).isEqualTo("model_1000.pt");
    }

    @Test
    void rlGamesLatestOrdersByEpochNotByReward() throws IOException {
        write("rlg/nn/last_cartpole_ep_100_rew_20.5.pth", "a");
        write("rlg/nn/last_cartpole_ep_50_rew_500.0.pth", "b");
        write("rlg/nn/cartpole.pth", "best");

        CheckpointResolver resolver = resolver(null);
        assertThat(resolver.resolve(new CheckpointRequest(Library.RL_GAMES, "CartPole-v1", "rlg/latest", null))
                        .file()
                        .getFileName())
                .hasToString("last_cartpole_ep_100_rew_20.5.pth");
        assertThat(resolver.resolve(new CheckpointRequest(Library.RL_GAMES, "CartPole-v1", "rlg/best", null))
                        .file()
                        .getFileName())
                .hasToString("cartpole.pth");
    }

    @Test
    void bestFindsTheLibrarysBestFileOrSaysItKeepsNone() throws IOException {
        write("skrl/checkpoints/agent_100.pt", "a");
        write("skrl/checkpoints/best_agent.pt", "b");
        write("rsl/model_5.pt", "c");

        assertThat(resolver(null)
                        .resolve(new CheckpointRequest(Library.SKRL, "Pendulum-v1", "skrl/best", null))
                        .file()
                        .getFileName())
                .hasToString("best_agent.pt");
        assertThatThrownBy(() ->
                        resolver(null).resolve(new CheckpointRequest(Library.RSL_RL, "Pendulum-v1", "rsl/best", null)))
                .isInstanceOf(CheckpointNotFoundException.class)
                .hasMessageContaining("model_5.pt")
                .hasMessageContaining("rsl_rl keeps no best checkpoint; use <run directory>/latest");
    }

    @Test
    void anEmptyRunDirectorySaysWhatItSearched() throws IOException {
        Files.createDirectories(base.resolve("empty"));

        assertThatThrownBy(
                        () -> resolver(null).resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", "empty", null)))
                .isInstanceOf(CheckpointNotFoundException.class)
                .hasMessageContaining("no *.pt, *.pth, *.zip or *.ckpt file");
    }

    @Test
    void withoutACheckpointThePublishedStoreIsUsedWithAWarning() throws IOException {
        Path root = base.resolve("published");
        Path file = write("published/sb3/CartPole-v1/checkpoint.zip", "model");
        write("published/sb3/CartPole-v1/vecnormalize.pkl", "stats");

        ResolvedCheckpoint resolved =
                resolver(root).resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", null, null));

        assertThat(resolved.file()).isEqualTo(file.toAbsolutePath());
        assertThat(resolved.origin()).isEqualTo(CheckpointOrigin.PUBLISHED);
        assertThat(resolved.runDirectory()).isEqualTo(file.getParent().toAbsolutePath());
        assertThat(resolved.warnings())
                .singleElement()
                .asString()
                .contains("No checkpoint given for sb3 / CartPole-v1; using the published checkpoint");
    }

    @Test
    void thePublishedStoreDropsPlaySuffixesAndNamespaces() {
        assertThat(CheckpointResolver.publishedTaskName("Isaac-Cartpole-Play-v0"))
                .isEqualTo("Isaac-Cartpole-v0");
        assertThat(CheckpointResolver.publishedTaskName("isaaclab:Isaac-Velocity-Play"))
                .isEqualTo("Isaac-Velocity");
        assertThat(CheckpointResolver.publishedTaskName("CartPole-v1")).isEqualTo("CartPole-v1");
        assertThat(CheckpointResolver.publishedTaskName("Player-v1")).isEqualTo("Player-v1");
    }

    @Test
    void thePublishedClasspathStoreWorksFromAJarAndBringsItsConfigFiles() throws IOException {
        Path jar = base.resolve("store.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] {
                "playbench/checkpoints/skrl/Pendulum-v1/checkpoint.pt",
                "playbench/checkpoints/skrl/Pendulum-v1/params/agent.yaml"
            }) {
                out.putNextEntry(new JarEntry(name));
                out.write(name.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        try (URLClassLoader loader =
                new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            CheckpointResolver resolver = new CheckpointResolver(
                    new CheckpointSettings(base, null, "playbench/checkpoints", cache, Duration.ofSeconds(5), loader));

            ResolvedCheckpoint resolved =
                    resolver.resolve(new CheckpointRequest(Library.SKRL, "Pendulum-v1", null, null));

            assertThat(resolved.location()).isEqualTo("classpath:playbench/checkpoints/skrl/Pendulum-v1/checkpoint.pt");
            assertThat(resolved.file()).startsWith(cache);
            assertThat(resolved.runDirectory().resolve("params/agent.yaml")).exists();
            assertThat(resolved.origin()).isEqualTo(CheckpointOrigin.PUBLISHED);
        }
    }

    @Test
    void nothingAnywhereGivesAnErrorListingEveryPlaceTried() {
        Path root = base.resolve("published");

        assertThatThrownBy(
                        () -> resolver(root).resolve(new CheckpointRequest(Library.RL_GAMES, "Acrobot-v1", null, null)))
                .isInstanceOf(CheckpointNotFoundException.class)
                .hasMessageContaining("No checkpoint for rl_games / Acrobot-v1 found")
                .hasMessageContaining(root.resolve("rl_games/Acrobot-v1") + "/checkpoint.* (directory does not exist)")
                .hasMessageContaining(
                        "classpath:playbench/checkpoints/rl_games/Acrobot-v1/checkpoint.* (not on the classpath)")
                .hasMessageContaining("@PlayBenchmark(checkpoint =")
                .satisfies(e ->
                        assertThat(((CheckpointNotFoundException) e).tried()).hasSize(2));
    }

    @Test
    void aWrongPinRejectsTheFile() throws IOException {
        write("m.zip", "model");
        String wrong = "0".repeat(64);

        assertThatThrownBy(
                        () -> resolver(null).resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", "m.zip", wrong)))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(Digests.sha256("model"))
                .hasMessageContaining(wrong);
        assertThatThrownBy(() -> new CheckpointRequest(Library.SB3, "CartPole-v1", "m.zip", "abc"))
                .hasMessageContaining("is not 64 hex digits");
    }

    @Test
    void aPinnedDownloadIsVerifiedCachedAndReused() throws IOException {
        AtomicInteger hits = serve("/ckpt/model.zip", "remote-model");
        String url = url("/ckpt/model.zip");
        String pin = "sha256:" + Digests.sha256("remote-model");
        CheckpointResolver resolver = resolver(null);

        ResolvedCheckpoint first = resolver.resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", url, pin));
        ResolvedCheckpoint second = resolver.resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", url, pin));

        assertThat(first.file()).startsWith(cache).hasFileName("model.zip");
        assertThat(Files.readString(first.file())).isEqualTo("remote-model");
        assertThat(second.file()).isEqualTo(first.file());
        assertThat(hits).hasValue(1);
        assertThat(first.warnings()).isEmpty();
        assertThat(first.location()).isEqualTo(url);
    }

    @Test
    void aDownloadThatDoesNotMatchItsPinIsNeitherUsedNorCached() throws IOException {
        serve("/ckpt/model.zip", "tampered");
        String url = url("/ckpt/model.zip");
        String pin = Digests.sha256("remote-model");

        assertThatThrownBy(() -> resolver(null).resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", url, pin)))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("was not used or cached");
        assertThat(cache.resolve("downloads").resolve(pin).resolve("model.zip")).doesNotExist();
        try (var files = Files.list(cache.resolve("downloads").resolve(pin))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anUnpinnedDownloadIsFetchedEveryTimeAndWarns() throws IOException {
        AtomicInteger hits = serve("/m.zip", "remote");
        CheckpointResolver resolver = resolver(null);

        ResolvedCheckpoint resolved =
                resolver.resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", url("/m.zip"), null));
        resolver.resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", url("/m.zip"), null));

        assertThat(hits).hasValue(2);
        assertThat(resolved.warnings())
                .singleElement()
                .asString()
                .contains("without a sha256 pin")
                .contains(Digests.sha256("remote"));
    }

    @Test
    void anHttpErrorIsReportedWithItsStatus() throws IOException {
        serve("/there.zip", "x");

        assertThatThrownBy(() -> resolver(null)
                        .resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", url("/missing.zip"), null)))
                .isInstanceOf(CheckpointNotFoundException.class)
                .hasMessageContaining("(HTTP 404)");
    }

    @Test
    void aBodyThatNeverFinishesHitsTheDeadlineAndLeavesNoPartFile() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 1_000_000);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[100]);
                out.flush();
                Thread.sleep(10_000);
            } catch (InterruptedException | IOException e) {
                // the client gave up
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        CheckpointResolver resolver = new CheckpointResolver(settings().withHttpTimeout(Duration.ofMillis(1500)));
        long start = System.nanoTime();

        assertThatThrownBy(() ->
                        resolver.resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", url("/slow.zip"), null)))
                .isInstanceOf(CheckpointNotFoundException.class)
                .hasMessageContaining("the body did not arrive within 1 s");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void aDownloadOverTheSizeLimitIsRefusedNamingTheLimitAndLeavesNoPartFile() throws IOException {
        serve("/big.zip", "x".repeat(5000));
        CheckpointResolver resolver = new CheckpointResolver(settings().withMaxDownloadBytes(1000));

        assertThatThrownBy(() ->
                        resolver.resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", url("/big.zip"), null)))
                .isInstanceOf(CheckpointNotFoundException.class)
                .hasMessageContaining("larger than the download limit of 1,000 bytes")
                .hasMessageContaining("--max-download-bytes")
                .hasMessageContaining(CheckpointSettings.MAX_DOWNLOAD_BYTES_PROPERTY);
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void aChunkedDownloadOverTheSizeLimitIsStoppedWhileReading() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[5000]);
            } catch (IOException e) {
                // the client gave up
            }
        });
        server.start();
        CheckpointResolver resolver = new CheckpointResolver(settings().withMaxDownloadBytes(1000));

        assertThatThrownBy(() ->
                        resolver.resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", url("/big.zip"), null)))
                .isInstanceOf(CheckpointNotFoundException.class)
                .hasMessageContaining("larger than the download limit of 1,000 bytes: its body is longer");
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void credentialsAndQueryValuesOfADownloadAreNeverRecordedOrShown() throws IOException {
        serve("/model.zip", "remote");
        String secret = url("/model.zip").replace("http://", "http://alice:hunter2@") + "?token=s3cr3t&sig=abc";

        ResolvedCheckpoint resolved =
                resolver(null).resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", secret, null));

        assertThat(resolved.location())
                .isEqualTo(url("/model.zip").replace("http://", "http://***@") + "?token=***&sig=***");
        assertThat(String.join("\n", resolved.warnings()))
                .contains("***@")
                .doesNotContain("hunter2", "alice", "s3cr3t", "abc");
        String missing = secret.replace("/model.zip", "/gone.zip");
        assertThatThrownBy(
                        () -> resolver(null).resolve(new CheckpointRequest(Library.SB3, "CartPole-v1", missing, null)))
                .isInstanceOf(CheckpointNotFoundException.class)
                .hasMessageContaining("(HTTP 404)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2", "alice", "s3cr3t"));
    }

    @Test
    void latestIgnoresALinkToAFileOutsideTheRunDirectory() throws IOException {
        Path outside =
                Files.writeString(Files.createTempDirectory(cache, "elsewhere").resolve("secret.pt"), "x");
        Path run = Files.createDirectories(base.resolve("runs/a"));
        Files.writeString(run.resolve("model_10.pt"), "inside");
        Files.createSymbolicLink(run.resolve("model_99.pt"), outside);

        ResolvedCheckpoint resolved = resolver(null)
                .resolve(new CheckpointRequest(Library.RSL_RL, "Isaac-Cartpole-v0", "runs/a/latest", null));

        assertThat(resolved.file().getFileName()).hasToString("model_10.pt");
    }

    @Test
    void aLatestLinkOutOfTheRunDirectoryIsNotFollowed() throws IOException {
        Path outside =
                Files.writeString(Files.createTempDirectory(cache, "elsewhere").resolve("secret.pt"), "x");
        Path run = Files.createDirectories(base.resolve("runs/b"));
        Files.writeString(run.resolve("model_10.pt"), "inside");
        Files.createSymbolicLink(run.resolve("latest"), outside);

        assertThatThrownBy(() -> resolver(null)
                        .resolve(new CheckpointRequest(Library.RSL_RL, "Isaac-Cartpole-v0", "runs/b/latest", null)))
                .isInstanceOf(CheckpointNotFoundException.class)
                .hasMessageContaining("a symbolic link to " + outside + ", outside the run directory");
    }

    private CheckpointSettings settings() {
        return new CheckpointSettings(
                base,
                null,
                "playbench/checkpoints",
                cache,
                Duration.ofSeconds(10),
                getClass().getClassLoader());
    }

    private java.util.List<Path> partFiles() throws IOException {
        try (var walk = Files.walk(cache)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".part"))
                    .toList();
        }
    }

    private CheckpointResolver resolver(Path publishedRoot) {
        return new CheckpointResolver(new CheckpointSettings(
                base,
                publishedRoot,
                "playbench/checkpoints",
                cache,
                Duration.ofSeconds(10),
                getClass().getClassLoader()));
    }

    private Path write(String relative, String content) throws IOException {
        Path file = base.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private AtomicInteger serve(String path, String body) throws IOException {
        AtomicInteger hits = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().equals(path)) {
                hits.incrementAndGet();
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
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
