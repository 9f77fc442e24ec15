package io.playbench.gpu;

import io.playbench.env.AutoresetMode;
import java.util.Locale;

/**
 * Acrobot-v1, MountainCar-v0, MountainCarContinuous-v0 and Pendulum-v1 in CUDA C++, term for term as PlayBench's
 * CPU envs (bit-exact ports of Gymnasium): binary64 state, the same evaluation order, every operation an explicitly
 * rounded intrinsic ({@code __dmul_rn}, {@code __dadd_rn}, {@code __ddiv_rn}, {@code __fmul_rn}, ...) so the compiler
 * cannot fuse them, float32 where NumPy computes in float32 (MountainCarContinuous after its first step, Pendulum's
 * torque terms, Acrobot's reset observation with NumPy's own float32 {@code sin}/{@code cos}), Python's floored
 * {@code %} from the exact {@code fmod}. What differs from the CPU env: the device's binary64 {@code sin}/{@code cos}
 * (within 2 ulp instead of glibc's) and {@code x * x} for NumPy's {@code x ** 2} (glibc's {@code pow}, which is one
 * ulp off {@code x * x} for about 0.08 % of inputs), so states can differ in the last binary64 bits and float32
 * observations by 1 ulp, rarely.
 *
 * <p>Each task defines {@code task_reset}, {@code task_step}, {@code task_observe} and {@code task_success}; the
 * kernels ({@code env_reset}, {@code env_observe}, {@code env_step_once}, {@code play}) are shared and have the shape
 * of CartPole's ({@link CudaCartPole}), which keeps its own hand-tuned source.
 */
final class CudaClassicControl {

    private CudaClassicControl() {}

    static String source(CudaTask task, AutoresetMode autoreset, int minBlocks) {
        String constants = String.format(
                Locale.ROOT,
                """
                #define LAUNCH_MIN_BLOCKS %s
                #define MAX_STEPS %d
                #define NEXT_STEP_RESET %d
                #define TASK_STATE %d
                #define TASK_OBS %d
                #define TASK_DISCRETE %d
                #define TASK_ACT %d
                #define PB_PI %s
                """,
                minBlocks > 0 ? ", " + minBlocks : "",
                task.maxEpisodeSteps(),
                autoreset == AutoresetMode.NEXT_STEP ? 1 : 0,
                task.stateSize(),
                task.observationSize(),
                task.continuous() ? 0 : 1,
                task.continuous() ? task.actionSize() : 1,
                d(Math.PI));
        String functions = switch (task.id()) {
            case "Acrobot-v1" -> acrobot();
            case "MountainCar-v0" -> mountainCar();
            case "MountainCarContinuous-v0" -> mountainCarContinuous();
            case "Pendulum-v1" -> pendulum();
            default -> throw new IllegalArgumentException("no generic CUDA source for " + task.id());
        };
        return constants + COMMON + functions + KERNELS;
    }

    /** Helpers: Python's floored modulo, the reset's uniform draw. */
    private static final String COMMON = """
            // Python's float %: the exact fmod, moved to the divisor's sign (NumpyMath.floorMod)
            __device__ __forceinline__ double py_floor_mod(double a, double b) {
                double r = fmod(a, b);
                if (r != 0.0) {
                    if ((r < 0.0) != (b < 0.0)) r = __dadd_rn(r, b);
                } else {
                    r = copysign(0.0, b);
                }
                return r;
            }
            __device__ __forceinline__ double pb_uniform(double low, double range, unsigned int a, unsigned int b) {
                return __dadd_rn(low, __dmul_rn(range, philox_unit(a, b)));
            }
            __device__ __forceinline__ void pb_draws(uint4* a, uint4* b, unsigned long long seed, unsigned int env, unsigned int r) {
                uint2 key = make_uint2((unsigned int) seed, (unsigned int) (seed >> 32));
                *a = philox4x32_10(make_uint4(r, env, 0u, 0u), key);
                *b = philox4x32_10(make_uint4(r, env, 1u, 0u), key);
            }
            """;

