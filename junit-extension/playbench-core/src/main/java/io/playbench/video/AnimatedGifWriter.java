package io.playbench.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an animated GIF that loops forever (NETSCAPE2.0 application extension) with {@code javax.imageio}'s GIF
 * writer, which every JDK has. Each frame after the first is written as the rectangle that changed since the
 * previous frame (disposal "do not dispose"), with its own exact palette when it has at most 256 colours (the
 * classic-control scenes do) and the 256 most frequent colours, mapped to the nearest, otherwise.
 */
public final class AnimatedGifWriter implements AutoCloseable {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private final CountingStream counter;
    private final ImageOutputStream out;
    private final ImageWriter writer;
    private final int width;
    private final int height;
    private int[] previous;
    private int frames;

    /**
     * Starts a GIF.
     *
     * @param sink where the bytes go (not closed by this writer)
     * @param width the frame width
     * @param height the frame height
     * @throws IOException if the stream cannot be opened
     */
    public AnimatedGifWriter(OutputStream sink, int width, int height) throws IOException {
        this.counter = new CountingStream(sink);
        this.out = ImageIO.createImageOutputStream(counter);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("this JDK has no GIF image writer");
        }
        this.writer = writers.next();
        this.writer.setOutput(out);
        this.writer.prepareWriteSequence(null);
        this.width = width;
        this.height = height;
    }

    /**
     * Appends a frame.
     *
     * @param frame the frame, of this writer's size (any RGB type)
     * @param delayCentiseconds how long it is shown, in 1/100 s (at least 2; browsers slow 0 and 1 down to 10)
     * @throws IOException if writing fails
     */
    public void addFrame(BufferedImage frame, int delayCentiseconds) throws IOException {
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame is " + frame.getWidth() + "x" + frame.getHeight()
                    + " but the video is " + width + "x" + height);
        }
        int[] rgb = rgb(frame);
        int x0 = 0;
        int y0 = 0;
        int x1 = width - 1;
        int y1 = height - 1;
        if (previous != null) {
            x0 = width;
            y0 = height;
            x1 = -1;
            y1 = -1;
            for (int y = 0; y < height; y++) {
                int row = y * width;
                for (int x = 0; x < width; x++) {
                    if (rgb[row + x] != previous[row + x]) {
                        if (x < x0) {
                            x0 = x;
                        }
                        if (x > x1) {
                            x1 = x;
                        }
                        if (y < y0) {
                            y0 = y;
                        }
                        y1 = y;
                    }
                }
            }
            if (x1 < 0) { // nothing changed: one unchanged pixel carries the delay
                x0 = 0;
                y0 = 0;
                x1 = 0;
                y1 = 0;
            }
        }
        BufferedImage indexed = indexed(rgb, x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(indexed), param);
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "doNotDispose");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(Math.max(2, delayCentiseconds)));
        gce.setAttribute("transparentColorIndex", "0");
        IIOMetadataNode desc = child(root, "ImageDescriptor");
        desc.setAttribute("imageLeftPosition", Integer.toString(x0));
        desc.setAttribute("imageTopPosition", Integer.toString(y0));
        desc.setAttribute("imageWidth", Integer.toString(indexed.getWidth()));
        desc.setAttribute("imageHeight", Integer.toString(indexed.getHeight()));
        desc.setAttribute("interlaceFlag", "FALSE");
        if (frames == 0) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // loop forever
            apps.appendChild(app);
        }
        meta.setFromTree(FORMAT, root);
        writer.writeToSequence(new IIOImage(indexed, null, meta), param);
        out.flush();
        previous = rgb.clone();
        frames++;
    }

    /**
     * Bytes written so far (the trailer adds one).
     *
     * @return the size
     */
    public long bytesWritten() {
        return counter.count;
    }

    /**
     * Frames written so far.
     *
     * @return the count
     */
    public int frames() {
        return frames;
    }

    /** Writes the trailer. */
    @Override
    public void close() throws IOException {
        try {
            writer.endWriteSequence();
            out.flush();
        } finally {
            writer.dispose();
            out.close();
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    private static int[] rgb(BufferedImage frame) {
        if (frame.getType() == BufferedImage.TYPE_INT_RGB
                && frame.getRaster().getDataBuffer() instanceof DataBufferInt db
                && db.getNumBanks() == 1
                && frame.getRaster().getParent() == null) {
            int[] data = db.getData();
            if (data.length == frame.getWidth() * frame.getHeight()) {
                return data;
            }
        }
        int[] out = frame.getRGB(0, 0, frame.getWidth(), frame.getHeight(), null, 0, frame.getWidth());
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xFFFFFF;
        }
        return out;
    }

    /** The rectangle as an 8-bit indexed image with its own palette. */
    private BufferedImage indexed(int[] rgb, int x0, int y0, int w, int h) {
        IntCounts counts = new IntCounts();
        for (int y = y0; y < y0 + h; y++) {
            int row = y * width;
            for (int x = x0; x < x0 + w; x++) {
                counts.add(rgb[row + x] & 0xFFFFFF);
            }
        }
        int[] palette = counts.mostFrequent(256);
        int size = Math.max(2, Integer.highestOneBit(Math.max(1, palette.length - 1)) << 1);
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        IntCounts index = new IntCounts();
        for (int i = 0; i < palette.length; i++) {
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
            index.put(palette[i], i);
        }
        int bits = Integer.numberOfTrailingZeros(size);
        IndexColorModel model = new IndexColorModel(Math.max(1, bits), size, r, g, b);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int stride = img.getRaster().getSampleModel() instanceof java.awt.image.ComponentSampleModel csm
                ? csm.getScanlineStride()
                : w;
        for (int y = 0; y < h; y++) {
            int row = (y0 + y) * width;
            for (int x = 0; x < w; x++) {
                int c = rgb[row + x0 + x] & 0xFFFFFF;
                int k = index.get(c);
                if (k < 0) {
                    k = nearest(palette, c);
                    index.put(c, k);
                }
                dst[y * stride + x] = (byte) k;
            }
        }
        return img;
    }

    private static int nearest(int[] palette, int c) {
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int dr = ((palette[i] >> 16) & 255) - ((c >> 16) & 255);
            int dg = ((palette[i] >> 8) & 255) - ((c >> 8) & 255);
            int db = (palette[i] & 255) - (c & 255);
            long d = (long) dr * dr + (long) dg * dg + (long) db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** An open-addressing map from 24-bit colours to ints (counts, or palette indices). */
    private static final class IntCounts {
        private int[] keys = new int[1024];
        private int[] values = new int[1024];
        private int size;

        IntCounts() {
            Arrays.fill(keys, -1);
        }

        private int slot(int key) {
            int mask = keys.length - 1;
            int i = (key * 0x9E3779B1 >>> 16) & mask;
            while (keys[i] != -1 && keys[i] != key) {
                i = (i + 1) & mask;
            }
            return i;
        }

        void add(int key) {
            int i = slot(key);
            if (keys[i] == -1) {
                keys[i] = key;
                values[i] = 1;
                if (++size * 2 > keys.length) {
                    grow();
                }
            } else {
                values[i]++;
            }
        }

        void put(int key, int value) {
            int i = slot(key);
            if (keys[i] == -1) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
            } else {
                values[i] = value;
            }
        }

        int get(int key) {
            int i = slot(key);
            return keys[i] == -1 ? -1 : values[i];
        }

        private void grow() {
            int[] k = keys;
            int[] v = values;
            keys = new int[k.length * 2];
            values = new int[k.length * 2];
            Arrays.fill(keys, -1);
            size = 0;
            for (int i = 0; i < k.length; i++) {
                if (k[i] != -1) {
                    put(k[i], v[i]);
                }
            }
        }

        int[] mostFrequent(int limit) {
            long[] packed = new long[size];
            int n = 0;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != -1) {
                    packed[n++] = ((long) values[i] << 32) | keys[i];
                }
            }
            Arrays.sort(packed, 0, n);
            int m = Math.min(limit, n);
            int[] out = new int[m];
            for (int i = 0; i < m; i++) {
                out[i] = (int) packed[n - 1 - i];
            }
            return out;
        }
    }

    /** Counts the bytes that pass. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
