package io.playbench.rollout;

import io.playbench.device.Device;
import io.playbench.env.AutoresetMode;
import io.playbench.library.Library;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One benchmark to run, as an immutable value: which policy, on which task, how many envs, how long, where, and its
 * budgets. Build one with {@link #builder(Library, String)}; every value not given comes from {@link PlayDefaults}.
 *
 * <pre>{@code
 * PlayRequest request = PlayRequest.builder(Library.SB3, "CartPole-v1").numEnvs(256).steps(2_000).build();
 * }</pre>
 *
 * @param library the library that trained the checkpoint
 * @param task the task id (e.g. {@code CartPole-v1})
 * @param numEnvs parallel envs, {@code >= 1}
 * @param steps measured vectorised steps (each is {@code numEnvs} env frames), {@code >= 1}
 * @param warmupSteps vectorised steps run before measuring, {@code >= 0}
 * @param checkpoint the checkpoint (path, URI, run directory, {@code <dir>/latest}), or {@code null} for the published one
 * @param checkpointSha256 the pinned SHA-256, or {@code null}
 * @param seed the seed of the first reset (env i gets seed + i), or {@code null} for an unseeded run
 * @param device where it runs; {@link Device#ALL_GPUS} takes the runner's next GPU in turn
 * @param engine the inference engine id, or {@code auto}
 * @param autoreset the env's autoreset mode
 * @param envThreads threads stepping the envs ({@code 1} = the calling thread)
 * @param budgets the budgets
 * @param protocol what the run measures: timed steps (the benchmark) or one episode per env ({@code eval.json})
 */
public record PlayRequest(
        Library library,
        String task,
        int numEnvs,
        long steps,
        long warmupSteps,
        String checkpoint,
        String checkpointSha256,
        Long seed,
        Device device,
        String engine,
        AutoresetMode autoreset,
        int envThreads,
        Budgets budgets,
        PlayProtocol protocol) {

    /**
     * The most parallel envs of one request: 2^24 = 16,777,216, sixteen times the largest GPU runs measured
     * (1,048,576 envs on an H100), and far below where env state arrays overflow an int index.
     */
    public static final int MAX_NUM_ENVS = 1 << 24;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * Checks the request and says what to change; {@code null} device, engine, autoreset, budgets and protocol take the
     * defaults.
     */
    public PlayRequest {
        Objects.requireNonNull(library, "library");
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("a benchmark needs a task id, e.g. task = \"CartPole-v1\"");
        }
        if (numEnvs < 1 || numEnvs > MAX_NUM_ENVS) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "numEnvs must be from 1 to %,d but was %,d", MAX_NUM_ENVS, numEnvs));
        }
        if (seed != null && seed > Long.MAX_VALUE - (numEnvs - 1)) {
            throw new IllegalArgumentException("seed " + seed + " is too large for " + numEnvs
                    + " envs: env i is reset with seed + i, and " + seed + " + " + (numEnvs - 1)
                    + " does not fit a long; use a seed <= " + (Long.MAX_VALUE - (numEnvs - 1)));
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1 (measured vectorised steps) but was " + steps);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0 but was " + warmupSteps);
        }
        if (envThreads < 1) {
            throw new IllegalArgumentException("envThreads must be >= 1 but was " + envThreads);
        }
        device = device == null ? PlayDefaults.DEVICE : device;
        engine = engine == null || engine.isBlank() ? PlayDefaults.ENGINE : engine.strip();
        autoreset = autoreset == null ? PlayDefaults.AUTORESET : autoreset;
        budgets = budgets == null ? Budgets.NONE : budgets;
        protocol = protocol == null ? PlayProtocol.STEPS : protocol;
        if (protocol == PlayProtocol.EPISODES && seed == null) {
            throw new IllegalArgumentException("the episodes protocol resets env i with seed + i, so it needs a seed");
        }
        checkpoint = checkpoint == null || checkpoint.isBlank() ? null : checkpoint;
        checkpointSha256 = checkpointSha256 == null || checkpointSha256.isBlank() ? null : checkpointSha256.strip();
        if (checkpointSha256 != null) {
            if (!SHA256.matcher(checkpointSha256).matches()) {
                throw new IllegalArgumentException("checkpointSha256 must be 64 hexadecimal digits (a SHA-256, as"
                        + " sha256sum prints it) but was '" + checkpointSha256 + "' (" + checkpointSha256.length()
                        + " characters)");
            }
            checkpointSha256 = checkpointSha256.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A builder with every value at its {@link PlayDefaults default}.
     *
     * @param library the library that trained the checkpoint
     * @param task the task id
     * @return the builder
     */
    public static Builder builder(Library library, String task) {
        return new Builder(library, task);
    }

    /**
     * A builder that starts from this request.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(library, task);
        b.numEnvs = numEnvs;
        b.steps = steps;
        b.warmupSteps = warmupSteps;
        b.checkpoint = checkpoint;
        b.checkpointSha256 = checkpointSha256;
        b.seed = seed;
        b.device = device;
        b.engine = engine;
        b.autoreset = autoreset;
        b.envThreads = envThreads;
        b.budgets = budgets;
        b.protocol = protocol;
        return b;
    }

    /**
     * Whether the request needs a GPU.
     *
     * @return {@code true} for {@code gpu:N} and {@code gpu:*}
     */
    public boolean needsGpu() {
        return device.needsGpu();
    }

    /**
     * A copy on another device.
     *
     * @param newDevice the device
     * @return the copy
     */
    public PlayRequest withDevice(Device newDevice) {
        return toBuilder().device(newDevice).build();
    }

    /** Builds a {@link PlayRequest}; every setter returns the builder. */
    public static final class Builder {
        private final Library library;
        private final String task;
        private int numEnvs = PlayDefaults.NUM_ENVS;
        private long steps = PlayDefaults.STEPS;
        private long warmupSteps = PlayDefaults.WARMUP_STEPS;
        private String checkpoint;
        private String checkpointSha256;
        private Long seed = PlayDefaults.SEED;
        private Device device = PlayDefaults.DEVICE;
        private String engine = PlayDefaults.ENGINE;
        private AutoresetMode autoreset = PlayDefaults.AUTORESET;
        private int envThreads = PlayDefaults.ENV_THREADS;
        private Budgets budgets = Budgets.NONE;
        private PlayProtocol protocol = PlayProtocol.STEPS;

        private Builder(Library library, String task) {
            this.library = library;
            this.task = task;
        }

        /**
         * Parallel environments.
         *
         * @param value {@code >= 1}; default {@value PlayDefaults#NUM_ENVS}
         * @return this builder
         */
        public Builder numEnvs(int value) {
            this.numEnvs = value;
            return this;
        }

        /**
         * Measured vectorised steps.
         *
         * @param value {@code >= 1}; default {@value PlayDefaults#STEPS}
         * @return this builder
         */
        public Builder steps(long value) {
            this.steps = value;
            return this;
        }

        /**
         * Vectorised steps run before measuring.
         *
         * @param value {@code >= 0}; default {@value PlayDefaults#WARMUP_STEPS}
         * @return this builder
         */
        public Builder warmupSteps(long value) {
            this.warmupSteps = value;
            return this;
        }

        /**
         * The checkpoint: a path, a {@code classpath:}, {@code file:} or {@code https:} URI, a run directory, or
         * {@code <run directory>/latest} / {@code /best}.
         *
         * @param value the checkpoint, or {@code null} for the published one
         * @return this builder
         */
        public Builder checkpoint(String value) {
            this.checkpoint = value;
            return this;
        }

        /**
         * The expected SHA-256 of the checkpoint.
         *
         * @param value 64 hex digits, or {@code null}
         * @return this builder
         */
        public Builder checkpointSha256(String value) {
            this.checkpointSha256 = value;
            return this;
        }

        /**
         * The seed of the first reset (env {@code i} gets {@code seed + i}).
         *
         * @param value the seed; default {@value PlayDefaults#SEED}
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * An unseeded run (the bundle records {@code seed: null}).
         *
         * @return this builder
         */
        public Builder unseeded() {
            this.seed = null;
            return this;
        }

        /**
         * Where the policy runs.
         *
         * @param value the device; default {@code cpu}
         * @return this builder
         */
        public Builder device(Device value) {
            this.device = value;
            return this;
        }

        /**
         * Where the policy runs, parsed by {@link Device#parse}.
         *
         * @param value {@code cpu}, {@code gpu}, {@code gpu:N}, {@code gpu:*} or {@code auto}
         * @return this builder
         */
        public Builder device(String value) {
            this.device = Device.parse(value);
            return this;
        }

        /**
         * The inference engine id.
         *
         * @param value e.g. {@code java-vector}; default {@value PlayDefaults#ENGINE}
         * @return this builder
         */
        public Builder engine(String value) {
            this.engine = value;
            return this;
        }

        /**
         * The autoreset mode.
         *
         * @param value the mode; default {@link AutoresetMode#NEXT_STEP}
         * @return this builder
         */
        public Builder autoreset(AutoresetMode value) {
            this.autoreset = value;
            return this;
        }

        /**
         * Threads stepping the environments.
         *
         * @param value {@code >= 1}; default {@value PlayDefaults#ENV_THREADS}
         * @return this builder
         */
        public Builder envThreads(int value) {
            this.envThreads = value;
            return this;
        }

        /**
         * The budgets the result must meet.
         *
         * @param value the budgets; default none
         * @return this builder
         */
        public Builder budgets(Budgets value) {
            this.budgets = value;
            return this;
        }

        /**
         * The evaluation protocol of {@code eval.json} instead of timed steps: {@code n} envs, env {@code i} reset once
         * with {@code seed + i} and played to the end of its first episode.
         *
         * @param n episodes (and envs), {@code >= 1}
         * @return this builder
         */
        public Builder episodes(int n) {
            this.protocol = PlayProtocol.EPISODES;
            this.numEnvs = n;
            this.warmupSteps = 0;
            return this;
        }

        /**
         * The request.
         *
         * @return the checked value
         * @throws IllegalArgumentException saying which value is out of range
         */
        public PlayRequest build() {
            return new PlayRequest(
                    library,
                    task,
                    numEnvs,
                    steps,
                    warmupSteps,
                    checkpoint,
                    checkpointSha256,
                    seed,
                    device,
                    engine,
                    autoreset,
                    envThreads,
                    budgets,
                    protocol);
        }
    }
}
