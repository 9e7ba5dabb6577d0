#!/usr/bin/env python3
"""Runs `sketch bench train --json` and Benchmarks/torch_train.py alternately over several rounds in one
invocation, for each configuration and precision (ours with `--precision fp32|bf16`, PyTorch's fp32 and
its bf16 autocast), and prints the median figures, the ratios (ours / PyTorch's sketches per second, and
our bf16 over our fp32), the step's arithmetic rate and the machine's best product rate in each
precision measured in the same rounds. Optional; never run by the tests.

    swift build -c release --product sketch
    pip install torch
    python3 Benchmarks/compare_train.py --rounds 3

Configurations: VAE 256/512/128 and decoder-only 512 in the paper's own mode (pen loss over all Nmax
steps), and the VAE in the length-aware mode (`--pen-loss masked`), which is compared with PyTorch's
faithful VAE figure. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from every child's environment
(a user's machine does not set them). The limit is the best of `sketch bench blas`'s sgemm rates and
PyTorch's matmul rate at 100 x 2048 x 512 (for bf16: our bf16 packed products and PyTorch's bf16
matmul), measured each round: a step's arithmetic over it is the share
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


def torch_matmul_gflops(threads, env, dtype="float32"):
    code = (
        "import time, torch\n"
        f"torch.set_num_threads({threads})\n"
        f"a = torch.randn(100, 512, dtype=torch.{dtype}); b = torch.randn(512, 2048, dtype=torch.{dtype}); c = a @ b\n"
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
    p.add_argument("--precisions", default="fp32,bf16",
                   help="fp32 and/or bf16: ours with --precision, PyTorch's under torch.autocast('cpu', dtype=torch.bfloat16)")
    args = p.parse_args()
    configs = [tuple(c.split(":")) for c in args.configs.split(",")]
    precisions = args.precisions.split(",")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}

    print(f"processor: {cpu_model()}")
    print(f"torch: {torch_blas(env)}")
    runs = [(c, prec) for c in configs for prec in precisions]
    ours = {r: [] for r in runs}
    theirs = {r: [] for r in runs}
    limits = {prec: [] for prec in precisions}
    blas = None
    ours_bf16 = None  # the precision our bf16 runs really ran (fp32 where the processor has no bf16)
    for r in range(args.rounds):
        blas = run_json([args.sketch, "bench", "blas", "--json", "--threads", str(args.threads)], env)
        for prec in precisions:
            mine = [s["gflops"] for s in blas["sgemm"] if s["shape"].startswith("bf16 ") == (prec == "bf16")]
            torch_rate = torch_matmul_gflops(args.threads, env, "bfloat16" if prec == "bf16" else "float32")
            limits[prec].append(max(mine + [torch_rate]))
            print(f"round {r + 1}: {prec} products best ours {max(mine, default=0):.1f}, "
                  f"torch 100x2048x512 {torch_rate:.1f} GFLOP/s", file=sys.stderr)
        for (kind, pen), prec in runs:
            common = ["--type", kind, "--pen-loss", pen, "--steps", str(args.steps), "--warmup", str(args.warmup)]
            a = run_json([args.sketch, "bench", "train", "--json", "--data", args.data, "--threads", str(args.threads),
                          "--precision", prec] + common, env)
            if prec == "bf16":
                ours_bf16 = a.get("precision", "fp32")
            torch_pen = "full"  # the length-aware mode is compared with PyTorch's faithful figure
            b = run_json([sys.executable, os.path.join(here, "torch_train.py"), "--data", args.data,
                          "--threads", str(args.threads), "--type", kind, "--pen-loss", torch_pen, "--precision", prec,
                          "--steps", str(args.steps), "--warmup", str(args.warmup)], env)
            ours[((kind, pen), prec)].append(a)
            theirs[((kind, pen), prec)].append(b)
            print(f"  {kind}/{pen} {prec}: ours {a['sketches_per_s']} sketches/s, torch ({torch_pen}) {b['sketches_per_s']}",
                  file=sys.stderr)
    print(f"ours: OpenBLAS {blas['blas_version']}, {blas['blas_core']} kernels "
          f"(OpenBLAS chose {blas['blas_core_chosen_by_library']}), {blas['blas_threads']} BLAS thread(s), "
          f"products split over {blas.get('workers', '?')} workers"
          + (f"; --precision bf16 ran {ours_bf16} products" if ours_bf16 else ""))
    limit = {prec: statistics.median(v) for prec, v in limits.items()}
    for prec in precisions:
        print(f"limit (best {prec} product, ours or PyTorch's, median of rounds): {limit[prec]:.1f} GFLOP/s")
    result = {"processor": cpu_model(), "blas_core": blas["blas_core"],
              "limit_gflops": round(limit.get("fp32", 0), 1), "bf16_limit_gflops": round(limit.get("bf16", 0), 1),
              "configs": []}
    for run in runs:
        (kind, pen), prec = run
        a = statistics.median(x["sketches_per_s"] for x in ours[run])
        b = statistics.median(x["sketches_per_s"] for x in theirs[run])
        gflop = statistics.median(x["gflop_per_step"] for x in ours[run])
        rate = gflop * a / 100
        mem_a = statistics.median(x["peak_rss_mb"] for x in ours[run])
        mem_b = statistics.median(x["peak_rss_mb"] for x in theirs[run])
        row = {"type": kind, "pen_loss": pen, "precision": prec, "sketches_per_s": a, "torch_full_sketches_per_s": b,
               "ratio": round(a / b, 2), "gflop_per_step": gflop, "gflops": round(rate, 1),
               "share_of_limit": round(rate / limit[prec], 2), "peak_rss_mb": mem_a, "torch_peak_rss_mb": mem_b}
        if prec == "bf16" and (run[0], "fp32") in ours:
            row["over_our_fp32"] = round(a / statistics.median(x["sketches_per_s"] for x in ours[(run[0], "fp32")]), 2)
        result["configs"].append(row)
        extra = f"  {row['over_our_fp32']:4.2f}x our fp32" if "over_our_fp32" in row else ""
        print(f"{kind:8s} {pen:6s} {prec:4s} ours {a:6.1f} sketches/s  torch(full) {b:6.1f}  ratio {a / b:4.2f}x  "
              f"{gflop:6.1f} GFLOP/step at {rate:6.1f} GFLOP/s = {100 * rate / limit[prec]:3.0f}% of the {prec} limit  "
              f"memory {mem_a:.0f} / {mem_b:.0f} MB{extra}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
