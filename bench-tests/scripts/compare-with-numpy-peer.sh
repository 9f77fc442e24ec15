#!/usr/bin/env bash
# End-to-end frames/s of SB3 PPO CartPole-v1 (env + policy), PlayBench against the NumPy peer, in the same run.
#
#   GYMNASIUM_SRC=<Gymnasium source checkout> bench-tests/scripts/compare-with-numpy-peer.sh [rounds] [sizes...]
#
# The peer is ../shared/bench/numpy_peer.py (Gymnasium's CartPoleVectorEnv + the same policy in float32 NumPy with
# preallocated buffers). Both run alternately, `rounds` times per size; the medians and their ratio are printed.
# The machines are noisy: compare ratios from one run, not absolute figures across runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-3}"; shift || true
sizes=("${@:-256 4096 65536}")
[[ $# -eq 0 ]] && sizes=(256 4096 65536)
peer="${root}/../shared/bench/numpy_peer.py"
model="${root}/bench-tests/src/test/resources/playbench/checkpoints/sb3/CartPole-v1/checkpoint.zip"
: "${GYMNASIUM_SRC:?set GYMNASIUM_SRC to a Gymnasium source checkout (Farama-Foundation/Gymnasium)}"
out="$(mktemp -d)"
printf 'num_envs,round,playbench_fps,numpy_peer_fps\n'
for n in "${sizes[@]}"; do
  frames=$(( n >= 65536 ? 200 : (n >= 4096 ? 1000 : 4000) ))
  for r in $(seq 1 "${rounds}"); do
    "${root}/playbench" play --library sb3 --task CartPole-v1 --checkpoint "${model}" --num-envs "${n}" --steps "${frames}" \
        --warmup-steps 100 --env-threads 2 --quiet --output "${out}/pb-${n}-${r}.json" >/dev/null 2>&1
    pb=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['runtime']['effective_fps'])" "${out}/pb-${n}-${r}.json")
    np_fps=$(PYTHONPATH="${GYMNASIUM_SRC}${PYTHONPATH:+:${PYTHONPATH}}" python3 "${peer}" "${model}" "${n}" "${frames}" 2>/dev/null | tail -n1)
    printf '%s,%s,%.0f,%.0f\n' "${n}" "${r}" "${pb}" "${np_fps}"
  done
done | tee "${out}/results.csv"
python3 - "${out}/results.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), fieldnames=["n", "r", "pb", "np"]))
for n in dict.fromkeys(r["n"] for r in rows):
    pb = statistics.median(float(r["pb"]) for r in rows if r["n"] == n)
    np_ = statistics.median(float(r["np"]) for r in rows if r["n"] == n)
    print(f"{n:>8} envs: PlayBench {pb/1e6:7.2f} M frames/s, NumPy peer {np_/1e6:7.2f} M frames/s, ratio {pb/np_:5.2f}x")
PY
