package io.playbench.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole hostile corpus, plus a generated pickle that builds tens of millions of objects, read in a child JVM with
 * {@code -Xmx512m}: every file ends in a value or an exception, never in a JVM error (no {@link OutOfMemoryError}, no
 * {@link StackOverflowError}).
 */
class TorchHostileMemoryTests {

    @Test
    void theHostileCorpusIsHandledInHalfAGigabyteOfHeap() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path corpus = Resources.path("hostile/good.pt").getParent();
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        corpus.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as(out).contains("jvm errors: 0").doesNotContain("JVM ERROR");
        assertThat(out)
                .contains("expanded.pt: IllegalStateException: tensor of shape [32768, 32768]")
                .contains("huge_declared.zip: CheckpointFormatException")
                .contains("generated huge_graph.pkl: CheckpointFormatException");
    }

    /** Runs in the child JVM: reads every file of the corpus as far as it goes and counts JVM errors. */
    public static final class Main {
        public static void main(String[] args) throws IOException {
            int errors = 0;
            List<Path> files;
            try (Stream<Path> list = Files.list(Path.of(args[0]))) {
                files = list.sorted().toList();
            }
            for (Path file : files) {
                errors += read(file.getFileName().toString(), () -> readFile(file));
            }
            // 20 million empty lists appended to one list: ~40 MB of pickle, far more than 512 MB of heap once built
            byte[] graph = new byte[3 + 2 * 20_000_000 + 1];
            graph[0] = (byte) 0x80;
            graph[1] = 2;
            graph[2] = ']';
            for (int i = 3; i < graph.length - 1; i += 2) {
                graph[i] = ']';
                graph[i + 1] = 'a';
            }
            graph[graph.length - 1] = '.';
            errors += read(
                    "generated huge_graph.pkl", () -> Pickles.load(graph, "huge_graph.pkl", ReadOptions.defaults()));
            System.out.println("jvm errors: " + errors);
        }

        interface Reading {
            void run() throws Exception;
        }

        private static int read(String name, Reading reading) {
            try {
                reading.run();
                System.out.println(name + ": read");
                return 0;
            } catch (Exception e) {
                System.out.println(name + ": " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
                return 0;
            } catch (Error e) {
                System.out.println("JVM ERROR " + name + ": " + e);
                return 1;
            }
        }

        private static String firstLine(String message) {
            return message == null ? "" : message.lines().findFirst().orElse("");
        }

        private static void readFile(Path file) throws IOException {
            String name = file.getFileName().toString();
            if (name.endsWith(".json")) {
                return;
            }
            if (name.endsWith(".pkl")) {
                Object root = Pickles.load(file, ReadOptions.defaults().withSb3StandIns());
                PickleTree.leaves(root);
                String.valueOf(root).length();
                return;
            }
            try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
                ckpt.summary().toString();
                ckpt.sha256();
                for (Tensor t : ckpt.tensors().values()) {
                    System.out.println("  " + Arrays.toString(t.shape()) + " " + t.toFloatArray().length);
                }
            }
        }
    }
}
