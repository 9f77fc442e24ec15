package io.playbench.rollout;

import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.library.PolicySpec;
import io.playbench.schema.EpisodeCounts;
import io.playbench.schema.MeanStd;
import io.playbench.schema.MeasurementMode;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayRuntime;
import io.playbench.schema.Resources;
import io.playbench.schema.StartupTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation protocol of the shared checkpoints' {@code eval.json}: {@code N} envs, env {@code i} reset once with
 * {@code seed + i}, each plays exactly one episode with the deterministic policy.
 *
 * <p>All envs are stepped together (one batched policy call per step) until every env has finished its first episode;
 * an env whose episode has ended keeps being stepped (its autoreset and later episodes are ignored), so env {@code i}'s
 * recorded episode is exactly what a fresh {@code gymnasium.make(task)} reset with {@code seed + i} plays. Each step is
 * timed (inference and env step apart), so the result also carries throughput figures; they include the tail where
 * only a few envs still matter and are not a throughput benchmark.
 */
public final class EpisodeEvaluation {

    private EpisodeEvaluation() {}

    /**
     * One env's first episode.
     *
     * @param env the env index
     * @param seed the reset seed of that env ({@code seed + env})
     * @param episodeReturn the sum of its rewards (float64, step order)
     * @param length its length [env steps], including the terminal step
     * @param terminated whether the task's termination ended it
     * @param truncated whether the time limit ended it
     * @param success whether the task judged it successful
     */
    public record Episode(
            int env,
            long seed,
            double episodeReturn,
            int length,
            boolean terminated,
            boolean truncated,
            boolean success) {}

    /**
     * What an evaluation produced.
     *
     * @param episodes one per env, in env order
     * @param result the measurements, episode figures over exactly these episodes
     */
    public record Evaluation(List<Episode> episodes, PlayResult result) {

        /** Makes the list immutable. */
        public Evaluation {
            episodes = List.copyOf(episodes);
        }

        /**
         * The mean return, as {@code eval.json}'s {@code mean_return}.
         *
         * @return the mean over the episodes
         */
        public double meanReturn() {
            return episodes.stream()
                    .mapToDouble(Episode::episodeReturn)
                    .average()
                    .orElse(Double.NaN);
        }

        /**
         * The population standard deviation of the returns, as {@code eval.json}'s {@code std_return} (NumPy's
         * {@code std}, ddof 0).
         *
         * @return the std
         */
        public double populationStdReturn() {
            double mean = meanReturn();
            double s = 0;
            for (Episode e : episodes) {
                s += (e.episodeReturn() - mean) * (e.episodeReturn() - mean);
            }
            return Math.sqrt(s / episodes.size());
        }

        /**
         * The per-episode values for a bundle's {@code extra}: {@code episode.<i>.seed}, {@code .return},
         * {@code .length}, {@code .terminated}, {@code .truncated}, plus {@code episodes.protocol},
         * {@code episodes.count}, {@code episodes.mean_return} and {@code episodes.std_return_population}.
         *
         * @return the values, in insertion order
         */
        public Map<String, Object> extra() {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put(
                    "episodes.protocol",
                    "eval.json: env i reset once with seed + i, one episode each, deterministic policy");
            extra.put("episodes.count", episodes.size());
            extra.put("episodes.mean_return", meanReturn());
            extra.put("episodes.std_return_population", populationStdReturn());
            for (Episode e : episodes) {
                String k = "episode." + e.env() + ".";
                extra.put(k + "seed", e.seed());
                extra.put(k + "return", e.episodeReturn());
                extra.put(k + "length", e.length());
                extra.put(k + "terminated", e.terminated());
                extra.put(k + "truncated", e.truncated());
            }
            return extra;
        }
    }

