package io.playbench.schema;

/**
 * Timing and throughput of the measured rollout: the {@code runtime} block of a bundle.
 *
 * <p>An iteration is one vectorised step: policy inference for all envs, then one env step for all envs. Warm-up
 * iterations run first and are excluded from every figure here except {@code warmupIterations} and the cold
 * {@code startupTimeS.firstStep}. The headline throughput is {@code effectiveFps} = frames / measured time;
 * {@code collectionFps} and {@code totalFps} keep Isaac Lab's mean of per-iteration rates for comparability.
 *
 * @param startupTimeS one-off costs before steady state
 * @param measurementMode how durations were taken
 * @param warmupIterations iterations run before measuring [iterations]
 * @param iterationsCompleted measured iterations [iterations]
 * @param totalWallTimeS sum of the measured iteration times [s]
 * @param stepsPerIteration env frames per iteration, = num_envs [frames]
 * @param frames measured env frames, = iterations * steps per iteration [frames]
 * @param effectiveFps frames / total wall time [frames/s], {@code null} when nothing was measured
 * @param iterationTimeS per-iteration time [s]
 * @param collectionFps mean of per-iteration rates num_envs / t [frames/s] (Isaac Lab's figure)
 * @param totalFps identical to {@code collectionFps}, as in Isaac Lab's play bundle [frames/s]
 * @param iterationsPerS mean of per-iteration rates 1 / t [iterations/s]
 * @param stepLatencyS per-iteration inference + env step time [s]
 * @param inferenceLatencyS per-iteration inference time [s]
 * @param envStepLatencyS per-iteration env step time [s]
 * @param inferenceFps frames / total inference time [frames/s]
 * @param envFps frames / total env-step time [frames/s]
 */
public record PlayRuntime(
        StartupTime startupTimeS,
        MeasurementMode measurementMode,
        long warmupIterations,
        long iterationsCompleted,
        double totalWallTimeS,
        int stepsPerIteration,
        long frames,
        Double effectiveFps,
        MeanStd iterationTimeS,
        MeanStd collectionFps,
        MeanStd totalFps,
        MeanStd iterationsPerS,
        LatencyStats stepLatencyS,
        LatencyStats inferenceLatencyS,
        LatencyStats envStepLatencyS,
        Double inferenceFps,
        Double envFps) {

    /** Checks the invariants: counts and times not negative, frames consistent, aggregates present iff iterations ran. */
    public PlayRuntime {
        Checks.required("runtime.startup_time_s", startupTimeS);
        Checks.required("runtime.measurement_mode", measurementMode);
        Checks.nonNegative("runtime.warmup_iterations", warmupIterations);
        Checks.nonNegative("runtime.iterations_completed", iterationsCompleted);
        Checks.nonNegative("runtime.total_wall_time_s", totalWallTimeS);
        if (stepsPerIteration < 1) {
            throw new IllegalArgumentException("runtime.steps_per_iteration must be >= 1 but was " + stepsPerIteration);
        }
        if (frames != iterationsCompleted * stepsPerIteration) {
            throw new IllegalArgumentException("runtime.frames must equal iterations_completed * steps_per_iteration = "
                    + iterationsCompleted * stepsPerIteration + " but was " + frames);
        }
        Checks.nonNegativeOrNull("runtime.effective_fps", effectiveFps);
        Checks.nonNegativeOrNull("runtime.inference_fps", inferenceFps);
        Checks.nonNegativeOrNull("runtime.env_fps", envFps);
        if (iterationsCompleted == 0 && (effectiveFps != null || iterationTimeS != null || stepLatencyS != null)) {
            throw new IllegalArgumentException(
                    "runtime aggregates must be null when iterations_completed is 0 (nothing was measured)");
        }
    }

    /**
     * Aggregates per-iteration durations into the runtime block.
     *
     * @param startup the one-off costs
     * @param mode how the durations were taken
     * @param warmupIterations iterations run before measuring
     * @param numEnvs env frames per iteration
     * @param stepSeconds per measured iteration: inference + env step [s]
     * @param inferenceSeconds per measured iteration: inference alone [s]
     * @param envSeconds per measured iteration: env step alone [s]
     * @return the runtime block; aggregates are {@code null} when no iteration was measured
     */
    public static PlayRuntime fromIterations(
            StartupTime startup,
            MeasurementMode mode,
            long warmupIterations,
            int numEnvs,
            double[] stepSeconds,
            double[] inferenceSeconds,
            double[] envSeconds) {
        int n = stepSeconds.length;
        if (inferenceSeconds.length != n || envSeconds.length != n) {
            throw new IllegalArgumentException(
                    "need one inference and one env time per iteration, got " + n + " iterations, "
                            + inferenceSeconds.length + " inference times and " + envSeconds.length + " env times");
        }
        long frames = (long) n * numEnvs;
        if (n == 0) {
            return new PlayRuntime(
                    startup,
                    mode,
                    warmupIterations,
                    0,
                    0.0,
                    numEnvs,
                    0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
        double total = sum(stepSeconds);
        double[] fps = positiveRates(stepSeconds, numEnvs);
        double[] ips = positiveRates(stepSeconds, 1);
        MeanStd collection = fps.length == 0 ? null : MeanStd.of(fps);
        return new PlayRuntime(
                startup,
                mode,
                warmupIterations,
                n,
                total,
                numEnvs,
                frames,
                rate(frames, total),
                MeanStd.of(stepSeconds),
                collection,
                collection,
                ips.length == 0 ? null : MeanStd.of(ips),
                LatencyStats.of(stepSeconds),
                LatencyStats.of(inferenceSeconds),
                LatencyStats.of(envSeconds),
                rate(frames, sum(inferenceSeconds)),
                rate(frames, sum(envSeconds)));
    }

    private static Double rate(long frames, double seconds) {
        return seconds > 0 ? frames / seconds : null;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static double[] positiveRates(double[] seconds, double numerator) {
        return java.util.Arrays.stream(seconds)
                .filter(t -> t > 0)
                .map(t -> numerator / t)
                .toArray();
    }
}