    private static String pendulum() {
        return String.format(Locale.ROOT, """
                // Pendulum-v1: s = (theta, theta_dot, upright streak)
                #define PD_TWO_PI %s
                #define PD_RANGE_TH %s
                __device__ __forceinline__ double pd_angle_normalize(double x) {
                    return __dsub_rn(py_floor_mod(__dadd_rn(x, PB_PI), PD_TWO_PI), PB_PI);
                }
                __device__ __forceinline__ void task_reset(double* s, unsigned long long seed, unsigned int env, unsigned int r) {
                    uint4 a, b;
                    pb_draws(&a, &b, seed, env, r);
                    s[0] = pb_uniform(-PB_PI, PD_RANGE_TH, a.x, a.y);
                    s[1] = pb_uniform(-1.0, 2.0, a.z, a.w);
                    s[2] = 0.0;
                }
                __device__ __forceinline__ bool task_step(double* s, const float* act, double* reward) {
                    double th = s[0], thd = s[1];
                    float u = fminf(fmaxf(act[0], -2.0f), 2.0f);
                    double alpha = pd_angle_normalize(th);
                    double cost = __dadd_rn(__dadd_rn(__dmul_rn(alpha, alpha), __dmul_rn(0.1, __dmul_rn(thd, thd))),
                            (double) __fmul_rn(0.001f, __fmul_rn(u, u)));
                    double nthd = __dadd_rn(thd, __dmul_rn(__dadd_rn(__dmul_rn(15.0, sin(th)), (double) __fmul_rn(3.0f, u)), 0.05));
                    nthd = fmin(fmax(nthd, -8.0), 8.0);
                    double nth = __dadd_rn(th, __dmul_rn(nthd, 0.05));
                    s[0] = nth;
                    s[1] = nthd;
                    s[2] = (fabs(pd_angle_normalize(nth)) < 0.1 && fabs(nthd) < 1.0) ? __dadd_rn(s[2], 1.0) : 0.0;
                    *reward = -cost;
                    return false;
                }
                __device__ __forceinline__ void task_observe(const double* s, float* o) {
                    double sn, c;
                    sincos(s[0], &sn, &c);
                    o[0] = (float) c; o[1] = (float) sn; o[2] = (float) s[1];
                }
                __device__ __forceinline__ bool task_success(const double* s, bool term, bool trunc) {
                    return s[2] >= 20.0;
                }
                """, d(2 * Math.PI), d(Math.PI - (-Math.PI)));
    }

