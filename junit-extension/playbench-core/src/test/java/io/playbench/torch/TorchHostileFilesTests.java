package io.playbench.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile, broken and unusual files (make_hostile_fixtures.py): every hostile file is refused with a clear message,
 * nothing is executed, memory stays bounded and nothing hangs; the unusual-but-valid containers read correctly.
 */
class TorchHostileFilesTests {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        "os_system.pkl, os.system",
        "builtins_eval.pkl, builtins.eval",
        "subprocess_popen.pkl, subprocess.Popen",
    })
    void forbiddenGlobalsInPicklesAreRefusedByName(String file, String global) {
        Path p = Resources.path("hostile/" + file);
        for (ReadOptions options : new ReadOptions[] {
            ReadOptions.defaults(), ReadOptions.defaults().withSb3StandIns()
        }) {
            assertThatThrownBy(() -> Pickles.load(p, options))
                    .isInstanceOfSatisfying(
                            UnsafePickleException.class,
                            e -> assertThat(e.global()).isEqualTo(global))
                    .hasMessageContaining("'" + global + "'")
                    .hasMessageContaining(file)
                    .hasMessageContaining("Nothing was executed");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "os_system.pt, os.system",
        "eval_in_state_dict.pt, __builtin__.eval",
    })
    void forbiddenGlobalsInCheckpointsAreRefusedByName(String file, String global) {
        assertThatThrownBy(() -> TorchCheckpoint.open(Resources.path("hostile/" + file)))
                .isInstanceOfSatisfying(
                        UnsafePickleException.class, e -> assertThat(e.global()).isEqualTo(global))
                .hasMessageContaining("'" + global + "'")
                .hasMessageContaining(file);
        assertThat(Path.of("pwnd")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "truncated.pt|no end-of-central-directory record",
                "wrong_sizes.pt|past the end of the entry data",
                "escape.pt|escapes the archive's directory",
                "view_beyond_storage.pt|needs storage element 5, but storage '0' holds only 4 float32 elements",
                "huge_storage.pt|declares 1000000000000 float32 elements",
                "overflow_shape.pt|overflow 64-bit element counts",
                "bomb_lying.zip|does not inflate to its declared 100 bytes",
                "legacy_truncated_storage.pt|declares 3 float32 elements on disk (6 in the pickle)",
                "rebuild_v3_uint16.pt|'torch.uint16'",
            })
    void brokenContainersGiveClearErrors(String file, String message) {
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(() -> TorchCheckpoint.open(Resources.path("hostile/" + file)))
                        .isInstanceOf(CheckpointFormatException.class)
                        .hasMessageContaining(file)
                        .hasMessageContaining(message));
    }

    @Test
    void legacyPickledModulesAreRefused() {
        assertThatThrownBy(() -> TorchCheckpoint.open(Resources.path("hostile/legacy_module.pt")))
                .isInstanceOf(UnsafePickleException.class)
                .hasMessageContaining("legacy_module.pt")
                .hasMessageContaining("pickles a whole nn.Module");
    }

    @Test
    void legacyBigEndianAndRebuildV3Read() throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(Resources.path("hostile/legacy_big_endian.pt"))) {
            assertThat(ckpt.format()).isEqualTo(TorchCheckpoint.Format.LEGACY);
            assertThat(ckpt.tensor("wt").toFloatArray()).containsExactly(1, 4, 2, 5, 3, 6);
            assertThat(ckpt.tensor("tail").toDoubleArray()).containsExactly(5, 6);
            assertThat(ckpt.records()).containsExactly("140234");
        }
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(Resources.path("hostile/rebuild_v3.pt"))) {
            assertThat(ckpt.tensor("d").dtype()).isEqualTo(Dtype.FLOAT64);
            assertThat(ckpt.tensor("d").toDoubleArray()).containsExactly(0.5, -2.25);
        }
    }

    @Test
    void zipBombIsRefusedByTheEntryLimit() {
        Path bomb = Resources.path("hostile/bomb.zip");
        assertThatThrownBy(
                        () -> TorchCheckpoint.open(bomb, ReadOptions.defaults().withMaxEntryBytes(1 << 20)))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("declares 20971520 bytes, more than the limit of 1048576");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "deep.pkl|nested deeper than 256 levels",
                "cycle.pkl|contains itself",
                "exponential.pkl|more than 1000000 nodes",
                "long_string.pkl|runs past the end of the data",
            })
    void hostilePicklesEndQuicklyWithAClearError(String file, String message) {
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(() -> Pickles.load(Resources.path("hostile/" + file), ReadOptions.defaults()))
                        .isInstanceOf(CheckpointFormatException.class)
                        .hasMessageContaining(file)
                        .hasMessageContaining(message));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "set_member_self_list.pkl|an unhashable set member of type ArrayList",
                "dict_key_self_list.pkl|an unhashable dict key of type ArrayList (inside a tuple or frozenset)",
                "frozenset_list_dict_loop.pkl|an unhashable set member of type ArrayList (inside a tuple or frozenset)",
                "sb3_space_self_reference.pkl|an unhashable set member of type ArrayList (inside a tuple or frozenset)",
                "deep_tuple_key.pkl|dict key is nested deeper than 256 levels; refused before hashing it",
                "deep_tuple_member.pkl|set member is nested deeper than 256 levels; refused before hashing it",
                "persid_list_dict_loop.pkl|a persistent id [{x=[{x=[",
            })
    void selfReferentialAndDeepKeysAreRefusedWithoutOverflowingTheStack(String file, String message) {
        // a StackOverflowError (hashing, printing) would fail isInstanceOf: assertThatThrownBy catches any Throwable
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(() -> Pickles.load(
                                Resources.path("hostile/" + file),
                                ReadOptions.defaults().withSb3StandIns()))
                        .isInstanceOf(CheckpointFormatException.class)
                        .hasMessageContaining(file)
                        .hasMessageContaining(message));
    }

    @Test
    void deepOrSelfReferentialTuplesPrintBounded() {
        Object deep = new PyTuple(List.of());
        for (int i = 0; i < 200_000; i++) {
            deep = new PyTuple(List.of(deep));
        }
        assertThat(deep.toString()).startsWith("((((").contains("(...,),)").hasSizeLessThan(2_000);
        List<Object> self = new ArrayList<>();
        PyTuple loop = new PyTuple(List.of(self, 1L));
        self.add(loop);
        assertThat(loop.toString()).startsWith("([([(").hasSizeLessThan(2_000);
        assertThat(new PyTuple(List.of(1L, 2L))).hasToString("(1, 2)");
        assertThat(new PyTuple(List.of(1L))).hasToString("(1,)");
    }

    @Test
    void expandedTensorsAreNotCopiedBeyondTheLimit() throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(Resources.path("hostile/expanded.pt"))) {
            Tensor e = ckpt.tensor("e");
            assertThat(e.numel()).isEqualTo(1L << 30);
            assertThat(ckpt.tensor("one").toFloatArray()).containsExactly(1.5f);
            assertThatThrownBy(e::toFloatArray)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("tensor of shape [32768, 32768] (strides [0, 0], storage of 1 elements)")
                    .hasMessageContaining("more than the copy limit of 268435456 elements")
                    .hasMessageContaining("ReadOptions.withMaxCopyElements(n)");
            assertThatThrownBy(e::toDoubleArray).hasMessageContaining("copy limit");
            assertThatThrownBy(e::toLongArray).hasMessageContaining("copy limit");
            assertThatThrownBy(e::toBooleanArray).hasMessageContaining("copy limit");
        }
        ReadOptions small = ReadOptions.defaults().withMaxCopyElements(4);
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(Resources.path("hostile/good.pt"), small)) {
            assertThatThrownBy(() -> ckpt.tensor("w").toFloatArray())
                    .hasMessageContaining("more than the copy limit of 4 elements");
            assertThat(ckpt.tensor("tail").toFloatArray()).containsExactly(5, 6);
        }
    }

    @Test
    void aHugeDeclaredInflatedSizeIsNotAllocatedUpFront() {
        assertThatThrownBy(() -> TorchCheckpoint.open(Resources.path("hostile/huge_declared.zip")))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("huge_declared.zip")
                .hasMessageContaining("does not inflate to its declared 2000000000 bytes (got 45)");
    }

    @Test
    void aPickleBuildingTooManyObjectsStopsWhileBuilding() {
        // 2 million empty lists appended to one list; the budget stops it about halfway through the file
        byte[] graph = new byte[3 + 2 * 2_000_000 + 1];
        graph[0] = (byte) 0x80;
        graph[1] = 2;
        graph[2] = ']';
        for (int i = 3; i < graph.length - 1; i += 2) {
            graph[i] = ']';
            graph[i + 1] = 'a';
        }
        graph[graph.length - 1] = '.';
        assertThatThrownBy(() -> Pickles.load(graph, "graph.pkl", ReadOptions.defaults()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining(
                        "graph.pkl: refusing the pickle at byte 2000002: it builds more than 1000000 objects")
                .hasMessageContaining("ReadOptions.withMaxObjects(n)");
        assertThatThrownBy(() ->
                        Pickles.load(graph, "graph.pkl", ReadOptions.defaults().withMaxObjects(10)))
                .hasMessageContaining("more than 10 objects");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"zip64_descriptors.pt", "deflated.pt", "protocol5_synthetic.pt", "good.pt", "big_endian.pt"})
    void unusualButValidContainersRead(String file) throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(Resources.path("hostile/" + file))) {
            assertThat(ckpt.tensor("w").toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(ckpt.tensor("wt").toFloatArray()).containsExactly(1, 4, 2, 5, 3, 6);
            assertThat(ckpt.tensor("wt").toDoubleArray()).containsExactly(1, 4, 2, 5, 3, 6);
            assertThat(ckpt.tensor("tail").toFloatArray()).containsExactly(5, 6);
            assertThat(ckpt.tensor("tail").sharesStorageWith(ckpt.tensor("w"))).isTrue();
        }
    }

    @Test
    void zip64RecordsAreRead() throws IOException {
        try (ZipArchive zip = ZipArchive.open(Resources.path("hostile/zip64_descriptors.pt"))) {
            assertThat(zip.entries())
                    .extracting(ZipArchive.Entry::name)
                    .containsExactly(
                            "my.odd-prefix 1/data.pkl",
                            "my.odd-prefix 1/byteorder",
                            "my.odd-prefix 1/data/0",
                            "my.odd-prefix 1/version");
            assertThat(zip.entry("my.odd-prefix 1/data/0").size()).isEqualTo(24);
            assertThat(zip.readText("my.odd-prefix 1/version")).isEqualTo("3\n");
        }
    }

    @Test
    void torchAlignsEveryRecordTo64Bytes() throws IOException {
        try (ZipArchive zip = ZipArchive.open(Resources.path("fixtures/dtypes.pt"))) {
            assertThat(zip.entries())
                    .allSatisfy(
                            e -> assertThat(e.dataOffset() % 64).as(e.name()).isZero());
        }
    }

    @Test
    void corruptedStorageBytesFailTheCrcCheck() throws IOException {
        byte[] bytes = Files.readAllBytes(Resources.path("fixtures/dtypes.pt"));
        long offset;
        try (ZipArchive zip = ZipArchive.open(Resources.path("fixtures/dtypes.pt"))) {
            offset = zip.entry("dtypes/data/0").dataOffset();
        }
        bytes[(int) offset] ^= 0x55;
        assertThatThrownBy(() -> TorchCheckpoint.of(bytes, "flipped.pt", ReadOptions.defaults()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("flipped.pt")
                .hasMessageContaining("'dtypes/data/0' is corrupt: CRC-32");
    }

    @Test
    void everyTruncationOfARealCheckpointFailsCleanly() throws IOException {
        byte[] full = Files.readAllBytes(Resources.path("fixtures/state_dict.pt"));
        byte[] legacy = Files.readAllBytes(Resources.path("fixtures/legacy.pt"));
        for (byte[] source : new byte[][] {full, legacy}) {
            for (int len = 0; len < source.length; len += 7) {
                byte[] cut = java.util.Arrays.copyOf(source, len);
                assertThatThrownBy(() -> TorchCheckpoint.of(cut, "cut-" + cut.length, ReadOptions.defaults()))
                        .isInstanceOf(CheckpointFormatException.class)
                        .hasMessageContaining("cut-" + cut.length);
            }
        }
    }

    @Test
    void randomByteFlipsNeverEscapeAsUncheckedExceptions() throws IOException {
        byte[] full = Files.readAllBytes(Resources.path("fixtures/nested.pt"));
        byte[] legacy = Files.readAllBytes(Resources.path("fixtures/legacy.pt"));
        Random random = new Random(5);
        for (int i = 0; i < 1000; i++) {
            byte[] source = i % 2 == 0 ? full : legacy;
            byte[] bad = source.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            try (TorchCheckpoint c =
                    TorchCheckpoint.of(bad, "flip", ReadOptions.defaults().withVerifyCrc(i % 3 == 0))) {
                c.tensors().values().forEach(t -> t.toDoubleArray());
                c.summary();
            } catch (CheckpointFormatException expected) {
                assertThat(expected.getMessage()).startsWith("flip");
            }
        }
    }

    @Test
    void nonCheckpointsAreNamedAsSuch() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello, not a checkpoint");
        assertThatThrownBy(() -> TorchCheckpoint.open(text))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("not a torch.save checkpoint: it starts with bytes 68 65 6c 6c");
        Path empty = Files.write(tmp.resolve("empty.pt"), new byte[0]);
        assertThatThrownBy(() -> TorchCheckpoint.open(empty)).hasMessageContaining("the file is empty");
        try (ZipArchive sb3 = ZipArchive.open(Resources.path("checkpoints/sb3/ppo-CartPole-v1/model.zip"))) {
            assertThatThrownBy(() -> TorchCheckpoint.open(Resources.path("checkpoints/sb3/ppo-CartPole-v1/model.zip")))
                    .hasMessageContaining("not a torch.save checkpoint")
                    .hasMessageContaining("TorchCheckpoint.open(ZipArchive.open(path), \"policy.pth\")");
            assertThatThrownBy(() -> TorchCheckpoint.open(sb3, "nothing.pth"))
                    .hasMessageContaining("no entry named 'nothing.pth'");
        }
    }
}
