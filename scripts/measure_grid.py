#!/usr/bin/env python3
"""Measures how soon the drawing app's latent grid answers, from outside, as a person sees it.

Runs a `sketch` binary under tmux with a VAE, draws a stroke, then presses `g` (and, in the grid,
`n` for new corners and `r` to decode again) several times, polling the screen every few
milliseconds; for each press it reports the time until the first grid cell shows a drawing and
until every cell does.

    scripts/measure_grid.py [--binary .build/release/sketch] [--model sheep-vae] [--size 120x40] [--presses 5]

Give two binaries (--binary A --binary B) to measure them alternately, press by press, in one run:
on a shared machine that is the only fair comparison.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tmux(sock, *args):
    return subprocess.run(["tmux", "-S", sock, *args], check=True, capture_output=True, text=True).stdout


def grid_boxes(width, height, columns, rows):
    """The latent grid's cells over the body of the screen (Layout.latentGridBoxes)."""
    boxes = []
    for r in range(rows):
        for c in range(columns):
            x0, x1 = width * c // columns, width * (c + 1) // columns
            y0, y1 = 1 + (height - 2) * r // rows, 1 + (height - 2) * (r + 1) // rows
            boxes.append((x0 + 1, y0 + 1, x1 - 1, y1 - 1))
    return boxes


def shape(width, height):
    """Layout.latentGridShape: cells of at least 30 x 12, 2 to 10 a side."""
    return min(10, max(2, width // 30)), min(10, max(2, (height - 2) // 12))


def drawn_cells(screen, boxes):
    lines = screen.split("\n")
    n = 0
    for x0, y0, x1, y1 in boxes:
        dots = 0
        for y in range(y0, y1):
            if y < len(lines):
                dots += sum(1 for ch in lines[y][x0:x1] if 0x2800 < ord(ch) <= 0x28FF)
        n += dots >= 3
    return n


class Session:
    def __init__(self, binary, model, width, height):
        self.folder = tempfile.mkdtemp(prefix="sketch-grid-")
        self.sock = os.path.join(self.folder, "tmux.sock")
        self.width, self.height = width, height
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                   XDG_STATE_HOME=os.path.join(self.folder, "state"))
        command = f"{binary} --model {model} --save-dir {self.folder}"
        subprocess.run(["tmux", "-S", self.sock, "new-session", "-d", "-x", str(width), "-y", str(height), command],
                       check=True, env=env)
        self.boxes = grid_boxes(width, height, *shape(width, height))

    def screen(self):
        return tmux(self.sock, "capture-pane", "-p")

    def send(self, text):
        tmux(self.sock, "send-keys", "-l", text)

    def draw(self):
        time.sleep(1.5)
        # A loop in the canvas's middle (the canvas is the left half at 100 columns or more).
        cx, cy = (self.width // 4, self.height // 2) if self.width >= 100 else (self.width // 2, self.height // 4)
        points = [(cx - 8 + i, cy - 3) for i in range(16)] + [(cx + 8, cy - 3 + i) for i in range(6)]
        points += [(cx + 8 - i, cy + 3) for i in range(16)] + [(cx - 8, cy + 3 - i) for i in range(6)]
        text = f"\x1b[<0;{points[0][0] + 1};{points[0][1] + 1}M"
        text += "".join(f"\x1b[<32;{x + 1};{y + 1}M" for x, y in points[1:])
        text += f"\x1b[<0;{points[-1][0] + 1};{points[-1][1] + 1}m"
        self.send(text)
        time.sleep(2.0)

    def press(self, key, timeout=15.0):
        """Seconds from pressing `key` until the first cell and until every cell shows a drawing."""
        before = self.screen()
        start = time.monotonic()
        self.send(key)
        first = None
        while time.monotonic() - start < timeout:
            screen = self.screen()
            if screen == before:
                time.sleep(0.003)
                continue
            n = drawn_cells(screen, self.boxes)
            now = time.monotonic() - start
            if n >= 1 and first is None:
                first = now
            if n == len(self.boxes):
                return first, now
            before = screen
            time.sleep(0.003)
        return first, None

    def close(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", action="append", help="default: .build/release/sketch")
    ap.add_argument("--model", default="sheep-vae")
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--presses", type=int, default=5)
    args = ap.parse_args()
    if not shutil.which("tmux"):
        sys.exit("measure_grid: tmux is not installed (scripts/setup.sh installs it)")
    binaries = args.binary or [os.path.join(ROOT, ".build/release/sketch")]
    for b in binaries:
        if not os.access(b, os.X_OK):
            sys.exit(f"measure_grid: {b}: not an executable")
    width, height = (int(v) for v in args.size.split("x"))
    sessions = [Session(b, args.model, width, height) for b in binaries]
    results = {b: {"g": [], "n": [], "r": []} for b in binaries}
    try:
        for s in sessions:
            s.draw()
        for _ in range(args.presses):
            for b, s in zip(binaries, sessions):
                for key in ["g", "n", "r"]:
                    results[b][key].append(s.press(key))
                    time.sleep(0.3)
                s.send("\x1b")
                time.sleep(1.0)
    finally:
        for s in sessions:
            s.close()
    print(f"model {args.model}, {args.size}, {args.presses} presses of each key, cells {len(sessions[0].boxes)}")
    for b in binaries:
        print(b)
        for key, values in results[b].items():
            firsts = [f * 1000 for f, _ in values if f is not None]
            lasts = [l * 1000 for _, l in values if l is not None]
            med = lambda v: f"{statistics.median(v):.0f}" if v else "-"
            rng = lambda v: f"{min(v):.0f}-{max(v):.0f}" if v else "-"
            print(f"  {key}: first cell median {med(firsts)} ms ({rng(firsts)}), every cell median {med(lasts)} ms "
                  f"({rng(lasts)}), {len(lasts)} of {len(values)} complete")


if __name__ == "__main__":
    main()
