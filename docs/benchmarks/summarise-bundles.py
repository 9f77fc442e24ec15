"""Prints one line per PlayBundle under a directory: task, library, envs, engine, effective frames/s, status.

    python3 docs/benchmarks/summarise-bundles.py bench-tests/target/playbench/bundles
"""
import glob
import json
import os
import sys

rows = []
for path in sorted(glob.glob(os.path.join(sys.argv[1] if len(sys.argv) > 1 else ".", "play_*.json"))):
    with open(path) as f:
        b = json.load(f)
    run = b["run"]
    fps = b["runtime"].get("effective_fps")
    rows.append((run["task"], run["framework"], run.get("num_envs") or 0, run["engine"], run["device"],
                 fps or 0.0, run["status"]))
print(f"{'task':<14} {'library':<9} {'envs':>6} {'engine':<12} {'device':<7} {'frames/s':>14} status")
for task, lib, envs, engine, device, fps, status in sorted(rows):
    print(f"{task:<14} {lib:<9} {envs:>6} {engine:<12} {device:<7} {fps:>14,.0f} {status}")
