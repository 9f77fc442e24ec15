package io.playbench.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Layouts the shared checkpoints do not cover (rsl_rl v1 / v3 / v4 / v5 heteroscedastic, rl_games separate and
 * discrete with torch.compile keys, skrl separate models with skrl 1.x's state_preprocessor, SB3 TD3 / DDPG / gSDE /
 * shared_net with Isaac Lab's {@code model_vecnormalize.pkl}), built by {@code src/test/python/make_adapter_fixtures.py}
 * under each library's key names and config files.
 */
class LibraryAdaptersFixturesTests {

    private static final JsonMapper JSON = new JsonMapper();

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "rsl_rl-v1-actorcritic",
                "rsl_rl-v3-normalizer",
                "rsl_rl-v4-mlpmodel",
                "rsl_rl-v5-heteroscedastic",
                "rl_games-continuous-separate",
                "rl_games-discrete-deep-compiled",
                "skrl-separate-state-preprocessor",
                "sb3-td3",
                "sb3-ddpg",
                "sb3-ppo-gsde-box",
                "sb3-sac-gsde",
                "sb3-ppo-sharednet-isaaclab-vecnormalize",
            })
    void fixtureIsReproduced(String name) throws IOException {
        Path dir = fixtures().resolve(name);
        JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
        Library library = Library.fromId(expected.get("library").asText());
        Path checkpoint = dir.resolve(expected.get("checkpoint").asText());

        LoadedPolicy loaded = LibraryAdapters.of(library).load(checkpoint, dir);
        LibraryAdaptersSharedCheckpointsTests.Agreement agreement =
                LibraryAdaptersSharedCheckpointsTests.compare(loaded.spec(), expected.get("samples"));

        System.out.println(LibraryAdapters.describe(loaded));
        System.out.println(name + ": " + agreement);
        assertThat(agreement.failures).as(name).isEmpty();
        assertThat(agreement.flipsNotNearTies).as(name).isZero();
        assertThat(LibraryAdapters.detect(checkpoint)).contains(library);
    }

    static Path fixtures() {
        try {
            return Path.of(LibraryAdaptersFixturesTests.class
                    .getResource("/playbench/library/fixtures")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
