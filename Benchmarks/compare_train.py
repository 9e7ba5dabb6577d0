#!/usr/bin/env python3
"""Runs `sketch bench train --json` and Benchmarks/torch_train.py alternately over several rounds in one
invocation, for each configuration, and prints the median figures, the ratios (ours / PyTorch's
sketches per second), the step's arithmetic rate and the machine's best sgemm rate measured in the same
rounds. Optional; never run by the tests.

    swift build -c release --product sketch
    pip install torch
    python3 Benchmarks/compare_train.py --rounds 3

Configurations: VAE 256/512/128 and decoder-only 512 in the paper's own mode (pen loss over all Nmax
steps), and the VAE in the length-aware mode (`--pen-loss masked`), which is compared with PyTorch's
faithful VAE figure. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from every child's environment
(a user's machine does not set them). The limit is the best of `sketch bench blas`'s sgemm rates and
PyTorch's matmul rate at 100 x 2048 x 512, measured each round: a step's arithmetic over it is the share
of the machine's matrix speed the step reaches. Figures swing while other jobs load the machine: check
`uptime` first; only figures from one invocation compare.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

from machine import cpu_model

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)

# The step's arithmetic in GFLOP at batch 100 and Nmax 250 (the faithful mode), as `sketch bench train`
# counts it from the products it runs.
CONFIGS = [("vae", "full"), ("decoder", "full"), ("vae", "masked")]


def run_json(cmd, env):
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def torch_matmul_gflops(threads, env):
    code = (
        "import time, torch\n"
        f"torch.set_num_threads({threads})\n"
        "a = torch.randn(100, 512); b = torch.randn(512, 2048); c = a @ b\n"
        "n = 0; t = time.perf_counter()\n"
        "while time.perf_counter() - t < 0.5:\n"
        "    c = a @ b; n += 1\n"
        "print(2 * 100 * 512 * 2048 * n / (time.perf_counter() - t) / 1e9)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    return float(out.strip())


def torch_blas(env):
    code = "import torch; print(torch.__version__); print(torch.backends.cpu.get_cpu_capability()); print(torch.get_num_threads())"
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout.split()
    return f"PyTorch {out[0]}, MKL, CPU capability {out[1]}"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--sketch", default=os.path.join(root, ".build", "release", "sketch"))
    p.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "aaron_sheep.npz"))
    p.add_argument("--threads", type=int, default=2, help="threads for both (our --threads, torch.set_num_threads)")
    p.add_argument("--configs", default=",".join(f"{t}:{m}" for t, m in CONFIGS),
                   help="comma-separated type:pen-loss pairs")
    args = p.parse_args()
    configs = [tuple(c.split(":")) for c in args.configs.split(",")]
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}

    print(f"processor: {cpu_model()}")
    print(f"torch: {torch_blas(env)}")
    ours = {c: [] for c in configs}
    theirs = {c: [] for c in configs}
    limits = []
    blas = None
    for r in range(args.rounds):
        blas = run_json([args.sketch, "bench", "blas", "--json", "--threads", str(args.threads)], env)
        sgemm = max(s["gflops"] for s in blas["sgemm"])
        torch_rate = torch_matmul_gflops(args.threads, env)
        limits.append(max(sgemm, torch_rate))
        print(f"round {r + 1}: sgemm best ours {sgemm:.1f}, torch 100x2048x512 {torch_rate:.1f} GFLOP/s", file=sys.stderr)
        for kind, pen in configs:
            common = ["--type", kind, "--pen-loss", pen, "--steps", str(args.steps), "--warmup", str(args.warmup)]
            a = run_json([args.sketch, "bench", "train", "--json", "--data", args.data, "--threads", str(args.threads)] + common, env)
            torch_pen = "full"  # the length-aware mode is compared with PyTorch's faithful figure
            b = run_json([sys.executable, os.path.join(here, "torch_train.py"), "--data", args.data,
                          "--threads", str(args.threads), "--type", kind, "--pen-loss", torch_pen,
                          "--steps", str(args.steps), "--warmup", str(args.warmup)], env)
            ours[(kind, pen)].append(a)
            theirs[(kind, pen)].append(b)
            print(f"  {kind}/{pen}: ours {a['sketches_per_s']} sketches/s, torch ({torch_pen}) {b['sketches_per_s']}",
                  file=sys.stderr)
    print(f"ours: OpenBLAS {blas['blas_version']}, {blas['blas_core']} kernels "
          f"(OpenBLAS chose {blas['blas_core_chosen_by_library']}), {blas['blas_threads']} BLAS thread(s), "
          f"products split over {blas.get('workers', '?')} workers")
    limit = statistics.median(limits)
    print(f"limit (best fp32 sgemm, median of rounds): {limit:.1f} GFLOP/s")
    result = {"processor": cpu_model(), "blas_core": blas["blas_core"], "limit_gflops": round(limit, 1), "configs": []}
    for c in configs:
        kind, pen = c
        a = statistics.median(x["sketches_per_s"] for x in ours[c])
        b = statistics.median(x["sketches_per_s"] for x in theirs[c])
        gflop = statistics.median(x["gflop_per_step"] for x in ours[c])
        rate = gflop * a / 100
        mem_a = statistics.median(x["peak_rss_mb"] for x in ours[c])
        mem_b = statistics.median(x["peak_rss_mb"] for x in theirs[c])
        row = {"type": kind, "pen_loss": pen, "sketches_per_s": a, "torch_full_sketches_per_s": b,
               "ratio": round(a / b, 2), "gflop_per_step": gflop, "gflops": round(rate, 1),
               "share_of_limit": round(rate / limit, 2), "peak_rss_mb": mem_a, "torch_peak_rss_mb": mem_b}
        result["configs"].append(row)
        print(f"{kind:8s} {pen:6s} ours {a:6.1f} sketches/s  torch(full) {b:6.1f}  ratio {a / b:4.2f}x  "
              f"{gflop:6.1f} GFLOP/step at {rate:6.1f} GFLOP/s = {100 * rate / limit:3.0f}% of the limit  "
              f"memory {mem_a:.0f} / {mem_b:.0f} MB")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
