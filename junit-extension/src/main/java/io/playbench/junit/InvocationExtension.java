package io.playbench.junit;

import io.playbench.rollout.BundleFactory;
import io.playbench.rollout.DefaultComponents;
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
final class InvocationExtension implements ExecutionCondition, BeforeTestExecutionCallback, AfterTestExecutionCallback, ParameterResolver {

    private static final System.Logger LOG = System.getLogger(InvocationExtension.class.getName());

    private final PlayRequest request;
    private final PlaybenchSettings settings;

    InvocationExtension(PlayRequest request, PlaybenchSettings settings) {
        this.request = request;
        this.settings = settings;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!request.needsGpu()) {
            return ConditionEvaluationResult.enabled("runs on " + request.device());
        }
        int gpus = DefaultComponents.gpuCount();
        int wanted = request.device().equals("gpu") ? 0 : Integer.parseInt(request.device().substring(4));
        if (wanted >= gpus) {
            return ConditionEvaluationResult.disabled("needs device " + request.device() + " but " + (gpus == 0 ? "no GPU is present"
                    : "only " + gpus + " GPU(s) are present") + ": " + DefaultComponents.gpuAbsenceReason());
        }
        return ConditionEvaluationResult.enabled("GPU " + wanted + " is present");
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        TestIdentity test = new TestIdentity(context.getRequiredTestClass().getName(), context.getRequiredTestMethod().getName(),
                context.getDisplayName(), context.getUniqueId(), null);
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
        List<String> violations = outcome.result() == null ? List.of() : request.budgets().violations(outcome.result());
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
            line = "budget: " + violations.getFirst();
        } else {
            status = RunStatus.COMPLETED;
            line = null;
        }
        PlayBundle bundle = outcome.bundle().withOutcome(status, line);
        Path file = PlayBundles.write(settings.outputDirectory(), bundle);
        LOG.log(System.Logger.Level.INFO, "[playbench] " + context.getDisplayName() + ": " + status + ", bundle " + file);
        context.publishReportEntry("playbench.bundle", file.toString());
        try {
            context.publishFile(file.getFileName().toString(), MediaType.APPLICATION_JSON,
                    target -> Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "publishing the bundle to JUnit's output directory failed: " + e);
        }
        AllureSupport.report(bundle, file);
        if (!violations.isEmpty() && failure == null && !outcome.crashed()) {
            throw new AssertionFailedError(request.library().id() + " / " + request.task() + " / " + request.numEnvs() + " envs broke "
                    + violations.size() + " budget(s):\n  - " + String.join("\n  - ", violations) + "\n(bundle: " + file + ")");
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
            throw new ParameterResolutionException("the benchmark did not produce a result to inject into " + parameter.getParameter());
        }
        return parameter.getParameter().getType() == PlayResult.class ? outcome.result() : outcome.bundle();
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(PlayBenchmarkExtension.NAMESPACE.append(context.getUniqueId()));
    }

}
