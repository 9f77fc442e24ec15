"""PyTorch baselines for PlayBench's GPU play path (issue 10): CartPole-v1 vectorised on the device + the SB3 PPO
policy (4-64-64-2 tanh, argmax), same-step autoreset, frames per second in eager mode and with torch.compile.

The dynamics follow Gymnasium (float64 state, float32 observations, strict termination tests, time limit 500); resets
draw from torch's CUDA generator. Episode counts are accumulated on the device, so no host sync happens per step.

Usage: python gpu_play_torch.py <sb3 model.zip> [out.json]
"""
import io
import json
import sys
import time
import zipfile

import torch

THETA = 12 * 2 * 3.141592653589793 / 360


def load_policy(path, device):
    with zipfile.ZipFile(path) as z:
        sd = torch.load(io.BytesIO(z.read("policy.pth")), map_location=device, weights_only=True)
    keys = ["mlp_extractor.policy_net.0", "mlp_extractor.policy_net.2", "action_net"]
    return [(sd[k + ".weight"].float(), sd[k + ".bias"].float()) for k in keys]


def make_step(params):
    (w0, b0), (w1, b1), (w2, b2) = params

    def step(state, steps, episodes):
        obs = state.float()
        h = torch.tanh(torch.addmm(b0, obs, w0.t()))
        h = torch.tanh(torch.addmm(b1, h, w1.t()))
        action = torch.addmm(b2, h, w2.t()).argmax(dim=1)
        x, xd, th, thd = state.unbind(1)
        force = torch.where(action == 1, 10.0, -10.0).to(torch.float64)
        c, s = torch.cos(th), torch.sin(th)
        temp = (force + 0.05 * (thd * thd) * s) / 1.1
        thacc = (9.8 * s - c * temp) / (0.5 * (4.0 / 3.0 - 0.1 * (c * c) / 1.1))
        xacc = temp - 0.05 * thacc * c / 1.1
        new = torch.stack([x + 0.02 * xd, xd + 0.02 * xacc, th + 0.02 * thd, thd + 0.02 * thacc], dim=1)
        steps = steps + 1
        term = (new[:, 0] < -2.4) | (new[:, 0] > 2.4) | (new[:, 2] < -THETA) | (new[:, 2] > THETA)
        done = term | (steps >= 500)
        fresh = torch.rand_like(new) * 0.1 - 0.05
        new = torch.where(done[:, None], fresh, new)
        steps = torch.where(done, torch.zeros_like(steps), steps)
        episodes = episodes + done.sum()
        return new, steps, episodes

    return step


def measure(step, n, iters, warmup, device):
    torch.manual_seed(0)
    state = torch.rand(n, 4, dtype=torch.float64, device=device) * 0.1 - 0.05
    steps = torch.zeros(n, dtype=torch.int32, device=device)
    episodes = torch.zeros((), dtype=torch.int64, device=device)
    t0 = time.perf_counter()
    for _ in range(warmup):
        state, steps, episodes = step(state, steps, episodes)
    torch.cuda.synchronize()
    warm = time.perf_counter() - t0
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    t0 = time.perf_counter()
    start.record()
    for _ in range(iters):
        state, steps, episodes = step(state, steps, episodes)
    end.record()
    torch.cuda.synchronize()
    wall = time.perf_counter() - t0
    device_s = start.elapsed_time(end) / 1e3
    return {"num_envs": n, "steps": iters, "frames": n * iters, "wall_s": wall, "device_s": device_s, "fps_wall": n * iters / wall,
            "fps_device": n * iters / device_s, "warmup_s": warm, "episodes": int(episodes.item())}


def main():
    device = "cuda"
    params = load_policy(sys.argv[1], device)
    out = {"torch": torch.__version__, "gpu": torch.cuda.get_device_name(0), "eager": [], "compile": []}
    eager = make_step(params)
    sizes = {4096: 2000, 65536: 1000, 1048576: 300}
    for n, iters in sizes.items():
        r = measure(eager, n, iters, 20, device)
        out["eager"].append(r)
        print("eager", json.dumps(r), flush=True)
    compiled = torch.compile(make_step(params), dynamic=False)
    for n, iters in sizes.items():
        r = measure(compiled, n, iters, 20, device)
        out["compile"].append(r)
        print("compile", json.dumps(r), flush=True)
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
