package io.playbench.torch;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbench.checkpoint.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints larger than 2 GiB: a sparse file (no disk cost) with a 2 GiB hole entry, then the pickle and the
 * storage record of {@code good.pt} beyond the 2 GiB mark. Whole-file hashing and CRC checks must go through bounded
 * chunks, since a {@link java.nio.ByteBuffer} cannot view more than 2 GiB ("Segment is too large").
 */
class TorchLargeFileTests {

    private static final long HOLE = (2L << 30) + 4096;

    @TempDir
    Path tmp;

    @Test
    void entriesBeyondTwoGibibytesAreReadAndTheFileIsHashedInChunks() throws IOException {
        Path file = sparseCheckpoint(tmp.resolve("large.pt"));
        assertThat(file.toFile().length()).isGreaterThan(Integer.MAX_VALUE);
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
            assertThat(ckpt.tensor("w").toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(ckpt.tensor("wt").toFloatArray()).containsExactly(1, 4, 2, 5, 3, 6);
            assertThat(ckpt.sha256()).isEqualTo(Digests.sha256(file));
        }
    }

    @Test
    void digestsOfAFileLargerThanTwoGibibytes() throws IOException {
        Path file = tmp.resolve("sparse.bin");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(HOLE);
            raf.seek(HOLE - 1);
            raf.write(1);
        }
        assertThat(Digests.sha256(file)).hasSize(64).isNotEqualTo(Digests.sha256(""));
    }

    /** good.pt's records re-written after a stored 2 GiB entry of zeros that is a hole in the file. */
    private static Path sparseCheckpoint(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (ZipArchive good = ZipArchive.open(Resources.path("hostile/good.pt"))) {
            for (ZipArchive.Entry e : good.entries()) {
                names.add(e.name());
                contents.add(good.readBytes(e.name()));
            }
        }
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        int count = 0;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            // the hole: a stored entry of HOLE zero bytes that is never written (CRC of zeros computed in chunks)
            CRC32 zeros = new CRC32();
            byte[] block = new byte[1 << 20];
            for (long left = HOLE; left > 0; left -= block.length) {
                zeros.update(block, 0, (int) Math.min(block.length, left));
            }
            central.writeBytes(local(raf, "g/data/hole", HOLE, zeros.getValue(), null));
            raf.setLength(raf.getFilePointer() + HOLE);
            raf.seek(raf.getFilePointer() + HOLE);
            count++;
            for (int i = 0; i < names.size(); i++) {
                CRC32 crc = new CRC32();
                crc.update(contents.get(i));
                central.writeBytes(local(raf, names.get(i), contents.get(i).length, crc.getValue(), contents.get(i)));
                count++;
            }
            long cdOffset = raf.getFilePointer();
            byte[] cd = central.toByteArray();
            raf.write(cd);
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
            end.putShort((short) count)
                    .putShort((short) count)
                    .putInt(cd.length)
                    .putInt((int) cdOffset);
            end.putShort((short) 0);
            raf.write(end.array());
        }
        return file;
    }

    /** Writes a stored local header (and the data, when given); returns the central directory record. */
    private static byte[] local(RandomAccessFile raf, String name, long size, long crc, byte[] data)
            throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        long offset = raf.getFilePointer();
        ByteBuffer h = ByteBuffer.allocate(30 + n.length).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0);
        h.putShort((short) 0).putShort((short) 0x21);
        h.putInt((int) crc).putInt((int) size).putInt((int) size);
        h.putShort((short) n.length).putShort((short) 0).put(n);
        raf.write(h.array());
        if (data != null) {
            raf.write(data);
        }
        ByteBuffer c = ByteBuffer.allocate(46 + n.length).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt(0x02014b50)
                .putShort((short) 20)
                .putShort((short) 20)
                .putShort((short) 0)
                .putShort((short) 0);
        c.putShort((short) 0).putShort((short) 0x21);
        c.putInt((int) crc).putInt((int) size).putInt((int) size);
        c.putShort((short) n.length).putShort((short) 0).putShort((short) 0);
        c.putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset).put(n);
        return c.array();
    }
}