    private static String acrobot() {
        return String.format(
                Locale.ROOT,
                """
                // Acrobot-v1 ("book" dynamics, one RK4 step of 0.2 s): s = (theta1, theta2, dtheta1, dtheta2, just reset)
                #define AC_DT 0.2
                #define AC_SIXTH_DT %s
                #define AC_MAX_VEL_1 %s
                #define AC_MAX_VEL_2 %s
                #define AC_HALF_PI %s
                #define AC_M2_LC2_G %s
                #define AC_M1LC1_M2L1_G %s
                #define AC_TWO_PI %s
                #define AC_RESET_RANGE %s
                // NumPy's float32 sin / cos (x86-64 SIMD path, NumpyMath.f32sincos), for |x| below 71476
                __device__ __forceinline__ float np_f32sincos(float x, bool cosine) {
                    float q = __fsub_rn(fmaf(x, %s, %s), %s);
                    float r = fmaf(q, %s, x);
                    r = fmaf(q, %s, r);
                    r = fmaf(q, %s, r);
                    float r2 = __fmul_rn(r, r);
                    float c = fmaf(%s, r2, %s);
                    c = fmaf(c, r2, %s);
                    c = fmaf(c, r2, -0.5f);
                    c = fmaf(c, r2, 1.0f);
                    float sn = fmaf(%s, r2, %s);
                    sn = fmaf(sn, r2, %s);
                    sn = fmaf(sn, r2, %s);
                    sn = fmaf(sn, r2, 0.0f);
                    sn = fmaf(sn, r, r);
                    int k = (int) q;
                    if (cosine) k = k + 1;
                    float v = (k & 1) == 0 ? sn : c;
                    if ((k & 2) != 0) v = __fsub_rn(0.0f, v);
                    return v;
                }
                __device__ __forceinline__ void task_reset(double* s, unsigned long long seed, unsigned int env, unsigned int r) {
                    uint4 a, b;
                    pb_draws(&a, &b, seed, env, r);
                    // drawn in binary64, stored as float32 (astype(np.float32))
                    s[0] = (double) (float) pb_uniform(-0.1, AC_RESET_RANGE, a.x, a.y);
                    s[1] = (double) (float) pb_uniform(-0.1, AC_RESET_RANGE, a.z, a.w);
                    s[2] = (double) (float) pb_uniform(-0.1, AC_RESET_RANGE, b.x, b.y);
                    s[3] = (double) (float) pb_uniform(-0.1, AC_RESET_RANGE, b.z, b.w);
                    s[4] = 1.0;
                }
                __device__ __forceinline__ void ac_acc(double t1, double t2, double dt1, double dt2, double a, double* ddt1, double* ddt2) {
                    double s2, c2;
                    sincos(t2, &s2, &c2);
                    double d1 = __dadd_rn(__dadd_rn(__dadd_rn(0.25, __dadd_rn(1.25, c2)), 1.0), 1.0);
                    double d2 = __dadd_rn(__dadd_rn(0.25, __dmul_rn(0.5, c2)), 1.0);
                    double phi2 = __dmul_rn(AC_M2_LC2_G, cos(__dsub_rn(__dadd_rn(t1, t2), AC_HALF_PI)));
                    double phi1 = __dadd_rn(__dadd_rn(__dsub_rn(__dmul_rn(__dmul_rn(-0.5, __dmul_rn(dt2, dt2)), s2), __dmul_rn(__dmul_rn(dt2, dt1), s2)),
                            __dmul_rn(AC_M1LC1_M2L1_G, cos(__dsub_rn(t1, AC_HALF_PI)))), phi2);
                    double a2 = __ddiv_rn(__dsub_rn(__dsub_rn(__dadd_rn(a, __dmul_rn(__ddiv_rn(d2, d1), phi1)), __dmul_rn(__dmul_rn(0.5, __dmul_rn(dt1, dt1)), s2)), phi2),
                            __dsub_rn(1.25, __ddiv_rn(__dmul_rn(d2, d2), d1)));
                    *ddt2 = a2;
                    *ddt1 = __ddiv_rn(-__dadd_rn(__dmul_rn(d2, a2), phi1), d1);
                }
                __device__ __forceinline__ double ac_wrap(double x) {
                    if (!isfinite(x)) return x;
                    while (x > PB_PI) x = __dsub_rn(x, AC_TWO_PI);
                    while (x < -PB_PI) x = __dadd_rn(x, AC_TWO_PI);
                    return x;
                }
                __device__ __forceinline__ double ac_bound(double x, double m, double M) {
                    double v = m > x ? m : x;
                    return M < v ? M : v;
                }
                __device__ __forceinline__ double ac_rk(double y, double k1, double k2, double k3, double k4) {
                    return __dadd_rn(y, __dmul_rn(AC_SIXTH_DT, __dadd_rn(__dadd_rn(__dadd_rn(k1, __dmul_rn(2.0, k2)), __dmul_rn(2.0, k3)), k4)));
                }
                __device__ __forceinline__ bool task_step(double* s, int action, double* reward) {
                    double a = __dsub_rn((double) action, 1.0);
                    double y0 = s[0], y1 = s[1], y2 = s[2], y3 = s[3];
                    double k1c, k1d, k2c, k2d, k3c, k3d, k4c, k4d;
                    double k1a = y2, k1b = y3;
                    ac_acc(y0, y1, y2, y3, a, &k1c, &k1d);
                    double k2a = __dadd_rn(y2, __dmul_rn(0.1, k1c)), k2b = __dadd_rn(y3, __dmul_rn(0.1, k1d));
                    ac_acc(__dadd_rn(y0, __dmul_rn(0.1, k1a)), __dadd_rn(y1, __dmul_rn(0.1, k1b)), k2a, k2b, a, &k2c, &k2d);
                    double k3a = __dadd_rn(y2, __dmul_rn(0.1, k2c)), k3b = __dadd_rn(y3, __dmul_rn(0.1, k2d));
                    ac_acc(__dadd_rn(y0, __dmul_rn(0.1, k2a)), __dadd_rn(y1, __dmul_rn(0.1, k2b)), k3a, k3b, a, &k3c, &k3d);
                    double k4a = __dadd_rn(y2, __dmul_rn(AC_DT, k3c)), k4b = __dadd_rn(y3, __dmul_rn(AC_DT, k3d));
                    ac_acc(__dadd_rn(y0, __dmul_rn(AC_DT, k3a)), __dadd_rn(y1, __dmul_rn(AC_DT, k3b)), k4a, k4b, a, &k4c, &k4d);
                    double n0 = ac_wrap(ac_rk(y0, k1a, k2a, k3a, k4a));
                    double n1 = ac_wrap(ac_rk(y1, k1b, k2b, k3b, k4b));
                    double n2 = ac_bound(ac_rk(y2, k1c, k2c, k3c, k4c), -AC_MAX_VEL_1, AC_MAX_VEL_1);
                    double n3 = ac_bound(ac_rk(y3, k1d, k2d, k3d, k4d), -AC_MAX_VEL_2, AC_MAX_VEL_2);
                    s[0] = n0; s[1] = n1; s[2] = n2; s[3] = n3; s[4] = 0.0;
                    bool term = __dsub_rn(-cos(n0), cos(__dadd_rn(n1, n0))) > 1.0;
                    *reward = term ? 0.0 : -1.0;
                    return term;
                }
                __device__ __forceinline__ void task_observe(const double* s, float* o) {
                    if (s[4] != 0.0) {
                        // just reset: NumPy computes the observation from the float32 state in float32
                        float t1 = (float) s[0], t2 = (float) s[1];
                        o[0] = np_f32sincos(t1, true); o[1] = np_f32sincos(t1, false);
                        o[2] = np_f32sincos(t2, true); o[3] = np_f32sincos(t2, false);
                    } else {
                        double sn, c;
                        sincos(s[0], &sn, &c);
                        o[0] = (float) c; o[1] = (float) sn;
                        sincos(s[1], &sn, &c);
                        o[2] = (float) c; o[3] = (float) sn;
                    }
                    o[4] = (float) s[2]; o[5] = (float) s[3];
                }
                __device__ __forceinline__ bool task_success(const double* s, bool term, bool trunc) {
                    return term;
                }
                """,
                d(0.2 / 6.0),
                d(4 * Math.PI),
                d(9 * Math.PI),
                d(Math.PI / 2),
                d((1.0 * 0.5) * 9.8),
                d(((1.0 * 0.5) + (1.0 * 1.0)) * 9.8),
                d(Math.PI - (-Math.PI)),
                d(0.1 - (-0.1)),
                f(0x1.45f306p-1f),
                f(0x1.8p23f),
                f(0x1.8p23f),
                f(-0x1.921fb0p+0f),
                f(-0x1.5110b4p-22f),
                f(-0x1.846988p-48f),
                f(0x1.98e616p-16f),
                f(-0x1.6c06dcp-10f),
                f(0x1.55553cp-05f),
                f(0x1.7d3bbcp-19f),
                f(-0x1.a06bbap-13f),
                f(0x1.11119ap-07f),
                f(-0x1.555556p-03f));
    }

