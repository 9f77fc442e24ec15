package io.playbench.junit;

import io.playbench.env.AutoresetMode;
import io.playbench.library.Library;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a method as a play benchmark: PlayBench resolves the checkpoint, loads it the way its library plays it,
 * steps the environments, times the rollout and passes the {@link io.playbench.rollout.PlayResult PlayResult} (and
 * the {@link io.playbench.schema.PlayBundle PlayBundle}) to the method, then writes the bundle with the test's
 * outcome.
 *
 * <pre>{@code
 * @PlayBenchmark(library = Library.SB3, task = "CartPole-v1", steps = 2_000, numEnvs = 256)
 * void cartpoleHoldsItsBudget(PlayResult result) {
 *     assertThat(result).hasTotalFpsAtLeast(1_000_000).hasSuccessRateAtLeast(0.95);
 * }
 * }</pre>
 *
 * <p><b>Matrices.</b> {@link #library()}, {@link #task()} and {@link #numEnvs()} take several values; the method runs
 * once per combination, named e.g. {@code [2] sb3 · CartPole-v1 · 256 envs}.
 *
 * <p><b>Defaults.</b> On a class, the annotation supplies defaults for the annotated methods of that class; an
 * attribute set on the method wins. Unset attributes fall back to the run-wide settings ({@code playbench.*} keys in
 * {@code junit-platform.properties} or system properties) and then to the documented defaults.
 *
 * <p><b>Units.</b> {@link #steps()} and {@link #warmupSteps()} count vectorised steps: one step advances every one
 * of the {@link #numEnvs()} environments, i.e. it is worth {@code numEnvs} env frames. Throughput figures are in env
 * frames per second.
 *
 * <p><b>Budgets.</b> Breaking any budget fails the test with one message listing every broken budget; the bundle then
 * has status {@code failed}. An exception in the environment or the policy gives status {@code crashed}; a bundle is
 * written in every case.
 *
 * <p><b>Devices.</b> A benchmark on {@code gpu}, {@code gpu:N} or {@code gpu:*} is disabled, with the reason, where no
 * GPU is present; a {@code gpu:N} beyond the host's GPUs is an error naming the GPUs found. Rollouts on one device
 * never overlap, even under parallel execution; rollouts on different devices run at the same time.
 *
 * <p><b>Several GPUs.</b> {@code device = "gpu:*"} spreads the invocations over every GPU of the host: invocation
 * {@code i} of the matrix (in the order library × task × numEnvs × repeat, from 0) runs on {@code gpu:(i mod N)}, so a
 * given invocation lands on the same GPU in every run and its history series stays stable. With JUnit's parallel
 * execution on, invocations on different GPUs run concurrently and those on one GPU take turns; with one GPU the
 * matrix runs serially on {@code gpu:0}.
 *
 * <pre>{@code
 * // junit-platform.properties: junit.jupiter.execution.parallel.enabled=true
 * //                            junit.jupiter.execution.parallel.mode.default=concurrent
 * @PlayBenchmark(library = Library.SB3, task = "CartPole-v1", numEnvs = 65_536, steps = 40_000, repeat = 4, device = "gpu:*")
 * void everyGpu(PlayResult result) {
 *     assertThat(result).hasTotalFpsAtLeast(500e6);
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(PlayBenchmarkExtension.class)
@Tag("playbench")
public @interface PlayBenchmark {

    /** Whether a benchmark records a rollout video. */
    enum Video {
        /** Not set here: the class's value, else the run-wide {@code playbench.video} (off unless set). */
        DEFAULT,
        /** Record a video. */
        ON,
        /** Never record a video, whatever {@code playbench.video} says. */
        OFF
    }

    /** The value of {@link #seed()} that means "not set here". */
    long INHERIT_SEED = Long.MIN_VALUE;

    /** The value of {@link #seed()} for an unseeded run (the bundle then records {@code seed: null}). */
    long UNSEEDED = Long.MIN_VALUE + 1;

    /**
     * The library (or libraries, for a matrix) that trained the checkpoint.
     *
     * @return the libraries; required here or on the class
     */
    Library[] library() default {};

    /**
     * The task id (or ids, for a matrix), e.g. {@code CartPole-v1}.
     *
     * @return the tasks; required here or on the class
     */
    String[] task() default {};

    /**
     * Parallel environments (several values for a matrix).
     *
     * @return the env counts; default {@value io.playbench.rollout.PlayDefaults#NUM_ENVS}
     */
    int[] numEnvs() default {};

    /**
     * Measured vectorised steps (each worth {@link #numEnvs()} env frames).
     *
     * @return the measured steps; default {@value io.playbench.rollout.PlayDefaults#STEPS} ({@code -1} = not set here)
     */
    long steps() default -1;

    /**
     * Vectorised steps run before measuring; the first of them is reported as the cold first step. The warm-up also
     * lasts at least {@code playbench.warmup.min.ms} (default 1,000 ms) and then until the step time is steady (at most
     * ten times that floor), so that the JIT has compiled the hot paths.
     *
     * @return the warm-up steps; default {@value io.playbench.rollout.PlayDefaults#WARMUP_STEPS} ({@code -1} = not set here)
     */
    long warmupSteps() default -1;

    /**
     * The checkpoint: a path relative to the module, a {@code classpath:}, {@code file:} or {@code https:} URI, a run
     * directory, or {@code <run directory>/latest} / {@code /best}. Empty: the published checkpoint, with a warning.
     *
     * @return the checkpoint
     */
    String checkpoint() default "";

    /**
     * The expected SHA-256 of the checkpoint (required to cache downloads).
     *
     * @return 64 hex digits, or empty
     */
    String checkpointSha256() default "";

    /**
     * The seed of the first reset: env i is reset with seed + i.
     *
     * @return the seed; default 0 ({@link #INHERIT_SEED} = not set here, {@link #UNSEEDED} for none)
     */
    long seed() default INHERIT_SEED;

    /**
     * Where the policy runs: {@code cpu}, {@code gpu}, {@code gpu:N}, {@code gpu:*} (the invocations spread over every
     * GPU, see the class documentation) or {@code auto}.
     *
     * @return the device; default {@code playbench.device}, else {@code cpu}
     */
    String device() default "";

    /**
     * The inference engine id, or {@code auto}.
     *
     * @return the engine; default {@code playbench.engine}, else {@code auto}
     */
    String engine() default "";

    /**
     * How many times each combination of the matrix runs (each run is its own invocation and bundle, named
     * {@code ... · #k}); with {@code device = "gpu:*"} the repetitions spread over the GPUs like any invocation.
     *
     * @return the repetitions; default 1 ({@code 0} = not set here)
     */
    int repeat() default 0;

    /**
     * The autoreset mode (one value).
     *
     * @return the mode; default {@link AutoresetMode#NEXT_STEP}
     */
    AutoresetMode[] autoreset() default {};

    /**
     * Threads stepping the environments.
     *
     * @return the thread count; default {@code playbench.env.threads}, else 1 ({@code 0} = not set here)
     */
    int envThreads() default 0;

    /**
     * Budget: minimum effective throughput [env frames/s].
     *
     * @return the budget, or NaN for none
     */
    double minTotalFps() default Double.NaN;

    /**
     * Budget: minimum success rate in [0, 1].
     *
     * @return the budget, or NaN for none
     */
    double minSuccessRate() default Double.NaN;

    /**
     * Budget: minimum mean episode return.
     *
     * @return the budget, or NaN for none
     */
    double minMeanReward() default Double.NaN;

    /**
     * Budget: maximum 99th-percentile latency of one vectorised step [ms].
     *
     * @return the budget, or NaN for none
     */
    double maxP99StepLatencyMs() default Double.NaN;

    /**
     * Records a rollout video: after the measured rollout (never inside it), one episode of the same policy in a
     * fresh single env, reset with the benchmark's seed (0 when unseeded), drawn as Gymnasium draws the task and
     * written as an animated GIF beside the bundle (same name, {@code .gif}); the bundle's {@code video_path} names
     * it and the Allure report shows it. A video that cannot be recorded leaves a warning in the bundle and does
     * not fail the test unless {@code playbench.video.required=true}.
     *
     * @return {@link Video#ON}, {@link Video#OFF}, or {@link Video#DEFAULT} for the class's or run-wide
     *         {@code playbench.video} setting (off by default)
     */
    Video video() default Video.DEFAULT;
}
