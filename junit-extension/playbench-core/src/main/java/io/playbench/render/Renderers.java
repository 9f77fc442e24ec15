package io.playbench.render;

import io.playbench.env.VecEnv;
import java.awt.image.BufferedImage;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds the renderer of an env: the env itself ({@link RenderableEnv}), else the first {@link RendererProvider} that knows it. */
public final class Renderers {

    private Renderers() {}

    /**
     * The renderer for an env.
     *
     * @param env the env
     * @return the renderer, or empty when nothing can draw this env
     */
    public static Optional<Renderer> forEnv(VecEnv env) {
        if (env instanceof RenderableEnv self) {
            return Optional.of(new Renderer() {
                @Override
                public BufferedImage render(int envIndex, float[] lastAction) {
                    return self.render(envIndex);
                }

                @Override
                public int renderFps() {
                    return self.renderFps();
                }
            });
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Renderers.class.getClassLoader();
        }
        for (RendererProvider provider : ServiceLoader.load(RendererProvider.class, loader)) {
            Optional<Renderer> r = provider.rendererFor(env);
            if (r.isPresent()) {
                return r;
            }
        }
        return new ClassicControlRenderers().rendererFor(env);
    }
}
