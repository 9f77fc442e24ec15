package io.playbench.torch;

import java.lang.foreign.MemorySegment;

/** One storage of a checkpoint: a typed, flat run of elements that one or more tensors view. */
final class Storage {

    final String key;
    final Dtype dtype;
    final String location;
    final long numel;
    final boolean little;
    /** True for a torch.UntypedStorage, whose numel is a byte count until a tensor gives it a dtype. */
    final boolean untyped;

    private MemorySegment bytes;

    Storage(String key, Dtype dtype, String location, long numel, boolean little, MemorySegment bytes) {
        this(key, dtype, location, numel, little, bytes, false);
    }

    Storage(
            String key,
            Dtype dtype,
            String location,
            long numel,
            boolean little,
            MemorySegment bytes,
            boolean untyped) {
        this.untyped = untyped;
        this.key = key;
        this.dtype = dtype;
        this.location = location;
        this.numel = numel;
        this.little = little;
        this.bytes = bytes;
    }

    MemorySegment bytes() {
        if (bytes == null) {
            throw new IllegalStateException("storage '" + key + "' has no data (the checkpoint was not fully read)");
        }
        return bytes;
    }

    void attach(MemorySegment data) {
        this.bytes = data;
    }
}
