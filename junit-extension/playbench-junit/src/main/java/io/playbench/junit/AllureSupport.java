package io.playbench.junit;

import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reports a bundle to Allure when Allure is on the classpath: the bundle as a JSON attachment, labels for library,
 * task, device (and the device's index and name, and the session id), identity values as parameters and measured values as excluded parameters (so they do not split
 * the history).
 */
final class AllureSupport {

    private static final boolean PRESENT = present();

    private AllureSupport() {}

    static void report(PlayBundle bundle, Path file) {
        if (!PRESENT) {
            return;
        }
        try {
            Reporter.report(bundle, file);
        } catch (RuntimeException | LinkageError e) {
            System.getLogger(AllureSupport.class.getName())
                    .log(System.Logger.Level.DEBUG, "Allure reporting failed: " + e);
        }
    }

    /**
     * Attaches a rollout video (an animated GIF, shown inline by Allure) to the current test.
     *
     * @param gif the file
     * @param title the attachment's name
     */
    static void video(Path gif, String title) {
        if (!PRESENT) {
            return;
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(gif)) {
            io.qameta.allure.Allure.addAttachment(title, "image/gif", in, ".gif");
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            System.getLogger(AllureSupport.class.getName())
                    .log(System.Logger.Level.DEBUG, "attaching the video to Allure failed: " + e);
        }
    }

    private static boolean present() {
        try {
            Class.forName("io.qameta.allure.Allure", false, AllureSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Touches Allure classes only when Allure is present. */
    private static final class Reporter {
        static void report(PlayBundle bundle, Path file) {
            var run = bundle.run();
            io.qameta.allure.Allure.label(
                    "library", run.library() == null ? "unknown" : run.library().id());
            io.qameta.allure.Allure.label("task", run.task());
            io.qameta.allure.Allure.label("device", run.device());
            io.qameta.allure.Allure.label(
                    "device_index",
                    run.deviceIndex() == null ? "cpu" : run.deviceIndex().toString());
            io.qameta.allure.Allure.label(
                    "device_name",
                    run.deviceName() == null
                            ? (run.device().equals("cpu") ? bundle.hardware().cpuName() : "unknown")
                            : run.deviceName());
            if (run.sessionId() != null) {
                io.qameta.allure.Allure.label("session_id", run.sessionId());
            }
            io.qameta.allure.Allure.label("engine", run.engine());
            io.qameta.allure.Allure.parameter(
                    "num_envs", run.numEnvs() == null ? "-" : run.numEnvs().toString());
            if (bundle.checkpoint() != null) {
                io.qameta.allure.Allure.parameter(
                        "checkpoint_sha256", bundle.checkpoint().sha256().substring(0, 12));
            }
            var rt = bundle.runtime();
            if (rt.effectiveFps() != null) {
                io.qameta.allure.Allure.parameter(
                        "total_fps", String.format(Locale.ROOT, "%.0f", rt.effectiveFps()), true);
            }
            if (rt.stepLatencyS() != null) {
                io.qameta.allure.Allure.parameter(
                        "p99_step_ms",
                        String.format(Locale.ROOT, "%.3f", rt.stepLatencyS().p99() * 1e3),
                        true);
            }
            if (bundle.successRate() != null) {
                io.qameta.allure.Allure.parameter(
                        "success_rate", bundle.successRate().toString(), true);
            }
            if (bundle.reward() != null) {
                io.qameta.allure.Allure.parameter(
                        "mean_reward",
                        String.format(Locale.ROOT, "%.3f", bundle.reward().mean()),
                        true);
            }
            io.qameta.allure.Allure.addAttachment(
                    "PlayBundle " + file.getFileName(),
                    "application/json",
                    new java.io.ByteArrayInputStream(PlayBundles.toJson(bundle).getBytes(StandardCharsets.UTF_8)),
                    ".json");
        }
    }
}
