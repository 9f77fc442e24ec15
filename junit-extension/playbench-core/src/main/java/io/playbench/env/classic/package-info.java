/**
 * Gymnasium's classic-control tasks (CartPole-v1/v0, Acrobot-v1, MountainCar-v0, MountainCarContinuous-v0,
 * Pendulum-v1) as vectorised environments that reproduce Gymnasium 1.x bit for bit on x86-64 Linux with glibc, and
 * the numeric primitives ({@link io.playbench.env.classic.NumpyMath}) that make this possible.
 */
package io.playbench.env.classic;
