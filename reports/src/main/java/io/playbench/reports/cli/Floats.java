package io.playbench.reports.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Float32 and float64 values in the JSON the commands read and write. */
final class Floats {

    /** Reads JSON numbers as their exact decimal text, so that a float32 is rounded once, from the decimal. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Floats() {}

    /**
     * The shortest decimal that reads back to the same float32 ({@link Float#toString} since JDK 19), with a lower-case
     * exponent ({@code 1.0e-5}), which JSON and Python's {@code float()} both read; non-finite values are {@code null}.
     *
     * @param value the value
     * @return the JSON text
     */
    static String shortest(float value) {
        return Float.isFinite(value) ? Float.toString(value).replace('E', 'e') : "null";
    }

    /**
     * The shortest decimal that reads back to the same float64, as {@link #shortest(float)}.
     *
     * @param value the value
     * @return the JSON text
     */
    static String shortest(double value) {
        return Double.isFinite(value) ? Double.toString(value).replace('E', 'e') : "null";
    }

    /**
     * A JSON number as float32, rounded once from its decimal text.
     *
     * @param node a number node
     * @return the float
     */
    static float parse(JsonNode node) {
        return node.isBigDecimal() ? Float.parseFloat(node.decimalValue().toString()) : node.floatValue();
    }
}
