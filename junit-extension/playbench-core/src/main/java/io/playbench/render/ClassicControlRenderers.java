package io.playbench.render;

import io.playbench.env.VecEnv;
import io.playbench.env.classic.AcrobotEnv;
import io.playbench.env.classic.CartPoleEnv;
import io.playbench.env.classic.MountainCarContinuousEnv;
import io.playbench.env.classic.MountainCarEnv;
import io.playbench.env.classic.PendulumEnv;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Draws the classic-control tasks as Gymnasium 1.x draws them in {@code rgb_array} mode: the same scene, sizes
 * (CartPole and MountainCar 600 × 400, Pendulum and Acrobot 500 × 500), colours and pygame primitives (see
 * {@link Gfx}), from an env's state ({@code state(i)} of {@link CartPoleEnv}, {@link PendulumEnv}, {@link AcrobotEnv},
 * {@link MountainCarEnv}, {@link MountainCarContinuousEnv}).
 *
 * <p>Pendulum's torque arrow is Gymnasium's own {@code assets/clockwise.png} (MIT licence, Farama Foundation),
 * scaled by the last torque as Gymnasium scales it.
 */
public final class ClassicControlRenderers implements RendererProvider {

    private static final int BLACK = 0x000000;
    private static volatile BufferedImage clockwise;

    /** For {@link java.util.ServiceLoader}. */
    public ClassicControlRenderers() {}

    @Override
    public Optional<Renderer> rendererFor(VecEnv env) {
        return switch (env) {
            case CartPoleEnv e -> Optional.of(bound(Scene.CART_POLE, e::state));
            case PendulumEnv e -> Optional.of(bound(Scene.PENDULUM, e::state));
            case AcrobotEnv e -> Optional.of(bound(Scene.ACROBOT, e::state));
            case MountainCarEnv e -> Optional.of(bound(Scene.MOUNTAIN_CAR, e::state));
            case MountainCarContinuousEnv e -> Optional.of(bound(Scene.MOUNTAIN_CAR_CONTINUOUS, e::state));
            default -> Optional.empty();
        };
    }

    private static Renderer bound(Scene scene, java.util.function.IntFunction<double[]> state) {
        return new Renderer() {
            @Override
            public BufferedImage render(int envIndex, float[] lastAction) {
                return scene.draw(state.apply(envIndex), lastAction);
            }

            @Override
            public int renderFps() {
                return scene.fps;
            }
        };
    }

    /**
     * Draws a task from a state, as Gymnasium does after setting {@code env.unwrapped.state}.
     *
     * @param taskId a classic-control task id ({@code CartPole-v1}, {@code Pendulum-v1}, {@code Acrobot-v1},
     *        {@code MountainCar-v0}, {@code MountainCarContinuous-v0}, or another version of them)
     * @param state the state, in the env's layout
     * @param lastAction the last action (Pendulum: the torque), or {@code null}
     * @return a new {@code TYPE_INT_RGB} frame
     * @throws IllegalArgumentException for another task
     */
    public static BufferedImage draw(String taskId, double[] state, float[] lastAction) {
        return scene(taskId).draw(state, lastAction);
    }

    /**
     * Gymnasium's {@code render_fps} of a task.
     *
     * @param taskId the task id
     * @return frames per second
     */
    public static int renderFps(String taskId) {
        return scene(taskId).fps;
    }

    private static Scene scene(String taskId) {
        String name = taskId.contains("-v") ? taskId.substring(0, taskId.lastIndexOf("-v")) : taskId;
        return switch (name) {
            case "CartPole" -> Scene.CART_POLE;
            case "Pendulum" -> Scene.PENDULUM;
            case "Acrobot" -> Scene.ACROBOT;
            case "MountainCar" -> Scene.MOUNTAIN_CAR;
            case "MountainCarContinuous" -> Scene.MOUNTAIN_CAR_CONTINUOUS;
            default -> throw new IllegalArgumentException("no classic-control renderer for task '" + taskId + "'");
        };
    }

