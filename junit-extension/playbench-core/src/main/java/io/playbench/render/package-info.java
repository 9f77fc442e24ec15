/**
 * Rendering of environments for rollout videos: the {@link io.playbench.render.Renderer} SPI (an env draws itself
 * through {@link io.playbench.render.RenderableEnv}, or a {@link io.playbench.render.RendererProvider} found with
 * {@link java.util.ServiceLoader} draws it), and {@link io.playbench.render.ClassicControlRenderers}, which draw the
 * classic-control tasks as Gymnasium's {@code rgb_array} mode does (pygame's primitives ported to a Java2D
 * {@link java.awt.image.BufferedImage}; headless).
 *
 * <p>Engine package: it never depends on JUnit, AssertJ or Allure.
 */
package io.playbench.render;
