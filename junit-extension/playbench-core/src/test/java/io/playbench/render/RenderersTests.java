package io.playbench.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import java.awt.image.BufferedImage;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderersTests {

    @ParameterizedTest
    @CsvSource({
        "CartPole-v1, 600, 400, 50",
        "CartPole-v0, 600, 400, 50",
        "Pendulum-v1, 500, 500, 30",
        "Acrobot-v1, 500, 500, 15",
        "MountainCar-v0, 600, 400, 30",
        "MountainCarContinuous-v0, 600, 400, 30"
    })
    void everyClassicControlTaskHasARendererOfGymnasiumsSize(String task, int width, int height, int fps) {
        try (VecEnv env = Tasks.make(task, 3)) {
            env.reset(1);
            Renderer r = Renderers.forEnv(env).orElseThrow();
            BufferedImage frame = r.render(2, null);
            assertThat(frame.getWidth()).isEqualTo(width);
            assertThat(frame.getHeight()).isEqualTo(height);
            assertThat(r.renderFps()).isEqualTo(fps);
            assertThat(frame.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF); // white background
        }
    }

    @Test
    void anEnvThatDrawsItselfIsItsOwnRenderer() {
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        VecEnv env = (VecEnv) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {VecEnv.class, RenderableEnv.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "render" -> img;
                    case "renderFps" -> 12;
                    case "taskId" -> "Mine-v0";
                    default -> null;
                });
        Optional<Renderer> r = Renderers.forEnv(env);
        assertThat(r).isPresent();
        assertThat(r.get().render(0, new float[] {1})).isSameAs(img);
        assertThat(r.get().renderFps()).isEqualTo(12);
    }

    @Test
    void anEnvNothingCanDrawHasNoRenderer() {
        VecEnv env = (VecEnv) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {VecEnv.class},
                (proxy, method, args) -> method.getName().equals("taskId") ? "Unknown-v0" : null);
        assertThat(Renderers.forEnv(env)).isEmpty();
    }

    @Test
    void aTaskWithoutAClassicRendererIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ClassicControlRenderers.draw("Humanoid-v4", new double[4], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Humanoid-v4");
    }
}
