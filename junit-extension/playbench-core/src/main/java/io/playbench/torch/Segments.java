package io.playbench.torch;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Helpers for (memory-mapped) segments that may be larger than 2 GiB: a {@link ByteBuffer} can view at most
 * {@code Integer.MAX_VALUE} bytes ("Segment is too large to wrap as ByteBuffer"), so whole-file work such as hashing and
 * CRC checks goes through bounded chunks.
 */
final class Segments {

    /** The chunk size, 64 MiB: large enough for throughput, far below the 2 GiB limit of a ByteBuffer. */
    static final long CHUNK = 64L << 20;

    private Segments() {}

    /** Passes {@code seg} to {@code sink} as consecutive byte buffers of at most {@link #CHUNK} bytes each. */
    static void forEachChunk(MemorySegment seg, Consumer<ByteBuffer> sink) {
        for (long at = 0; at < seg.byteSize(); at += CHUNK) {
            sink.accept(seg.asSlice(at, Math.min(CHUNK, seg.byteSize() - at)).asByteBuffer());
        }
    }
}
