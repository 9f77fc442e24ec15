package io.playbench.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbench.device.Device;
import io.playbench.env.AutoresetMode;
import io.playbench.env.EnvOptions;
import io.playbench.env.MathMode;
import io.playbench.env.SeedingLayout;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.library.Activation;
import io.playbench.library.Library;
import io.playbench.library.PolicySpec;
import io.playbench.library.Stage;
import io.playbench.render.ClassicControlRenderers;
import io.playbench.render.Renderer;
import io.playbench.render.Renderers;
import io.playbench.rollout.DefaultComponents;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VideoRecorderTests {

    /** The CartPole controller of the extension tests: push toward the side the pole falls to. */
    static PolicySpec cartPoleHeuristic() {
        return new PolicySpec(
                Library.SB3,
                "heuristic",
                4,
                new PolicySpec.ActionOutput.Discrete(2),
                List.of(
                        new Stage.Dense(new float[] {0, 0, 0, 0, 0, 0, 1, 1}, null, 4, 2, Activation.IDENTITY),
                        new Stage.Argmax()),
                List.of());
    }

    /** A policy that always takes action 0 (discrete) or 0.0 (continuous). */
    static PolicySpec zero(int obs, PolicySpec.ActionOutput action) {
        int out = action instanceof PolicySpec.ActionOutput.Discrete d
                ? d.n()
                : ((PolicySpec.ActionOutput.Continuous) action).size();
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage.Dense(new float[obs * out], new float[out], obs, out, Activation.IDENTITY));
        if (action instanceof PolicySpec.ActionOutput.Discrete) {
            stages.add(new Stage.Argmax());
        }
        return new PolicySpec(Library.SB3, "zero", obs, action, stages, List.of());
    }

    static VecEnv single(String task) {
        return Tasks.make(
                task,
                1,
                new EnvOptions(
                        AutoresetMode.NEXT_STEP, SeedingLayout.PER_ENV, 1, EnvOptions.TASK_DEFAULT, MathMode.EXACT));
    }

    static Policy compile(PolicySpec spec) {
        return DefaultComponents.compiler().compile(spec, "reference", Device.CPU, 1);
    }

    static Recording record(String task, PolicySpec spec, VideoSettings settings) {
        try (VecEnv env = single(task);
                Policy policy = compile(spec)) {
            return VideoRecorder.record(env, policy, Renderers.forEnv(env).orElseThrow(), settings);
        }
    }

    /** Decodes every sub-image, composites them ("do not dispose") and returns the full frames and their delays. */
    record Decoded(List<BufferedImage> frames, List<Integer> delays, boolean loops) {}

    static Decoded decode(byte[] gif) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            int n = reader.getNumImages(true);
            List<BufferedImage> frames = new ArrayList<>();
            List<Integer> delays = new ArrayList<>();
            boolean loops = false;
            BufferedImage canvas = null;
            for (int i = 0; i < n; i++) {
                BufferedImage part = reader.read(i);
                IIOMetadataNode root =
                        (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode desc = (IIOMetadataNode)
                        root.getElementsByTagName("ImageDescriptor").item(0);
                IIOMetadataNode gce = (IIOMetadataNode)
                        root.getElementsByTagName("GraphicControlExtension").item(0);
                delays.add(Integer.parseInt(gce.getAttribute("delayTime")));
                var apps = root.getElementsByTagName("ApplicationExtension");
                for (int k = 0; k < apps.getLength(); k++) {
                    IIOMetadataNode app = (IIOMetadataNode) apps.item(k);
                    loops |= "NETSCAPE".equals(app.getAttribute("applicationID"))
                            && "2.0".equals(app.getAttribute("authenticationCode"));
                }
                int x = Integer.parseInt(desc.getAttribute("imageLeftPosition"));
                int y = Integer.parseInt(desc.getAttribute("imageTopPosition"));
                if (canvas == null) {
                    canvas = new BufferedImage(part.getWidth(), part.getHeight(), BufferedImage.TYPE_INT_RGB);
                }
                canvas.getGraphics().drawImage(part, x, y, null);
                BufferedImage copy =
                        new BufferedImage(canvas.getWidth(), canvas.getHeight(), BufferedImage.TYPE_INT_RGB);
                copy.getGraphics().drawImage(canvas, 0, 0, null);
                frames.add(copy);
            }
            return new Decoded(frames, delays, loops);
        } finally {
            reader.dispose();
        }
    }

    static void assertSame(BufferedImage expected, BufferedImage actual, String what) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        int differing = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if ((expected.getRGB(x, y) & 0xFFFFFF) != (actual.getRGB(x, y) & 0xFFFFFF)) {
                    differing++;
                }
            }
        }
        assertThat(differing).as("pixels of %s that differ", what).isZero();
    }

    @Test
    void aWholeCartPoleEpisodeIsALoopingGifWhoseFramesAreTheRenderedStatesExactly() throws IOException {
        Recording r = record(
                "CartPole-v1", cartPoleHeuristic(), VideoSettings.defaults().withSeed(7));

        // the same episode, stepped by hand: first and last state
        BufferedImage first;
        BufferedImage last;
        int steps = 0;
        try (VecEnv env = single("CartPole-v1");
                Policy policy = compile(cartPoleHeuristic())) {
            env.reset(7);
            first = ClassicControlRenderers.draw(
                    "CartPole-v1", ((io.playbench.env.classic.CartPoleEnv) env).state(0), null);
            int[] a = new int[1];
            do {
                policy.act(env.observations(), a);
                env.step(a);
                steps++;
            } while (!env.episodeEnded()[0] && steps < env.maxEpisodeSteps());
            last = ClassicControlRenderers.draw(
                    "CartPole-v1", ((io.playbench.env.classic.CartPoleEnv) env).state(0), null);
        }
        assertThat(r.steps()).isEqualTo(steps);
        assertThat(r.stride()).isEqualTo(1);
        assertThat(r.frames()).isEqualTo(steps + 1);
        assertThat(r.fps()).isEqualTo(50);
        assertThat(r.width()).isEqualTo(600);
        assertThat(r.height()).isEqualTo(400);
        assertThat(r.episodeReturn()).isEqualTo(steps);
        assertThat(r.gif()).startsWith("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        Decoded d = decode(r.gif());
        assertThat(d.loops()).as("NETSCAPE2.0 loop extension").isTrue();
        assertThat(d.frames()).hasSize(r.frames());
        assertThat(d.delays()).allSatisfy(delay -> assertThat(delay).isEqualTo(2)); // 50 fps
        assertSame(first, d.frames().getFirst(), "the first frame");
        assertSame(last, d.frames().getLast(), "the last frame");
        System.out.printf(
                Locale.ROOT,
                "[video] CartPole-v1: %d steps, %d frames, %d bytes, render %.1f ms/frame, encode %.1f ms/frame, total %.3f s%n",
                r.steps(),
                r.frames(),
                r.gif().length,
                1e3 * r.renderSeconds() / r.frames(),
                1e3 * r.encodeSeconds() / r.frames(),
                r.totalSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pendulum-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0"})
    void everyClassicControlTaskRecordsAWholeEpisode(String task) throws IOException {
        PolicySpec spec = switch (task) {
            case "Pendulum-v1" -> zero(3, new PolicySpec.ActionOutput.Continuous(1));
            case "Acrobot-v1" -> zero(6, new PolicySpec.ActionOutput.Discrete(3));
            case "MountainCar-v0" -> zero(2, new PolicySpec.ActionOutput.Discrete(3));
            default -> zero(2, new PolicySpec.ActionOutput.Continuous(1));
        };
        Recording r = record(task, spec, VideoSettings.defaults());
        int maxSteps;
        try (VecEnv env = single(task)) {
            maxSteps = env.maxEpisodeSteps();
        }
        assertThat(r.steps()).isEqualTo(maxSteps); // a zero policy never reaches any goal
        assertThat(r.frames()).isEqualTo(maxSteps + 1);
        assertThat(r.fps()).isEqualTo(ClassicControlRenderers.renderFps(task));
        Decoded d = decode(r.gif());
        assertThat(d.frames()).hasSize(r.frames());
        assertThat(d.frames().getFirst().getWidth()).isEqualTo(r.width());
        System.out.printf(
                Locale.ROOT,
                "[video] %s: %d steps, %d frames, %d bytes, render %.1f ms/frame, encode %.1f ms/frame, total %.3f s%n",
                task,
                r.steps(),
                r.frames(),
                r.gif().length,
                1e3 * r.renderSeconds() / r.frames(),
                1e3 * r.encodeSeconds() / r.frames(),
                r.totalSeconds());
    }

    @Test
    void theFrameCapKeepsEveryKthStepAndPlaybackStaysRealTime() throws IOException {
        Recording full =
                record("Acrobot-v1", zero(6, new PolicySpec.ActionOutput.Discrete(3)), VideoSettings.defaults());
        Recording capped = record(
                "Acrobot-v1", zero(6, new PolicySpec.ActionOutput.Discrete(3)), new VideoSettings(0, 50, 8L << 20, 0));

        assertThat(capped.steps()).isEqualTo(full.steps());
        assertThat(capped.frames()).isLessThanOrEqualTo(50);
        assertThat(capped.stride()).isEqualTo(11); // ceil(501 / 49)
        Decoded d = decode(capped.gif());
        assertThat(d.frames()).hasSize(capped.frames());
        int total = d.delays().stream().mapToInt(Integer::intValue).sum();
        // 500 steps at 15 steps/s = 33.3 s (plus the last frame's own time)
        assertThat(total).isBetween(3333, 3333 + 100 * 11 / 15 + 1);
    }

    @Test
    void theSizeCapHoldsByDroppingFramesAndAVideoThatCannotFitIsAnError() {
        Recording full = record("CartPole-v1", cartPoleHeuristic(), VideoSettings.defaults());
        long cap = full.gif().length / 3;
        Recording small = record("CartPole-v1", cartPoleHeuristic(), new VideoSettings(0, 1000, cap, 0));

        assertThat((long) small.gif().length).isLessThanOrEqualTo(cap);
        assertThat(small.attempts()).isGreaterThan(1);
        assertThat(small.stride()).isGreaterThan(1);
        assertThat(small.steps()).isEqualTo(full.steps());

        assertThatThrownBy(() -> record("CartPole-v1", cartPoleHeuristic(), new VideoSettings(0, 1000, 1024, 0)))
                .isInstanceOf(VideoRecorder.TooLargeException.class)
                .hasMessageContaining("playbench.video.max.bytes");
    }

    /** Warm timings for the notes: {@code -Dtest=VideoRecorderTests#warmTimings -Dplaybench.video.timing=true}. */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "playbench.video.timing", matches = "true")
    void warmTimings() {
        String[] tasks = {"CartPole-v1", "Pendulum-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0"};
        PolicySpec[] specs = {
            cartPoleHeuristic(),
            zero(3, new PolicySpec.ActionOutput.Continuous(1)),
            zero(6, new PolicySpec.ActionOutput.Discrete(3)),
            zero(2, new PolicySpec.ActionOutput.Discrete(3)),
            zero(2, new PolicySpec.ActionOutput.Continuous(1))
        };
        for (int round = 0; round < 3; round++) {
            for (int t = 0; t < tasks.length; t++) {
                Recording r = record(tasks[t], specs[t], VideoSettings.defaults());
                if (round == 2) {
                    System.out.printf(
                            Locale.ROOT,
                            "[timing] %-26s %4d steps %5d frames %8d bytes  render %.2f ms/frame  encode %.2f ms/frame"
                                    + "  total %.3f s%n",
                            tasks[t],
                            r.steps(),
                            r.frames(),
                            r.gif().length,
                            1e3 * r.renderSeconds() / r.frames(),
                            1e3 * r.encodeSeconds() / r.frames(),
                            r.totalSeconds());
                }
            }
        }
    }

    @Test
    void aFixedFrameRateSetsTheDelays() throws IOException {
        Recording r = record("CartPole-v1", cartPoleHeuristic(), new VideoSettings(25, 1000, 8L << 20, 0));
        assertThat(decode(r.gif()).delays())
                .allSatisfy(delay -> assertThat(delay).isEqualTo(4));
    }

    @Test
    void aRendererThatReusesItsImageAndAnEnvThatDrawsItselfWork() throws IOException {
        BufferedImage shared = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        int[] calls = {0};
        Renderer renderer = (i, last) -> {
            shared.setRGB(calls[0] % 8, 0, 0xFF0000);
            calls[0]++;
            return shared;
        };
        try (VecEnv env = single("CartPole-v1");
                Policy policy = compile(cartPoleHeuristic())) {
            Recording r = VideoRecorder.record(env, policy, renderer, VideoSettings.defaults());
            assertThat(calls[0]).isEqualTo(r.frames());
            assertThat(decode(r.gif()).frames()).hasSize(r.frames());
        }
    }
}
