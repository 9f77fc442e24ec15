package io.playbench.reports.allure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playbench.schema.PlayBundle;
import io.playbench.schema.PlayBundles;
import io.playbench.schema.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/** Allure results as the JUnit extension's {@code AllureSupport} writes them, for tests that need no Maven run. */
public final class AllureFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AllureFixtures() {}

    /**
     * Writes one passed test result carrying the bundle (labels, parameters, excluded metric parameters and the bundle
     * attachment, as the extension does) into an allure-results directory.
     *
     * @param allureResults the directory
     * @param bundle the bundle
     * @param className the test class
     * @param method the test method
     * @return the result's uuid
     */
    public static String writeExtensionResult(Path allureResults, PlayBundle bundle, String className, String method) {
        try {
            Files.createDirectories(allureResults);
            String uuid = UUID.randomUUID().toString();
            String attachment = UUID.randomUUID() + "-attachment.json";
            Files.writeString(allureResults.resolve(attachment), PlayBundles.toJson(bundle), StandardCharsets.UTF_8);
            ObjectNode result = JSON.createObjectNode();
            result.put("uuid", uuid);
            result.put("historyId", Integer.toHexString((className + method).hashCode()));
            result.put("testCaseId", Integer.toHexString((className + "#" + method).hashCode()));
            result.put("name", method + "()");
            result.put("fullName", className + "." + method);
            result.put("status", "passed");
            result.put("stage", "finished");
            result.put(
                    "start",
                    Timestamps.parse("start", bundle.run().startTimeUtc()).toEpochMilli());
            result.put(
                    "stop", Timestamps.parse("end", bundle.run().endTimeUtc()).toEpochMilli());
            ArrayNode labels = result.putArray("labels");
            labels.addObject().put("name", "framework").put("value", "junit-platform");
            labels.addObject().put("name", "suite").put("value", className.substring(className.lastIndexOf('.') + 1));
            labels.addObject()
                    .put("name", "library")
                    .put("value", bundle.run().library().id());
            labels.addObject().put("name", "task").put("value", bundle.run().task());
            labels.addObject().put("name", "device").put("value", bundle.run().device());
            labels.addObject().put("name", "engine").put("value", bundle.run().engine());
            ArrayNode parameters = result.putArray("parameters");
            parameters
                    .addObject()
                    .put("name", "num_envs")
                    .put("value", bundle.run().numEnvs().toString());
            parameters
                    .addObject()
                    .put("name", "total_fps")
                    .put(
                            "value",
                            String.format(Locale.ROOT, "%.0f", bundle.runtime().effectiveFps()))
                    .put("excluded", true);
            result.putArray("attachments")
                    .addObject()
                    .put("name", "PlayBundle play_fixture.json")
                    .put("source", attachment)
                    .put("type", "application/json");
            JSON.writeValue(allureResults.resolve(uuid + "-result.json").toFile(), result);
            return uuid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
