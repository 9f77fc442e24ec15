package io.playbench.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Validates JSON documents against the PlayBundle JSON Schema (draft 2020-12) with a real schema validator. */
final class BundleValidator {

    private static final Schema SCHEMA = load();

    private BundleValidator() {}

    static List<Violation> validate(JsonNode document) {
        List<Error> errors = SCHEMA.validate(document);
        return errors.stream()
                .map(e -> new Violation(
                        e.getInstanceLocation().toString(),
                        e.getKeyword() == null ? "schema" : e.getKeyword(),
                        e.getMessage()))
                .toList();
    }

    static String schemaText() {
        try (InputStream in = BundleValidator.class.getResourceAsStream(PlayBundles.SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the PlayBundle schema resource " + PlayBundles.SCHEMA_RESOURCE
                        + " is missing from the classpath; is playbench-schema on it?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PlayBundle schema resource", e);
        }
    }

    private static Schema load() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .locale(Locale.ROOT)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config));
        return registry.getSchema(schemaText(), InputFormat.JSON);
    }
}
