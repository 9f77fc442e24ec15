package io.playbench.schema;

import java.util.List;

/**
 * The simulation back-ends of a run ({@code run.config}).
 *
 * @param physicsBackend what stepped the environments
 * @param renderingBackend the renderer during the measured rollout ({@code none} for play benchmarks)
 * @param presets preset tokens in the order given
 */
public record RunConfig(PhysicsBackend physicsBackend, RenderingBackend renderingBackend, List<String> presets) {

    /** Checks that every component is present. */
    public RunConfig {
        Checks.required("run.config.physics_backend", physicsBackend);
        Checks.required("run.config.rendering_backend", renderingBackend);
        presets = Checks.listOf("run.config.presets", presets);
    }

    /**
     * The configuration of a run on PlayBench's own classic-control environments, without rendering or presets.
     *
     * @return the configuration
     */
    public static RunConfig playbenchClassic() {
        return new RunConfig(PhysicsBackend.PLAYBENCH_CLASSIC, RenderingBackend.NONE, List.of());
    }
}
