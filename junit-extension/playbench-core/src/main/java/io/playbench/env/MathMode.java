package io.playbench.env;

/**
 * How an environment evaluates transcendental functions and squares, which decides whether it reproduces Gymnasium's
 * results to the last bit.
 */
public enum MathMode {

    /**
     * The platform C library's {@code sin}, {@code cos}, {@code pow} and {@code powf}, called through Java's
     * foreign-function API, exactly what NumPy calls. Bit-exact with Gymnasium on the same C library (the golden
     * values were made on x86-64 Linux with glibc). The default. Needs native access
     * ({@code --enable-native-access=ALL-UNNAMED}; without it the JDK prints a warning).
     */
    EXACT,

    /**
     * {@link Math#sin}, {@link Math#cos} and {@code x * x}: faster, but the last bit differs from the C library in
     * about 0.1 % of calls, so chaotic tasks (Acrobot, Pendulum) drift from Gymnasium over long rollouts. CartPole and
     * MountainCar trajectories were unaffected in the reference's 20,000-step checks.
     */
    FAST
}
