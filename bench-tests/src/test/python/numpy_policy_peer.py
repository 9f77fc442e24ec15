"""NumPy peer of InferenceBenchmark: the same two MLPs (inference only, no environment), written as an expert NumPy user
would: float32, preallocated buffers, in-place ufuncs, one matmul per layer. Prints CSV: peer, policy, batch, actions per
wall second, actions per CPU second of the process (comparable with InferenceCpuProbe on a shared machine).

  python3 numpy_policy_peer.py [seconds per case, default 1]
"""
import sys, time
import numpy as np

def mlp(sizes, act, seed=42):
    rng = np.random.default_rng(seed)
    layers = []
    for i, o in zip(sizes[:-1], sizes[1:]):
        bound = 1 / np.sqrt(i)
        layers.append((rng.uniform(-bound, bound, (i, o)).astype(np.float32), rng.uniform(-bound, bound, o).astype(np.float32)))
    return layers, act

def elu_(h, tmp):
    np.minimum(h, 0, out=tmp); np.expm1(tmp, out=tmp); np.maximum(h, 0, out=h); np.add(h, tmp, out=h)

def run(policy, batch, seconds):
    layers, act = policy
    x = np.random.default_rng(7).standard_normal((batch, layers[0][0].shape[0])).astype(np.float32)
    hs = [np.empty((batch, w.shape[1]), np.float32) for w, _ in layers]
    tmps = [np.empty_like(h) for h in hs]
    def step():
        h_in = x
        for k, ((w, b), h) in enumerate(zip(layers, hs)):
            np.matmul(h_in, w, out=h); np.add(h, b, out=h)
            if k < len(layers) - 1:
                if act == "tanh": np.tanh(h, out=h)
                else: elu_(h, tmps[k])
            h_in = h
        if act == "tanh": return np.argmax(h_in, axis=1)
        return h_in
    for _ in range(3): step()
    n, t0, c0 = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - t0 < seconds:
        step(); n += 1
    return n * batch / (time.perf_counter() - t0), n * batch / (time.process_time() - c0)

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
policies = {"sb3": mlp([4, 64, 64, 2], "tanh"), "isaac": mlp([48, 256, 128, 64, 12], "elu")}
print("engine,policy,batch,actions_per_wall_s,actions_per_cpu_s")
for name, p in policies.items():
    for batch in (1, 256, 4096, 65536):
        wall, cpu = run(p, batch, seconds)
        print(f"numpy,{name},{batch},{wall:.4g},{cpu:.4g}", flush=True)