    private static String mountainCar() {
        return String.format(Locale.ROOT, """
                // MountainCar-v0: s = (position, velocity)
                #define MC_RESET_RANGE %s
                __device__ __forceinline__ void task_reset(double* s, unsigned long long seed, unsigned int env, unsigned int r) {
                    uint4 a, b;
                    pb_draws(&a, &b, seed, env, r);
                    s[0] = pb_uniform(-0.6, MC_RESET_RANGE, a.x, a.y);
                    s[1] = 0.0;
                }
                __device__ __forceinline__ bool task_step(double* s, int action, double* reward) {
                    double p = s[0], v = s[1];
                    double accel = __dmul_rn((double) (action - 1), 0.001);
                    double hill = __dmul_rn(cos(__dmul_rn(3.0, p)), -0.0025);
                    v = __dadd_rn(v, __dadd_rn(accel, hill));
                    v = fmin(fmax(v, -0.07), 0.07);
                    p = __dadd_rn(p, v);
                    p = fmin(fmax(p, -1.2), 0.6);
                    if (p == -1.2 && v < 0) v = 0.0;
                    s[0] = p; s[1] = v;
                    *reward = -1.0;
                    return p >= 0.5 && v >= 0;
                }
                __device__ __forceinline__ void task_observe(const double* s, float* o) {
                    o[0] = (float) s[0]; o[1] = (float) s[1];
                }
                __device__ __forceinline__ bool task_success(const double* s, bool term, bool trunc) {
                    return term;
                }
                """, d((-0.4) - (-0.6)));
    }

