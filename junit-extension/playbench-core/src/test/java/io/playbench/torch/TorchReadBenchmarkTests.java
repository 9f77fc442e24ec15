package io.playbench.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures reading a 100 MB checkpoint (25 float32 tensors of 1 M elements, stored zip as torch writes it).
 * Tagged {@code benchmark}: run with {@code -Dplaybench.excludedGroups= -Dplaybench.groups=benchmark -Dtest=TorchReadBenchmarkTests}.
 */
@Tag("benchmark")
class TorchReadBenchmarkTests {

    static final int TENSORS = 25;
    static final int NUMEL = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void readsA100MegabyteCheckpointQuicklyWithLittleHeap() throws IOException {
        Path file = tmp.resolve("big.pt");
        writeCheckpoint(file);
        System.out.printf("checkpoint: %d bytes%n", Files.size(file));
        for (int round = 0; round < 5; round++) {
            System.gc();
            long heapBefore = usedHeap();
            long t0 = System.nanoTime();
            try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
                long tOpen = System.nanoTime();
                long heapAfterOpen = usedHeap();
                assertThat(ckpt.tensors()).hasSize(TENSORS);
                double sum = 0;
                for (Tensor t : ckpt.tensors().values()) {
                    float[] v = t.toFloatArray();
                    sum += v[v.length - 1];
                }
                long tCopy = System.nanoTime();
                String sha = ckpt.sha256();
                long tSha = System.nanoTime();
                System.out.printf(
                        "round %d: open+parse+CRC %.1f ms (heap +%.1f MB), copy all tensors to float[] %.1f ms, sha256 %.1f ms"
                                + " (sum %.0f, %s)%n",
                        round,
                        (tOpen - t0) / 1e6,
                        (heapAfterOpen - heapBefore) / 1e6,
                        (tCopy - tOpen) / 1e6,
                        (tSha - tCopy) / 1e6,
                        sum,
                        sha.substring(0, 8));
            }
        }
        System.gc();
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        try (TorchCheckpoint ckpt =
                TorchCheckpoint.open(file, ReadOptions.defaults().withVerifyCrc(false))) {
            long t1 = System.nanoTime();
            System.out.printf(
                    "without CRC: open+parse %.1f ms (heap +%.1f MB)%n",
                    (t1 - t0) / 1e6, (usedHeap() - heapBefore) / 1e6);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Writes a torch-style zip: {@code big/data.pkl} (an OrderedDict of tensors) and {@code big/data/<i>}. */
    static void writeCheckpoint(Path file) throws IOException {
        ByteArrayOutputStream pkl = new ByteArrayOutputStream();
        pkl.write(new byte[] {(byte) 0x80, 2});
        global(pkl, "collections", "OrderedDict");
        pkl.write(')');
        pkl.write('R');
        pkl.write('(');
        for (int i = 0; i < TENSORS; i++) {
            unicode(pkl, "layer." + i + ".weight");
            global(pkl, "torch._utils", "_rebuild_tensor_v2");
            pkl.write('(');
            pkl.write('(');
            unicode(pkl, "storage");
            global(pkl, "torch", "FloatStorage");
            unicode(pkl, Integer.toString(i));
            unicode(pkl, "cpu");
            binint(pkl, NUMEL);
            pkl.write('t');
            pkl.write('Q');
            binint(pkl, 0);
            pkl.write('(');
            binint(pkl, 1024);
            binint(pkl, 1024);
            pkl.write('t');
            pkl.write('(');
            binint(pkl, 1024);
            binint(pkl, 1);
            pkl.write('t');
            pkl.write(0x89);
            global(pkl, "collections", "OrderedDict");
            pkl.write(')');
            pkl.write('R');
            pkl.write('t');
            pkl.write('R');
        }
        pkl.write('u');
        pkl.write('.');
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, "big/data.pkl", pkl.toByteArray());
            ByteBuffer data = ByteBuffer.allocate(NUMEL * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < TENSORS; i++) {
                data.clear();
                for (int k = 0; k < NUMEL; k++) {
                    data.putFloat(i + k * 1e-6f);
                }
                stored(zip, "big/data/" + i, data.array());
            }
            stored(zip, "big/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static void global(ByteArrayOutputStream o, String module, String name) {
        o.write('c');
        o.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void unicode(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.write('X');
        o.writeBytes(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(b.length)
                .array());
        o.writeBytes(b);
    }

    private static void binint(ByteArrayOutputStream o, int v) {
        o.write('J');
        o.writeBytes(
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }
}
