package io.playbench.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * A pygame surface in Java2D: an opaque {@code TYPE_INT_RGB} {@link BufferedImage} and the primitives Gymnasium's
 * classic-control renderers call. The polygon, circle and straight-line primitives are ported from SDL_gfx (zlib
 * licence: {@code filledPolygonColor}, {@code aapolygonColor} (Wu lines without end points), {@code aacircleColor},
 * {@code filledCircleColor}, {@code hlineColor}, {@code vlineColor}) with their integer truncations and blending
 * ({@code d + ((c - d) * a >> 8)}); the one-pixel line, the anti-aliased float line and the shrink filter are PlayBench's
 * own, written from the textbook algorithms. A frame matches Gymnasium's {@code render()} nearly pixel for pixel
 * ({@code GoldenFrameTests} reports how close, frame by frame).
 *
 * <p>Coordinates are pygame's before the final vertical flip ({@link #flipVertical()}); like pygame, floats are
 * truncated toward zero to 16-bit integers where SDL_gfx takes {@code Sint16}.
 */
final class Gfx {

    final BufferedImage image;
    final int width;
    final int height;
    final int[] px;

    Gfx(int width, int height) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    void fill(int rgb) {
        Arrays.fill(px, rgb & 0xFFFFFF);
    }

    /** pygame {@code int(value)} then SDL's {@code Sint16}. */
    static int s16(double value) {
        return (short) (long) value;
    }

    private void set(int x, int y, int rgb) {
        if (x >= 0 && x < width && y >= 0 && y < height) {
            px[y * width + x] = rgb;
        }
    }

    /** SDL_gfx {@code pixelColorWeight}: alpha 255 scaled by {@code weight >> 8}, then its blend. */
    private void weighted(int x, int y, int rgb, int weight) {
        blend(x, y, rgb, (255 * weight) >> 8);
    }

