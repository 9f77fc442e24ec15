package io.playbench.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFilesTests {

    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesTheSameBundle() throws IOException {
        PlayBundle bundle = SampleBundles.complete();

        Path file = PlayBundles.write(dir, bundle);

        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(file.getFileName().toString())
                .matches("play_CartPole-v1_sb3_16envs_20260616T120131_[0-9a-f]{12}\\.json");
        assertThat(PlayBundles.read(file)).isEqualTo(bundle);
        assertThat(listing()).containsExactly(file.getFileName().toString());
    }

    @Test
    void repeatedWritesOfOneBundleNeverCollide() throws IOException {
        PlayBundle bundle = SampleBundles.complete();
        Set<Path> files = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            files.add(PlayBundles.write(dir, bundle));
        }

        assertThat(files).hasSize(200);
        assertThat(listing()).hasSize(200);
    }

    @Test
    void manyConcurrentWritersToOneDirectoryLoseNothing() throws Exception {
        int writers = 16;
        int perWriter = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Path>>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            PlayBundle bundle = w % 2 == 0 ? SampleBundles.complete() : SampleBundles.crashed();
            futures.add(pool.submit(() -> {
                start.await();
                List<Path> written = new ArrayList<>();
                for (int i = 0; i < perWriter; i++) {
                    written.add(PlayBundles.write(dir, bundle));
                }
                return written;
            }));
        }
        start.countDown();
        Set<Path> all = new HashSet<>();
        for (Future<List<Path>> f : futures) {
            all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        ScanResult scan = PlayBundles.scan(dir);
        assertThat(all).hasSize(writers * perWriter);
        assertThat(scan.problems()).isEmpty();
        assertThat(scan.entries()).hasSize(writers * perWriter);
        assertThat(listing()).allMatch(name -> name.startsWith("play_") && name.endsWith(".json"));
    }

    @Test
    void aWriteThatFailsPartWayKeepsThePreviousFileAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("play_target.json");
        PlayBundles.writeTo(target, SampleBundles.complete());
        String before = Files.readString(target);

        assertThatThrownBy(() -> PlayBundles.writeAtomically(target, out -> {
                    out.write("{\"run\": {\"run_id\": \"half".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full (simulated)");
                }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("disk full");

        assertThat(Files.readString(target)).isEqualTo(before);
        assertThat(listing()).containsExactly("play_target.json");
    }

    @Test
    void aFailedFirstWriteLeavesNoFileAtAll() {
        Path target = dir.resolve("play_new.json");

        assertThatThrownBy(() -> PlayBundles.writeAtomically(target, out -> {
                    out.write(new byte[1000]);
                    throw new IOException("killed (simulated)");
                }))
                .isInstanceOf(IOException.class);

        assertThat(listing()).isEmpty();
    }

    @Test
    void aWriterProcessKilledMidWriteLeavesEitherTheOldFileOrTheNewOneNeverAPartialOne() throws Exception {
        Path target = dir.resolve("play_hammered.json");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        BundleRewriter.class.getName(),
                        target.toString())
                .redirectErrorStream(true)
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(target) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(target).as("the child wrote its first bundle").exists();
            Thread.sleep(300);
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        PlayBundle survivor = PlayBundles.read(target);
        assertThat(survivor.extra()).containsKey("generation");
        assertThat(PlayBundles.scan(dir).problems()).isEmpty();
    }

    @Test
    void scanSkipsTemporariesAndReportsInvalidFilesWithoutFailing() throws IOException {
        PlayBundles.write(dir, SampleBundles.complete());
        Files.createDirectories(dir.resolve("nested"));
        PlayBundles.write(dir.resolve("nested"), SampleBundles.crashed());
        Files.writeString(dir.resolve(".play_x.json.123.tmp"), "{\"run\":");
        Files.writeString(dir.resolve("play_truncated.json"), "{\"run\": {");
        Files.writeString(dir.resolve("play_other.json"), "{\"hello\": 1}");
        Files.writeString(dir.resolve("notes.txt"), "not a bundle");

        ScanResult scan = PlayBundles.scan(dir);

        assertThat(scan.entries()).hasSize(2);
        assertThat(scan.problems())
                .extracting(p -> p.file().getFileName().toString())
                .containsExactlyInAnyOrder("play_truncated.json", "play_other.json");
        assertThat(scan.problems()).allSatisfy(p -> assertThat(p.reason()).contains("is not a valid PlayBundle"));
        assertThat(PlayBundles.scan(dir.resolve("missing")).entries()).isEmpty();
    }

    @Test
    void readingAnInvalidFileNamesTheFile() throws IOException {
        Path file = dir.resolve("play_bad.json");
        Files.writeString(file, "{}");

        assertThatThrownBy(() -> PlayBundles.read(file))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith(file + " is not a valid PlayBundle")
                .hasMessageContaining("[required]");
    }

    private List<String> listing() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
