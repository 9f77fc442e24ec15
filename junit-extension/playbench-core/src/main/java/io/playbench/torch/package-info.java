/**
 * A safe reader of PyTorch checkpoints ({@code torch.save}, zip and legacy formats) and of the pickles beside them
 * (Stable-Baselines3's {@code vecnormalize.pkl}), in plain Java: no PyTorch, no Python, and nothing in a file is ever
 * executed.
 *
 * <p>Entry points: {@link io.playbench.torch.TorchCheckpoint#open(java.nio.file.Path)} for a checkpoint file,
 * {@link io.playbench.torch.TorchCheckpoint#open(io.playbench.torch.ZipArchive, String)} for a checkpoint inside another
 * zip (SB3's {@code model.zip!/policy.pth}), {@link io.playbench.torch.ZipArchive} for the other entries of such a zip,
 * and {@link io.playbench.torch.Pickles#load(java.nio.file.Path, io.playbench.torch.ReadOptions)} for a plain pickle.
 * Values are walked with {@link io.playbench.torch.PickleTree}.
 *
 * <p>Safety model: the pickle VM resolves {@code GLOBAL}s against a fixed allow-list (that of
 * {@code torch.load(weights_only=True)} plus NumPy scalars and arrays) and refuses every other name with an
 * {@link io.playbench.torch.UnsafePickleException} naming it and the file. Every size, offset, shape and stride is
 * checked against the file before use; malformed input ends in a {@link io.playbench.torch.CheckpointFormatException}.
 */
package io.playbench.torch;
