package io.playbench.junit;

import io.playbench.rollout.BundleFactory;
import io.playbench.rollout.Devices;
import io.playbench.rollout.PlayOutcome;
import io.playbench.rollout.PlayRequest;
import io.playbench.rollout.PlayResult;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.RunStatus;
import io.playbench.schema.TestIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

/**
 * The per-invocation part of {@link PlayBenchmark}: disables GPU benchmarks without a GPU, runs the benchmark before
 * the test body, injects {@link PlayResult} and {@link PlayBundle}, and after the body checks the budgets and writes
 * the bundle with the final status.
 */
final class InvocationExtension
        implements ExecutionCondition, BeforeTestExecutionCallback, AfterTestExecutionCallback, ParameterResolver {

    private static final System.Logger LOG = System.getLogger(InvocationExtension.class.getName());

    private final PlayRequest request;
    private final PlaybenchSettings settings;
    private final GpuInventory gpus;
    private final boolean video;

    InvocationExtension(PlayRequest request, PlaybenchSettings settings, GpuInventory gpus, boolean video) {
        this.request = request;
        this.settings = settings;
        this.gpus = gpus;
        this.video = video;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!request.needsGpu()) {
            return ConditionEvaluationResult.enabled("runs on " + request.device());
        }
        int count = gpus.count();
        if (count == 0) {
            return ConditionEvaluationResult.disabled(
                    "needs device " + request.device() + " but no GPU is present: " + gpus.absenceReason());
        }
        int wanted = request.device().index();
        if (wanted >= count) {
            return ConditionEvaluationResult.disabled("needs device " + request.device() + " but only " + count
                    + " GPU(s) are present: " + Devices.describe(count, gpus.devices()));
        }
        return ConditionEvaluationResult.enabled("GPU " + wanted + " is present");
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        TestIdentity test = new TestIdentity(
                context.getRequiredTestClass().getName(),
                context.getRequiredTestMethod().getName(),
                context.getDisplayName(),
                context.getUniqueId(),
                null);
        PlayOutcome outcome = PlayBenchmarkExtension.runner(context, settings).run(request, test);
        store(context).put(PlayOutcome.class, outcome);
        if (outcome.crashed()) {
            Throwable crash = outcome.crash();
            if (crash instanceof Exception e) {
                throw e;
            }
            throw (Error) crash;
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        PlayOutcome outcome = store(context).get(PlayOutcome.class, PlayOutcome.class);
        if (outcome == null) {
            return;
        }
        Throwable failure = context.getExecutionException().orElse(null);
        List<String> violations = new java.util.ArrayList<>(
                outcome.result() == null ? List.of() : request.budgets().violations(outcome.result()));
        Path directory = settings.outputDirectory();
        Files.createDirectories(directory);
        String name;
        do {
            name = PlayBundles.fileNameFor(outcome.bundle());
        } while (Files.exists(directory.resolve(name)) || Files.exists(directory.resolve(gifName(name))));
        VideoOutcome recorded = video && outcome.result() != null && !outcome.crashed()
                ? recordVideo(context, directory.resolve(gifName(name)))
                : null;
        if (recorded != null && recorded.failure() != null && settings.video().required()) {
            violations.add("video (playbench.video.required=true): " + recorded.failure());
        }
        RunStatus status;
        String line;
        if (outcome.crashed()) {
            status = RunStatus.CRASHED;
            line = BundleFactory.failureLine(outcome.crash());
        } else if (failure != null && !(failure instanceof AssertionError)) {
            status = RunStatus.CRASHED;
            line = BundleFactory.failureLine(failure);
        } else if (failure != null) {
            status = RunStatus.FAILED;
            line = BundleFactory.failureLine(failure);
        } else if (!violations.isEmpty()) {
            status = RunStatus.FAILED;
            line = violations.getFirst().startsWith("video")
                    ? violations.getFirst()
                    : "budget: " + violations.getFirst();
        } else {
            status = RunStatus.COMPLETED;
            line = null;
        }
        PlayBundle bundle = outcome.bundle().withOutcome(status, line);
        if (recorded != null) {
            bundle = recorded.amend(bundle);
        }
        Path file = directory.resolve(name);
        PlayBundles.writeTo(file, bundle);
        LOG.log(
                System.Logger.Level.INFO,
                "[playbench] " + context.getDisplayName() + ": " + status + ", bundle " + file);
        context.publishReportEntry("playbench.bundle", file.toString());
        try {
            context.publishFile(
                    file.getFileName().toString(),
                    MediaType.APPLICATION_JSON,
                    target -> Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "publishing the bundle to JUnit's output directory failed: " + e);
        }
        AllureSupport.report(bundle, file);
        if (recorded != null && recorded.file() != null) {
            context.publishReportEntry("playbench.video", recorded.file().toString());
            AllureSupport.video(
                    recorded.file(),
                    "Rollout video (seed " + recorded.recording().seed() + ", "
                            + recorded.recording().steps() + " steps, return "
                            + String.format(
                                    java.util.Locale.ROOT,
                                    "%.2f",
                                    recorded.recording().episodeReturn()) + ")");
        }
        if (!violations.isEmpty() && failure == null && !outcome.crashed()) {
            throw new AssertionFailedError(request.library().id() + " / " + request.task() + " / " + request.numEnvs()
                    + " envs broke " + violations.size() + " budget(s):\n  - " + String.join("\n  - ", violations)
                    + "\n(bundle: " + file + ")");
        }
    }

    private static String gifName(String bundleName) {
        return bundleName.substring(0, bundleName.length() - PlayBundles.FILE_SUFFIX.length()) + ".gif";
    }

    /**
     * Records the video after the measured rollout and the test body, writes it, and says what to add to the bundle;
     * never throws (a failure becomes a warning, or a broken budget when {@code playbench.video.required=true}).
     */
    private VideoOutcome recordVideo(ExtensionContext context, Path target) {
        long seed = request.seed() == null ? 0L : request.seed();
        try {
            io.playbench.video.Recording r = PlayBenchmarkExtension.runner(context, settings)
                    .recordVideo(request, settings.video().settings().withSeed(seed));
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.write(tmp, r.gif());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(
                    System.Logger.Level.INFO,
                    String.format(
                            java.util.Locale.ROOT,
                            "[playbench] %s: video %s (%d frames, %d bytes, %.2f s)",
                            context.getDisplayName(),
                            target.getFileName(),
                            r.frames(),
                            r.gif().length,
                            r.totalSeconds()));
            return new VideoOutcome(target, r, null);
        } catch (RuntimeException | java.io.IOException | LinkageError e) {
            String why = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "[playbench] " + context.getDisplayName() + ": no video: " + why);
            try {
                Files.deleteIfExists(target);
            } catch (java.io.IOException ignored) {
                // nothing was written
            }
            return new VideoOutcome(null, null, why);
        }
    }

    /** A video written beside the bundle, or why there is none. */
    record VideoOutcome(Path file, io.playbench.video.Recording recording, String failure) {

        PlayBundle amend(PlayBundle b) {
            List<String> warnings = new java.util.ArrayList<>(b.warnings());
            java.util.Map<String, Object> extra =
                    new java.util.LinkedHashMap<>(b.extra() == null ? java.util.Map.of() : b.extra());
            String path = b.videoPath();
            if (failure != null) {
                warnings.add("video: not recorded: " + failure);
            } else {
                path = file.getFileName().toString();
                extra.put("video.format", "gif");
                extra.put("video.width", recording.width());
                extra.put("video.height", recording.height());
                extra.put("video.frames", recording.frames());
                extra.put("video.steps", recording.steps());
                extra.put("video.stride", recording.stride());
                extra.put("video.fps", recording.fps());
                extra.put("video.bytes", recording.gif().length);
                extra.put("video.seed", recording.seed());
                extra.put("video.episode_return", recording.episodeReturn());
                extra.put("video.episode_ended", recording.episodeEnded());
                extra.put("video.render_s", recording.renderSeconds());
                extra.put("video.encode_s", recording.encodeSeconds());
                extra.put("video.total_s", recording.totalSeconds());
                if (recording.attempts() > 1) {
                    warnings.add("video: over playbench.video.max.bytes with every " + (recording.stride() / 2)
                            + " step(s); kept every " + recording.stride() + "th step");
                }
            }
            return new PlayBundle(
                    b.run(),
                    b.versions(),
                    b.hardware(),
                    b.runtime(),
                    b.resources(),
                    b.successRate(),
                    b.reward(),
                    b.epLength(),
                    b.episodes(),
                    b.checkpointPath(),
                    b.checkpoint(),
                    path,
                    b.test(),
                    warnings,
                    extra,
                    b.schemaVersion());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == PlayResult.class || type == PlayBundle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        PlayOutcome outcome = store(extension).get(PlayOutcome.class, PlayOutcome.class);
        if (outcome == null || outcome.result() == null) {
            throw new ParameterResolutionException(
                    "the benchmark did not produce a result to inject into " + parameter.getParameter());
        }
        return parameter.getParameter().getType() == PlayResult.class ? outcome.result() : outcome.bundle();
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(PlayBenchmarkExtension.NAMESPACE.append(context.getUniqueId()));
    }
}