    /**
     * Runs the protocol.
     *
     * @param env the envs, one per episode ({@code N = env.numEnvs()})
     * @param policy the compiled deterministic policy, for {@code N} observations per call
     * @param seed the base seed ({@code eval.json} uses 1000)
     * @param maxSteps a guard for tasks without a time limit: the evaluation fails after this many vectorised steps
     * @param library the library id recorded in the result, or {@code null}
     * @param engine the engine id recorded in the result
     * @param startup startup times measured by the caller
     * @return the episodes and the measurements
     * @throws IllegalStateException when some env has not finished its episode after {@code maxSteps} steps
     */
    public static Evaluation run(
            VecEnv env, Policy policy, long seed, long maxSteps, String library, String engine, StartupTime startup) {
        PlayLoop.checkFit(env, policy);
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be >= 0 but was " + seed);
        }
        int n = env.numEnvs();
        boolean discrete = policy.spec().action() instanceof PolicySpec.ActionOutput.Discrete;
        int[] discreteActions = discrete ? new int[n] : null;
        float[] continuousActions =
                discrete ? null : new float[n * policy.spec().outputSize()];
        Episode[] first = new Episode[n];
        int remaining = n;
        List<long[]> times = new ArrayList<>();
        env.reset(seed);
        Double firstStep = null;
        long steps = 0;
        while (remaining > 0) {
            if (steps >= maxSteps) {
                throw new IllegalStateException(
                        remaining + " of " + n + " envs of " + env.taskId() + " had not finished an episode after "
                                + maxSteps
                                + " steps; the task has no time limit the policy reaches. Raise the step limit or use --steps.");
            }
            long t0 = System.nanoTime();
            if (discrete) {
                policy.act(env.observations(), discreteActions);
            } else {
                policy.act(env.observations(), continuousActions);
            }
            long t1 = System.nanoTime();
            if (discrete) {
                env.step(discreteActions);
            } else {
                env.step(continuousActions);
            }
            long t2 = System.nanoTime();
            times.add(new long[] {t1 - t0, t2 - t1});
            if (firstStep == null) {
                firstStep = (t2 - t0) / 1e9;
            }
            steps++;
            boolean[] ended = env.episodeEnded();
            for (int e = 0; e < n; e++) {
                if (ended[e] && first[e] == null) {
                    first[e] = new Episode(
                            e,
                            seed + e,
                            env.episodeReturns()[e],
                            env.episodeLengths()[e],
                            env.terminated()[e],
                            env.truncated()[e],
                            env.episodeSuccesses()[e]);
                    remaining--;
                }
            }
        }
        List<Episode> episodes = Arrays.asList(first);
        double[] inference = new double[times.size()];
        double[] envTimes = new double[times.size()];
        double[] total = new double[times.size()];
        for (int i = 0; i < times.size(); i++) {
            inference[i] = times.get(i)[0] / 1e9;
            envTimes[i] = times.get(i)[1] / 1e9;
            total[i] = (times.get(i)[0] + times.get(i)[1]) / 1e9;
        }
        StartupTime s = startup == null ? new StartupTime(null, null, null, null) : startup;
        PlayRuntime runtime = PlayRuntime.fromIterations(
                new StartupTime(s.appLaunch(), s.envCreation(), s.policyLoad(), firstStep),
                MeasurementMode.HOST_RETURN,
                0,
                n,
                total,
                inference,
                envTimes);
        double[] returns = episodes.stream().mapToDouble(Episode::episodeReturn).toArray();
        double[] lengths = episodes.stream().mapToDouble(Episode::length).toArray();
        long terminated = episodes.stream().filter(Episode::terminated).count();
        long successes = episodes.stream().filter(Episode::success).count();
        List<EpisodeRecord> log = episodes.stream()
                .map(e -> new EpisodeRecord(
                        e.env(), e.length() - 1L, e.episodeReturn(), e.length(), e.terminated(), e.success()))
                .toList();
        PlayResult result = new PlayResult(
                env.taskId(),
                library,
                n,
                policy.device(),
                engine,
                seed,
                runtime,
                new EpisodeCounts(n, terminated, n - terminated, successes),
                MeanStd.of(returns),
                MeanStd.of(lengths),
                PlayBundle.successRate(successes, n),
                Resources.notMeasured(),
                log,
                List.of());
        return new Evaluation(episodes, result);
    }
}