    /** SDL_gfx {@code _putPixelAlpha} on a 32-bit surface without alpha channel. */
    private void blend(int x, int y, int rgb, int alpha) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return;
        }
        int i = y * width + x;
        if (alpha == 255) {
            px[i] = rgb;
            return;
        }
        int d = px[i];
        int r = mix((d >> 16) & 255, (rgb >> 16) & 255, alpha);
        int g = mix((d >> 8) & 255, (rgb >> 8) & 255, alpha);
        int b = mix(d & 255, rgb & 255, alpha);
        px[i] = (r << 16) | (g << 8) | b;
    }

    private static int mix(int d, int c, int alpha) {
        return (d + (((c - d) * alpha) >> 8)) & 255;
    }

    /** {@code gfxdraw.hline}: x1..x2 inclusive. */
    void hline(int x1, int x2, int y, int rgb) {
        if (y < 0 || y >= height) {
            return;
        }
        int a = Math.min(x1, x2);
        int b = Math.max(x1, x2);
        a = Math.max(a, 0);
        b = Math.min(b, width - 1);
        if (a > b) {
            return;
        }
        Arrays.fill(px, y * width + a, y * width + b + 1, rgb);
    }

    /** {@code gfxdraw.vline}: y1..y2 inclusive. */
    void vline(int x, int y1, int y2, int rgb) {
        if (x < 0 || x >= width) {
            return;
        }
        int a = Math.max(Math.min(y1, y2), 0);
        int b = Math.min(Math.max(y1, y2), height - 1);
        for (int y = a; y <= b; y++) {
            px[y * width + x] = rgb;
        }
    }

    /** {@code gfxdraw.filled_polygon}: SDL_gfx's scan-line fill, rounding of the 16.16 intersections included. */
    void filledPolygon(double[] xs, double[] ys, int rgb) {
        int n = xs.length;
        int[] vx = new int[n];
        int[] vy = new int[n];
        for (int i = 0; i < n; i++) {
            vx[i] = s16(xs[i]);
            vy[i] = s16(ys[i]);
        }
        int miny = vy[0];
        int maxy = vy[0];
        for (int i = 1; i < n; i++) {
            if (vy[i] < miny) {
                miny = vy[i];
            } else if (vy[i] > maxy) { // SDL_gfx's own else-if, kept
                maxy = vy[i];
            }
        }
        int[] ints = new int[n];
        for (int y = miny; y <= maxy; y++) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                int ind1 = i == 0 ? n - 1 : i - 1;
                int ind2 = i == 0 ? 0 : i;
                int y1 = vy[ind1];
                int y2 = vy[ind2];
                int x1;
                int x2;
                if (y1 < y2) {
                    x1 = vx[ind1];
                    x2 = vx[ind2];
                } else if (y1 > y2) {
                    y2 = vy[ind1];
                    y1 = vy[ind2];
                    x2 = vx[ind1];
                    x1 = vx[ind2];
                } else {
                    continue;
                }
                if ((y >= y1 && y < y2) || (y == maxy && y > y1 && y <= y2)) {
                    ints[count++] = ((65536 * (y - y1)) / (y2 - y1)) * (x2 - x1) + (65536 * x1);
                }
            }
            Arrays.sort(ints, 0, count);
            for (int i = 0; i + 1 < count; i += 2) {
                int xa = ints[i] + 1;
                xa = (xa >> 16) + ((xa & 32768) >> 15);
                int xb = ints[i + 1] - 1;
                xb = (xb >> 16) + ((xb & 32768) >> 15);
                hline(xa, xb, y, rgb);
            }
        }
    }

    /** {@code gfxdraw.aapolygon}: Wu lines between the truncated vertices, end points left out. */
    void aapolygon(double[] xs, double[] ys, int rgb) {
        int n = xs.length;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            aaline(s16(xs[i]), s16(ys[i]), s16(xs[j]), s16(ys[j]), rgb);
        }
    }

    /** SDL_gfx {@code _aalineColor(..., draw_endpoint = 0)}. */
    private void aaline(int ax, int ay, int bx, int by, int rgb) {
        int[] c = {ax, ay, bx, by};
        if (!clipLine(c)) {
            return;
        }
        int x1 = c[0];
        int y1 = c[1];
        int x2 = c[2];
        int y2 = c[3];
        int xx0 = x1;
        int yy0 = y1;
        int xx1 = x2;
        int yy1 = y2;
        if (yy0 > yy1) {
            int t = yy0;
            yy0 = yy1;
            yy1 = t;
            t = xx0;
            xx0 = xx1;
            xx1 = t;
        }
        int dx = xx1 - xx0;
        int dy = yy1 - yy0;
        if (dx == 0) {
            if (dy > 0) {
                vline(x1, yy0, yy0 + dy, rgb);
            } else {
                set(x1, y1, rgb);
            }
            return;
        }
        if (dy == 0) {
            hline(xx0, xx0 + dx, y1, rgb);
            return;
        }
        int xdir;
        if (dx >= 0) {
            xdir = 1;
        } else {
            xdir = -1;
            dx = -dx;
        }
        int erracc = 0;
        set(x1, y1, rgb);
        if (dy > dx) {
            int erradj = ((dx << 16) / dy) << 16;
            int x0pxdir = xx0 + xdir;
            while (--dy != 0) {
                int tmp = erracc;
                erracc += erradj;
                if (Integer.compareUnsigned(erracc, tmp) <= 0) {
                    xx0 = x0pxdir;
                    x0pxdir += xdir;
                }
                yy0++;
                int wgt = (erracc >>> 24) & 255;
                weighted(xx0, yy0, rgb, 255 - wgt);
                weighted(x0pxdir, yy0, rgb, wgt);
            }
        } else {
            int erradj = ((dy << 16) / dx) << 16;
            int y0p1 = yy0 + 1;
            while (--dx != 0) {
                int tmp = erracc;
                erracc += erradj;
                if (Integer.compareUnsigned(erracc, tmp) <= 0) {
                    yy0 = y0p1;
                    y0p1++;
                }
                xx0 += xdir;
                int wgt = (erracc >>> 24) & 255;
                weighted(xx0, yy0, rgb, 255 - wgt);
                weighted(xx0, y0p1, rgb, wgt);
            }
        }
    }

    private static int clipCode(int x, int y, int right, int bottom) {
        int code = 0;
        if (x < 0) {
            code |= 1;
        } else if (x > right) {
            code |= 2;
        }
        if (y < 0) {
            code |= 8;
        } else if (y > bottom) {
            code |= 4;
        }
        return code;
    }

    /** SDL_gfx's {@code _clipLine} (Cohen-Sutherland with a float slope) on {x1, y1, x2, y2}; false when nothing is visible. */
    private boolean clipLine(int[] c) {
        int right = width - 1;
        int bottom = height - 1;
        while (true) {
            int code1 = clipCode(c[0], c[1], right, bottom);
            int code2 = clipCode(c[2], c[3], right, bottom);
            if ((code1 | code2) == 0) {
                return true;
            }
            if ((code1 & code2) != 0) {
                return false;
            }
            if (code1 == 0) {
                int t = c[2];
                c[2] = c[0];
                c[0] = t;
                t = c[3];
                c[3] = c[1];
                c[1] = t;
                code1 = code2;
            }
            float m = c[2] != c[0] ? (float) (c[3] - c[1]) / (float) (c[2] - c[0]) : 1.0f;
            if ((code1 & 1) != 0) {
                c[1] = (short) (c[1] + (short) ((0 - c[0]) * m));
                c[0] = 0;
            } else if ((code1 & 2) != 0) {
                c[1] = (short) (c[1] + (short) ((right - c[0]) * m));
                c[0] = right;
            } else if ((code1 & 4) != 0) {
                if (c[2] != c[0]) {
                    c[0] = (short) (c[0] + (short) ((bottom - c[1]) / m));
                }
                c[1] = bottom;
            } else if ((code1 & 8) != 0) {
                if (c[2] != c[0]) {
                    c[0] = (short) (c[0] + (short) ((0 - c[1]) / m));
                }
                c[1] = 0;
            }
        }
    }

    /** {@code gfxdraw.filled_circle}: SDL_gfx's midpoint circle of horizontal lines. */
    void filledCircle(int x, int y, int rad, int rgb) {
        if (rad < 0) {
            return;
        }
        if (rad == 0) {
            set(x, y, rgb);
            return;
        }
        int cx = 0;
        int cy = rad;
        int ocx = -1;
        int ocy = -1;
        int df = 1 - rad;
        int dE = 3;
        int dSE = -2 * rad + 5;
        do {
            int xpcx = x + cx;
            int xmcx = x - cx;
            int xpcy = x + cy;
            int xmcy = x - cy;
            if (ocy != cy) {
                if (cy > 0) {
                    hline(xmcx, xpcx, y + cy, rgb);
                    hline(xmcx, xpcx, y - cy, rgb);
                } else {
                    hline(xmcx, xpcx, y, rgb);
                }
                ocy = cy;
            }
            if (ocx != cx) {
                if (cx != cy) {
                    if (cx > 0) {
                        hline(xmcy, xpcy, y - cx, rgb);
                        hline(xmcy, xpcy, y + cx, rgb);
                    } else {
                        hline(xmcy, xpcy, y, rgb);
                    }
                }
                ocx = cx;
            }
            if (df < 0) {
                df += dE;
                dE += 2;
                dSE += 2;
            } else {
                df += dSE;
                dE += 2;
                dSE += 4;
                cy--;
            }
            cx++;
        } while (cx <= cy);
    }

    /** {@code gfxdraw.aacircle}: SDL_gfx's anti-aliased ellipse with equal radii. */
    void aacircle(int x, int y, int rad, int rgb) {
        int rx = rad;
        int ry = rad;
        if (rx < 0) {
            return;
        }
        if (rx == 0) {
            vline(x, y, y, rgb);
            return;
        }
        int a2 = rx * rx;
        int b2 = ry * ry;
        int ds = 2 * a2;
        int dt = 2 * b2;
        int xc2 = 2 * x;
        int yc2 = 2 * y;
        double sab = Math.sqrt((double) (a2 + b2));
        int dxt = (short) (long) Math.rint(a2 / sab);
        int t = 0;
        int s = -2 * a2 * ry;
        int d = 0;
        int xp = x;
        int yp = y - ry;
        set(xp, yp, rgb);
        set(xc2 - xp, yp, rgb);
        set(xp, yc2 - yp, rgb);
        set(xc2 - xp, yc2 - yp, rgb);
        int ys;
        for (int i = 1; i <= dxt; i++) {
            xp--;
            d += t - b2;
            if (d >= 0) {
                ys = yp - 1;
            } else if ((d - s - a2) > 0) {
                if ((2 * d - s - a2) >= 0) {
                    ys = yp + 1;
                } else {
                    ys = yp;
                    yp++;
                    d -= s + a2;
                    s += ds;
                }
            } else {
                yp++;
                ys = yp + 1;
                d -= s + a2;
                s += ds;
            }
            t -= dt;
            float cp;
            if (s != 0) {
                cp = (float) Math.abs(d) / (float) Math.abs(s);
                if (cp > 1.0f) {
                    cp = 1.0f;
                }
            } else {
                cp = 1.0f;
            }
            int weight = ((int) (cp * 255)) & 255;
            int iweight = 255 - weight;
            int xx = xc2 - xp;
            weighted(xp, yp, rgb, iweight);
            weighted(xx, yp, rgb, iweight);
            weighted(xp, ys, rgb, weight);
            weighted(xx, ys, rgb, weight);
            int yy = yc2 - yp;
            weighted(xp, yy, rgb, iweight);
            weighted(xx, yy, rgb, iweight);
            yy = yc2 - ys;
            weighted(xp, yy, rgb, weight);
            weighted(xx, yy, rgb, weight);
        }
        int dyt = (short) (long) Math.rint(b2 / sab);
        int xs;
        for (int i = 1; i <= dyt; i++) {
            yp++;
            d -= s + a2;
            if (d <= 0) {
                xs = xp + 1;
            } else if ((d + t - b2) < 0) {
                if ((2 * d + t - b2) <= 0) {
                    xs = xp - 1;
                } else {
                    xs = xp;
                    xp--;
                    d += t - b2;
                    t -= dt;
                }
            } else {
                xp--;
                xs = xp - 1;
                d += t - b2;
                t -= dt;
            }
            s += ds;
            float cp;
            if (t != 0) {
                cp = (float) Math.abs(d) / (float) Math.abs(t);
                if (cp > 1.0f) {
                    cp = 1.0f;
                }
            } else {
                cp = 1.0f;
            }
            int weight = ((int) (cp * 255)) & 255;
            int iweight = 255 - weight;
            int xx = xc2 - xp;
            int yy = yc2 - yp;
            weighted(xp, yp, rgb, iweight);
            weighted(xx, yp, rgb, iweight);
            weighted(xp, yy, rgb, iweight);
            weighted(xx, yy, rgb, iweight);
            xx = xc2 - xs;
            weighted(xs, yp, rgb, weight);
            weighted(xx, yp, rgb, weight);
            weighted(xs, yy, rgb, weight);
            weighted(xx, yy, rgb, weight);
        }
    }

    /**
     * A one-pixel line between integer end points, both included: one pixel per step along the longer axis, the other
     * coordinate rounded to the nearest pixel (halves away from the start). Written for PlayBench from the textbook
     * definition of a digital straight line; it matches {@code pygame.draw.line} of width 1 except, at most, where the
     * ideal line passes exactly half-way between two pixels.
     */
    void line(int x1, int y1, int x2, int y2, int rgb) {
        int dx = x2 - x1;
        int dy = y2 - y1;
        int steps = Math.max(Math.abs(dx), Math.abs(dy));
        if (steps == 0) {
            set(x1, y1, rgb);
            return;
        }
        for (int i = 0; i <= steps; i++) {
            set(x1 + roundedRatio(dx * (long) i, steps), y1 + roundedRatio(dy * (long) i, steps), rgb);
        }
    }

    /** {@code n / d} rounded to the nearest integer, halves away from zero ({@code d > 0}). */
    private static int roundedRatio(long n, long d) {
        long q = (Math.abs(n) * 2 + d) / (2 * d);
        return (int) (n < 0 ? -q : q);
    }

    /**
     * Connected anti-aliased segments through the points ({@code pygame.draw.aalines} with {@code closed=False}):
     * each segment drawn by {@link #aaline(float, float, float, float, int)}.
     */
    void aalines(float[] xs, float[] ys, int rgb) {
        for (int i = 1; i < xs.length; i++) {
            aaline(xs[i - 1], ys[i - 1], xs[i], ys[i], rgb);
        }
    }

    /**
     * An anti-aliased line between float end points, in the manner of Xiaolin Wu (1991): along the longer axis, each
     * column's ideal centre line falls between two pixels, which are blended with the colour in proportion to their
     * closeness to it; the end columns are further weighted by how much of the column the segment covers. Pixel
     * centres lie at integer coordinates. Written for PlayBench from that description (not from pygame's code).
     */
    void aaline(float x0, float y0, float x1, float y1, int rgb) {
        boolean steep = Math.abs(y1 - y0) > Math.abs(x1 - x0);
        double ax = steep ? y0 : x0;
        double ay = steep ? x0 : y0;
        double bx = steep ? y1 : x1;
        double by = steep ? x1 : y1;
        if (ax > bx) {
            double t = ax;
            ax = bx;
            bx = t;
            t = ay;
            ay = by;
            by = t;
        }
        double run = bx - ax;
        if (run < 1e-6) {
            plotCovered(steep, (int) Math.round(ax), ay, rgb, 1.0);
            return;
        }
        double slope = (by - ay) / run;
        long first = (long) Math.floor(ax);
        long last = (long) Math.ceil(bx);
        for (long c = first; c <= last; c++) {
            double coverage = 1.0;
            if (c == first) {
                coverage = Math.min(coverage, 1 - (ax - first));
            }
            if (c == last) {
                coverage = Math.min(coverage, 1 - (last - bx));
            }
            if (first == last) {
                coverage = run;
            }
            plotCovered(steep, (int) c, ay + slope * (c - ax), rgb, Math.clamp(coverage, 0.0, 1.0));
        }
    }

    /** The two pixels of one column of an anti-aliased line whose centre line is at {@code centre}. */
    private void plotCovered(boolean steep, int column, double centre, int rgb, double coverage) {
        int below = (int) Math.floor(centre);
        double frac = centre - below;
        blendFraction(steep ? below : column, steep ? column : below, rgb, (1 - frac) * coverage);
        blendFraction(steep ? below + 1 : column, steep ? column : below + 1, rgb, frac * coverage);
    }

    /** Moves a pixel towards {@code rgb} by {@code amount} in [0, 1], each channel rounded to the nearest value. */
    private void blendFraction(int x, int y, int rgb, double amount) {
        if (x < 0 || x >= width || y < 0 || y >= height || amount <= 0) {
            return;
        }
        int i = y * width + x;
        int d = px[i];
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int dc = (d >> shift) & 255;
            int sc = (rgb >> shift) & 255;
            out |= ((int) Math.round(dc + (sc - dc) * Math.min(1.0, amount)) & 255) << shift;
        }
        px[i] = out;
    }

    /**
     * A shrink by area averaging (as {@code pygame.transform.smoothscale} shrinks; see {@link #shrinkX}) then
     * {@code flip(flipX, flipY)} then a per-pixel-alpha {@code blit} at {@code (x, y)} (SDL's
     * {@code d + ((s - d) * a >> 8)}). Pure arithmetic on arrays: no AWT toolkit, so it runs headless.
     */
    void blitScaled(BufferedImage argb, int w, int h, boolean flipX, boolean flipY, int x, int y) {
        if (w <= 0 || h <= 0) {
            return;
        }
        int sw = argb.getWidth();
        int sh = argb.getHeight();
        int[] src = argb.getRGB(0, 0, sw, sh, null, 0, sw);
        int[] scaled = shrinkY(shrinkX(src, sw, sh, Math.min(w, sw)), Math.min(w, sw), sh, Math.min(h, sh));
        int ow = Math.min(w, sw);
        int oh = Math.min(h, sh);
        for (int j = 0; j < oh; j++) {
            int ty = y + j;
            if (ty < 0 || ty >= height) {
                continue;
            }
            for (int i = 0; i < ow; i++) {
                int tx = x + i;
                if (tx < 0 || tx >= width) {
                    continue;
                }
                int s = scaled[(flipY ? oh - 1 - j : j) * ow + (flipX ? ow - 1 - i : i)];
                int a = s >>> 24;
                if (a == 0) {
                    continue;
                }
                int k = ty * width + tx;
                if (a == 255) {
                    px[k] = s & 0xFFFFFF;
                    continue;
                }
                int d = px[k];
                px[k] = (mix((d >> 16) & 255, (s >> 16) & 255, a) << 16)
                        | (mix((d >> 8) & 255, (s >> 8) & 255, a) << 8)
                        | mix(d & 255, s & 255, a);
            }
        }
    }

    /**
     * Shrinks packed ARGB rows from {@code sw} to {@code dw} pixels by area averaging: destination pixel {@code i}
     * covers the source interval {@code [i * sw / dw, (i + 1) * sw / dw)}, and each channel is the coverage-weighted mean
     * of the source pixels it overlaps, rounded down. Written for PlayBench (a box filter, as
     * {@code pygame.transform.smoothscale} uses when shrinking), not ported.
     */
    private static int[] shrinkX(int[] src, int sw, int sh, int dw) {
        if (dw == sw) {
            return src;
        }
        int[] dst = new int[dw * sh];
        double[] acc = new double[4];
        double scale = (double) sw / dw;
        for (int y = 0; y < sh; y++) {
            int row = y * sw;
            for (int i = 0; i < dw; i++) {
                areaMean(acc, i * scale, (i + 1) * scale, k -> src[row + k], sw);
                dst[y * dw + i] = pack(acc);
            }
        }
        return dst;
    }

    /** The same filter along columns: {@code sh} rows to {@code dh}. */
    private static int[] shrinkY(int[] src, int w, int sh, int dh) {
        if (dh == sh) {
            return src;
        }
        int[] dst = new int[w * dh];
        double[] acc = new double[4];
        double scale = (double) sh / dh;
        for (int x = 0; x < w; x++) {
            for (int j = 0; j < dh; j++) {
                int column = x;
                areaMean(acc, j * scale, (j + 1) * scale, k -> src[k * w + column], sh);
                dst[j * w + x] = pack(acc);
            }
        }
        return dst;
    }

    /** Coverage-weighted mean of each channel of the pixels {@code pixel(k)} over the interval {@code [from, to)}. */
    private static void areaMean(
            double[] acc, double from, double to, java.util.function.IntUnaryOperator pixel, int count) {
        java.util.Arrays.fill(acc, 0);
        int k0 = (int) Math.floor(from);
        int k1 = Math.min(count - 1, (int) Math.ceil(to) - 1);
        for (int k = k0; k <= k1; k++) {
            double weight = Math.min(to, k + 1) - Math.max(from, k);
            if (weight <= 0) {
                continue;
            }
            int p = pixel.applyAsInt(k);
            for (int c = 0; c < 4; c++) {
                acc[c] += weight * ((p >>> (8 * c)) & 255);
            }
        }
        for (int c = 0; c < 4; c++) {
            acc[c] /= to - from;
        }
    }

    private static int pack(double[] channels) {
        int out = 0;
        for (int c = 0; c < 4; c++) {
            out |= (Math.clamp((long) Math.floor(channels[c] + 1e-9), 0, 255) & 255) << (8 * c);
        }
        return out;
    }

    /** Mirrors the frame top to bottom, in place (as {@code pygame.transform.flip(surf, False, True)}). */
    void flipVertical() {
        int[] row = new int[width];
        for (int top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
            System.arraycopy(px, top * width, row, 0, width);
            System.arraycopy(px, bottom * width, px, top * width, width);
            System.arraycopy(row, 0, px, bottom * width, width);
        }
    }
}
