package io.playbench.junit;

import io.playbench.rollout.DefaultComponents;
import io.playbench.rollout.PlayRequest;
import io.playbench.rollout.PlayRunner;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Expands a {@link PlayBenchmark} method into one invocation per library × task × numEnvs combination; each
 * invocation runs its benchmark before the method body and writes its bundle after it.
 */
final class PlayBenchmarkExtension implements TestTemplateInvocationContextProvider {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PlayBenchmarkExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, PlayBenchmark.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        PlaybenchSettings settings = PlaybenchSettings.from(context);
        BenchmarkDefinition definition = BenchmarkDefinition.of(method, context.getRequiredTestClass(), settings);
        AtomicInteger index = new AtomicInteger();
        return definition.requests().stream().map(request -> new PlayInvocation(request, settings, index.incrementAndGet(),
                definition.video()));
    }

    /** The run-wide runner, kept in the root store and closed (with its environments and policies) at the end of the run. */
    @SuppressWarnings("deprecation")
    static PlayRunner runner(ExtensionContext context, PlaybenchSettings settings) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunnerResource.class, k -> new RunnerResource(
                PlayRunner.builder()
                        .checkpoints(settings.checkpoints())
                        .adapters(DefaultComponents.adapters())
                        .compiler(DefaultComponents.compiler())
                        .monitorInterval(settings.monitorInterval())
                        .minWarmup(settings.minWarmup())
                        .progress(settings.progressInterval(), null)
                        .junitVersion(junitVersion())
                        .gpus(DefaultComponents::gpus, DefaultComponents.gpuProbe())
                        .tensorflowVersion(DefaultComponents::tensorflowVersion)
                        .build()), RunnerResource.class).runner();
    }

    private static String junitVersion() {
        Package p = org.junit.jupiter.api.Test.class.getPackage();
        return p == null ? null : p.getImplementationVersion();
    }

    /** Closes the runner when the root store closes. */
    record RunnerResource(PlayRunner runner) implements AutoCloseable {
        @Override
        public void close() {
            runner.close();
        }
    }

    /** One benchmark invocation. */
    record PlayInvocation(PlayRequest request, PlaybenchSettings settings, int index, boolean video) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + invocationIndex + "] " + request.library().id() + " · " + request.task() + " · " + request.numEnvs()
                    + (request.numEnvs() == 1 ? " env" : " envs") + (request.device().equals("cpu") ? "" : " · " + request.device());
        }

        @Override
        public java.util.List<org.junit.jupiter.api.extension.Extension> getAdditionalExtensions() {
            return java.util.List.of(new InvocationExtension(request, settings, video));
        }
    }
}
