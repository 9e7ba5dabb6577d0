#!/usr/bin/env python3
"""Issue 23's quality bar for one model: what a person sees, measured by `sketch eval`.

    scripts/quality-bar.py --model sheep --data ../shared/data/aaron_sheep.npz --closes --max-lr 0.073

Draws --samples drawings at each τ (seed 11, --redraws 0: the model's own drawings) and compares
them with the data's test split: ended before Nmax, pen-down strokes, dashes, median size and, with
--closes (the sheep models), how often the longest stroke closes at τ 0.5. --max-lr / --max-kl add
the test losses. --style sets the sampling of a run that has no style in its file yet (a run's
best.safetensors), set on a temporary copy with `sketch models style`:
"OFFSETS_BASE,OFFSETS_SLOPE:SOFTMAX_BASE,SOFTMAX_SLOPE:PEN", e.g. "0.7,0.3:0.5,0.5:untempered" for `sheep`'s. --sheets DIR writes a 36-drawing sheet per τ to look
at: the bar's last line (28 of 36 are sheep to a person) is a person's to judge, not this script's.
Exit status: 0 when every measured line holds, 1 when one fails, 2 when sketch fails.
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile


def run_sketch(sketch, args):
    out = subprocess.run([sketch] + args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"quality-bar: sketch {' '.join(args)} failed:\n{out.stderr.strip()}")
    lines = out.stdout.strip().splitlines()
    if not lines:
        sys.exit(f"quality-bar: sketch {' '.join(args)} printed nothing")
    return lines[-1]


def limit(text):
    float(text)  # argparse reports a ValueError as "invalid limit value"
    return text


def styled_copy(sketch, model, style, folder):
    """A copy of a run's file with the style set by `sketch models style`, so that τ means there
    what it means in a shipped model (the style's lines live in the library, not here)."""
    try:
        offsets, softmax, pen = style.split(":")
    except ValueError:
        sys.exit(f"quality-bar: --style {style!r} is not OFFSETS_BASE,SLOPE:SOFTMAX_BASE,SLOPE:PEN")
    copy = os.path.join(folder, os.path.basename(model))
    shutil.copyfile(model, copy)
    run_sketch(sketch, ["models", "style", copy, "--offsets", offsets, "--softmax", softmax, "--pen", pen])
    return copy


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True, action="append")
    parser.add_argument("--sketch", default=os.environ.get("SKETCH_BIN", ".build/release/sketch"))
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--taus", default="0.2,0.5,0.8")
    parser.add_argument("--closes", action="store_true", help="check outlines closing at τ 0.5 (sheep)")
    # Kept as text: a limit is compared at its own precision ("0.073" holds for 0.0727, as the issue
    # quotes today's figures rounded).
    parser.add_argument("--max-lr", type=limit, help="test L_R at most this, at its precision")
    parser.add_argument("--max-kl", type=limit, help="test L_KL at most this, at its precision")
    parser.add_argument("--style", help="sampling of a run without a style in its file")
    parser.add_argument("--sheets", help="folder for a 36-drawing sheet per τ")
    opts = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="quality-bar.")
    model = styled_copy(opts.sketch, opts.model, opts.style, scratch.name) if opts.style else opts.model

    data = [arg for path in opts.data for arg in ("--data", path)]
    taus = [float(t) for t in opts.taus.split(",")]
    need_ended = math.ceil(0.97 * opts.samples)
    rows, failures = [], []

    def check(holds, what):
        if not holds:
            failures.append(what)
        return "✓" if holds else "✗"

    for tau in taus:
        line = run_sketch(opts.sketch, ["eval", "--model", model, *data, "--samples", str(opts.samples),
                                        "--seed", str(opts.seed), "--redraws", "0", "--json", "--temperature", f"{tau:g}"])
        report = json.loads(line)
        mine, test = report["shapes"], report["test_shapes"]
        at = f"τ {tau:g}"
        n_ended, n_strokes, n_dashes = report["ended"], mine["strokes"], mine["dashes"]
        ended = f"{n_ended} " + check(n_ended >= need_ended, f"{at}: ended {n_ended} < {need_ended}")
        low, high = 0.5 * test["strokes"], 1.25 * test["strokes"]
        strokes = f"{n_strokes:.1f} / {test['strokes']:.1f} " + check(
            low <= n_strokes <= high, f"{at}: strokes {n_strokes:.1f} outside {low:.1f}-{high:.1f}")
        dash_max = max(1.5 * test["dashes"], test["dashes"] + 0.5)
        dashes = f"{n_dashes:.2f} / {test['dashes']:.2f} " + check(
            n_dashes <= dash_max, f"{at}: dashes {n_dashes:.2f} above {dash_max:.2f}")
        size_ratio = mine["median_size"] / test["median_size"] if test["median_size"] else 0
        size = f"{mine['median_size']:.0f} / {test['median_size']:.0f} " + check(
            0.75 <= size_ratio <= 1.25, f"{at}: size {size_ratio:.2f} × the data's")
        closes = f"{100 * mine['closed_share']:.0f} % / {100 * test['closed_share']:.0f} %"
        if opts.closes and abs(tau - 0.5) < 1e-9:
            closes += " " + check(mine["closed_share"] >= 0.8 * test["closed_share"],
                                  f"{at}: closes {100 * mine['closed_share']:.0f} % under 0.8 × the data's")
        rows.append(f"| {at} | {ended} | {strokes} | {dashes} | {size} | {closes} |")
        if opts.sheets:
            os.makedirs(opts.sheets, exist_ok=True)
            run_sketch(opts.sketch, ["sample", "--model", model, "-n", "36", "--seed", "1", "--redraws", "0",
                                     "--temperature", f"{tau:g}", "--output", os.path.join(opts.sheets, f"samples-{tau:g}.svg")])

    print(f"{opts.model}: {opts.samples} drawings at seed {opts.seed}, --redraws 0 (model / test split)")
    print()
    print(f"| τ | ended (≥ {need_ended}) | strokes | dashes | median size (px) | longest stroke closes |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    def at_most(value, limit):
        decimals = len(limit.split(".")[1]) if "." in limit else 0
        return round(value, decimals) <= float(limit)

    if opts.max_lr is not None or opts.max_kl is not None:
        losses = json.loads(run_sketch(opts.sketch, ["eval", "--model", model, *data, "--json"]))
        text = f"test L_R {losses['L_R']:.4f}"
        if opts.max_lr is not None:
            text += f" (at most {opts.max_lr}) " + check(at_most(losses["L_R"], opts.max_lr), f"test L_R {losses['L_R']:.4f} above {opts.max_lr}")
        if opts.max_kl is not None:
            text += f", L_KL {losses['L_KL']:.3f} (at most {opts.max_kl}) " + check(at_most(losses["L_KL"], opts.max_kl), f"test L_KL above {opts.max_kl}")
        print()
        print(text)
    print()
    if failures:
        print(f"bar missed on {len(failures)}: " + "; ".join(failures))
        return 1
    print("every measured line of the bar holds; a person still has to look at the sheets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
