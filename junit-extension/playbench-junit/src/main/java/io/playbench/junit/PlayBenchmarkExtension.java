package io.playbench.junit;

import io.playbench.device.Device;
import io.playbench.rollout.DefaultComponents;
import io.playbench.rollout.Devices;
import io.playbench.rollout.PlayRequest;
import io.playbench.rollout.PlayRunner;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Expands a {@link PlayBenchmark} method into one invocation per library × task × numEnvs combination (× repeat); each
 * invocation runs its benchmark before the method body and writes its bundle after it. With {@code device = "gpu:*"},
 * invocation {@code i} (from 0, in matrix order) runs on {@code gpu:(i mod N)} of the host's N GPUs; a
 * {@code gpu:N} the host does not have is an error that names the GPUs found.
 */
final class PlayBenchmarkExtension implements TestTemplateInvocationContextProvider {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PlayBenchmarkExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> AnnotationSupport.isAnnotated(m, PlayBenchmark.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        PlaybenchSettings settings = PlaybenchSettings.from(context);
        BenchmarkDefinition definition = BenchmarkDefinition.of(method, context.getRequiredTestClass(), settings);
        GpuInventory gpus = GpuInventory.of(settings);
        Devices.outOfRange(definition.device(), gpus.count(), gpus.devices()).ifPresent(message -> {
            throw new IllegalArgumentException("@PlayBenchmark on "
                    + method.getDeclaringClass().getSimpleName() + "." + method.getName() + ": " + message);
        });
        List<PlayRequest> requests = definition.requests();
        List<TestTemplateInvocationContext> invocations = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            PlayRequest request = requests.get(i);
            Device device = request.device().assign(i, gpus.count());
            int repetition = definition.repeat() > 1 ? i % definition.repeat() + 1 : 0;
            invocations.add(new PlayInvocation(
                    device.equals(request.device()) ? request : request.withDevice(device),
                    settings,
                    gpus,
                    i + 1,
                    repetition,
                    definition.video()));
        }
        return invocations.stream();
    }

    /** The run-wide runner, kept in the root store and closed (with its environments and policies) at the end of the run. */
    @SuppressWarnings("deprecation")
    static PlayRunner runner(ExtensionContext context, PlaybenchSettings settings) {
        GpuInventory gpus = GpuInventory.of(settings);
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        RunnerResource.class,
                        k -> new RunnerResource(PlayRunner.builder()
                                .checkpoints(settings.checkpoints())
                                .adapters(DefaultComponents.adapters())
                                .compiler(
                                        gpus.simulated()
                                                ? GpuInventory.simulatingCompiler(DefaultComponents.compiler())
                                                : DefaultComponents.compiler())
                                .sessionId(settings.sessionId())
                                .monitorInterval(settings.monitorInterval())
                                .minWarmup(settings.minWarmup())
                                .progress(settings.progressInterval(), null)
                                .junitVersion(junitVersion())
                                .gpus(
                                        gpus.simulated() ? gpus::devices : DefaultComponents::gpus,
                                        gpus.simulated()
                                                ? io.playbench.monitor.GpuProbe.NONE
                                                : DefaultComponents.gpuProbe())
                                .engineVersion(DefaultComponents::engineVersion)
                                .build()),
                        RunnerResource.class)
                .runner();
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

    /** One benchmark invocation, on its concrete device. */
    record PlayInvocation(
            PlayRequest request,
            PlaybenchSettings settings,
            GpuInventory gpus,
            int index,
            int repetition,
            boolean video)
            implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + invocationIndex + "] " + request.library().id() + " · " + request.task() + " · "
                    + request.numEnvs()
                    + (request.numEnvs() == 1 ? " env" : " envs")
                    + (request.device().isCpu() ? "" : " · " + request.device())
                    + (repetition > 0 ? " · #" + repetition : "");
        }

        @Override
        public java.util.List<org.junit.jupiter.api.extension.Extension> getAdditionalExtensions() {
            return java.util.List.of(new InvocationExtension(request, settings, gpus, video));
        }
    }
}
