package io.playbench.render;

import io.playbench.env.VecEnv;
import java.util.Optional;

/**
 * Supplies {@link Renderer}s for envs that do not implement {@link RenderableEnv}; found with
 * {@link java.util.ServiceLoader} (list the class in {@code META-INF/services/io.playbench.render.RendererProvider}).
 * PlayBench's own classic-control renderers are registered this way.
 */
public interface RendererProvider {

    /**
     * A renderer bound to {@code env}, if this provider can draw it.
     *
     * @param env the env (one whose episodes are being recorded)
     * @return the renderer, or empty for an env this provider does not know
     */
    Optional<Renderer> rendererFor(VecEnv env);
}
