package io.playbench.video;

import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.library.PolicySpec;
import io.playbench.render.Renderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Records one episode of a policy as an animated GIF: resets a single env with the seed, renders the first frame,
 * then acts, steps and renders until the episode ends (or the task's step limit), keeping every k-th frame within
 * the frame cap; records again with fewer frames when the GIF is over the size cap.
 *
 * <p>Never called inside a measured rollout: it has its own env and a policy compiled for batches of one.
 */
public final class VideoRecorder {

    private static final int MAX_ATTEMPTS = 5;

    private VideoRecorder() {}

    /** Thrown when even the sparsest recording is over the size cap. */
    public static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Records one episode.
     *
     * @param env a single env ({@code numEnvs() == 1}), reset here
     * @param policy the policy, compiled for batches of one
     * @param renderer draws env 0
     * @param settings frame rate, caps and seed
     * @return the recording
     * @throws TooLargeException when the GIF does not fit {@link VideoSettings#maxBytes()}
     */
    public static Recording record(VecEnv env, Policy policy, Renderer renderer, VideoSettings settings) {
        if (env.numEnvs() != 1 || policy.batchSize() != 1) {
            throw new IllegalArgumentException("a video replays one env with a policy for batches of one, not "
                    + env.numEnvs() + " envs / batch " + policy.batchSize());
        }
        long start = System.nanoTime();
        int fps = settings.fps() > 0 ? settings.fps() : Math.max(1, Math.min(100, renderer.renderFps()));
        long longest = (long) env.maxEpisodeSteps() + 1;
        // frames = floor(steps / stride) + 2 at most (reset frame, kept steps, last frame): within maxFrames
        int stride = longest <= settings.maxFrames()
                ? 1
                : (int) ((longest + settings.maxFrames() - 2) / (settings.maxFrames() - 1));
        for (int attempt = 1; ; attempt++) {
            Recording r = attempt(env, policy, renderer, settings, fps, stride, attempt, start);
            if (r != null) {
                return r;
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new TooLargeException("the video of " + env.taskId() + " is over playbench.video.max.bytes ("
                        + settings.maxBytes() + " bytes) even with every " + stride
                        + "th frame; raise the cap or lower playbench.video.max.frames");
            }
            stride *= 2;
        }
    }

    private static Recording attempt(
            VecEnv env,
            Policy policy,
            Renderer renderer,
            VideoSettings settings,
            int fps,
            int stride,
            int attempt,
            long start) {
        boolean discrete = policy.spec().action() instanceof PolicySpec.ActionOutput.Discrete;
        int width = discrete ? 1 : policy.spec().outputSize();
        int[] discreteActions = discrete ? new int[1] : null;
        float[] continuousActions = discrete ? null : new float[width];
        float[] last = new float[width];
        env.reset(settings.seed());
        long renderNs = 0;
        long encodeNs = 0;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int steps = 0;
        double ret = 0;
        boolean ended = false;
        try {
            long t0 = System.nanoTime();
            BufferedImage frame = renderer.render(0, null);
            renderNs += System.nanoTime() - t0;
            AnimatedGifWriter gif = null;
            int kept = 0;
            double perFrame = 100.0 * stride / fps; // centiseconds
            double shown = 0;
            int pendingSteps = 0;
            try {
                long t1 = System.nanoTime();
                gif = new AnimatedGifWriter(bytes, frame.getWidth(), frame.getHeight());
                encodeNs += System.nanoTime() - t1;
                BufferedImage pending = frame;
                int max = env.maxEpisodeSteps();
                while (steps < max) {
                    if (discrete) {
                        policy.act(env.observations(), discreteActions);
                        env.step(discreteActions);
                        last[0] = discreteActions[0];
                    } else {
                        policy.act(env.observations(), continuousActions);
                        env.step(continuousActions);
                        System.arraycopy(continuousActions, 0, last, 0, width);
                    }
                    steps++;
                    pendingSteps++;
                    ret += env.rewards()[0];
                    ended = env.episodeEnded()[0];
                    if (steps % stride == 0 || ended) {
                        // write the pending frame, shown for the steps until this one
                        double end = shown + 100.0 * pendingSteps / fps;
                        int delay = (int) Math.round(end) - (int) Math.round(shown);
                        shown = end;
                        pendingSteps = 0;
                        long e0 = System.nanoTime();
                        gif.addFrame(pending, delay);
                        encodeNs += System.nanoTime() - e0;
                        kept++;
                        if (gif.bytesWritten() > settings.maxBytes()) {
                            return null;
                        }
                        long r0 = System.nanoTime();
                        pending = renderer.render(0, last);
                        renderNs += System.nanoTime() - r0;
                    }
                    if (ended) {
                        break;
                    }
                }
                // the last frame: shown one frame time (plus any steps since the last kept one)
                long e0 = System.nanoTime();
                gif.addFrame(pending, (int) Math.round(Math.max(perFrame, 100.0 * pendingSteps / fps)));
                kept++;
                gif.close();
                gif = null;
                encodeNs += System.nanoTime() - e0;
            } finally {
                if (gif != null) {
                    gif.close();
                }
            }
            if (bytes.size() > settings.maxBytes()) {
                return null;
            }
            return new Recording(
                    bytes.toByteArray(),
                    frame.getWidth(),
                    frame.getHeight(),
                    kept,
                    steps,
                    stride,
                    fps,
                    ret,
                    ended,
                    settings.seed(),
                    attempt,
                    renderNs / 1e9,
                    encodeNs / 1e9,
                    (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding the video of " + env.taskId() + " failed: " + e.getMessage(), e);
        }
    }
}
