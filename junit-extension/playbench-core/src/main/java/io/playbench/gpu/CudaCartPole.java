package io.playbench.gpu;

import io.playbench.env.AutoresetMode;
import java.util.Locale;

/**
 * CartPole-v1 / v0 dynamics in CUDA C++, term for term as Gymnasium (binary64 state, Euler integration, the same
 * evaluation order): every operation is an explicitly rounded intrinsic ({@code __dmul_rn}, {@code __dadd_rn},
 * {@code __ddiv_rn}), so the compiler cannot fuse them, and the only difference from the CPU env is the device's
 * {@code sin}/{@code cos} (within 2 ulp of binary64 instead of glibc's), which leaves float32 observations equal or
 * 1 ulp apart.
 */
final class CudaCartPole {

    static final double GRAVITY = 9.8;
    static final double MASSCART = 1.0;
    static final double MASSPOLE = 0.1;
    static final double TOTAL_MASS = MASSPOLE + MASSCART;
    static final double LENGTH = 0.5;
    static final double POLEMASS_LENGTH = MASSPOLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;
    static final double FOUR_THIRDS = 4.0 / 3.0;
    static final double RESET_LOW = -0.05;
    static final double RESET_HIGH = 0.05;

    private CudaCartPole() {}

    /**
     * The env's device functions and the kernels of a play module ({@code env_reset}, {@code env_observe},
     * {@code env_step_once}, {@code play}); needs {@link Philox#CUDA} and a policy source with {@code policy_act} before it.
     */
    static String source(int maxEpisodeSteps, AutoresetMode autoreset) {
        return source(maxEpisodeSteps, autoreset, 0);
    }

