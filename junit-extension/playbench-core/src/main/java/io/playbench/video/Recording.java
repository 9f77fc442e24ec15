package io.playbench.video;

/**
 * A recorded episode.
 *
 * @param gif the animated GIF
 * @param width frame width [px]
 * @param height frame height [px]
 * @param frames frames in the GIF
 * @param steps env steps of the episode
 * @param stride every how many steps a frame was kept
 * @param fps playback speed [env steps/s]
 * @param episodeReturn the episode's return
 * @param episodeEnded whether the episode ended (terminated or truncated) within the task's step limit
 * @param seed the reset seed
 * @param attempts how many times the episode was recorded to fit the size cap
 * @param renderSeconds time spent drawing frames (last attempt)
 * @param encodeSeconds time spent encoding frames (last attempt)
 * @param totalSeconds wall time of the whole recording, every attempt, replay and policy included
 */
public record Recording(
        byte[] gif,
        int width,
        int height,
        int frames,
        int steps,
        int stride,
        int fps,
        double episodeReturn,
        boolean episodeEnded,
        long seed,
        int attempts,
        double renderSeconds,
        double encodeSeconds,
        double totalSeconds) {}
