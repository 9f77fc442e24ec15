#!/usr/bin/env python3
"""Renders Gymnasium's classic-control tasks in rgb_array mode at fixed states and writes the golden frames that
io.playbench.render.GoldenFrameTests compares PlayBench's Java renderers with.

Run with an interpreter that sees pygame and a Gymnasium source checkout, e.g. (Debian):

    apt-get install -y python3-pygame python3-numpy python3-cloudpickle python3-typing-extensions
    PYTHONPATH=/path/to/Gymnasium SDL_VIDEODRIVER=dummy /usr/bin/python3 \
        junit-extension/playbench-core/src/test/python/make_render_goldens.py

(farama_notifications, which Gymnasium imports, may be a stub module: ``notifications = {}``.)

Writes src/test/resources/io/playbench/render/golden/<task>_<n>.png and states.json (task, state, last action,
file, and the Gymnasium / pygame / numpy versions that drew them).
"""
import json
import os
import sys

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
import numpy as np  # noqa: E402
import pygame  # noqa: E402
import gymnasium as gym  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "io", "playbench", "render", "golden")

# (task, state, last action or None); last action only matters to Pendulum (the torque arrow)
CASES = [
    ("CartPole-v1", [0.0, 0.0, 0.0, 0.0], None),
    ("CartPole-v1", [-1.3, 0.0, 0.15, 0.0], None),
    ("CartPole-v1", [1.9, 0.0, -0.2, 0.0], None),
    ("CartPole-v1", [0.37, 0.0, 0.05, 0.0], None),
    ("Pendulum-v1", [0.0, 0.0], None),
    ("Pendulum-v1", [1.0, 0.0], 0.7),
    ("Pendulum-v1", [-2.5, 0.0], -1.6),
    ("Pendulum-v1", [3.0, 0.0], 2.0),
    ("Acrobot-v1", [0.0, 0.0, 0.0, 0.0], None),
    ("Acrobot-v1", [0.5, -1.2, 0.0, 0.0], None),
    ("Acrobot-v1", [2.8, 1.3, 0.0, 0.0], None),
    ("Acrobot-v1", [-1.7, 0.4, 0.0, 0.0], None),
    ("MountainCar-v0", [-0.5, 0.0], None),
    ("MountainCar-v0", [-1.1, 0.0], None),
    ("MountainCar-v0", [0.3, 0.0], None),
    ("MountainCar-v0", [0.55, 0.0], None),
    ("MountainCarContinuous-v0", [-0.5, 0.0], None),
    ("MountainCarContinuous-v0", [0.1, 0.0], None),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    entries = []
    counts = {}
    for task, state, last in CASES:
        env = gym.make(task, render_mode="rgb_array")
        env.reset(seed=0)
        u = env.unwrapped
        u.state = np.array(state, dtype=np.float64)
        if task.startswith("Pendulum"):
            u.last_u = None if last is None else np.float32(last)
        frame = env.render()
        env.close()
        n = counts.get(task, 0)
        counts[task] = n + 1
        name = f"{task}_{n}.png"
        surf = pygame.surfarray.make_surface(np.ascontiguousarray(frame.transpose(1, 0, 2)))
        pygame.image.save(surf, os.path.join(OUT, name))
        entries.append({"task": task, "state": state, "last_action": last, "file": name,
                        "width": int(frame.shape[1]), "height": int(frame.shape[0])})
        print(name, frame.shape)
    meta = {"gymnasium": gym.__version__, "pygame": pygame.version.ver, "numpy": np.__version__,
            "python": sys.version.split()[0], "frames": entries}
    with open(os.path.join(OUT, "states.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
