package io.playbench.torch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz tests of the zip container reader and the pickle VM with Jazzer.
 *
 * <p>Without {@code JAZZER_FUZZ} set, JUnit runs each method once per input of its seed corpus
 * ({@code TorchReaderFuzzTestsInputs/<method>/} on the test class path: the torch fixtures and hostile files, which the
 * build copies there, and the inputs kept only for the fuzzer under {@code src/test/resources}). With {@code JAZZER_FUZZ=1} Jazzer mutates them for {@code maxDuration}. The only outcome allowed for any
 * input is a value or a {@link CheckpointFormatException}: any other exception, a hang or an OOM is a finding.
 *
 * <p>Tagged {@code fuzz} and left out of the default test run (the Jazzer agent costs about 30 s of start-up on a small
 * machine); {@link TorchFuzzSeedsTests} replays the same seeds without the agent in every run. Run it with
 * {@code ./mvnw -B -pl junit-extension/playbench-core -am test -Dplaybench.excludedGroups=benchmark -Dtest=TorchReaderFuzzTests
 * -Dsurefire.failIfNoSpecifiedTests=false}, and add {@code JAZZER_FUZZ=1} and {@code #checkpointReader} or
 * {@code #pickleReader} to fuzz one method for its {@code maxDuration}.
 */
@Tag("fuzz")
class TorchReaderFuzzTests {

    @FuzzTest(maxDuration = "30s")
    void checkpointReader(byte[] data) {
        try (TorchCheckpoint c = TorchCheckpoint.of(
                data, "fuzz", ReadOptions.defaults().withVerifyCrc(false).withMaxEntryBytes(1 << 24))) {
            c.tensors().values().forEach(t -> {
                if (t.numel() < 1 << 20) {
                    t.toDoubleArray();
                }
            });
            c.summary().toString();
        } catch (CheckpointFormatException expected) {
            // refusing the input is the correct outcome
        }
    }

    @FuzzTest(maxDuration = "30s")
    void pickleReader(byte[] data) {
        try {
            Object root = Pickles.load(data, "fuzz", ReadOptions.defaults().withSb3StandIns());
            PickleTree.leaves(root);
        } catch (CheckpointFormatException expected) {
            // refusing the input is the correct outcome
        }
    }
}
