package io.playbench.video;

/**
 * How a rollout video is recorded.
 *
 * @param fps playback speed in env steps per second, or {@code 0} for the task's real time (Gymnasium's
 *        {@code render_fps}: CartPole 50, Pendulum 30, MountainCar 30, Acrobot 15); 1 to 100
 * @param maxFrames the most frames in the video: when the task's longest episode ({@code maxEpisodeSteps + 1}
 *        frames) would exceed it, only every k-th step is kept (and shown k times as long, so playback stays at
 *        {@code fps}); the last frame of the episode is always kept
 * @param maxBytes the largest GIF: a video over it is recorded again with every 2nd, 4th, ... frame, and dropped
 *        (with a warning) when even 1/16 of the frames are too large
 * @param seed the seed of the recorded episode's reset
 */
public record VideoSettings(int fps, int maxFrames, long maxBytes, long seed) {

    /** Default frame cap. */
    public static final int DEFAULT_MAX_FRAMES = 1000;

    /** Default size cap: 8 MiB. */
    public static final long DEFAULT_MAX_BYTES = 8L << 20;

    /** Checks the values. */
    public VideoSettings {
        if (fps < 0 || fps > 100) {
            throw new IllegalArgumentException("video fps must be 0 (the task's real time) or 1..100 but was " + fps);
        }
        if (maxFrames < 2) {
            throw new IllegalArgumentException("video max frames must be >= 2 but was " + maxFrames);
        }
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("video max bytes must be >= 1024 but was " + maxBytes);
        }
    }

    /**
     * The defaults: real time, 1,000 frames, 8 MiB, seed 0.
     *
     * @return the settings
     */
    public static VideoSettings defaults() {
        return new VideoSettings(0, DEFAULT_MAX_FRAMES, DEFAULT_MAX_BYTES, 0);
    }

    /**
     * A copy with another seed.
     *
     * @param value the seed
     * @return the copy
     */
    public VideoSettings withSeed(long value) {
        return new VideoSettings(fps, maxFrames, maxBytes, value);
    }
}
