package io.playbench.render;

import java.awt.image.BufferedImage;

/**
 * Draws one sub-environment of a {@link io.playbench.env.VecEnv} as an RGB image, the way a Gymnasium env's
 * {@code render()} in {@code rgb_array} mode does. A renderer is bound to one env (see {@link RendererProvider}) and
 * is called after the reset and after every step of a recorded episode.
 *
 * <p>The returned image may be reused by the next call: the caller reads it before rendering again. Every frame of
 * one renderer has the same size.
 */
@FunctionalInterface
public interface Renderer {

    /**
     * Draws env {@code envIndex} as it is now.
     *
     * @param envIndex the sub-environment
     * @param lastAction the action env {@code envIndex} was given on the step that led here (a discrete action as its
     *        index), or {@code null} right after a reset; some scenes show it (Pendulum's torque arrow)
     * @return the frame, {@code TYPE_INT_RGB} or any opaque type
     */
    BufferedImage render(int envIndex, float[] lastAction);

    /**
     * Frames per second at which the task's episodes look real-time (Gymnasium's {@code metadata["render_fps"]}).
     *
     * @return the frame rate, 30 unless the renderer knows better
     */
    default int renderFps() {
        return 30;
    }
}
