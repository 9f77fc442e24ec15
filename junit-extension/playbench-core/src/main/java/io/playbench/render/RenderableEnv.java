package io.playbench.render;

import java.awt.image.BufferedImage;

/**
 * Implemented by a {@link io.playbench.env.VecEnv} that can draw itself: PlayBench then records rollout videos of it
 * with no further registration. The env keeps whatever it needs to draw (its state, the last action).
 *
 * <pre>{@code
 * final class MyEnv implements VecEnv, RenderableEnv {
 *     public BufferedImage render(int envIndex) {
 *         BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
 *         Graphics2D g = img.createGraphics();
 *         // draw env envIndex
 *         g.dispose();
 *         return img;
 *     }
 * }
 * }</pre>
 *
 * <p>For an env class you cannot change, register a {@link RendererProvider} instead.
 */
public interface RenderableEnv {

    /**
     * Draws sub-environment {@code envIndex} as it is now (after the last reset or step).
     *
     * @param envIndex the sub-environment
     * @return an opaque RGB image, the same size on every call
     */
    BufferedImage render(int envIndex);

    /**
     * Frames per second at which episodes look real-time.
     *
     * @return the frame rate; 30 by default
     */
    default int renderFps() {
        return 30;
    }
}
