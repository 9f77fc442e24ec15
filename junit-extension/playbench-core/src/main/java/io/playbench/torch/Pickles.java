package io.playbench.torch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a plain pickle file (not a {@code torch.save} checkpoint) with the same allow-list, e.g. Stable-Baselines3's
 * {@code vecnormalize.pkl}. The result is fully on the heap; nothing from the file is executed.
 *
 * <pre>{@code
 * PyObject vecNormalize = (PyObject) Pickles.load(Path.of("vecnormalize.pkl"), ReadOptions.defaults().withSb3StandIns());
 * PyObject obsRms = (PyObject) vecNormalize.attribute("obs_rms");
 * double[] mean = ((NumpyArray) obsRms.attribute("mean")).toDoubleArray();
 * double clipObs = (Double) vecNormalize.attribute("clip_obs");
 * }</pre>
 */
public final class Pickles {

    private Pickles() {}

    /** Reads one pickle from a file. */
    public static Object load(Path file, ReadOptions options) throws IOException {
        try (Arena arena = Arena.ofConfined();
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = ch.size() == 0
                    ? MemorySegment.ofArray(new byte[0])
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            // Values built from a plain pickle copy their bytes (strings, byte arrays, NumPy data), so unmapping is
            // safe.
            return load(seg, file.toString(), options);
        }
    }

    /** Reads one pickle from memory; {@code source} names it in messages. */
    public static Object load(byte[] data, String source, ReadOptions options) throws CheckpointFormatException {
        return load(MemorySegment.ofArray(data), source, options);
    }

    static Object load(MemorySegment data, String source, ReadOptions options) throws CheckpointFormatException {
        try {
            Object root = new Unpickler(data, 0, source, options, null).load();
            PickleTree.validate(root, options, source);
            return root;
        } catch (IndexOutOfBoundsException e) {
            throw new CheckpointFormatException(source + ": the pickle is damaged: " + e.getMessage(), e);
        }
    }
}
