package io.playbench.torch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A checkpoint written by {@code torch.save}, read safely in plain Java: the zip format (PyTorch 1.6 and later) and
 * the legacy format, without PyTorch and without executing anything from the file.
 *
 * <p>The file is memory-mapped; tensors are views on it until copied out with {@link Tensor#toFloatArray()} and
 * friends, so read what you need before {@link #close()}.
 *
 * <pre>{@code
 * try (TorchCheckpoint ckpt = TorchCheckpoint.open(Path.of("model_199.pt"))) {
 *     Tensor w = ckpt.tensor("actor_state_dict.mlp.0.weight");   // float32 [64, 3]
 *     float[] values = w.toFloatArray();
 *     System.out.println(ckpt.summary());
 * }
 * }</pre>
 */
public final class TorchCheckpoint implements AutoCloseable {

    /** The container format of a checkpoint. */
    public enum Format {
        /** The zip archive written since PyTorch 1.6. */
        ZIP,
        /** The sequence of pickles written before 1.6 or with {@code _use_new_zipfile_serialization=False}. */
        LEGACY
    }

    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private final String source;
    private final MemorySegment bytes;
    private final Arena arena;
    private final Format format;
    private final String prefix;
    private final Object root;
    private final List<String> records;
    private String sha256;

    private TorchCheckpoint(
            String source,
            MemorySegment bytes,
            Arena arena,
            Format format,
            String prefix,
            Object root,
            List<String> records) {
        this.source = source;
        this.bytes = bytes;
        this.arena = arena;
        this.format = format;
        this.prefix = prefix;
        this.root = root;
        this.records = List.copyOf(records);
    }

    /** Opens a checkpoint file with {@link ReadOptions#defaults()}. */
    public static TorchCheckpoint open(Path file) throws IOException {
        return open(file, ReadOptions.defaults());
    }

    /** Opens a checkpoint file. */
    public static TorchCheckpoint open(Path file, ReadOptions options) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = ch.size() == 0
                    ? MemorySegment.ofArray(new byte[0])
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return read(file.toString(), seg, arena, options);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Reads a checkpoint held in memory; {@code source} names it in messages. */
    public static TorchCheckpoint of(byte[] data, String source, ReadOptions options) throws CheckpointFormatException {
        return read(source, MemorySegment.ofArray(data), null, options);
    }

    /** Reads a checkpoint from a segment (a slice of another file, for instance); {@code source} names it in messages. */
    public static TorchCheckpoint of(MemorySegment data, String source, ReadOptions options)
            throws CheckpointFormatException {
        return read(source, data, null, options);
    }

    /**
     * Reads a checkpoint stored as an entry of another zip, such as {@code policy.pth} inside a Stable-Baselines3
     * {@code model.zip}. The entry is read in place (no copy) when stored; keep {@code outer} open while using it.
     */
    public static TorchCheckpoint open(ZipArchive outer, String entryName) throws CheckpointFormatException {
        return open(outer, entryName, ReadOptions.defaults());
    }

    /** Reads a checkpoint stored as an entry of another zip, with options. */
    public static TorchCheckpoint open(ZipArchive outer, String entryName, ReadOptions options)
            throws CheckpointFormatException {
        return read(outer.source() + "!/" + entryName, outer.read(entryName), null, options);
    }

    private static TorchCheckpoint read(String source, MemorySegment seg, Arena arena, ReadOptions options)
            throws CheckpointFormatException {
        if (seg.byteSize() == 0) {
            throw new CheckpointFormatException(source + ": the file is empty, not a torch.save checkpoint");
        }
        try {
            if (ZipArchive.isZip(seg)) {
                return readZip(source, seg, arena, options);
            }
            if (seg.byteSize() >= 4
                    && (seg.get(ValueLayout.JAVA_BYTE, 0) & 0xFF) == 0x80
                    && seg.get(ValueLayout.JAVA_BYTE, 1) == 2
                    && (seg.get(ValueLayout.JAVA_BYTE, 2) & 0xFF) == 0x8a
                    && seg.get(ValueLayout.JAVA_BYTE, 3) == 10) {
                return readLegacy(source, seg, arena, options);
            }
            if (seg.byteSize() > 262
                    && new String(seg.asSlice(257, 5).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1)
                            .equals("ustar")) {
                throw new CheckpointFormatException(
                        source + ": this is the pre-0.4 tar checkpoint format of PyTorch, which is"
                                + " not read; load and re-save it with a current PyTorch");
            }
            byte[] head = seg.asSlice(0, Math.min(8, seg.byteSize())).toArray(ValueLayout.JAVA_BYTE);
            throw new CheckpointFormatException(source + ": not a torch.save checkpoint: it starts with bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(head)
                    + ", neither a zip ('50 4b 03 04') nor a legacy torch pickle ('80 02 8a 0a')");
        } catch (IndexOutOfBoundsException e) {
            throw new CheckpointFormatException(
                    source + ": the file is damaged (a structure points outside it): " + e.getMessage(), e);
        }
    }

    private static TorchCheckpoint readZip(String source, MemorySegment seg, Arena arena, ReadOptions options)
            throws CheckpointFormatException {
        ZipArchive zip = ZipArchive.of(seg, source, options);
        List<String> names = zip.names();
        if (names.isEmpty()) {
            throw new CheckpointFormatException(source + ": the zip archive is empty, not a torch.save checkpoint");
        }
        String first = names.getFirst();
        int slash = first.indexOf('/');
        if (slash <= 0) {
            String hint = zip.entry("policy.pth") != null
                    ? "; this looks like a Stable-Baselines3 model.zip: open its policy with"
                            + " TorchCheckpoint.open(ZipArchive.open(path), \"policy.pth\")"
                    : "";
            throw new CheckpointFormatException(source + ": not a torch.save checkpoint: the first entry '" + first
                    + "' is not inside a top-level folder (entries: " + abbreviate(names) + ")" + hint);
        }
        String prefix = first.substring(0, slash);
        for (String n : names) {
            if (n.endsWith("/constants.pkl") || n.contains("/code/")) {
                throw new CheckpointFormatException(source + ": this is a TorchScript archive (torch.jit.save; entry '"
                        + n + "'), not a torch.save checkpoint; save the state_dict() instead");
            }
        }
        String pkl = prefix + "/data.pkl";
        if (zip.entry(pkl) == null) {
            throw new CheckpointFormatException(source + ": not a torch.save checkpoint: no '" + pkl
                    + "' record (entries: " + abbreviate(names) + ")");
        }
        boolean little = true;
        if (zip.entry(prefix + "/byteorder") != null) {
            String order = zip.readText(prefix + "/byteorder").trim();
            if (!order.equals("little") && !order.equals("big")) {
                throw new CheckpointFormatException(
                        source + ": the byteorder record says '" + order + "', not little or big");
            }
            little = order.equals("little");
        }
        boolean littleEndian = little;
        Map<String, Storage> storages = new HashMap<>();
        Unpickler.PersistentLoader loader = pid -> {
            if (!(pid instanceof PyTuple t) || t.size() != 5 || !"storage".equals(t.get(0))) {
                throw new UnsafePickleException(
                        PickleTree.repr(pid instanceof PyTuple t2 && t2.size() > 0 ? t2.get(0) : pid),
                        source + ": persistent id " + PickleTree.repr(pid)
                                + " is not a storage reference; refused (nothing was executed)");
            }
            if (!(t.get(1) instanceof Unpickler.Global type)
                    || !(t.get(2) instanceof String key)
                    || !(t.get(3) instanceof String location)
                    || !(t.get(4) instanceof Long numel)) {
                throw new CheckpointFormatException(source + ": malformed storage reference " + t);
            }
            boolean untyped = type.kind() == Unpickler.Kind.UNTYPED_STORAGE;
            if (!untyped && type.kind() != Unpickler.Kind.STORAGE_TYPE) {
                throw new CheckpointFormatException(
                        source + ": storage reference with type " + type + " is not a storage class");
            }
            Dtype dtype = untyped ? Dtype.UINT8 : type.dtype();
            Storage known = storages.get(key);
            if (known != null) {
                if (known.dtype != dtype || known.numel != numel) {
                    throw new CheckpointFormatException(source + ": storage '" + key + "' is referenced as "
                            + known.dtype + "[" + known.numel + "] and as " + dtype + "[" + numel + "]");
                }
                return known;
            }
            String record = prefix + "/data/" + key;
            ZipArchive.Entry e = zip.entry(record);
            if (e == null) {
                throw new CheckpointFormatException(source + ": storage '" + key + "' has no record '" + record + "'");
            }
            if (numel < 0 || numel > e.size() / dtype.byteSize()) {
                throw new CheckpointFormatException(source + ": storage '" + key + "' declares " + numel + " " + dtype
                        + " elements ("
                        + (numel < 0
                                ? "negative"
                                : Math.multiplyHigh(numel, dtype.byteSize()) == 0
                                        ? numel * dtype.byteSize() + " bytes"
                                        : "too many bytes")
                        + ") but its record '" + record + "' holds only "
                        + e.size() + " bytes");
            }
            Storage s = new Storage(key, dtype, location, numel, littleEndian, zip.read(e), untyped);
            storages.put(key, s);
            return s;
        };
        MemorySegment pickle = zip.read(pkl);
        Object root = new Unpickler(pickle, 0, source + " (" + pkl + ")", options, loader).load();
        PickleTree.validate(root, options, source);
        return new TorchCheckpoint(source, seg, arena, Format.ZIP, prefix, root, names);
    }

    private static TorchCheckpoint readLegacy(String source, MemorySegment seg, Arena arena, ReadOptions options)
            throws CheckpointFormatException {
        String where = source + " (legacy format)";
        Unpickler u = new Unpickler(seg, 0, where, options, null);
        Object magic = u.load();
        if (!LEGACY_MAGIC.equals(magic)) {
            throw new CheckpointFormatException(
                    where + ": wrong magic number " + magic + "; not a torch.save checkpoint");
        }
        u = new Unpickler(seg, u.position(), where, options, null);
        Object protocol = u.load();
        if (!Long.valueOf(1001).equals(protocol)) {
            throw new CheckpointFormatException(
                    where + ": unsupported legacy protocol version " + protocol + " (expected 1001)");
        }
        u = new Unpickler(seg, u.position(), where, options, null);
        Object sysInfo = u.load();
        boolean little = !(sysInfo instanceof Map<?, ?> m) || !Boolean.FALSE.equals(m.get("little_endian"));
        Map<String, Storage> storages = new HashMap<>();
        Unpickler.PersistentLoader loader = pid -> {
            if (pid instanceof PyTuple t && t.size() > 0 && "module".equals(t.get(0))) {
                throw new UnsafePickleException(
                        "module " + (t.size() > 1 ? PickleTree.repr(t.get(1)) : ""),
                        where
                                + ": the checkpoint pickles a whole nn.Module with its source code; refused (nothing was executed)."
                                + " Save and load the module's state_dict() instead");
            }
            if (!(pid instanceof PyTuple t)
                    || t.size() != 6
                    || !"storage".equals(t.get(0))
                    || !(t.get(1) instanceof Unpickler.Global type)
                    || type.kind() != Unpickler.Kind.STORAGE_TYPE
                    || !(t.get(2) instanceof String key)
                    || !(t.get(3) instanceof String location)
                    || !(t.get(4) instanceof Long numel)) {
                throw new CheckpointFormatException(where + ": malformed storage reference " + pid);
            }
            if (t.get(5) != null) {
                throw new CheckpointFormatException(where + ": storage '" + key + "' is a legacy storage view "
                        + PickleTree.repr(t.get(5)) + ", which is not supported");
            }
            Storage known = storages.get(key);
            if (known != null) {
                return known;
            }
            if (numel < 0) {
                throw new CheckpointFormatException(where + ": storage '" + key + "' declares " + numel + " elements");
            }
            Storage s = new Storage(key, type.dtype(), location, numel, little, null);
            storages.put(key, s);
            return s;
        };
        u = new Unpickler(seg, u.position(), where, options, loader);
        Object root = u.load();
        PickleTree.validate(root, options, where);
        u = new Unpickler(seg, u.position(), where, options, null);
        Object keys = u.load();
        if (!(keys instanceof List<?> keyList)) {
            throw new CheckpointFormatException(where + ": the storage key list is a " + Unpickler.typeName(keys));
        }
        long pos = u.position();
        List<String> records = new ArrayList<>();
        for (Object k : keyList) {
            Storage s = storages.get(String.valueOf(k));
            if (s == null) {
                throw new CheckpointFormatException(where + ": storage '" + k + "' is listed but never referenced");
            }
            if (pos + 8 > seg.byteSize()) {
                throw new CheckpointFormatException(where + ": the file ends before storage '" + k + "' (truncated)");
            }
            long numel = seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), pos);
            pos += 8;
            if (numel < s.numel || numel > (seg.byteSize() - pos) / s.dtype.byteSize()) {
                throw new CheckpointFormatException(where + ": storage '" + k + "' declares " + numel + " " + s.dtype
                        + " elements on disk (" + s.numel + " in the pickle) but only " + (seg.byteSize() - pos)
                        + " bytes remain in the file (truncated or corrupt)");
            }
            s.attach(seg.asSlice(pos, numel * s.dtype.byteSize()));
            pos += numel * s.dtype.byteSize();
            records.add(String.valueOf(k));
        }
        for (Storage s : storages.values()) {
            try {
                s.bytes();
            } catch (IllegalStateException e) {
                throw new CheckpointFormatException(
                        where + ": storage '" + s.key + "' is used but missing from the storage list");
            }
        }
        return new TorchCheckpoint(source, seg, arena, Format.LEGACY, null, root, records);
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? names.toString() : names.subList(0, 8) + " and " + (names.size() - 8) + " more";
    }

    /** The file (or {@code outer!/entry}) this checkpoint was read from. */
    public String source() {
        return source;
    }

    /** The container format. */
    public Format format() {
        return format;
    }

    /** The zip archive's top-level folder, taken from its first entry (e.g. {@code archive}); {@code null} for legacy files. */
    public String archivePrefix() {
        return prefix;
    }

    /** The zip record names, or the storage keys of a legacy file. */
    public List<String> records() {
        return records;
    }

    /** The size of the file (or entry) in bytes. */
    public long byteSize() {
        return bytes.byteSize();
    }

    /** The object that was saved: usually a {@link PyDict}; see {@link PickleTree} for the value types. */
    public Object root() {
        return root;
    }

    /** The value at a dotted path (see {@link PickleTree#find}), if present. */
    public Optional<Object> find(String path) {
        return PickleTree.find(root, path);
    }

    /** The value at a dotted path; throws with the available keys when absent. */
    public Object get(String path) {
        Object v = PickleTree.find(root, path).orElse(null);
        if (v == null && PickleTree.find(root, path).isEmpty()) {
            throw new NoSuchElementException(source + ": no value at '" + path + "'; top-level keys: "
                    + (root instanceof Map<?, ?> m ? m.keySet() : Unpickler.typeName(root)));
        }
        return v;
    }

    /** The tensor at a dotted path, e.g. {@code "model.a2c_network.mu.weight"}; throws when absent or not a tensor. */
    public Tensor tensor(String path) {
        Object v = get(path);
        if (v instanceof Tensor t) {
            return t;
        }
        throw new NoSuchElementException(
                source + ": the value at '" + path + "' is a " + Unpickler.typeName(v) + ", not a tensor");
    }

    /** Every tensor of the checkpoint by dotted path, in pickled order. */
    public Map<String, Tensor> tensors() {
        return PickleTree.tensors(root);
    }

    /** The total number of elements over all tensors (each path counted once, shared storages counted per view). */
    public long parameterCount() {
        return tensors().values().stream().mapToLong(Tensor::numel).sum();
    }

    /** The SHA-256 of the file (or entry) bytes, lower-case hex. */
    public synchronized String sha256() {
        if (sha256 == null) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                Segments.forEachChunk(bytes, md::update);
                sha256 = HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return sha256;
    }

    /** A readable summary: format, sha256, every tensor with dtype and shape, the other leaves, the parameter count. */
    public CheckpointSummary summary() {
        return CheckpointSummary.of(this);
    }

    /** Unmaps the file. Tensors read from it can no longer be copied out afterwards. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }
}