    private static String mountainCarContinuous() {
        return String.format(Locale.ROOT, """
                // MountainCarContinuous-v0 with NumPy 2's float32 promotion: s = (position, velocity, just reset);
                // binary64 after a reset, float32 values after a step (MountainCarContinuousEnv)
                #define MC_RESET_RANGE %s
                __device__ __forceinline__ void task_reset(double* s, unsigned long long seed, unsigned int env, unsigned int r) {
                    uint4 a, b;
                    pb_draws(&a, &b, seed, env, r);
                    s[0] = pb_uniform(-0.6, MC_RESET_RANGE, a.x, a.y);
                    s[1] = 0.0;
                    s[2] = 1.0;
                }
                __device__ __forceinline__ bool task_step(double* s, const float* act, double* reward) {
                    bool t32 = s[2] == 0.0;
                    double p = s[0], v = s[1];
                    float alpha = act[0];
                    bool force32 = true;
                    double force64 = 0.0;
                    if (-1.0f > alpha) { force32 = false; force64 = -1.0; }
                    else if (1.0f < alpha) { force32 = false; force64 = 1.0; }
                    double c = t32 ? __dmul_rn(0.0025, cos((double) __fmul_rn(3.0f, (float) p))) : __dmul_rn(0.0025, cos(__dmul_rn(3.0, p)));
                    double delta = force32 ? (double) __fsub_rn(__fmul_rn(alpha, 0.0015f), (float) c) : __dsub_rn(__dmul_rn(force64, 0.0015), c);
                    bool v32;
                    if (t32) { v = (double) __fadd_rn((float) v, (float) delta); v32 = true; }
                    else { v = __dadd_rn(v, delta); v32 = false; }
                    if (v32 ? (float) v > 0.07f : v > 0.07) { v = 0.07; v32 = false; }
                    if (v32 ? (float) v < -0.07f : v < -0.07) { v = -0.07; v32 = false; }
                    bool p32;
                    if (t32) { p = (double) __fadd_rn((float) p, (float) v); p32 = true; }
                    else { p = __dadd_rn(p, v); p32 = false; }
                    if (p32 ? (float) p > 0.6f : p > 0.6) { p = 0.6; p32 = false; }
                    if (p32 ? (float) p < -1.2f : p < -1.2) { p = -1.2; p32 = false; }
                    if ((p32 ? (float) p == -1.2f : p == -1.2) && v < 0) v = 0.0;
                    bool term = (p32 ? (float) p >= 0.45f : p >= 0.45) && v >= 0;
                    double ad = (double) alpha;
                    *reward = __dsub_rn(term ? 100.0 : 0.0, __dmul_rn(__dmul_rn(ad, ad), 0.1));
                    s[0] = (double) (float) p; s[1] = (double) (float) v; s[2] = 0.0;
                    return term;
                }
                __device__ __forceinline__ void task_observe(const double* s, float* o) {
                    o[0] = (float) s[0]; o[1] = (float) s[1];
                }
                __device__ __forceinline__ bool task_success(const double* s, bool term, bool trunc) {
                    return term;
                }
                """, d((-0.4) - (-0.6)));
    }

