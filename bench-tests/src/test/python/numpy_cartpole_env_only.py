"""Env-only NumPy peer of CartPoleStepBenchmark: Gymnasium's native CartPoleVectorEnv stepped with a fixed random
0/1 action pattern (no policy), printing env steps per second.

PYTHONPATH=<Gymnasium checkout> python3 numpy_cartpole_env_only.py 4096 2000
"""
import sys
import time

import numpy as np
import gymnasium as gym

n, steps = int(sys.argv[1]), int(sys.argv[2])
env = gym.make_vec("CartPole-v1", num_envs=n, vectorization_mode="vector_entry_point")
env.reset(seed=0)
actions = np.random.default_rng(1).integers(0, 2, n)
for _ in range(max(1, steps // 8)):
    env.step(actions)
t = time.perf_counter()
for _ in range(steps):
    env.step(actions)
dt = time.perf_counter() - t
print(f"numpy CartPoleVectorEnv n={n}: {n * steps / dt:,.0f} env-steps/s")