    private enum Scene {
        CART_POLE(50) {
            @Override
            BufferedImage draw(double[] x, float[] lastAction) {
                Gfx g = new Gfx(600, 400);
                g.fill(0xFFFFFF);
                double scale = 600 / (2.4 * 2);
                double polewidth = 10.0;
                double polelen = scale * (2 * 0.5);
                double cartwidth = 50.0;
                double cartheight = 30.0;
                double l = -cartwidth / 2;
                double r = cartwidth / 2;
                double t = cartheight / 2;
                double b = -cartheight / 2;
                double axleoffset = cartheight / 4.0;
                double cartx = x[0] * scale + 600 / 2.0;
                double carty = 100;
                double[] cx = {l + cartx, l + cartx, r + cartx, r + cartx};
                double[] cy = {b + carty, t + carty, t + carty, b + carty};
                g.aapolygon(cx, cy, BLACK);
                g.filledPolygon(cx, cy, BLACK);
                l = -polewidth / 2;
                r = polewidth / 2;
                t = polelen - polewidth / 2;
                b = -polewidth / 2;
                double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
                double[] px = new double[4];
                double[] py = new double[4];
                for (int i = 0; i < 4; i++) {
                    double[] c = rotate(corners[i][0], corners[i][1], -x[2]);
                    px[i] = c[0] + cartx;
                    py[i] = c[1] + carty + axleoffset;
                }
                int pole = 0xCA9865; // (202, 152, 101)
                g.aapolygon(px, py, pole);
                g.filledPolygon(px, py, pole);
                int axle = 0x8184CB; // (129, 132, 203)
                g.aacircle(Gfx.s16(cartx), Gfx.s16(carty + axleoffset), (int) (polewidth / 2), axle);
                g.filledCircle(Gfx.s16(cartx), Gfx.s16(carty + axleoffset), (int) (polewidth / 2), axle);
                g.hline(0, 600, (int) carty, BLACK);
                g.flipVertical();
                return g.image;
            }
        },
        PENDULUM(30) {
            @Override
            BufferedImage draw(double[] state, float[] lastAction) {
                Gfx g = new Gfx(500, 500);
                g.fill(0xFFFFFF);
                double bound = 2.2;
                double scale = 500 / (bound * 2);
                int offset = 500 / 2;
                double rodLength = 1 * scale;
                double rodWidth = 0.2 * scale;
                double l = 0;
                double r = rodLength;
                double t = rodWidth / 2;
                double b = -rodWidth / 2;
                double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
                double[] px = new double[4];
                double[] py = new double[4];
                double angle = state[0] + Math.PI / 2;
                for (int i = 0; i < 4; i++) {
                    double[] c = rotate(corners[i][0], corners[i][1], angle);
                    px[i] = c[0] + offset;
                    py[i] = c[1] + offset;
                }
                int red = 0xCC4D4D; // (204, 77, 77)
                g.aapolygon(px, py, red);
                g.filledPolygon(px, py, red);
                int rad = (int) (rodWidth / 2);
                g.aacircle(offset, offset, rad, red);
                g.filledCircle(offset, offset, rad, red);
                double[] end = rotate(rodLength, 0, angle);
                int ex = (int) (end[0] + offset);
                int ey = (int) (end[1] + offset);
                g.aacircle(ex, ey, rad, red);
                g.filledCircle(ex, ey, rad, red);
                if (lastAction != null && lastAction.length > 0) {
                    float u = Math.max(-2f, Math.min(2f, lastAction[0]));
                    int size = (int) (scale * Math.abs(u) / 2);
                    g.blitScaled(clockwise(), size, size, u > 0, true, offset - size / 2, offset - size / 2);
                }
                int axle = (int) (0.05 * scale);
                g.aacircle(offset, offset, axle, BLACK);
                g.filledCircle(offset, offset, axle, BLACK);
                g.flipVertical();
                return g.image;
            }
        },
        ACROBOT(15) {
            @Override
            BufferedImage draw(double[] s, float[] lastAction) {
                Gfx g = new Gfx(500, 500);
                g.fill(0xFFFFFF);
                double bound = 1.0 + 1.0 + 0.2;
                double scale = 500 / (bound * 2);
                double offset = 500 / 2.0;
                double[] p1 = {-1.0 * Math.cos(s[0]) * scale, 1.0 * Math.sin(s[0]) * scale};
                double[][] xys = {{0, 0}, {p1[1], p1[0]}};
                double[] thetas = {s[0] - Math.PI / 2, s[0] + s[1] - Math.PI / 2};
                g.line(
                        (int) (-2.2 * scale + offset),
                        (int) (1 * scale + offset),
                        (int) (2.2 * scale + offset),
                        (int) (1 * scale + offset),
                        BLACK);
                int link = 0x00CCCC; // (0, 204, 204)
                int joint = 0xCCCC00; // (204, 204, 0)
                for (int k = 0; k < 2; k++) {
                    double x = xys[k][0] + offset;
                    double y = xys[k][1] + offset;
                    double l = 0;
                    double r = scale;
                    double t = 0.1 * scale;
                    double b = -0.1 * scale;
                    double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
                    double[] px = new double[4];
                    double[] py = new double[4];
                    for (int i = 0; i < 4; i++) {
                        double[] c = rotate(corners[i][0], corners[i][1], thetas[k]);
                        px[i] = c[0] + x;
                        py[i] = c[1] + y;
                    }
                    g.aapolygon(px, py, link);
                    g.filledPolygon(px, py, link);
                    g.aacircle(Gfx.s16(x), Gfx.s16(y), (int) (0.1 * scale), joint);
                    g.filledCircle(Gfx.s16(x), Gfx.s16(y), (int) (0.1 * scale), joint);
                }
                g.flipVertical();
                return g.image;
            }
        },
        MOUNTAIN_CAR(30) {
            @Override
            BufferedImage draw(double[] state, float[] lastAction) {
                return mountainCar(state, 0.5);
            }
        },
        MOUNTAIN_CAR_CONTINUOUS(30) {
            @Override
            BufferedImage draw(double[] state, float[] lastAction) {
                return mountainCar(state, 0.45);
            }
        };

