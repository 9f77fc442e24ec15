package io.playbench.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * A pygame surface in Java2D: an opaque {@code TYPE_INT_RGB} {@link BufferedImage} and the primitives Gymnasium's
 * classic-control renderers call, ported from the C code pygame 2.1 ships (SDL_gfx's {@code filledPolygonColor},
 * {@code aapolygonColor} (Wu lines without end points), {@code aacircleColor} (anti-aliased ellipse),
 * {@code filledCircleColor}, {@code hlineColor} and {@code vlineColor}; pygame's own {@code draw.aalines} and
 * {@code draw.line}), with their integer truncations and blending ({@code d + ((c - d) * a >> 8)}), so that a frame
 * matches Gymnasium's {@code render()} pixel for pixel but for rounding in the few float paths.
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

    /** {@code pygame.draw.line} of width 1 (integer end points, Bresenham). */
    void line(int x1, int y1, int x2, int y2, int rgb) {
        if (x1 == x2 && y1 == y2) {
            set(x1, y1, rgb);
            return;
        }
        if (y1 == y2) {
            int dx = x1 < x2 ? 1 : -1;
            for (int sx = 0; sx <= Math.abs(x1 - x2); sx++) {
                set(x1 + dx * sx, y1, rgb);
            }
            return;
        }
        if (x1 == x2) {
            int dy = y1 < y2 ? 1 : -1;
            for (int sy = 0; sy <= Math.abs(y1 - y2); sy++) {
                set(x1, y1 + dy * sy, rgb);
            }
            return;
        }
        int dx = Math.abs(x2 - x1);
        int sx = x1 < x2 ? 1 : -1;
        int dy = Math.abs(y2 - y1);
        int sy = y1 < y2 ? 1 : -1;
        int err = (dx > dy ? dx : -dy) / 2;
        while (x1 != x2 || y1 != y2) {
            set(x1, y1, rgb);
            int e2 = err;
            if (e2 > -dx) {
                err -= dy;
                x1 += sx;
            }
            if (e2 < dy) {
                err += dx;
                y1 += sy;
            }
        }
        set(x2, y2, rgb);
    }

    /** {@code pygame.draw.aalines(closed=False, blend=1)}: pygame 2.1's float Wu line per segment. */
    void aalines(float[] xs, float[] ys, int rgb) {
        for (int i = 1; i < xs.length; i++) {
            aalineFloat(xs[i - 1], ys[i - 1], xs[i], ys[i], rgb);
        }
    }

    private void aaPixel(int x, int y, int rgb, float brightness) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return;
        }
        int i = y * width + x;
        int bg = px[i];
        int r = (int) (brightness * ((rgb >> 16) & 255) + (1 - brightness) * ((bg >> 16) & 255)) & 255;
        int g = (int) (brightness * ((rgb >> 8) & 255) + (1 - brightness) * ((bg >> 8) & 255)) & 255;
        int b = (int) (brightness * (rgb & 255) + (1 - brightness) * (bg & 255)) & 255;
        px[i] = (r << 16) | (g << 8) | b;
    }

    private void aalineFloat(float fromX, float fromY, float toX, float toY, int rgb) {
        float dx = toX - fromX;
        float dy = toY - fromY;
        if (Math.abs(dx) < 0.0001 && Math.abs(dy) < 0.0001) {
            aaPixel((int) Math.floor(fromX + 0.5), (int) Math.floor(fromY + 0.5), rgb, 1f);
            return;
        }
        float clipLeft = -1.0f;
        float clipRight = clipLeft + width + 1.0f;
        float clipTop = -1.0f;
        float clipBottom = clipTop + height + 1.0f;
        boolean steep = Math.abs(dx) < Math.abs(dy);
        float t;
        if (steep) {
            t = fromX; fromX = fromY; fromY = t;
            t = toX; toX = toY; toY = t;
            t = dx; dx = dy; dy = t;
            t = clipLeft; clipLeft = clipTop; clipTop = t;
            t = clipRight; clipRight = clipBottom; clipBottom = t;
        }
        if (dx < 0) {
            t = fromX; fromX = toX; toX = t;
            t = fromY; fromY = toY; toY = t;
            dx = -dx;
            dy = -dy;
        }
        if (toX <= clipLeft || fromX >= clipRight) {
            return;
        }
        float gradient = dy / dx;
        if (fromX < clipLeft) {
            fromY += gradient * (clipLeft - fromX);
            fromX = clipLeft;
        }
        if (toX > clipRight) {
            toY += gradient * (clipRight - toX);
            toX = clipRight;
        }
        if (gradient > 0.0f) {
            if (toY <= clipTop || fromY >= clipBottom) {
                return;
            }
            if (fromY < clipTop) {
                fromX += (clipTop - fromY) / gradient;
                fromY = clipTop;
            }
            if (toY > clipBottom) {
                toX += (clipBottom - toY) / gradient;
                toY = clipBottom;
            }
        } else {
            if (fromY <= clipTop || toY >= clipBottom) {
                return;
            }
            if (toY < clipTop) {
                toX += (clipTop - toY) / gradient;
                toY = clipTop;
            }
            if (fromY > clipBottom) {
                fromX += (clipBottom - fromY) / gradient;
                fromY = clipBottom;
            }
        }
        fromY += 1.0f;
        toY += 1.0f;
        int x;
        int y;
        float brightness;
        float xGap;
        float yEndpoint;
        int xPixelStart = (int) fromX;
        float intersectY;
        yEndpoint = intersectY = fromY + gradient * (xPixelStart - fromX);
        if (toX > clipLeft + 1.0f) {
            xGap = 1 + xPixelStart - fromX;
            brightness = yEndpoint - (int) yEndpoint;
            if (steep) {
                x = (int) yEndpoint;
                y = xPixelStart;
            } else {
                x = xPixelStart;
                y = (int) yEndpoint;
            }
            if ((int) yEndpoint < yEndpoint) {
                aaPixel(x, y, rgb, brightness * xGap);
            }
            if (steep) {
                x--;
            } else {
                y--;
            }
            brightness = 1 - brightness;
            aaPixel(x, y, rgb, brightness * xGap);
            intersectY += gradient;
            xPixelStart++;
        }
        int xPixelEnd = (int) Math.ceil(toX);
        if (fromX < clipRight - 1.0f) {
            yEndpoint = toY + gradient * (xPixelEnd - toX);
            xGap = 1 - xPixelEnd + toX;
            brightness = yEndpoint - (int) yEndpoint;
            if (steep) {
                x = (int) yEndpoint;
                y = xPixelEnd;
            } else {
                x = xPixelEnd;
                y = (int) yEndpoint;
            }
            if ((int) yEndpoint < yEndpoint) {
                aaPixel(x, y, rgb, brightness * xGap);
            }
            if (steep) {
                x--;
            } else {
                y--;
            }
            brightness = 1 - brightness;
            aaPixel(x, y, rgb, brightness * xGap);
        }
        for (x = xPixelStart; x < xPixelEnd; x++) {
            y = (int) intersectY;
            brightness = 1 - intersectY + y;
            if (steep) {
                aaPixel(y - 1, x, rgb, brightness);
                if (y < intersectY) {
                    aaPixel(y, x, rgb, 1 - brightness);
                }
            } else {
                aaPixel(x, y - 1, rgb, brightness);
                if (y < intersectY) {
                    aaPixel(x, y, rgb, 1 - brightness);
                }
            }
            intersectY += gradient;
        }
    }

    /**
     * {@code pygame.transform.smoothscale} (a shrink: pygame's area-averaging filters, ported) then
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
                px[k] = (mix((d >> 16) & 255, (s >> 16) & 255, a) << 16) | (mix((d >> 8) & 255, (s >> 8) & 255, a) << 8)
                        | mix(d & 255, s & 255, a);
            }
        }
    }

    /** pygame's {@code filter_shrink_X_ONLYC} on packed ARGB (each channel on its own). */
    private static int[] shrinkX(int[] src, int sw, int sh, int dw) {
        if (dw == sw) {
            return src;
        }
        int[] dst = new int[dw * sh];
        int xspace = (int) (0x10000L * sw / dw);
        int xrecip = (int) (0x100000000L / xspace);
        for (int y = 0; y < sh; y++) {
            int[] acc = new int[4];
            int xcounter = xspace;
            int o = y * dw;
            for (int x = 0; x < sw; x++) {
                int p = src[y * sw + x];
                if (xcounter > 0x10000) {
                    for (int c = 0; c < 4; c++) {
                        acc[c] = (acc[c] + ((p >>> (8 * c)) & 255)) & 0xFFFF;
                    }
                    xcounter -= 0x10000;
                } else {
                    int xfrac = 0x10000 - xcounter;
                    int out = 0;
                    for (int c = 0; c < 4; c++) {
                        int v = (p >>> (8 * c)) & 255;
                        out |= ((int) (((acc[c] + ((v * xcounter) >> 16)) * (long) xrecip) >> 16) & 255) << (8 * c);
                        acc[c] = ((v * xfrac) >> 16) & 0xFFFF;
                    }
                    if (o < (y + 1) * dw) {
                        dst[o++] = out;
                    }
                    xcounter = xspace - xfrac;
                }
            }
        }
        return dst;
    }

    /** pygame's {@code filter_shrink_Y_ONLYC} on packed ARGB. */
    private static int[] shrinkY(int[] src, int w, int sh, int dh) {
        if (dh == sh) {
            return src;
        }
        int[] dst = new int[w * dh];
        int yspace = (int) (0x10000L * sh / dh);
        int yrecip = (int) (0x100000000L / yspace);
        int ycounter = yspace;
        int[] acc = new int[w * 4];
        int o = 0;
        for (int y = 0; y < sh; y++) {
            if (ycounter > 0x10000) {
                for (int x = 0; x < w; x++) {
                    int p = src[y * w + x];
                    for (int c = 0; c < 4; c++) {
                        acc[x * 4 + c] = (acc[x * 4 + c] + ((p >>> (8 * c)) & 255)) & 0xFFFF;
                    }
                }
                ycounter -= 0x10000;
            } else {
                int yfrac = 0x10000 - ycounter;
                for (int x = 0; x < w; x++) {
                    int p = src[y * w + x];
                    int out = 0;
                    for (int c = 0; c < 4; c++) {
                        int v = (p >>> (8 * c)) & 255;
                        out |= ((int) (((acc[x * 4 + c] + ((v * ycounter) >> 16)) * (long) yrecip) >> 16) & 255) << (8 * c);
                        acc[x * 4 + c] = ((v * yfrac) >> 16) & 0xFFFF;
                    }
                    if (o < dst.length) {
                        dst[o++] = out;
                    }
                }
                ycounter = yspace - yfrac;
            }
        }
        return dst;
    }

    /** {@code pygame.transform.flip(surf, False, True)}, in place. */
    void flipVertical() {
        int[] row = new int[width];
        for (int top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
            System.arraycopy(px, top * width, row, 0, width);
            System.arraycopy(px, bottom * width, px, top * width, width);
            System.arraycopy(row, 0, px, bottom * width, width);
        }
    }
}
