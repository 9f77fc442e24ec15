package io.playbench.rollout;

import io.playbench.device.Device;
import io.playbench.env.AutoresetMode;
import java.time.Duration;

/**
 * The defaults of a play benchmark, in one place: {@link PlayRequest.Builder}, {@code @PlayBenchmark} and the
 * {@code playbench} command line all take their unset values from here.
 *
 * <p>Units: a <em>step</em> is one vectorised step, which advances every one of the {@code numEnvs} environments once
 * (the bundle calls it an iteration, as Isaac Lab's play bundle does); an env <em>frame</em> is one environment
 * advancing once, so a step is worth {@code numEnvs} frames and throughput is in frames per second.
 */
public final class PlayDefaults {

    /** Parallel environments: {@value}. */
    public static final int NUM_ENVS = 1;

    /** Measured vectorised steps: {@value}. */
    public static final long STEPS = 1_000;

    /** Vectorised steps run before measuring: {@value}. */
    public static final long WARMUP_STEPS = 100;

    /** The warm-up also lasts at least this long (and then until the step time is steady): 1 s. */
    public static final Duration MIN_WARMUP = Duration.ofMillis(1_000);

    /** The seed of the first reset (env {@code i} is reset with {@code seed + i}): {@value}. */
    public static final long SEED = 0;

    /** Where the policy runs: the CPU. */
    public static final Device DEVICE = Device.CPU;

    /** The inference engine: {@value}, which picks one per policy, batch and device. */
    public static final String ENGINE = "auto";

    /** The autoreset mode: Gymnasium's default. */
    public static final AutoresetMode AUTORESET = AutoresetMode.NEXT_STEP;

    /** Threads stepping the environments: {@value} (the calling thread). */
    public static final int ENV_THREADS = 1;

    private PlayDefaults() {}
}