        final int fps;

        Scene(int fps) {
            this.fps = fps;
        }

        abstract BufferedImage draw(double[] state, float[] lastAction);
    }

    /** MountainCar and MountainCarContinuous: one scene, their goals differ (0.5 and 0.45). */
    private static BufferedImage mountainCar(double[] state, double goal) {
        Gfx g = new Gfx(600, 400);
        g.fill(0xFFFFFF);
        double min = -1.2;
        double max = 0.6;
        double scale = 600 / (max - min);
        double carwidth = 40;
        double carheight = 20;
        double pos = state[0];
        int n = 100;
        float[] xs = new float[n];
        float[] ys = new float[n];
        double step = (max - min) / (n - 1);
        for (int i = 0; i < n; i++) {
            double xv = i == n - 1 ? max : i * step + min;
            xs[i] = (float) ((xv - min) * scale);
            ys[i] = (float) (height(xv) * scale);
        }
        g.aalines(xs, ys, BLACK);
        double clearance = 10;
        double l = -carwidth / 2;
        double r = carwidth / 2;
        double t = carheight;
        double b = 0;
        double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
        double[] px = new double[4];
        double[] py = new double[4];
        double angle = Math.cos(3 * pos);
        for (int i = 0; i < 4; i++) {
            double[] c = rotate(corners[i][0], corners[i][1], angle);
            px[i] = c[0] + (pos - min) * scale;
            py[i] = c[1] + clearance + height(pos) * scale;
        }
        g.aapolygon(px, py, BLACK);
        g.filledPolygon(px, py, BLACK);
        int grey = 0x808080;
        for (double wx : new double[] {carwidth / 4, -carwidth / 4}) {
            double[] c = rotate(wx, 0, angle);
            int x = (int) (c[0] + (pos - min) * scale);
            int y = (int) (c[1] + clearance + height(pos) * scale);
            g.aacircle(x, y, (int) (carheight / 2.5), grey);
            g.filledCircle(x, y, (int) (carheight / 2.5), grey);
        }
        int flagx = (int) ((goal - min) * scale);
        int flagy1 = (int) (height(goal) * scale);
        int flagy2 = flagy1 + 50;
        g.vline(flagx, flagy1, flagy2, BLACK);
        double[] fx = {flagx, flagx, flagx + 25};
        double[] fy = {flagy2, flagy2 - 10, flagy2 - 5};
        int yellow = 0xCCCC00;
        g.aapolygon(fx, fy, yellow);
        g.filledPolygon(fx, fy, yellow);
        g.flipVertical();
        return g.image;
    }

    private static double height(double xs) {
        return Math.sin(3 * xs) * .45 + .55;
    }

    /** pygame's {@code Vector2.rotate_rad}, exact quarter turns included. */
    static double[] rotate(double x, double y, double angle) {
        double twoPi = 2 * Math.PI;
        double epsilon = 1e-6;
        angle = angle % twoPi;
        if (angle < 0) {
            angle += twoPi;
        }
        if ((angle + epsilon) % (Math.PI / 2) < 2 * epsilon) {
            return switch ((int) ((angle + epsilon) / (Math.PI / 2))) {
                case 1 -> new double[] {-y, x};
                case 2 -> new double[] {-x, -y};
                case 3 -> new double[] {y, -x};
                default -> new double[] {x, y};
            };
        }
        double sin = Math.sin(angle);
        double cos = Math.cos(angle);
        return new double[] {cos * x - sin * y, sin * x + cos * y};
    }

    private static BufferedImage clockwise() {
        BufferedImage img = clockwise;
        if (img == null) {
            try (InputStream in = ClassicControlRenderers.class.getResourceAsStream("clockwise.png")) {
                if (in == null) {
                    throw new IllegalStateException("io/playbench/render/clockwise.png is missing from the class path");
                }
                img = ImageIO.read(in);
                clockwise = img;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return img;
    }
}
