package io.playbench.reports.history;

import io.playbench.reports.TestBundles;
import io.playbench.schema.ScanResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A second process for {@link HistoryStoreTests}: appends bundles one by one to a history. */
public final class ConcurrentAppender {

    private ConcurrentAppender() {}

    /**
     * Appends bundles.
     *
     * @param args history directory, run id, how many, first seed
     * @throws Exception on failure (non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        HistoryStore store = HistoryStore.open(Path.of(args[0]));
        int count = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            var bundle = TestBundles.bundle("CartPole-v1", 1.0, seed + i, null);
            store.append(
                    args[1],
                    List.of(),
                    List.of(new ScanResult.Entry(Path.of("process-" + args[1] + "-" + i), bundle)),
                    List.of("process"),
                    Instant.now());
        }
        System.out.printf("%s: %d appends in %.0f ms%n", args[1], count, (System.nanoTime() - start) / 1e6);
    }
}
