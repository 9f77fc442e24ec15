package io.playbench.bench;

import io.playbench.device.Device;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.InferenceEngines;
import io.playbench.inference.Policy;
import io.playbench.library.Library;
import io.playbench.library.LibraryAdapters;
import io.playbench.library.PolicySpec;
import io.playbench.monitor.ResourceMonitor;
import io.playbench.rollout.BundleFactory;
import io.playbench.rollout.PlayLoop;
import io.playbench.rollout.PlayRequest;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures PlayBench's own cost: a bare loop ({@code policy.act} + {@code env.step}, nothing else) against the
 * {@link PlayLoop} (per-part timing, episode bookkeeping, resource monitor) on the same policy and env, interleaved,
 * plus the one-off cost of building and writing the bundle.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp ... io.playbench.bench.ExtensionOverheadProbe [numEnvs] [frames] [rounds]
 * </pre>
 */
public final class ExtensionOverheadProbe {

    private ExtensionOverheadProbe() {}

    public static void main(String[] args) throws Exception {
        int numEnvs = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Path checkpoint =
                Path.of("bench-tests/target/test-classes/playbench/checkpoints/sb3/CartPole-v1/checkpoint.zip");
        if (!Files.exists(checkpoint)) {
            checkpoint = Path.of("target/test-classes/playbench/checkpoints/sb3/CartPole-v1/checkpoint.zip");
        }
        PolicySpec spec = LibraryAdapters.of(Library.SB3)
                .load(checkpoint, checkpoint.getParent())
                .spec();
        double[] bare = new double[rounds];
        double[] loop = new double[rounds];
        double[] reported = new double[rounds];
        double bundleMs = 0;
        try (VecEnv env = Tasks.make("CartPole-v1", numEnvs);
                Policy policy = InferenceEngines.compile(spec, "auto", Device.CPU, numEnvs)) {
            policy.warmUp();
            int[] actions = new int[numEnvs];
            for (int r = -1; r < rounds; r++) {
                // The bare loop does what PlayLoop.run must do too: the seeded reset, 100 warm-up steps, the frames.
                long t0 = System.nanoTime();
                env.reset(r + 10);
                for (int i = 0; i < 100 + frames; i++) {
                    policy.act(env.observations(), actions);
                    env.step(actions);
                }
                long bareNs = System.nanoTime() - t0;
                PlayLoop.Options options = new PlayLoop.Options(
                        100,
                        frames,
                        (long) r + 10,
                        "sb3",
                        policy.engine(),
                        null,
                        Duration.ofHours(1),
                        line -> {},
                        () -> new ResourceMonitor(Duration.ofMillis(100), io.playbench.monitor.GpuProbe.NONE, 0),
                        10_000);
                long t1 = System.nanoTime();
                PlayResult result = PlayLoop.run(env, policy, options);
                long t2 = System.nanoTime();
                double loopSeconds = (t2 - t1) / 1e9;
                long b0 = System.nanoTime();
                PlayRequest request = PlayRequest.builder(Library.SB3, "CartPole-v1")
                        .numEnvs(numEnvs)
                        .steps(frames)
                        .build();
                PlayBundle bundle = BundleFactory.completed(request, result);
                Path dir = Files.createTempDirectory("playbench-probe");
                PlayBundles.write(dir, bundle);
                long b1 = System.nanoTime();
                if (r >= 0) {
                    bare[r] = (double) frames * numEnvs / (bareNs / 1e9) * frames / (frames + 100.0);
                    loop[r] = (double) frames * numEnvs / loopSeconds * frames / (frames + 100.0);
                    reported[r] = result.totalFps();
                    bundleMs += (b1 - b0) / 1e6 / rounds;
                }
            }
        }
        double bareMedian = median(bare);
        double loopMedian = median(loop);
        System.out.printf(
                Locale.ROOT, "engine auto, CartPole-v1, %d envs, %d frames, %d rounds%n", numEnvs, frames, rounds);
        System.out.printf(
                Locale.ROOT, "bare loop      median %,.0f frames/s  %s%n", bareMedian, Arrays.toString(round(bare)));
        System.out.printf(
                Locale.ROOT, "PlayLoop       median %,.0f frames/s  %s%n", loopMedian, Arrays.toString(round(loop)));
        System.out.printf(
                Locale.ROOT,
                "reported FPS   median %,.0f frames/s  %s%n",
                median(reported),
                Arrays.toString(round(reported)));
        System.out.printf(
                Locale.ROOT,
                "overhead       %.2f %% of end-to-end FPS, wall clock of PlayLoop.run vs the bare loop (median vs median)%n",
                100 * (1 - loopMedian / bareMedian));
        System.out.printf(
                Locale.ROOT,
                "               %.2f %% between the reported FPS and the bare loop%n",
                100 * (1 - median(reported) / bareMedian));
        System.out.printf(
                Locale.ROOT,
                "bundle build + validate + atomic write: %.1f ms per run (one-off, outside the rollout)%n",
                bundleMs);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