    /** The kernels, over {@code task_*}: the same shape and counters as CartPole's, with per-step rewards. */
    private static final String KERNELS = """
            #if TASK_DISCRETE
            #define ACTION_T int
            // the play kernel's policy step: observe the state, then the action a
            #define PLAY_POLICY float o[TASK_OBS]; task_observe(s, o); int a = policy_act(o);
            #else
            #define ACTION_T float
            #define PLAY_POLICY float o[TASK_OBS]; task_observe(s, o); float a[POLICY_OUT]; policy_forward(o, a);
            #endif

            __device__ __forceinline__ void load_state(const double* st, int n, int i, double* s) {
            #pragma unroll
                for (int c = 0; c < TASK_STATE; c++) s[c] = st[c * n + i];
            }
            __device__ __forceinline__ void store_state(double* st, int n, int i, const double* s) {
            #pragma unroll
                for (int c = 0; c < TASK_STATE; c++) st[c * n + i] = s[c];
            }

            // Seeded reset of every env: state from Philox(seed, env, 0), counters cleared.
            extern "C" __global__ void env_reset(double* st, int* steps, double* ret, unsigned int* resets, unsigned char* pending,
                    unsigned long long seed, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i >= n) return;
                double s[TASK_STATE];
                task_reset(s, seed, (unsigned int) i, 0u);
                store_state(st, n, i, s);
                steps[i] = 0; ret[i] = 0.0; resets[i] = 1u; pending[i] = 0;
            }

            // Verification: the observations of the current states (env-major).
            extern "C" __global__ void env_observe(const double* st, float* obs, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i >= n) return;
                double s[TASK_STATE];
                load_state(st, n, i, s);
                task_observe(s, obs + TASK_OBS * i);
            }

            // Verification: one step of every env from given states (env-major) and actions, no reset.
            extern "C" __global__ void env_step_once(const double* in, const ACTION_T* actions, double* out, float* obs, unsigned char* term,
                    double* reward, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i >= n) return;
                double s[TASK_STATE];
            #pragma unroll
                for (int c = 0; c < TASK_STATE; c++) s[c] = in[TASK_STATE * i + c];
                double rew;
            #if TASK_DISCRETE
                term[i] = task_step(s, actions[i], &rew) ? 1 : 0;
            #else
                term[i] = task_step(s, actions + TASK_ACT * i, &rew) ? 1 : 0;
            #endif
                reward[i] = rew;
            #pragma unroll
                for (int c = 0; c < TASK_STATE; c++) out[TASK_STATE * i + c] = s[c];
                task_observe(s, obs + TASK_OBS * i);
            }

            __device__ __forceinline__ long long ordered(double v) {
                long long b = __double_as_longlong(v);
                return b >= 0 ? b : b ^ 0x7fffffffffffffffLL;
            }

            // k steps of policy + env for every env, observations kept in registers; completed episodes are
            // reduced per warp and added to the run's counters.
            // counters: [completed, terminated, successes, non-finite actions]; sums: [return, return^2, length, length^2];
            // maxima: [ordered max return, max length]
            extern "C" __global__ void __launch_bounds__(128 LAUNCH_MIN_BLOCKS) play(double* st, int* steps, double* ret, unsigned int* resets,
                    unsigned char* pending, unsigned long long seed, int n, int k, unsigned long long* counters, double* sums,
                    long long* maxima) {
                policy_prologue();
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                unsigned int completed = 0, terminated = 0, successes = 0, nonfinite = 0;
                double sumRet = 0.0, sumRet2 = 0.0, sumLen = 0.0, sumLen2 = 0.0;
                long long maxRet = ordered(-__longlong_as_double(0x7ff0000000000000LL)), maxLen = 0;
                // with POLICY_BLOCK_SYNC, threads past the last env play a copy of env 0 and keep nothing
                if (i < n || POLICY_BLOCK_SYNC) {
                    const int env = i < n ? i : 0;
                    double s[TASK_STATE];
                    load_state(st, n, env, s);
                    int step = steps[env];
                    double r = ret[env];
                    unsigned int rc = resets[env];
                    bool pend = pending[env] != 0;
                    for (int t = 0; t < k; t++) {
            #if POLICY_BLOCK_SYNC
                        // every thread evaluates the policy every step, before a reset step may skip the rest
                        PLAY_POLICY
            #endif
            #if NEXT_STEP_RESET
                        if (pend) {
                            task_reset(s, seed, (unsigned int) env, rc++);
                            step = 0; r = 0.0; pend = false;
                            continue;
                        }
            #endif
            #if !POLICY_BLOCK_SYNC
                        PLAY_POLICY
            #endif
                        double rew;
            #if !TASK_DISCRETE
            #pragma unroll
                        for (int j = 0; j < TASK_ACT; j++) nonfinite += !isfinite(a[j]);
            #endif
                        bool term = task_step(s, a, &rew);
                        step++;
                        r = __dadd_rn(r, rew);
                        bool trunc = step >= MAX_STEPS;
                        if (term || trunc) {
                            completed++;
                            terminated += term;
                            successes += task_success(s, term, trunc);
                            double len = (double) step;
                            sumRet += r; sumRet2 += r * r; sumLen += len; sumLen2 += len * len;
                            maxRet = max(maxRet, ordered(r));
                            maxLen = max(maxLen, (long long) step);
            #if NEXT_STEP_RESET
                            pend = true;
            #else
                            task_reset(s, seed, (unsigned int) env, rc++);
                            step = 0; r = 0.0;
            #endif
                        }
                    }
                    if (i < n) {
                        store_state(st, n, i, s);
                        steps[i] = step; ret[i] = r; resets[i] = rc; pending[i] = pend ? 1 : 0;
                    } else {
                        completed = 0; terminated = 0; successes = 0; nonfinite = 0;
                        sumRet = 0.0; sumRet2 = 0.0; sumLen = 0.0; sumLen2 = 0.0;
                        maxRet = ordered(-__longlong_as_double(0x7ff0000000000000LL)); maxLen = 0;
                    }
                }
                if (__any_sync(0xffffffffu, completed != 0 || nonfinite != 0)) {
            #pragma unroll
                    for (int off = 16; off > 0; off >>= 1) {
                        completed += __shfl_down_sync(0xffffffffu, completed, off);
                        terminated += __shfl_down_sync(0xffffffffu, terminated, off);
                        successes += __shfl_down_sync(0xffffffffu, successes, off);
                        nonfinite += __shfl_down_sync(0xffffffffu, nonfinite, off);
                        sumRet += __shfl_down_sync(0xffffffffu, sumRet, off);
                        sumRet2 += __shfl_down_sync(0xffffffffu, sumRet2, off);
                        sumLen += __shfl_down_sync(0xffffffffu, sumLen, off);
                        sumLen2 += __shfl_down_sync(0xffffffffu, sumLen2, off);
                        maxRet = max(maxRet, __shfl_down_sync(0xffffffffu, maxRet, off));
                        maxLen = max(maxLen, __shfl_down_sync(0xffffffffu, maxLen, off));
                    }
                    if ((threadIdx.x & 31) == 0) {
                        atomicAdd(counters, (unsigned long long) completed);
                        atomicAdd(counters + 1, (unsigned long long) terminated);
                        atomicAdd(counters + 2, (unsigned long long) successes);
                        atomicAdd(counters + 3, (unsigned long long) nonfinite);
                        atomicAdd(sums, sumRet);
                        atomicAdd(sums + 1, sumRet2);
                        atomicAdd(sums + 2, sumLen);
                        atomicAdd(sums + 3, sumLen2);
                        atomicMax(maxima, maxRet);
                        atomicMax(maxima + 1, maxLen);
                    }
                }
            }

            """;

    private static String d(double v) {
        return String.format(Locale.ROOT, "(%.17e)", v);
    }

    private static String f(float v) {
        return "(" + CudaPolicySource.flit(v) + ")";
    }
}
