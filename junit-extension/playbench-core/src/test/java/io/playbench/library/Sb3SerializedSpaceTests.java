package io.playbench.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** SB3's {@code ':serialized:'} spaces are untrusted pickles: a hostile one is ignored, never a stack overflow. */
class Sb3SerializedSpaceTests {

    @Test
    void aSelfReferentialSerializedSpaceFallsBackToTheStrForm() throws IOException {
        byte[] pickle;
        try (InputStream in = getClass().getResourceAsStream("/playbench/torch/hostile/sb3_space_self_reference.pkl")) {
            pickle = in.readAllBytes();
        }
        ObjectNode space = JsonMapper.builder().build().createObjectNode();
        space.put(":serialized:", Base64.getEncoder().encodeToString(pickle));
        space.put("low", "[-1.]");
        space.put("high", "[1.]");
        JsonNode node = space;

        assertThat(Sb3Adapter.pickledBounds(node)).isNull();
    }
}
