package io.playbench.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every classic-control renderer against Gymnasium's own {@code render()} output at fixed states (the PNGs and
 * {@code states.json} under {@code io/playbench/render/golden}, made by {@code src/test/python/make_render_goldens.py}).
 *
 * <p>Metric, over all pixels of the frame: the mean absolute difference of the R, G and B values must be below
 * 2/255, and fewer than 1 % of the pixels may differ by more than 32 in any channel; on top, at least 99.5 % of the
 * pixels must be identical. CartPole and Acrobot frames match exactly (their primitives are ported from SDL_gfx, zlib
 * licence); MountainCar's anti-aliased curve and Pendulum's shrunk arrow are drawn by PlayBench's own line and filter
 * (Apache-2.0), 99.4-99.7 % identical with no pixel off by more than 32 (the pygame port they replaced was exact). The figures
 * are printed per frame and written to {@code target/render-golden.txt}; the Java frames to {@code target/render-actual}.
 */
class GoldenFrameTests {

    static final double MAX_MEAN_ABS = 2.0 / 255;
    static final double MAX_FAR_FRACTION = 0.01;
    static final int FAR = 32;
    private static final List<String> REPORT = new ArrayList<>();

    static Stream<Arguments> frames() throws IOException {
        JsonNode meta;
        try (InputStream in = GoldenFrameTests.class.getResourceAsStream("golden/states.json")) {
            meta = new ObjectMapper().readTree(in);
        }
        List<Arguments> out = new ArrayList<>();
        for (JsonNode f : meta.get("frames")) {
            double[] state = new double[f.get("state").size()];
            for (int i = 0; i < state.length; i++) {
                state[i] = f.get("state").get(i).asDouble();
            }
            float[] last = f.get("last_action").isNull()
                    ? null
                    : new float[] {(float) f.get("last_action").asDouble()};
            out.add(Arguments.of(f.get("file").asText(), f.get("task").asText(), state, last));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void matchesGymnasium(String file, String task, double[] state, float[] lastAction) throws IOException {
        BufferedImage expected;
        try (InputStream in = GoldenFrameTests.class.getResourceAsStream("golden/" + file)) {
            expected = ImageIO.read(in);
        }
        BufferedImage actual = ClassicControlRenderers.draw(task, state, lastAction);
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        Diff d = Diff.of(expected, actual);
        String line = String.format(
                Locale.ROOT,
                "%-32s mean |diff| %.5f (x255 = %.3f), pixels > %d: %d (%.4f %%), identical pixels %.3f %%",
                file,
                d.meanAbs,
                d.meanAbs * 255,
                FAR,
                d.far,
                100.0 * d.farFraction(),
                100.0 * d.identical / d.pixels);
        REPORT.add(line);
        System.out.println("[golden] " + line);
        Path dir = Path.of("target", "render-actual"); // for eyes and diff tools
        Files.createDirectories(dir);
        ImageIO.write(actual, "png", dir.resolve(file).toFile());
        assertThat(d.meanAbs).as("mean absolute difference of %s", file).isLessThan(MAX_MEAN_ABS);
        assertThat(d.farFraction())
                .as("fraction of pixels of %s differing by more than %d", file, FAR)
                .isLessThan(MAX_FAR_FRACTION);
        assertThat((double) d.identical / d.pixels)
                .as("fraction of identical pixels of %s", file)
                .isGreaterThanOrEqualTo(0.995);
    }

    @AfterAll
    static void writeReport() throws IOException {
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Files.write(dir.resolve("render-golden.txt"), REPORT);
    }

    /** Pixel comparison of two frames of one size. */
    record Diff(double meanAbs, long far, long identical, long pixels) {
        double farFraction() {
            return (double) far / pixels;
        }

        static Diff of(BufferedImage a, BufferedImage b) {
            long sum = 0;
            long far = 0;
            long same = 0;
            int w = a.getWidth();
            int h = a.getHeight();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = a.getRGB(x, y);
                    int q = b.getRGB(x, y);
                    int dr = Math.abs(((p >> 16) & 255) - ((q >> 16) & 255));
                    int dg = Math.abs(((p >> 8) & 255) - ((q >> 8) & 255));
                    int db = Math.abs((p & 255) - (q & 255));
                    sum += dr + dg + db;
                    if (Math.max(dr, Math.max(dg, db)) > FAR) {
                        far++;
                    }
                    if (dr + dg + db == 0) {
                        same++;
                    }
                }
            }
            long pixels = (long) w * h;
            return new Diff(sum / (3.0 * pixels * 255), far, same, pixels);
        }
    }
}
