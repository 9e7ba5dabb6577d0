#!/usr/bin/env python3
"""Runs `sketch bench sample --json` and Benchmarks/torch_sample.py alternately, several rounds, and
prints each one's median figures and the ratios (ours / PyTorch's). Optional; never run by the tests.

    swift build -c release --product sketch
    pip install torch
    python3 Benchmarks/compare_sample.py --rounds 5

OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from both children's environment (a user's
machine does not set them; they force OpenBLAS onto slower kernels). The figures mean little while
other jobs load the machine: check `uptime` first.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

from machine import cpu_model

try:
    import torch
except ImportError:
    torch = None

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def run(cmd, env):
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--sketch", default=os.path.join(root, ".build", "release", "sketch"))
    p.add_argument("--threads", type=int, default=2, help="PyTorch threads")
    args = p.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    print(f"processor: {cpu_model()}")
    ours, theirs = [], []
    for r in range(args.rounds):
        ours.append(run([args.sketch, "bench", "sample", "--json"], env))
        theirs.append(run([sys.executable, os.path.join(here, "torch_sample.py"), "--threads", str(args.threads)], env))
        print(f"round {r + 1}: ours {ours[-1]}  torch {theirs[-1]}", file=sys.stderr)
    print(f"ours: OpenBLAS {ours[-1]['blas_version']}, {ours[-1]['blas_core']} kernels "
          f"(OpenBLAS chose {ours[-1]['blas_core_chosen_by_library']}); torch: {torch.__version__ if torch else '?'}")
    result = {"processor": cpu_model(), "blas_core": ours[-1]["blas_core"]}
    for key in ("endings_ms", "step_ms"):
        a = statistics.median(x[key] for x in ours)
        b = statistics.median(x[key] for x in theirs)
        result[key] = {"sketch": round(a, 4), "torch": round(b, 4), "ratio": round(a / b, 3)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
