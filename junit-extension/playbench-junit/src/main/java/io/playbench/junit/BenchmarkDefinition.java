package io.playbench.junit;

import io.playbench.device.Device;
import io.playbench.env.AutoresetMode;
import io.playbench.library.Library;
import io.playbench.rollout.Budgets;
import io.playbench.rollout.PlayDefaults;
import io.playbench.rollout.PlayRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.commons.support.AnnotationSupport;

/** The merged settings of one {@code @PlayBenchmark} method: method attributes over class defaults over run-wide ones. */
record BenchmarkDefinition(
        List<Library> libraries,
        List<String> tasks,
        List<Integer> numEnvs,
        long steps,
        long warmupSteps,
        String checkpoint,
        String checkpointSha256,
        Long seed,
        Device device,
        String engine,
        AutoresetMode autoreset,
        int envThreads,
        Budgets budgets,
        boolean video,
        int repeat) {

    static BenchmarkDefinition of(Method method, Class<?> testClass, PlaybenchSettings settings) {
        PlayBenchmark m = AnnotationSupport.findAnnotation(method, PlayBenchmark.class)
                .orElseThrow(() -> new IllegalStateException(method + " is not annotated with @PlayBenchmark"));
        PlayBenchmark c = findOnClass(testClass);
        String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        List<Library> libraries =
                List.of(m.library().length > 0 ? m.library() : c != null ? c.library() : new Library[0]);
        if (libraries.isEmpty()) {
            throw new IllegalArgumentException("@PlayBenchmark on " + where
                    + " needs a library, e.g. library = Library.SB3 " + "(on the method or the class)");
        }
        List<String> tasks = List.of(m.task().length > 0 ? m.task() : c != null ? c.task() : new String[0]);
        if (tasks.isEmpty() || tasks.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("@PlayBenchmark on " + where
                    + " needs a task, e.g. task = \"CartPole-v1\" " + "(on the method or the class)");
        }
        int[] envs = m.numEnvs().length > 0
                ? m.numEnvs()
                : c != null && c.numEnvs().length > 0 ? c.numEnvs() : new int[] {PlayDefaults.NUM_ENVS};
        List<Integer> numEnvs = new ArrayList<>();
        for (int n : envs) {
            if (n < 1) {
                throw new IllegalArgumentException(
                        "@PlayBenchmark on " + where + ": numEnvs must be >= 1 but was " + n);
            }
            numEnvs.add(n);
        }
        long steps = pick(m.steps(), c == null ? -1 : c.steps(), PlayDefaults.STEPS);
        long warmup = pick(m.warmupSteps(), c == null ? -1 : c.warmupSteps(), PlayDefaults.WARMUP_STEPS);
        if (steps < 1) {
            throw new IllegalArgumentException(
                    "@PlayBenchmark on " + where + ": steps must be >= 1 (measured vectorised steps) but was " + steps);
        }
        long seedValue = m.seed() != PlayBenchmark.INHERIT_SEED
                ? m.seed()
                : c != null && c.seed() != PlayBenchmark.INHERIT_SEED ? c.seed() : PlayDefaults.SEED;
        Long seed = seedValue == PlayBenchmark.UNSEEDED ? null : seedValue;
        AutoresetMode[] modes =
                m.autoreset().length > 0 ? m.autoreset() : c != null ? c.autoreset() : new AutoresetMode[0];
        if (modes.length > 1) {
            throw new IllegalArgumentException(
                    "@PlayBenchmark on " + where + ": give one autoreset mode, not " + modes.length);
        }
        int threads = m.envThreads() > 0
                ? m.envThreads()
                : c != null && c.envThreads() > 0 ? c.envThreads() : settings.envThreads();
        Budgets budgets = new Budgets(
                budget(m.minTotalFps(), c == null ? Double.NaN : c.minTotalFps()),
                budget(m.minSuccessRate(), c == null ? Double.NaN : c.minSuccessRate()),
                budget(m.minMeanReward(), c == null ? Double.NaN : c.minMeanReward()),
                msToSeconds(budget(m.maxP99StepLatencyMs(), c == null ? Double.NaN : c.maxP99StepLatencyMs())));
        String deviceText = text(m.device(), c == null ? "" : c.device(), settings.device());
        Device device;
        try {
            device = deviceText == null ? PlayDefaults.DEVICE : Device.parse(deviceText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@PlayBenchmark on " + where + ": " + e.getMessage(), e);
        }
        return new BenchmarkDefinition(
                libraries,
                tasks,
                numEnvs,
                steps,
                warmup,
                text(m.checkpoint(), c == null ? "" : c.checkpoint()),
                text(m.checkpointSha256(), c == null ? "" : c.checkpointSha256()),
                seed,
                device,
                text(m.engine(), c == null ? "" : c.engine(), settings.engine()),
                modes.length == 0 ? PlayDefaults.AUTORESET : modes[0],
                threads,
                budgets,
                m.video() != PlayBenchmark.Video.DEFAULT
                        ? m.video() == PlayBenchmark.Video.ON
                        : c != null && c.video() != PlayBenchmark.Video.DEFAULT
                                ? c.video() == PlayBenchmark.Video.ON
                                : settings.video().on(),
                repeat(m.repeat() > 0 ? m.repeat() : c != null && c.repeat() > 0 ? c.repeat() : 1, where));
    }

    List<PlayRequest> requests() {
        List<PlayRequest> out = new ArrayList<>();
        for (Library library : libraries) {
            for (String task : tasks) {
                for (int n : numEnvs) {
                    PlayRequest.Builder b = PlayRequest.builder(library, task)
                            .numEnvs(n)
                            .steps(steps)
                            .warmupSteps(warmupSteps)
                            .checkpoint(checkpoint)
                            .checkpointSha256(checkpointSha256)
                            .device(device)
                            .engine(engine)
                            .autoreset(autoreset)
                            .envThreads(envThreads)
                            .budgets(budgets);
                    PlayRequest request = (seed == null ? b.unseeded() : b.seed(seed)).build();
                    for (int r = 0; r < repeat; r++) {
                        out.add(request);
                    }
                }
            }
        }
        return out;
    }

    private static int repeat(int value, String where) {
        if (value > 10_000) {
            throw new IllegalArgumentException(
                    "@PlayBenchmark on " + where + ": repeat must be <= 10000 but was " + value);
        }
        return value;
    }

    private static PlayBenchmark findOnClass(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            PlayBenchmark a =
                    AnnotationSupport.findAnnotation(c, PlayBenchmark.class).orElse(null);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    private static long pick(long method, long type, long fallback) {
        return method >= 0 ? method : type >= 0 ? type : fallback;
    }

    private static Double budget(double method, double type) {
        return !Double.isNaN(method) ? Double.valueOf(method) : !Double.isNaN(type) ? Double.valueOf(type) : null;
    }

    private static Double msToSeconds(Double ms) {
        return ms == null ? null : ms / 1000.0;
    }

    private static String text(String... candidates) {
        for (String s : candidates) {
            if (s != null && !s.isBlank()) {
                return s.trim();
            }
        }
        return null;
    }
}