    /** As {@link #source(int, AutoresetMode)}, asking the compiler to fit {@code minBlocks} blocks of 128 per SM (0: its choice). */
    static String source(int maxEpisodeSteps, AutoresetMode autoreset, int minBlocks) {
        String constants = String.format(
                Locale.ROOT,
                """
                #define LAUNCH_MIN_BLOCKS %s
                #define MAX_STEPS %d
                #define NEXT_STEP_RESET %d
                #define CP_GRAVITY %s
                #define CP_TOTAL_MASS %s
                #define CP_LENGTH %s
                #define CP_MASSPOLE %s
                #define CP_POLEMASS_LENGTH %s
                #define CP_FORCE_MAG %s
                #define CP_TAU %s
                #define CP_THETA_THRESHOLD %s
                #define CP_X_THRESHOLD %s
                #define CP_FOUR_THIRDS %s
                #define CP_RESET_LOW %s
                #define CP_RESET_RANGE %s
                """,
                minBlocks > 0 ? ", " + minBlocks : "",
                maxEpisodeSteps,
                autoreset == AutoresetMode.NEXT_STEP ? 1 : 0,
                d(GRAVITY),
                d(TOTAL_MASS),
                d(LENGTH),
                d(MASSPOLE),
                d(POLEMASS_LENGTH),
                d(FORCE_MAG),
                d(TAU),
                d(THETA_THRESHOLD),
                d(X_THRESHOLD),
                d(FOUR_THIRDS),
                d(RESET_LOW),
                d(RESET_HIGH - RESET_LOW));
        return constants + """
                __device__ __forceinline__ void cp_reset(double* s, unsigned long long seed, unsigned int env, unsigned int r) {
                    uint2 key = make_uint2((unsigned int) seed, (unsigned int) (seed >> 32));
                    uint4 a = philox4x32_10(make_uint4(r, env, 0u, 0u), key);
                    uint4 b = philox4x32_10(make_uint4(r, env, 1u, 0u), key);
                    s[0] = __dadd_rn(CP_RESET_LOW, __dmul_rn(CP_RESET_RANGE, philox_unit(a.x, a.y)));
                    s[1] = __dadd_rn(CP_RESET_LOW, __dmul_rn(CP_RESET_RANGE, philox_unit(a.z, a.w)));
                    s[2] = __dadd_rn(CP_RESET_LOW, __dmul_rn(CP_RESET_RANGE, philox_unit(b.x, b.y)));
                    s[3] = __dadd_rn(CP_RESET_LOW, __dmul_rn(CP_RESET_RANGE, philox_unit(b.z, b.w)));
                }

                // One Euler step of Gymnasium's CartPole; returns terminated.
                __device__ __forceinline__ bool cp_step(double* s, int action) {
                    double x = s[0], xd = s[1], th = s[2], thd = s[3];
                    double force = action == 1 ? CP_FORCE_MAG : -CP_FORCE_MAG;
                    double sn, c;
                    sincos(th, &sn, &c);
                    double temp = __ddiv_rn(__dadd_rn(force, __dmul_rn(__dmul_rn(CP_POLEMASS_LENGTH, __dmul_rn(thd, thd)), sn)), CP_TOTAL_MASS);
                    double thacc = __ddiv_rn(__dsub_rn(__dmul_rn(CP_GRAVITY, sn), __dmul_rn(c, temp)),
                            __dmul_rn(CP_LENGTH, __dsub_rn(CP_FOUR_THIRDS, __ddiv_rn(__dmul_rn(CP_MASSPOLE, __dmul_rn(c, c)), CP_TOTAL_MASS))));
                    double xacc = __dsub_rn(temp, __ddiv_rn(__dmul_rn(__dmul_rn(CP_POLEMASS_LENGTH, thacc), c), CP_TOTAL_MASS));
                    s[0] = __dadd_rn(x, __dmul_rn(CP_TAU, xd));
                    s[1] = __dadd_rn(xd, __dmul_rn(CP_TAU, xacc));
                    s[2] = __dadd_rn(th, __dmul_rn(CP_TAU, thd));
                    s[3] = __dadd_rn(thd, __dmul_rn(CP_TAU, thacc));
                    return s[0] < -CP_X_THRESHOLD || s[0] > CP_X_THRESHOLD || s[2] < -CP_THETA_THRESHOLD || s[2] > CP_THETA_THRESHOLD;
                }

                __device__ __forceinline__ void cp_observe(const double* s, float* o) {
                    o[0] = (float) s[0]; o[1] = (float) s[1]; o[2] = (float) s[2]; o[3] = (float) s[3];
                }

                // Seeded reset of every env: state from Philox(seed, env, 0), counters cleared.
                extern "C" __global__ void env_reset(double* st, int* steps, double* ret, unsigned int* resets, unsigned char* pending,
                        unsigned long long seed, int n) {
                    int i = blockIdx.x * blockDim.x + threadIdx.x;
                    if (i >= n) return;
                    double s[4];
                    cp_reset(s, seed, (unsigned int) i, 0u);
                    st[i] = s[0]; st[n + i] = s[1]; st[2 * n + i] = s[2]; st[3 * n + i] = s[3];
                    steps[i] = 0; ret[i] = 0.0; resets[i] = 1u; pending[i] = 0;
                }

                // Verification: the observations of the current states (env-major).
                extern "C" __global__ void env_observe(const double* st, float* obs, int n) {
                    int i = blockIdx.x * blockDim.x + threadIdx.x;
                    if (i >= n) return;
                    double s[4] = {st[i], st[n + i], st[2 * n + i], st[3 * n + i]};
                    cp_observe(s, obs + 4 * i);
                }

                // Verification: one step of every env from given states and actions, no reset.
                extern "C" __global__ void env_step_once(const double* in, const int* actions, double* out, float* obs, unsigned char* term,
                        double* reward, int n) {
                    int i = blockIdx.x * blockDim.x + threadIdx.x;
                    if (i >= n) return;
                    double s[4] = {in[4 * i], in[4 * i + 1], in[4 * i + 2], in[4 * i + 3]};
                    term[i] = cp_step(s, actions[i]) ? 1 : 0;
                    reward[i] = 1.0;
                    out[4 * i] = s[0]; out[4 * i + 1] = s[1]; out[4 * i + 2] = s[2]; out[4 * i + 3] = s[3];
                    cp_observe(s, obs + 4 * i);
                }

                __device__ __forceinline__ long long ordered(double v) {
                    long long b = __double_as_longlong(v);
                    return b >= 0 ? b : b ^ 0x7fffffffffffffffLL;
                }

                // k steps of policy + env for every env, observations kept in registers; completed episodes are
                // reduced per warp and added to the run's counters.
                // counters: [completed, terminated, successes]; sums: [return, return^2, length, length^2];
                // maxima: [ordered max return, max length]
                extern "C" __global__ void __launch_bounds__(128 LAUNCH_MIN_BLOCKS) play(double* st, int* steps, double* ret, unsigned int* resets,
                        unsigned char* pending, unsigned long long seed, int n, int k, unsigned long long* counters, double* sums,
                        long long* maxima) {
                    policy_prologue();
                    int i = blockIdx.x * blockDim.x + threadIdx.x;
                    unsigned int completed = 0, terminated = 0, successes = 0;
                    double sumRet = 0.0, sumRet2 = 0.0, sumLen = 0.0, sumLen2 = 0.0;
                    long long maxRet = ordered(-__longlong_as_double(0x7ff0000000000000LL)), maxLen = 0;
                    // with POLICY_BLOCK_SYNC, threads past the last env play a copy of env 0 and keep nothing
                    if (i < n || POLICY_BLOCK_SYNC) {
                        const int env = i < n ? i : 0;
                        double s[4] = {st[env], st[n + env], st[2 * n + env], st[3 * n + env]};
                        int step = steps[env];
                        double r = ret[env];
                        unsigned int rc = resets[env];
                        bool pend = pending[env] != 0;
                        for (int t = 0; t < k; t++) {
                #if POLICY_BLOCK_SYNC
                            // every thread evaluates the policy every step, before a reset step may skip the rest
                            float o[4];
                            cp_observe(s, o);
                            int a = policy_act(o);
                #endif
                #if NEXT_STEP_RESET
                            if (pend) {
                                cp_reset(s, seed, (unsigned int) env, rc++);
                                step = 0; r = 0.0; pend = false;
                                continue;
                            }
                #endif
                #if !POLICY_BLOCK_SYNC
                            float o[4];
                            cp_observe(s, o);
                            int a = policy_act(o);
                #endif
                            bool term = cp_step(s, a);
                            step++;
                            r += 1.0;
                            bool trunc = step >= MAX_STEPS;
                            if (term || trunc) {
                                completed++;
                                terminated += term;
                                successes += trunc && !term;
                                double len = (double) step;
                                sumRet += r; sumRet2 += r * r; sumLen += len; sumLen2 += len * len;
                                maxRet = max(maxRet, ordered(r));
                                maxLen = max(maxLen, (long long) step);
                #if NEXT_STEP_RESET
                                pend = true;
                #else
                                cp_reset(s, seed, (unsigned int) env, rc++);
                                step = 0; r = 0.0;
                #endif
                            }
                        }
                        if (i < n) {
                            st[i] = s[0]; st[n + i] = s[1]; st[2 * n + i] = s[2]; st[3 * n + i] = s[3];
                            steps[i] = step; ret[i] = r; resets[i] = rc; pending[i] = pend ? 1 : 0;
                        } else {
                            completed = 0; terminated = 0; successes = 0;
                            sumRet = 0.0; sumRet2 = 0.0; sumLen = 0.0; sumLen2 = 0.0;
                            maxRet = ordered(-__longlong_as_double(0x7ff0000000000000LL)); maxLen = 0;
                        }
                    }
                    if (__any_sync(0xffffffffu, completed != 0)) {
                #pragma unroll
                        for (int off = 16; off > 0; off >>= 1) {
                            completed += __shfl_down_sync(0xffffffffu, completed, off);
                            terminated += __shfl_down_sync(0xffffffffu, terminated, off);
                            successes += __shfl_down_sync(0xffffffffu, successes, off);
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
    }

    private static String d(double v) {
        return String.format(Locale.ROOT, "(%.17e)", v);
    }
}
