package io.playbench.torch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle virtual machine (protocols 2 to 5) that builds values from an allow-list and never executes code.
 *
 * <p>{@code GLOBAL}/{@code STACK_GLOBAL} resolve names against a fixed table; anything else is refused at once with
 * an {@link UnsafePickleException}. {@code REDUCE}, {@code NEWOBJ} and {@code BUILD} are interpreted only for the
 * allowed globals, by Java code written for each of them.
 */
final class Unpickler {

    /** Resolves a persistent id (a torch storage reference) to a value. */
    interface PersistentLoader {
        Object load(Object pid) throws CheckpointFormatException;
    }

    /** A resolved, allowed global. */
    record Global(String module, String name, Kind kind, Dtype dtype) {
        String qualified() {
            return module + "." + name;
        }

        @Override
        public String toString() {
            return qualified();
        }
    }

    enum Kind {
        ORDERED_DICT,
        REBUILD_TENSOR,
        REBUILD_TENSOR_V2,
        REBUILD_TENSOR_V3,
        REBUILD_PARAMETER,
        REBUILD_PARAMETER_WITH_STATE,
        STORAGE_TYPE,
        UNTYPED_STORAGE,
        TORCH_DTYPE,
        CODECS_ENCODE,
        SET,
        FROZENSET,
        BYTEARRAY,
        NUMPY_SCALAR,
        NUMPY_DTYPE,
        NUMPY_RECONSTRUCT,
        NUMPY_FROMBUFFER,
        NUMPY_NDARRAY,
        TORCH_SIZE,
        TORCH_DEVICE,
        STAND_IN
    }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };
    private static final Set<String> SB3_STAND_INS = Set.of(
            "stable_baselines3.common.vec_env.vec_normalize.VecNormalize",
            "stable_baselines3.common.running_mean_std.RunningMeanStd",
            "numpy.random._pickle.__generator_ctor",
            "numpy.random._pickle.__bit_generator_ctor",
            "numpy.random._pickle.__randomstate_ctor",
            "numpy.random._pcg64.PCG64",
            "numpy.random._mt19937.MT19937",
            "numpy.random._philox.Philox",
            "numpy.random._sfc64.SFC64",
            "numpy.random.bit_generator.__pyx_unpickle_SeedSequence",
            "numpy.random.bit_generator.SeedSequence",
            "numpy.random.mtrand.RandomState",
            "numpy.random._generator.Generator");
    private static final Set<String> SPACE_MODULES = Set.of(
            "gymnasium.spaces.box",
            "gymnasium.spaces.discrete",
            "gymnasium.spaces.multi_discrete",
            "gymnasium.spaces.multi_binary",
            "gymnasium.spaces.dict",
            "gymnasium.spaces.tuple",
            "gym.spaces.box",
            "gym.spaces.discrete",
            "gym.spaces.multi_discrete",
            "gym.spaces.multi_binary",
            "gym.spaces.dict",
            "gym.spaces.tuple");

    private final MemorySegment in;
    private final String source;
    private final ReadOptions options;
    private final PersistentLoader persistentLoader;
    private long pos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final HashMap<Long, Object> memo = new HashMap<>();
    private long objects;

    Unpickler(MemorySegment in, long start, String source, ReadOptions options, PersistentLoader persistentLoader) {
        this.in = in;
        this.pos = start;
        this.source = source;
        this.options = options;
        this.persistentLoader = persistentLoader;
    }

    /** The position just after the last {@code STOP} read. */
    long position() {
        return pos;
    }

    private CheckpointFormatException error(String what) {
        return new CheckpointFormatException(source + ": malformed pickle at byte " + pos + ": " + what);
    }

    private int u8() throws CheckpointFormatException {
        if (pos >= in.byteSize()) {
            throw error("unexpected end of data (the file is truncated)");
        }
        return in.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
    }

    private long le(int n) throws CheckpointFormatException {
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in.get(ValueLayout.JAVA_BYTE, pos + i) & 0xFF) << (8 * i);
        }
        pos += n;
        return v;
    }

    private void need(long n) throws CheckpointFormatException {
        if (n < 0 || n > in.byteSize() - pos) {
            throw error("a field of " + n + " bytes runs past the end of the data (" + (in.byteSize() - pos)
                    + " bytes left)");
        }
    }

    private byte[] bytes(long n) throws CheckpointFormatException {
        need(n);
        if (n > Integer.MAX_VALUE - 8) {
            throw error("a string or bytes object of " + n + " bytes is too large");
        }
        byte[] b = in.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        return b;
    }

    private String line() throws CheckpointFormatException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() > 4096) {
                throw error("a text line longer than 4096 bytes");
            }
            sb.append((char) c);
        }
    }

    private void push(Object o) throws CheckpointFormatException {
        if (stack.size() >= options.maxStackSize()) {
            throw error("the pickle stack exceeds " + options.maxStackSize() + " objects");
        }
        count(1);
        stack.add(o);
    }

    private Object pop() throws CheckpointFormatException {
        if (stack.isEmpty() || stack.getLast() == MARK) {
            throw error("stack underflow");
        }
        return stack.removeLast();
    }

    private Object peek() throws CheckpointFormatException {
        if (stack.isEmpty() || stack.getLast() == MARK) {
            throw error("stack underflow");
        }
        return stack.getLast();
    }

    private List<Object> popMark() throws CheckpointFormatException {
        if (marks.isEmpty()) {
            throw error("no MARK on the stack");
        }
        int m = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private void memoPut(long key, Object value) throws CheckpointFormatException {
        if (memo.size() >= options.maxStackSize() && !memo.containsKey(key)) {
            throw error("the memo exceeds " + options.maxStackSize() + " objects");
        }
        count(1);
        memo.put(key, value);
    }

    /**
     * Charges {@code n} objects to the budget while the pickle is read, so that a pickle building a huge object graph
     * is stopped before it exhausts the heap (not afterwards, when the finished value is walked).
     */
    private void count(long n) throws CheckpointFormatException {
        objects += n;
        if (objects > options.maxObjects()) {
            throw new CheckpointFormatException(source + ": refusing the pickle at byte " + pos
                    + ": it builds more than "
                    + options.maxObjects() + " objects (values pushed, memo entries and the parts of dict keys and set"
                    + " members), which could exhaust memory. If the file is trusted, raise the limit with"
                    + " ReadOptions.withMaxObjects(n).");
        }
    }

    /**
     * Checks that a dict key or set member can be hashed without unbounded recursion before Java hashes it: like
     * Python, lists, dicts, mutable sets, bytearrays, tensors and arrays are refused (so no key can contain a cycle),
     * and tuples and frozensets are walked within the nesting depth and the object budget.
     */
    private Object hashable(Object k, String role) throws CheckpointFormatException {
        checkHashable(k, 0, role);
        return k;
    }

    private void checkHashable(Object o, int depth, String role) throws CheckpointFormatException {
        count(1);
        if (depth > options.maxNestingDepth()) {
            throw error(role + " is nested deeper than " + options.maxNestingDepth()
                    + " levels; refused before hashing it (a hostile pickle can overflow the stack this way)");
        }
        switch (o) {
            case PyTuple t -> {
                for (Object item : t.items()) {
                    checkHashable(item, depth + 1, role);
                }
            }
            case LinkedHashSet<?> mutable -> throw unhashable(role, o, depth);
            case Set<?> frozen -> {
                for (Object item : frozen) {
                    checkHashable(item, depth + 1, role);
                }
            }
            case List<?> l -> throw unhashable(role, o, depth);
            case Map<?, ?> m -> throw unhashable(role, o, depth);
            case byte[] b -> throw unhashable(role, o, depth);
            case Tensor t -> throw unhashable(role, o, depth);
            case NumpyArray a -> throw unhashable(role, o, depth);
            case null, default -> {}
        }
    }

    private CheckpointFormatException unhashable(String role, Object o, int depth) {
        return error("an unhashable " + role + " of type " + typeName(o)
                + (depth > 0 ? " (inside a tuple or frozenset)" : ""));
    }

    /** Runs the VM until {@code STOP} and returns the result. */
    Object load() throws CheckpointFormatException {
        while (true) {
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto > 5) {
                        throw error("pickle protocol " + proto + " is newer than 5");
                    }
                }
                case 0x95 -> le(8); // FRAME: the frame length is only a hint
                case '.' -> { // STOP
                    Object result = pop();
                    if (!stack.isEmpty()) {
                        throw error("the stack holds " + stack.size() + " extra objects at STOP");
                    }
                    return result;
                }
                case '(' -> {
                    marks.add(stack.size());
                    push(MARK);
                }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case '}' -> push(new PyDict(false));
                case ']' -> push(new ArrayList<>());
                case ')' -> push(new PyTuple(List.of()));
                case 0x8f -> push(new LinkedHashSet<>());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) (int) le(4));
                case 'K' -> push(le(1));
                case 'M' -> push(le(2));
                case 0x8a -> push(longValue(bytes(u8())));
                case 0x8b -> {
                    long n = le(4);
                    if (n > 1 << 20) {
                        throw error("a LONG4 integer of " + n + " bytes");
                    }
                    push(longValue(bytes(n)));
                }
                case 'G' -> {
                    need(8);
                    double d = in.get(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), pos);
                    pos += 8;
                    push(d);
                }
                case 'X' -> push(new String(bytes(le(4)), StandardCharsets.UTF_8));
                case 0x8c -> push(new String(bytes(u8()), StandardCharsets.UTF_8));
                case 0x8d -> push(new String(bytes(le(8)), StandardCharsets.UTF_8));
                case 'T' -> push(new String(bytes((int) le(4)), StandardCharsets.ISO_8859_1));
                case 'U' -> push(new String(bytes(u8()), StandardCharsets.ISO_8859_1));
                case 'B' -> push(bytes(le(4)));
                case 'C' -> push(bytes(u8()));
                case 0x8e, 0x96 -> push(bytes(le(8)));
                case 't' -> push(new PyTuple(popMark()));
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case 'l' -> push(new ArrayList<>(popMark()));
                case 'd' -> {
                    List<Object> kv = popMark();
                    PyDict d = new PyDict(false);
                    putAll(d, kv);
                    push(d);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    setItems(peek(), Arrays.asList(k, v), k, v);
                }
                case 'u' -> {
                    List<Object> kv = popMark();
                    setItems(peek(), kv, null, null);
                }
                case 'a' -> {
                    Object v = pop();
                    appendAll(peek(), java.util.Collections.singletonList(v));
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    appendAll(peek(), items);
                }
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark();
                    if (!(peek() instanceof LinkedHashSet<?>)) {
                        throw error("ADDITEMS on a " + typeName(peek()) + " (only sets are allowed)");
                    }
                    @SuppressWarnings("unchecked")
                    Set<Object> set = (Set<Object>) peek();
                    set.addAll(members(items));
                }
                case 0x91 -> push(java.util.Collections.unmodifiableSet(new LinkedHashSet<>(members(popMark()))));
                case 'q' -> memoPut(le(1), peek());
                case 'r' -> memoPut(le(4), peek());
                case 0x94 -> memoPut(memo.size(), peek());
                case 'h', 'j' -> {
                    long key = op == 'h' ? le(1) : le(4);
                    if (!memo.containsKey(key)) {
                        throw error("memo key " + key + " was never stored");
                    }
                    push(memo.get(key));
                }
                case 'c' -> push(resolve(line(), line()));
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error(
                                "STACK_GLOBAL needs two strings, got " + typeName(module) + " and " + typeName(name));
                    }
                    push(resolve(m, n));
                }
                case 'R' -> {
                    Object args = pop();
                    Object callable = pop();
                    push(reduce(callable, args));
                }
                case 0x81 -> {
                    Object args = pop();
                    Object cls = pop();
                    push(newObject(cls, args));
                }
                case 0x92 -> {
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    if (kwargs instanceof Map<?, ?> m && !m.isEmpty()) {
                        throw error("NEWOBJ_EX with keyword arguments for " + typeName(cls) + " is not supported");
                    }
                    push(newObject(cls, args));
                }
                case 'b' -> {
                    Object state = pop();
                    build(peek(), state);
                }
                case 'Q' -> {
                    Object pid = pop();
                    if (persistentLoader == null) {
                        throw error("a persistent id " + PickleTree.repr(pid)
                                + " in a plain pickle (only torch checkpoints have them)");
                    }
                    push(persistentLoader.load(pid));
                }
                case 'P' -> throw error("text persistent ids (PERSID) are not used by torch and are refused");
                case 'i', 'o' ->
                    throw new UnsafePickleException(
                            "INST/OBJ",
                            source + ": the pickle uses the INST/OBJ opcode"
                                    + " to call a class directly; refused (nothing was executed)");
                case 0x82, 0x83, 0x84 ->
                    throw new UnsafePickleException(
                            "EXT",
                            source + ": the pickle uses the copyreg extension"
                                    + " registry (EXT opcodes); refused (nothing was executed)");
                default ->
                    throw error("unsupported pickle opcode 0x" + Integer.toHexString(op)
                            + (op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : "")
                            + " (text protocol 0/1 opcodes and out-of-band buffers are not read)");
            }
        }
    }

    private PyTuple tuple(int n) throws CheckpointFormatException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return new PyTuple(Arrays.asList(items));
    }

    private static Object longValue(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger b = new BigInteger(be);
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    private void putAll(Map<Object, Object> d, List<Object> kv) throws CheckpointFormatException {
        if (kv.size() % 2 != 0) {
            throw error("an odd number of items (" + kv.size() + ") for a dict");
        }
        for (int i = 0; i < kv.size(); i += 2) {
            d.put(key(kv.get(i)), kv.get(i + 1));
        }
    }

    private Object key(Object k) throws CheckpointFormatException {
        return hashable(k, "dict key");
    }

    private java.util.Collection<?> members(java.util.Collection<?> items) throws CheckpointFormatException {
        for (Object item : items) {
            hashable(item, "set member");
        }
        return items;
    }

    private void setItems(Object target, List<Object> kv, Object k, Object v) throws CheckpointFormatException {
        if (target instanceof PyDict d) {
            putAll(d, kv);
        } else {
            throw error("SETITEM(S) on a " + typeName(target) + " (only dicts are allowed)");
        }
    }

    @SuppressWarnings("unchecked")
    private void appendAll(Object target, List<Object> items) throws CheckpointFormatException {
        if (target instanceof ArrayList<?> l) {
            ((ArrayList<Object>) l).addAll(items);
        } else {
            throw error("APPEND(S) on a " + typeName(target) + " (only lists are allowed)");
        }
    }

    static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Global g) {
            return "global " + g.qualified();
        }
        return o.getClass().getSimpleName();
    }

    private Global resolve(String module, String name) throws CheckpointFormatException {
        String q = module + "." + name;
        Kind kind = null;
        Dtype dtype = null;
        switch (q) {
            case "collections.OrderedDict" -> kind = Kind.ORDERED_DICT;
            case "torch._utils._rebuild_tensor" -> kind = Kind.REBUILD_TENSOR;
            case "torch._utils._rebuild_tensor_v2" -> kind = Kind.REBUILD_TENSOR_V2;
            case "torch._utils._rebuild_tensor_v3" -> kind = Kind.REBUILD_TENSOR_V3;
            case "torch._utils._rebuild_parameter" -> kind = Kind.REBUILD_PARAMETER;
            case "torch._utils._rebuild_parameter_with_state" -> kind = Kind.REBUILD_PARAMETER_WITH_STATE;
            case "torch.UntypedStorage", "torch.storage.UntypedStorage" -> kind = Kind.UNTYPED_STORAGE;
            case "_codecs.encode" -> kind = Kind.CODECS_ENCODE;
            case "builtins.set", "__builtin__.set" -> kind = Kind.SET;
            case "builtins.frozenset", "__builtin__.frozenset" -> kind = Kind.FROZENSET;
            case "builtins.bytearray", "__builtin__.bytearray" -> kind = Kind.BYTEARRAY;
            case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> kind = Kind.NUMPY_SCALAR;
            case "numpy.dtype" -> kind = Kind.NUMPY_DTYPE;
            case "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct" ->
                kind = Kind.NUMPY_RECONSTRUCT;
            case "numpy.ndarray" -> kind = Kind.NUMPY_NDARRAY;
            case "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer" -> kind = Kind.NUMPY_FROMBUFFER;
            case "torch.Size" -> kind = Kind.TORCH_SIZE;
            case "torch.device" -> kind = Kind.TORCH_DEVICE;
            default -> {
                if (module.equals("torch") && name.endsWith("Storage") && Dtype.ofStorageClass(name) != null) {
                    kind = Kind.STORAGE_TYPE;
                    dtype = Dtype.ofStorageClass(name);
                } else if (module.equals("torch") && Dtype.ofTorchName(name) != null) {
                    kind = Kind.TORCH_DTYPE;
                    dtype = Dtype.ofTorchName(name);
                } else if (SB3_STAND_INS.contains(q) || SPACE_MODULES.contains(module)) {
                    if (!options.sb3StandIns()) {
                        throw new UnsafePickleException(
                                q,
                                source + ": the pickle references '" + q + "', a Stable-Baselines3 /"
                                        + " Gymnasium / NumPy-random class that is not allowed by default. It can be read as an inert"
                                        + " stand-in (no code runs): pass ReadOptions.defaults().withSb3StandIns(). Nothing was executed.");
                    }
                    kind = Kind.STAND_IN;
                }
            }
        }
        if (kind == null) {
            String hint = module.equals("torch") && name.endsWith("Storage")
                    ? " (complex, quantized and other exotic storages are not supported)"
                    : "";
            throw new UnsafePickleException(
                    q,
                    source + ": refusing to load: the pickle references global '" + q
                            + "', which is not on PlayBench's allow-list" + hint
                            + ". Only tensors, state dicts, plain containers"
                            + " and NumPy scalars/arrays are read, as torch.load(weights_only=True) would. Nothing was executed.");
        }
        return new Global(module, name, kind, dtype);
    }

    private List<Object> argList(Object args, Global g) throws CheckpointFormatException {
        if (args instanceof PyTuple t) {
            return t.items();
        }
        throw error("the arguments of " + g + " are a " + typeName(args) + ", not a tuple");
    }

    private Object reduce(Object callable, Object args) throws CheckpointFormatException {
        if (!(callable instanceof Global g)) {
            throw new UnsafePickleException(
                    typeName(callable),
                    source + ": REDUCE calls a " + typeName(callable)
                            + ", which is not an allowed global; refused (nothing was executed)");
        }
        List<Object> a = argList(args, g);
        switch (g.kind()) {
            case ORDERED_DICT -> {
                PyDict d = new PyDict(true);
                if (a.size() == 1 && a.getFirst() instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (p instanceof PyTuple t && t.size() == 2) {
                            d.put(key(t.get(0)), t.get(1));
                        } else {
                            throw error("OrderedDict items must be pairs, got " + typeName(p));
                        }
                    }
                } else if (a.size() == 1 && a.getFirst() instanceof Map<?, ?> m) {
                    d.putAll(m);
                } else if (!a.isEmpty()) {
                    throw error("OrderedDict called with " + a.size() + " arguments");
                }
                return d;
            }
            case REBUILD_TENSOR, REBUILD_TENSOR_V2, REBUILD_TENSOR_V3 -> {
                int min = g.kind() == Kind.REBUILD_TENSOR ? 4 : g.kind() == Kind.REBUILD_TENSOR_V2 ? 6 : 7;
                if (a.size() < min || a.size() > min + 1) {
                    throw error(g + " called with " + a.size() + " arguments, expected " + min);
                }
                if (!(a.get(0) instanceof Storage st)) {
                    throw error(g + " needs a storage as first argument, got " + typeName(a.get(0)));
                }
                if (g.kind() == Kind.REBUILD_TENSOR_V3) {
                    if (!(a.get(6) instanceof Global dg) || dg.kind() != Kind.TORCH_DTYPE) {
                        throw error(g + " needs a torch dtype, got " + typeName(a.get(6)));
                    }
                    st = retype(st, dg.dtype());
                }
                boolean rg = a.size() > 4 && Boolean.TRUE.equals(a.get(4));
                if (a.size() > 6
                        && g.kind() == Kind.REBUILD_TENSOR_V2
                        && a.get(6) instanceof Map<?, ?> meta
                        && !meta.isEmpty()) {
                    throw error("tensor metadata " + PickleTree.repr(meta.keySet())
                            + " (conjugate/negative bits) is not supported");
                }
                return Tensor.create(
                        st,
                        longs(a.get(2), "size"),
                        longs(a.get(3), "stride"),
                        toLong(a.get(1), "storage offset"),
                        rg,
                        source,
                        options.maxCopyElements());
            }
            case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
                if (a.size() < 2 || !(a.get(0) instanceof Tensor t)) {
                    throw error(g + " needs a tensor as first argument, got "
                            + (a.isEmpty() ? "nothing" : typeName(a.get(0))));
                }
                return t.asParameter(Boolean.TRUE.equals(a.get(1)));
            }
            case CODECS_ENCODE -> {
                if (a.size() != 2 || !(a.get(0) instanceof String s) || !(a.get(1) instanceof String enc)) {
                    throw error("_codecs.encode needs (str, encoding)");
                }
                if (!enc.equalsIgnoreCase("latin1")
                        && !enc.equalsIgnoreCase("latin-1")
                        && !enc.equalsIgnoreCase("iso-8859-1")) {
                    throw error("_codecs.encode with encoding '" + enc + "' (only latin1 is used by pickle)");
                }
                byte[] b = new byte[s.length()];
                for (int i = 0; i < s.length(); i++) {
                    if (s.charAt(i) > 0xFF) {
                        throw error("_codecs.encode: character beyond latin1");
                    }
                    b[i] = (byte) s.charAt(i);
                }
                return b;
            }
            case SET, FROZENSET -> {
                LinkedHashSet<Object> set = new LinkedHashSet<>();
                if (a.size() == 1 && a.getFirst() instanceof java.util.Collection<?> c) {
                    set.addAll(members(c));
                } else if (!a.isEmpty()) {
                    throw error(g + " needs one list argument");
                }
                return g.kind() == Kind.SET ? set : java.util.Collections.unmodifiableSet(set);
            }
            case BYTEARRAY -> {
                if (a.isEmpty()) {
                    return new byte[0];
                }
                if (a.getFirst() instanceof byte[] b) {
                    return b;
                }
                throw error("bytearray needs bytes");
            }
            case TORCH_SIZE -> {
                if (a.size() == 1 && a.getFirst() instanceof PyTuple t) {
                    return t;
                }
                if (a.size() == 1 && a.getFirst() instanceof List<?> l) {
                    return new PyTuple(new ArrayList<>(l));
                }
                throw error("torch.Size needs one tuple");
            }
            case TORCH_DEVICE -> {
                return a.isEmpty() ? "cpu" : String.valueOf(a.getFirst()) + (a.size() > 1 ? ":" + a.get(1) : "");
            }
            case NUMPY_DTYPE -> {
                if (a.isEmpty() || !(a.getFirst() instanceof String code)) {
                    throw error("numpy.dtype needs a type code");
                }
                return new NumpyDtype(code);
            }
            case NUMPY_SCALAR -> {
                if (a.size() != 2 || !(a.get(0) instanceof NumpyDtype dt) || !(a.get(1) instanceof byte[] b)) {
                    throw error("numpy scalar needs (dtype, bytes)");
                }
                return numpyArray(dt, new long[0], b);
            }
            case NUMPY_RECONSTRUCT -> {
                if (a.isEmpty() || !(a.getFirst() instanceof Global c) || c.kind() != Kind.NUMPY_NDARRAY) {
                    throw error("_reconstruct is only allowed for numpy.ndarray");
                }
                return new NumpyArray();
            }
            case NUMPY_FROMBUFFER -> {
                // protocol 5: _frombuffer(buffer, dtype, shape, order)
                if (a.size() != 4 || !(a.get(0) instanceof byte[] raw) || !(a.get(1) instanceof NumpyDtype dt)) {
                    throw error("_frombuffer needs (bytes, dtype, shape, order)");
                }
                long[] shape = longs(a.get(2), "ndarray shape");
                if ("F".equals(a.get(3)) && shape.length > 1) {
                    throw error("Fortran-ordered NumPy arrays are not supported");
                }
                return numpyArray(dt, shape, raw);
            }
            case STAND_IN -> {
                return new PyObject(g.qualified(), a);
            }
            default ->
                throw new UnsafePickleException(
                        g.qualified(),
                        source + ": '" + g.qualified()
                                + "' may only appear inside a storage reference, not be called; refused (nothing was executed)");
        }
    }

    private Storage retype(Storage st, Dtype dtype) throws CheckpointFormatException {
        if (st.dtype == dtype) {
            return st;
        }
        if (st.untyped) {
            return new Storage(st.key, dtype, st.location, st.numel / dtype.byteSize(), st.little, st.bytes(), false);
        }
        throw error("_rebuild_tensor_v3 with dtype " + dtype + " on a storage of " + st.dtype + " is not supported");
    }

    private Object newObject(Object cls, Object args) throws CheckpointFormatException {
        if (cls instanceof Global g && g.kind() == Kind.STAND_IN) {
            return new PyObject(g.qualified(), argList(args, g));
        }
        if (cls instanceof Global g && g.kind() == Kind.ORDERED_DICT) {
            return new PyDict(true);
        }
        throw new UnsafePickleException(
                cls instanceof Global g ? g.qualified() : typeName(cls),
                source + ": NEWOBJ of " + typeName(cls) + " is not allowed; refused (nothing was executed)");
    }

    private void build(Object target, Object state) throws CheckpointFormatException {
        switch (target) {
            case null -> throw error("BUILD on None is not allowed");
            case PyDict d -> {
                Object s = state instanceof PyTuple t && t.size() == 2 ? t.get(0) : state;
                if (s instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        d.attributes().put(String.valueOf(e.getKey()), e.getValue());
                    }
                } else if (s != null) {
                    throw error("BUILD of a dict with a " + typeName(s) + " state");
                }
            }
            case Tensor t -> {
                // Parameters with Python attributes: the attributes are not needed for inference.
            }
            case PyObject o -> o.setState(state);
            case NumpyDtype dt -> {
                if (state instanceof PyTuple t
                        && t.size() >= 2
                        && t.get(1) instanceof String order
                        && !order.isEmpty()) {
                    dt.order = order.charAt(0);
                }
            }
            case NumpyArray p
            when !p.isFilled() -> {
                if (!(state instanceof PyTuple t) || t.size() != 5 || !(t.get(2) instanceof NumpyDtype dt)) {
                    throw error("ndarray state must be (version, shape, dtype, is_fortran, data)");
                }
                long[] shape = longs(t.get(1), "ndarray shape");
                if (Boolean.TRUE.equals(t.get(3)) && shape.length > 1) {
                    throw error("Fortran-ordered NumPy arrays are not supported");
                }
                if (!(t.get(4) instanceof byte[] raw)) {
                    throw error("ndarray data is a " + typeName(t.get(4)) + " (object arrays are refused)");
                }
                NumpyArray built = numpyArray(dt, shape, raw);
                p.fill(built);
            }
            default -> throw error("BUILD on a " + typeName(target) + " is not allowed");
        }
    }

    private NumpyArray numpyArray(NumpyDtype dt, long[] shape, byte[] raw) throws CheckpointFormatException {
        String c = dt.code;
        Dtype d;
        boolean unsigned = false;
        String name;
        switch (c.replaceFirst("^[<>=|]", "")) {
            case "f8" -> {
                d = Dtype.FLOAT64;
                name = "float64";
            }
            case "f4" -> {
                d = Dtype.FLOAT32;
                name = "float32";
            }
            case "f2" -> {
                d = Dtype.FLOAT16;
                name = "float16";
            }
            case "i8" -> {
                d = Dtype.INT64;
                name = "int64";
            }
            case "i4" -> {
                d = Dtype.INT32;
                name = "int32";
            }
            case "i2" -> {
                d = Dtype.INT16;
                name = "int16";
            }
            case "i1" -> {
                d = Dtype.INT8;
                name = "int8";
            }
            case "u1" -> {
                d = Dtype.UINT8;
                name = "uint8";
            }
            case "u2" -> {
                d = Dtype.INT16;
                name = "uint16";
                unsigned = true;
            }
            case "u4" -> {
                d = Dtype.INT32;
                name = "uint32";
                unsigned = true;
            }
            case "u8" -> {
                d = Dtype.INT64;
                name = "uint64";
                unsigned = true;
            }
            case "b1" -> {
                d = Dtype.BOOL;
                name = "bool";
            }
            default -> throw error("NumPy dtype '" + c + "' is not supported");
        }
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw error("negative NumPy shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, s);
        }
        if (n * d.byteSize() != raw.length) {
            throw error("NumPy array of shape " + Arrays.toString(shape) + " and dtype " + name + " needs "
                    + n * d.byteSize() + " bytes but has " + raw.length);
        }
        boolean little = dt.order != '>' || d.byteSize() == 1;
        return new NumpyArray(name, shape, MemorySegment.ofArray(raw), little, d, unsigned);
    }

    private long[] longs(Object o, String what) throws CheckpointFormatException {
        List<?> items = o instanceof PyTuple t ? t.items() : o instanceof List<?> l ? l : null;
        if (items == null) {
            throw error("tensor " + what + " is a " + typeName(o) + ", not a tuple");
        }
        long[] r = new long[items.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = toLong(items.get(i), what);
        }
        return r;
    }

    private long toLong(Object o, String what) throws CheckpointFormatException {
        if (o instanceof Long l) {
            return l;
        }
        throw error(what + " must be an integer, got " + typeName(o) + " " + PickleTree.repr(o));
    }
}
