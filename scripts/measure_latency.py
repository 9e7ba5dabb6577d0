#!/usr/bin/env python3
"""Measures the drawing app's latency targets in real terminal sessions.

Runs the release `sketch` binary under tmux with `--debug-timing`, draws scripted mouse strokes
(SGR 1006 press, motion, release) of growing drawings, presses a key 50-350 ms after each pen
lift (while the endings are being generated), and summarises the timing log:

  pen lift -> first point of every ending on screen   (target <= 30 ms)
  key press -> screen answers while generating        (target <= 50 ms)

    scripts/measure_latency.py [--model sheep] [--sessions 3] [--strokes 10] [--sizes 120x40,80x24]

Run it on an idle machine with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, as on a user's machine.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tmux(sock, *args, check=True):
    return subprocess.run(["tmux", "-S", sock, *args], check=check, capture_output=True, text=True)


def stroke_text(rng, left, top, right, bottom, points):
    """An SGR drag of `points` motion reports wandering inside the canvas rectangle."""
    x, y = rng.randint(left + 2, right - 2), rng.randint(top + 1, bottom - 1)
    dx, dy = rng.choice([-1, 1]), rng.choice([-1, 0, 1])
    text = f"\x1b[<0;{x + 1};{y + 1}M"
    for _ in range(points):
        if rng.random() < 0.2:
            dx, dy = rng.choice([-1, 0, 1]), rng.choice([-1, 0, 1])
            if dx == 0 and dy == 0:
                dx = 1
        x = min(max(x + dx, left), right)
        y = min(max(y + dy, top), bottom)
        text += f"\x1b[<32;{x + 1};{y + 1}M"
    return text + f"\x1b[<0;{x + 1};{y + 1}m"


def session(binary, model, width, height, strokes, rng, log_path):
    folder = tempfile.mkdtemp(prefix="sketch-latency-")
    sock = os.path.join(folder, "tmux.sock")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    command = f"{binary} --model {model} --debug-timing {log_path} --save-dir {folder}"
    subprocess.run(["tmux", "-S", sock, "new-session", "-d", "-x", str(width), "-y", str(height),
                    command], check=True, env=env)
    try:
        time.sleep(1.5)
        canvas_right = width // 2 - 2 if width >= 100 else width - 2
        canvas_bottom = height - 3 if width >= 100 else height // 2 - 1
        for i in range(strokes):
            if i and i % 5 == 0:
                tmux(sock, "send-keys", "-l", "c")  # a new drawing every five strokes
                time.sleep(0.3)
            points = rng.randint(8, 60)
            tmux(sock, "send-keys", "-l", stroke_text(rng, 1, 2, canvas_right, canvas_bottom, points))
            time.sleep(rng.uniform(0.05, 0.35))
            tmux(sock, "send-keys", "-l", rng.choice("[]"))  # answered while endings are generated
            time.sleep(1.2)
        tmux(sock, "send-keys", "-l", "q")
        time.sleep(0.8)
    finally:
        tmux(sock, "kill-server", check=False)
        shutil.rmtree(folder, ignore_errors=True)


def summary(label, values, target):
    if not values:
        print(f"{label}: no samples")
        return
    values = sorted(values)
    pct = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    within = sum(v <= target for v in values)
    print(f"{label}: {len(values)} samples, median {statistics.median(values):.1f} ms, "
          f"90th pct {pct(0.9):.1f} ms, max {values[-1]:.1f} ms, {within} of {len(values)} <= {target} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="sheep")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/sketch"))
    ap.add_argument("--sessions", type=int, default=3)
    ap.add_argument("--strokes", type=int, default=10)
    ap.add_argument("--sizes", default="120x40,200x60,80x24")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--log", help="keep the combined timing log here")
    args = ap.parse_args()
    if not shutil.which("tmux"):
        sys.exit("measure_latency: tmux is not installed (scripts/setup.sh installs it)")
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"measure_latency: {args.binary}: no release binary; run `swift build -c release --product sketch`")
    rng = random.Random(args.seed)
    lines = []
    for size in args.sizes.split(","):
        width, height = (int(v) for v in size.split("x"))
        for _ in range(args.sessions):
            with tempfile.NamedTemporaryFile(suffix=".log", delete=False) as log:
                path = log.name
            session(args.binary, args.model, width, height, args.strokes, rng, path)
            with open(path) as f:
                lines += f.read().splitlines()
            os.unlink(path)
    if args.log:
        with open(args.log, "w") as f:
            f.write("\n".join(lines) + "\n")
    penup = [float(l.split()[1]) for l in lines if l.startswith("penup-first-points ")]
    keys = [float(l.split()[1]) for l in lines if l.startswith("key ") and "generating=true" in l]
    print(f"model {args.model}, sizes {args.sizes}, {args.sessions} sessions each, {args.strokes} strokes a session")
    summary("pen lift -> first point of every ending", penup, 30)
    summary("key -> screen, while generating", keys, 50)


if __name__ == "__main__":
    main()
