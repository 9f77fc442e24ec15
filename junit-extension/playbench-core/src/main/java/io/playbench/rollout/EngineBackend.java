package io.playbench.rollout;

import io.playbench.checkpoint.ResolvedCheckpoint;
import io.playbench.device.Device;
import io.playbench.env.EnvOptions;
import io.playbench.env.MathMode;
import io.playbench.env.SeedingLayout;
import io.playbench.env.Tasks;
import io.playbench.env.VecEnv;
import io.playbench.inference.Policy;
import io.playbench.library.LoadedPolicy;
import io.playbench.schema.PhysicsBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in backend: the policy compiled by an inference engine ({@code auto} picks one), the task's Java
 * environments stepped on the host, timed on the host. It takes every request no plugged-in backend takes; both
 * protocols ({@link PlayProtocol#STEPS}, {@link PlayProtocol#EPISODES}) run here.
 */
final class EngineBackend implements PlayBackend {

    static final String ID = "engines";

    private final java.util.function.Function<String, String> engineVersion;

    EngineBackend(java.util.function.Function<String, String> engineVersion) {
        this.engineVersion = engineVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean accepts(PlayRequest request) {
        return true;
    }

    @Override
    public Prepared prepare(PlayRequest request, ResolvedCheckpoint checkpoint, Context context) {
        long t0 = System.nanoTime();
        String policyKey = String.join(
                "|",
                "policy",
                checkpoint.sha256(),
                request.library().id(),
                request.engine(),
                request.device().toString(),
                Integer.toString(request.numEnvs()));
        boolean[] freshPolicy = {false};
        CachedPolicy policy = context.cache().computeIfAbsent(policyKey, CachedPolicy.class, () -> {
            freshPolicy[0] = true;
            LoadedPolicy loaded = context.load(request, checkpoint);
            Policy compiled =
                    context.compiler().compile(loaded.spec(), request.engine(), request.device(), request.numEnvs());
            try {
                compiled.warmUp();
            } catch (RuntimeException | Error e) {
                compiled.close();
                throw e;
            }
            String engine = compiled.engine() == null || compiled.engine().equals("unknown")
                    ? request.engine()
                    : compiled.engine();
            return new CachedPolicy(
                    compiled, loaded, (System.nanoTime() - t0) / 1e9, engine, List.copyOf(compiled.warnings()));
        });
        String device = policy.policy().device();
        String envKey = String.join(
                "|",
                "env",
                request.task(),
                Integer.toString(request.numEnvs()),
                request.autoreset().name(),
                Integer.toString(request.envThreads()),
                device);
        boolean[] freshEnv = {false};
        CachedEnv env = context.cache().computeIfAbsent(envKey, CachedEnv.class, () -> {
            freshEnv[0] = true;
            long e0 = System.nanoTime();
            VecEnv made = Tasks.make(
                    request.task(),
                    request.numEnvs(),
                    new EnvOptions(
                            request.autoreset(),
                            SeedingLayout.PER_ENV,
                            request.envThreads(),
                            EnvOptions.TASK_DEFAULT,
                            MathMode.EXACT));
            return new CachedEnv(made, (System.nanoTime() - e0) / 1e9);
        });
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("policy.reused", !freshPolicy[0]);
        extra.put("env.reused", !freshEnv[0]);
        extra.put("env.threads", request.envThreads());
        List<String> warnings = new ArrayList<>(policy.loaded().warnings());
        warnings.addAll(policy.warnings());
        return new Ready(policy, env, Device.parse(device), engineVersion.apply(policy.engine()), warnings, extra);
    }

    /** A compiled policy, kept in the runner's cache. */
    record CachedPolicy(Policy policy, LoadedPolicy loaded, double loadSeconds, String engine, List<String> warnings)
            implements AutoCloseable {
        @Override
        public void close() {
            policy.close();
        }
    }

    /** Environments, kept in the runner's cache. */
    record CachedEnv(VecEnv env, double creationSeconds) implements AutoCloseable {
        @Override
        public void close() {
            env.close();
        }
    }

    private record Ready(
            CachedPolicy policy,
            CachedEnv env,
            Device device,
            String engineVersion,
            List<String> warnings,
            Map<String, Object> extra)
            implements Prepared {

        @Override
        public LoadedPolicy loaded() {
            return policy.loaded();
        }

        @Override
        public String engine() {
            return policy.engine();
        }

        @Override
        public PhysicsBackend physics() {
            return PhysicsBackend.PLAYBENCH_CLASSIC;
        }

        @Override
        public Double policyLoadSeconds() {
            return policy.loadSeconds();
        }

        @Override
        public Double envCreationSeconds() {
            return env.creationSeconds();
        }

        @Override
        public PlayResult measure(Measurement m) {
            PlayRequest r = m.request();
            if (r.protocol() == PlayProtocol.EPISODES) {
                VecEnv e = env.env();
                long maxSteps = e.maxEpisodeSteps() > 0 ? e.maxEpisodeSteps() + 1L : 10_000_000L;
                EpisodeEvaluation.Evaluation evaluation = EpisodeEvaluation.run(
                        e,
                        policy.policy(),
                        r.seed() == null ? 0 : r.seed(),
                        maxSteps,
                        r.library().id(),
                        policy.engine(),
                        m.startup());
                extra.putAll(evaluation.extra());
                return evaluation.result();
            }
            PlayLoop.Options options = new PlayLoop.Options(
                    r.warmupSteps(),
                    r.steps(),
                    r.seed(),
                    r.library().id(),
                    policy.engine(),
                    m.startup(),
                    m.progressInterval(),
                    m.progress(),
                    m.monitor(),
                    10_000,
                    m.minWarmup());
            return PlayLoop.run(env.env(), policy.policy(), options);
        }
    }
}
