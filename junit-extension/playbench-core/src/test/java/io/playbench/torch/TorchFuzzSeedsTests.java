package io.playbench.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the Jazzer seed corpus and every crash input Jazzer saved (TorchReaderFuzzTestsInputs) through the fuzz
 * targets, without the Jazzer agent, so that past findings stay fixed in every test run.
 */
class TorchFuzzSeedsTests {

    static Stream<Path> seeds(String method) throws IOException {
        // the build puts the fixtures and hostile files beside the fuzzer's own seeds (see this module's pom)
        Path dir = Path.of("target/test-classes/io/playbench/torch/TorchReaderFuzzTestsInputs", method);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.sorted().toList();
            assertThat(list).isNotEmpty();
            return list.stream();
        }
    }

    static Stream<Path> checkpointSeeds() throws IOException {
        return seeds("checkpointReader");
    }

    static Stream<Path> pickleSeeds() throws IOException {
        return seeds("pickleReader");
    }

    @ParameterizedTest
    @MethodSource("checkpointSeeds")
    void checkpointReaderSeed(Path seed) throws IOException {
        new TorchReaderFuzzTests().checkpointReader(Files.readAllBytes(seed));
    }

    @ParameterizedTest
    @MethodSource("pickleSeeds")
    void pickleReaderSeed(Path seed) throws IOException {
        new TorchReaderFuzzTests().pickleReader(Files.readAllBytes(seed));
    }
}
