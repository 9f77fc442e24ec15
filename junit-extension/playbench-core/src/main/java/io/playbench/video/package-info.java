/**
 * Rollout videos: {@link io.playbench.video.VideoRecorder} replays one episode of a policy in a single env from a
 * fixed seed, draws it with a {@link io.playbench.render.Renderer} and encodes it with
 * {@link io.playbench.video.AnimatedGifWriter} within the limits of {@link io.playbench.video.VideoSettings}.
 *
 * <p>Engine package: it never depends on JUnit, AssertJ or Allure.
 */
package io.playbench.video;
