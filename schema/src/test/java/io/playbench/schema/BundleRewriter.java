package io.playbench.schema;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Child process of the kill test: rewrites one large bundle file in a loop until it is killed. */
final class BundleRewriter {

    private BundleRewriter() {}

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        PlayBundle base = SampleBundles.complete();
        String padding = "x".repeat(4096);
        for (long generation = 0; ; generation++) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("generation", generation);
            for (int i = 0; i < 64; i++) {
                extra.put("pad" + i, padding);
            }
            PlayBundle bundle = new PlayBundle(
                    base.run(),
                    base.versions(),
                    base.hardware(),
                    base.runtime(),
                    base.resources(),
                    base.successRate(),
                    base.reward(),
                    base.epLength(),
                    base.episodes(),
                    base.checkpointPath(),
                    base.checkpoint(),
                    base.videoPath(),
                    base.test(),
                    base.warnings(),
                    extra,
                    base.schemaVersion());
            PlayBundles.writeTo(target, bundle);
        }
    }
}
