/**
 * NumPy's default random generator ({@code SeedSequence} → {@code PCG64} → {@code Generator.random/uniform}),
 * reproduced bit for bit, for seeded resets that match Gymnasium.
 */
package io.playbench.env.random;
