package io.playbench.junit;

import io.playbench.env.VecEnv;
import io.playbench.render.Renderer;
import io.playbench.render.RendererProvider;
import java.util.Optional;

/** Test renderer (ServiceLoader): draws the counted test task by throwing. */
public final class ThrowingRendererProvider implements RendererProvider {

    @Override
    public Optional<Renderer> rendererFor(VecEnv env) {
        if (!env.taskId().equals(TestTasks.COUNTED)) {
            return Optional.empty();
        }
        return Optional.of((i, last) -> {
            throw new IllegalStateException("renderer exploded on purpose");
        });
    }
}
