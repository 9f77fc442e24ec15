"""Writes NumPy RNG fixtures for NumpyRandomTests (run with NumPy 2.x; the committed file was made with NumPy 2.4.6).

Usage: python3 junit-extension/playbench-core/src/test/python/make_rng_fixtures.py > \
    junit-extension/playbench-core/src/test/resources/io/playbench/env/random/numpy-rng.txt

Each line: seed, the four SeedSequence state words (hex), the first 4 raw PCG64 outputs (hex), then 6 values of
uniform(-0.05, 0.05), uniform(-0.6, -0.4) and uniform(-pi, pi) drawn in turn from default_rng(seed) (float.hex).
"""
import math
import numpy as np

SEEDS = [0, 1, 2, 7, 42, 43, 44, 123, 1000, 65535, 2**31 - 1, 2**32 - 1, 2**32, 2**40 + 7, 2**63 - 1,
         2**64 + 5, 2**128 + 3, 2**160 + 12345]

print("# seed | state[0..3] | raw[0..3] | uniform draws (float.hex)")
for s in SEEDS:
    state = np.random.SeedSequence(s).generate_state(4, np.uint64)
    raw = np.random.PCG64(s).random_raw(4)
    rng = np.random.default_rng(s)
    draws = []
    for _ in range(2):
        draws.append(float(rng.uniform(-0.05, 0.05)))
        draws.append(float(rng.uniform(-0.6, -0.4)))
        draws.append(float(rng.uniform(-math.pi, math.pi)))
    print(s, "|", " ".join(f"{int(w):016x}" for w in state), "|", " ".join(f"{int(w):016x}" for w in raw), "|",
          " ".join(d.hex() for d in draws))
