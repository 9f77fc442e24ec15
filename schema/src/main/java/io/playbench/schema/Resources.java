package io.playbench.schema;

/**
 * Resource use sampled during the measured rollout ({@code resources}); a metric that was not measured is {@code null}.
 *
 * @param gpuUtilPct utilisation of the run's GPU [% of the device], no peak
 * @param gpuMemGb memory used on the run's GPU, device-wide [GiB]
 * @param cpuUtilPct CPU used by this process [% of one core; above 100 with several busy threads], no peak
 * @param ramGb resident set size of this process [GiB]
 * @param heapGb Java heap in use [GiB]
 * @param gcTimeS garbage-collection time during the rollout [s]
 * @param samples number of samples taken
 * @param sampleIntervalS interval between samples [s], {@code null} when none was taken
 */
public record Resources(
        MeanStd gpuUtilPct,
        MeanStd gpuMemGb,
        MeanStd cpuUtilPct,
        MeanStd ramGb,
        MeanStd heapGb,
        Double gcTimeS,
        int samples,
        Double sampleIntervalS) {

    /** Checks the invariants. */
    public Resources {
        Checks.nonNegativeOrNull("resources.gc_time_s", gcTimeS);
        Checks.nonNegative("resources.samples", samples);
        Checks.finiteOrNull("resources.sample_interval_s", sampleIntervalS);
        if (sampleIntervalS != null && sampleIntervalS <= 0) {
            throw new IllegalArgumentException("resources.sample_interval_s must be > 0 but was " + sampleIntervalS);
        }
    }

    /**
     * Resources of a run that sampled nothing.
     *
     * @return every metric {@code null}, zero samples
     */
    public static Resources notMeasured() {
        return new Resources(null, null, null, null, null, null, 0, null);
    }
}
