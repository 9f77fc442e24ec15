package io.playbench.torch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A read-only zip archive read through its central directory, as PyTorch and Stable-Baselines3 write them.
 *
 * <p>Handles stored entries with data descriptors and zero sizes in the local headers, ZIP64 records, padded extra
 * fields (PyTorch's 64-byte alignment) and DEFLATE entries (bounded by their declared size, so a zip bomb is refused).
 * Every size and offset is checked against the archive before use. Stored entries are returned as slices of the
 * (memory-mapped) archive, never copied.
 *
 * <pre>{@code
 * try (ZipArchive sb3 = ZipArchive.open(Path.of("model.zip"))) {
 *     String json = sb3.readText("data");
 *     try (TorchCheckpoint policy = TorchCheckpoint.open(sb3, "policy.pth")) { ... }
 * }
 * }</pre>
 */
public final class ZipArchive implements AutoCloseable {

    /**
     * One record of the central directory.
     *
     * @param name             the entry name as stored
     * @param method           0 (stored) or 8 (deflated)
     * @param compressedSize   bytes in the archive
     * @param size             bytes once extracted
     * @param crc32            the CRC-32 from the central directory
     * @param localHeaderOffset where the local header starts
     * @param dataOffset       where the entry's bytes start
     */
    public record Entry(
            String name,
            int method,
            long compressedSize,
            long size,
            long crc32,
            long localHeaderOffset,
            long dataOffset) {}

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String source;
    private final MemorySegment data;
    private final Arena arena;
    private final ReadOptions options;
    private final Map<String, Entry> entries;
    private final Map<String, Boolean> crcChecked = new java.util.concurrent.ConcurrentHashMap<>();

    private ZipArchive(String source, MemorySegment data, Arena arena, ReadOptions options)
            throws CheckpointFormatException {
        this.source = source;
        this.data = data;
        this.arena = arena;
        this.options = options;
        this.entries = Collections.unmodifiableMap(readCentralDirectory());
    }

    /** Opens (memory-maps) a zip file with {@link ReadOptions#defaults()}. */
    public static ZipArchive open(Path file) throws IOException {
        return open(file, ReadOptions.defaults());
    }

    /** Opens (memory-maps) a zip file. */
    public static ZipArchive open(Path file, ReadOptions options) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = ch.size() == 0
                    ? MemorySegment.ofArray(new byte[0])
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new ZipArchive(file.toString(), seg, arena, options);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Reads a zip held in memory; {@code source} names it in error messages. */
    public static ZipArchive of(MemorySegment bytes, String source, ReadOptions options)
            throws CheckpointFormatException {
        return new ZipArchive(source, bytes, null, options);
    }

    /** Whether these bytes start with a zip local-header signature. */
    static boolean isZip(MemorySegment seg) {
        return seg.byteSize() >= 4 && seg.get(U32, 0) == 0x04034b50;
    }

    /** The file or entry this archive was read from, for messages. */
    public String source() {
        return source;
    }

    /** Every entry in central-directory order. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** The entry with this exact name, or {@code null}. */
    public Entry entry(String name) {
        return entries.get(name);
    }

    /** The bytes of an entry: a slice of the archive when stored, an inflated copy when deflated. */
    public MemorySegment read(String name) throws CheckpointFormatException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointFormatException(
                    source + ": no entry named '" + name + "' (entries: " + entries.keySet() + ")");
        }
        return read(e);
    }

    /** The bytes of an entry. */
    public MemorySegment read(Entry e) throws CheckpointFormatException {
        MemorySegment out;
        if (e.method() == 0) {
            out = data.asSlice(e.dataOffset(), e.size());
        } else {
            out = inflate(e);
        }
        if (options.verifyCrc() && crcChecked.putIfAbsent(e.name(), Boolean.TRUE) == null) {
            CRC32 crc = new CRC32();
            Segments.forEachChunk(out, crc::update);
            if (crc.getValue() != e.crc32()) {
                crcChecked.remove(e.name());
                throw new CheckpointFormatException(
                        source + ": entry '" + e.name() + "' is corrupt: CRC-32 is " + Long.toHexString(crc.getValue())
                                + " but the central directory says " + Long.toHexString(e.crc32()));
            }
        }
        return out;
    }

    /** The bytes of an entry copied to the heap. */
    public byte[] readBytes(String name) throws CheckpointFormatException {
        MemorySegment seg = read(name);
        if (seg.byteSize() > Integer.MAX_VALUE - 8) {
            throw new CheckpointFormatException(
                    source + ": entry '" + name + "' is too large to copy (" + seg.byteSize() + " bytes)");
        }
        return seg.toArray(ValueLayout.JAVA_BYTE);
    }

    /** A text entry decoded as UTF-8 (SB3's {@code data} JSON, {@code _stable_baselines3_version}, ...). */
    public String readText(String name) throws CheckpointFormatException {
        return new String(readBytes(name), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }

    /**
     * Inflates an entry in bounded steps: the output grows with the bytes actually inflated (never allocated up front
     * from the declared size, which a hostile file can set to gigabytes), and inflating stops as soon as the output
     * passes the declared size.
     */
    private MemorySegment inflate(Entry e) throws CheckpointFormatException {
        if (e.size() > Integer.MAX_VALUE - 8) {
            throw new CheckpointFormatException(source + ": deflated entry '" + e.name() + "' declares " + e.size()
                    + " bytes, more than this reader inflates into memory");
        }
        int declared = (int) e.size();
        byte[] out = new byte[(int) Math.min(declared, 1 << 16)];
        Inflater inf = new Inflater(true);
        try {
            MemorySegment input = data.asSlice(e.dataOffset(), e.compressedSize());
            long fed = 0;
            int n = 0;
            while (true) {
                if (inf.needsInput() && fed < input.byteSize()) {
                    long chunk = Math.min(Segments.CHUNK, input.byteSize() - fed);
                    inf.setInput(input.asSlice(fed, chunk).asByteBuffer());
                    fed += chunk;
                }
                if (n == out.length) {
                    if (n >= declared) {
                        // full: one more byte would mean the entry inflates to more than it declares
                        if (!inf.finished() && inf.inflate(new byte[1]) > 0) {
                            throw new CheckpointFormatException(source + ": deflated entry '" + e.name()
                                    + "' does not inflate to its declared " + e.size()
                                    + " bytes (got more); refusing it (corrupt file or zip bomb)");
                        }
                        break;
                    }
                    out = Arrays.copyOf(out, (int) Math.min(declared, Math.max(2L * out.length, 1 << 16)));
                }
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0
                        && (inf.finished() || inf.needsInput() && fed >= input.byteSize() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n != declared) {
                throw new CheckpointFormatException(source + ": deflated entry '" + e.name()
                        + "' does not inflate to its declared " + e.size() + " bytes (got " + n
                        + "); refusing it (corrupt file or zip bomb)");
            }
        } catch (DataFormatException ex) {
            throw new CheckpointFormatException(
                    source + ": deflated entry '" + e.name() + "' is corrupt: " + ex.getMessage(), ex);
        } finally {
            inf.end();
        }
        return MemorySegment.ofArray(out);
    }

    private String fail(String what) {
        return source + ": not a readable zip archive: " + what;
    }

    private int u16(long at) {
        return data.get(U16, at) & 0xFFFF;
    }

    private long u32(long at) {
        return data.get(U32, at) & 0xFFFFFFFFL;
    }

    private Map<String, Entry> readCentralDirectory() throws CheckpointFormatException {
        long size = data.byteSize();
        if (size < 22) {
            throw new CheckpointFormatException(
                    fail("only " + size + " bytes, shorter than an end-of-central-directory record (truncated?)"));
        }
        long eocd = -1;
        for (long p = size - 22; p >= Math.max(0, size - 22 - 65535); p--) {
            if (data.get(U32, p) == 0x06054b50 && p + 22 + u16(p + 20) == size) {
                eocd = p;
                break;
            }
        }
        if (eocd < 0) {
            throw new CheckpointFormatException(
                    fail("no end-of-central-directory record (the file is truncated or not a zip)"));
        }
        long count = u16(eocd + 10);
        long cdSize = u32(eocd + 12);
        long cdOffset = u32(eocd + 16);
        if (eocd >= 20 && data.get(U32, eocd - 20) == 0x07064b50) {
            long z64 = data.get(U64, eocd - 20 + 8);
            if (z64 < 0 || z64 > eocd - 56 || data.get(U32, z64) != 0x06064b50) {
                throw new CheckpointFormatException(
                        fail("the ZIP64 locator points to " + z64 + ", where there is no ZIP64 end record"));
            }
            count = data.get(U64, z64 + 32);
            cdSize = data.get(U64, z64 + 40);
            cdOffset = data.get(U64, z64 + 48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset > eocd || cdSize > eocd - cdOffset) {
            throw new CheckpointFormatException(fail("the central directory (offset " + cdOffset + ", " + cdSize
                    + " bytes) lies outside the file of " + size + " bytes (truncated?)"));
        }
        if (count < 0 || count > cdSize / 46) {
            throw new CheckpointFormatException(
                    fail("the central directory claims " + count + " entries in " + cdSize + " bytes"));
        }
        Map<String, Entry> map = new LinkedHashMap<>();
        long p = cdOffset;
        long end = cdOffset + cdSize;
        for (long i = 0; i < count; i++) {
            if (p + 46 > end || data.get(U32, p) != 0x02014b50) {
                throw new CheckpointFormatException(
                        fail("central directory record " + i + " at offset " + p + " is damaged"));
            }
            int flags = u16(p + 8);
            int method = u16(p + 10);
            long crc = u32(p + 16);
            long csize = u32(p + 20);
            long usize = u32(p + 24);
            int nameLen = u16(p + 28);
            int extraLen = u16(p + 30);
            int commentLen = u16(p + 32);
            long lho = u32(p + 42);
            if (p + 46 + nameLen + extraLen + commentLen > end) {
                throw new CheckpointFormatException(fail("central directory record " + i + " runs past the directory"));
            }
            byte[] nameBytes = data.asSlice(p + 46, nameLen).toArray(ValueLayout.JAVA_BYTE);
            String name =
                    new String(nameBytes, (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            // ZIP64 extended information: only the fields that are 0xFFFFFFFF in the record, in this order.
            long x = p + 46 + nameLen;
            long xEnd = x + extraLen;
            while (x + 4 <= xEnd) {
                int id = u16(x);
                int len = u16(x + 2);
                if (x + 4 + len > xEnd) {
                    break;
                }
                if (id == 0x0001) {
                    long q = x + 4;
                    if (usize == 0xFFFFFFFFL && q + 8 <= x + 4 + len) {
                        usize = data.get(U64, q);
                        q += 8;
                    }
                    if (csize == 0xFFFFFFFFL && q + 8 <= x + 4 + len) {
                        csize = data.get(U64, q);
                        q += 8;
                    }
                    if (lho == 0xFFFFFFFFL && q + 8 <= x + 4 + len) {
                        lho = data.get(U64, q);
                    }
                }
                x += 4 + len;
            }
            checkName(name);
            if (method != 0 && method != 8) {
                throw new CheckpointFormatException(fail("entry '" + name + "' uses compression method " + method
                        + "; only stored (0) and deflated (8) entries are read"));
            }
            if ((flags & 1) != 0) {
                throw new CheckpointFormatException(fail("entry '" + name + "' is encrypted"));
            }
            if (usize < 0 || csize < 0 || lho < 0 || lho > cdOffset - 30) {
                throw new CheckpointFormatException(fail("entry '" + name + "' has an impossible local header offset "
                        + lho + " or size " + usize + " (the directory starts at " + cdOffset + ")"));
            }
            if (data.get(U32, lho) != 0x04034b50) {
                throw new CheckpointFormatException(fail("entry '" + name + "' has no local header at offset " + lho));
            }
            long dataOffset = lho + 30 + u16(lho + 26) + u16(lho + 28);
            if (method == 0 && csize != usize) {
                throw new CheckpointFormatException(fail("stored entry '" + name + "' declares " + csize
                        + " compressed but " + usize + " uncompressed bytes"));
            }
            if (dataOffset > cdOffset || csize > cdOffset - dataOffset) {
                throw new CheckpointFormatException(fail("entry '" + name + "' declares " + csize + " bytes at offset "
                        + dataOffset + ", past the end of the entry data at " + cdOffset
                        + " (wrong sizes or a truncated file)"));
            }
            if (usize > options.maxEntryBytes()) {
                throw new CheckpointFormatException(
                        fail("entry '" + name + "' declares " + usize + " bytes, more than the limit of "
                                + options.maxEntryBytes() + " (ReadOptions.withMaxEntryBytes raises it)"));
            }
            if (map.putIfAbsent(name, new Entry(name, method, csize, usize, crc, lho, dataOffset)) != null) {
                throw new CheckpointFormatException(fail("entry '" + name + "' appears twice"));
            }
            p += 46 + nameLen + extraLen + commentLen;
        }
        return map;
    }

    private void checkName(String name) throws CheckpointFormatException {
        boolean bad = name.isEmpty()
                || name.startsWith("/")
                || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':');
        for (String part : name.split("/", -1)) {
            bad |= part.equals("..");
        }
        if (bad) {
            throw new CheckpointFormatException(fail("entry name '" + name.replace("\0", "\\0")
                    + "' escapes the archive's directory (absolute, drive or '..' path); refusing the file"));
        }
    }

    /** All entries in a list, for summaries. */
    List<String> names() {
        return new ArrayList<>(entries.keySet());
    }
}
