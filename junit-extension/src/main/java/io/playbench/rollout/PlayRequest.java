package io.playbench.rollout;

import io.playbench.env.AutoresetMode;
import io.playbench.library.Library;
import java.util.Objects;

/**
 * One benchmark to run: which policy, on which task, how many envs, how long, where, and its budgets.
 *
 * @param library the library that trained the checkpoint
 * @param task the task id (e.g. {@code CartPole-v1})
 * @param numEnvs parallel envs, {@code >= 1}
 * @param frames measured iterations (vectorised steps; each is {@code numEnvs} env frames), {@code >= 1}
 * @param warmupFrames iterations run before measuring, {@code >= 0}
 * @param checkpoint the checkpoint (path, URI, run directory, {@code <dir>/latest}), or {@code null} for the published one
 * @param checkpointSha256 the pinned SHA-256, or {@code null}
 * @param seed the seed of the first reset (env i gets seed + i), or {@code null} for an unseeded run
 * @param device {@code cpu}, {@code gpu}, {@code gpu:N}, {@code gpu:*} (the next GPU in turn, see {@link Devices}) or {@code auto}
 * @param engine the inference engine id, or {@code auto}
 * @param autoreset the env's autoreset mode
 * @param envThreads threads stepping the envs ({@code 1} = the calling thread)
 * @param budgets the budgets
 */
public record PlayRequest(Library library, String task, int numEnvs, long frames, long warmupFrames, String checkpoint,
        String checkpointSha256, Long seed, String device, String engine, AutoresetMode autoreset, int envThreads, Budgets budgets) {

    /** Checks the request and says what to change. */
    public PlayRequest {
        Objects.requireNonNull(library, "library");
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("a benchmark needs a task id, e.g. task = \"CartPole-v1\"");
        }
        if (numEnvs < 1) {
            throw new IllegalArgumentException("numEnvs must be >= 1 but was " + numEnvs);
        }
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be >= 1 (measured vectorised steps) but was " + frames);
        }
        if (warmupFrames < 0) {
            throw new IllegalArgumentException("warmupFrames must be >= 0 but was " + warmupFrames);
        }
        if (envThreads < 1) {
            throw new IllegalArgumentException("envThreads must be >= 1 but was " + envThreads);
        }
        device = device == null || device.isBlank() ? "cpu" : device.trim();
        if (!device.matches("cpu|auto|gpu|gpu:[0-9]+|gpu:\\*")) {
            throw new IllegalArgumentException("device must be cpu, gpu, gpu:N, gpu:* or auto but was '" + device + "'");
        }
        engine = engine == null || engine.isBlank() ? "auto" : engine.trim();
        autoreset = autoreset == null ? AutoresetMode.NEXT_STEP : autoreset;
        budgets = budgets == null ? Budgets.NONE : budgets;
        checkpoint = checkpoint == null || checkpoint.isBlank() ? null : checkpoint;
        checkpointSha256 = checkpointSha256 == null || checkpointSha256.isBlank() ? null : checkpointSha256;
    }

    /**
     * Whether the request needs a GPU.
     *
     * @return {@code true} for {@code gpu}, {@code gpu:N} and {@code gpu:*}
     */
    public boolean needsGpu() {
        return device.startsWith("gpu");
    }

    /**
     * A copy on another device.
     *
     * @param newDevice the device
     * @return the copy
     */
    public PlayRequest withDevice(String newDevice) {
        return new PlayRequest(library, task, numEnvs, frames, warmupFrames, checkpoint, checkpointSha256, seed, newDevice, engine, autoreset,
                envThreads, budgets);
    }
}
