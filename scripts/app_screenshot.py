#!/usr/bin/env python3
"""A picture of the drawing app from a real screen: runs the release `sketch` binary under tmux,
draws a sheep body with mouse reports (docs/models/sheep-body.json, fitted to the canvas), waits
for the endings, captures the pane with its colours (`tmux capture-pane -e`) and renders the
terminal's cells to SVG: Braille cells as their dots, box-drawing cells as lines, the rest as
monospace text. Nothing is drawn by hand; run it again to regenerate the picture.

    scripts/app_screenshot.py [--size 120x40] [--model sheep] [--output docs/images/app-120x40.svg]
    scripts/app_screenshot.py --from capture.ansi --size 120x40 --output screen.svg   (render only)
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CELL_W, CELL_H = 9, 18
BACKGROUND, FOREGROUND = "#1d1f21", "#d8d8d8"
BASIC = ["#1d1f21", "#cc6666", "#b5bd68", "#f0c674", "#81a2be", "#b294bb", "#8abeb7", "#c5c8c6",
         "#666666", "#d54e53", "#b9ca4a", "#e7c547", "#7aa6da", "#c397d8", "#70c0b1", "#eaeaea"]


def xterm(n):
    """The xterm 256-colour palette."""
    if n < 16:
        return BASIC[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    g = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (g, g, g)


def parse(text, width, height):
    """Cells (char, fg, bg, bold) from `capture-pane -e -p` output."""
    grid = [[(" ", None, None, False) for _ in range(width)] for _ in range(height)]
    for y, line in enumerate(text.split("\n")[:height]):
        fg = bg = None
        bold = reverse = False
        x = 0
        for token in re.split(r"(\x1b\[[0-9;]*m)", line):
            if token.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in token[2:-1].split(";")]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        fg = bg = None
                        bold = reverse = False
                    elif c == 1:
                        bold = True
                    elif c == 7:
                        reverse = True
                    elif c == 27:
                        reverse = False
                    elif 30 <= c <= 37:
                        fg = BASIC[c - 30]
                    elif 90 <= c <= 97:
                        fg = BASIC[c - 90 + 8]
                    elif 40 <= c <= 47:
                        bg = BASIC[c - 40]
                    elif c == 39:
                        fg = None
                    elif c == 49:
                        bg = None
                    elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                        colour = xterm(codes[i + 2])
                        fg, bg = (colour, bg) if c == 38 else (fg, colour)
                        i += 2
                    elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
                        colour = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                        fg, bg = (colour, bg) if c == 38 else (fg, colour)
                        i += 4
                    i += 1
                continue
            for ch in token:
                if x < width:
                    f, b = (fg or FOREGROUND, bg or BACKGROUND)
                    if reverse:
                        f, b = b, f
                    grid[y][x] = (ch, f, b, bold)
                x += 1
    return grid


# Box-drawing characters as the segments from the cell's centre they draw: (left, right, up, down).
BOX = {"─": "lr", "━": "lr", "│": "ud", "┃": "ud", "┌": "rd", "┏": "rd", "┐": "ld", "┓": "ld",
       "└": "ru", "┗": "ru", "┘": "lu", "┛": "lu", "├": "udr", "┤": "udl", "┬": "lrd", "┴": "lru", "┼": "lrud"}


def svg(grid, title):
    height, width = len(grid), len(grid[0])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * CELL_W}" height="{height * CELL_H}" '
           f'viewBox="0 0 {width * CELL_W} {height * CELL_H}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
           f'font-size="{CELL_H * 0.72:.1f}">',
           f"<title>{title}</title>",
           f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>']
    for y, row in enumerate(grid):
        for x, (ch, fg, bg, bold) in enumerate(row):
            if bg != BACKGROUND:
                out.append(f'<rect x="{x * CELL_W}" y="{y * CELL_H}" width="{CELL_W}" height="{CELL_H}" fill="{bg}"/>')
    for y, row in enumerate(grid):
        x = 0
        while x < width:
            ch, fg, bg, bold = row[x]
            px, py = x * CELL_W, y * CELL_H
            code = ord(ch)
            if 0x2800 < code <= 0x28FF:
                bits = code - 0x2800
                # Braille dots: bit k at (column, row) of the 2 x 4 grid.
                for k, (cx, cy) in enumerate([(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3)]):
                    if bits & (1 << k):
                        out.append(f'<circle cx="{px + (cx + 0.5) * CELL_W / 2:.1f}" cy="{py + (cy + 0.5) * CELL_H / 4:.1f}" '
                                   f'r="{CELL_W * 0.2:.1f}" fill="{fg}"/>')
                x += 1
            elif ch in BOX:
                cx, cy = px + CELL_W / 2, py + CELL_H / 2
                heavy = ch in "━┃┏┓┗┛"
                ends = {"l": (px, cy), "r": (px + CELL_W, cy), "u": (cx, py), "d": (cx, py + CELL_H)}
                for side in BOX[ch]:
                    ex, ey = ends[side]
                    out.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" stroke="{fg}" '
                               f'stroke-width="{2.2 if heavy else 1.1}"/>')
                x += 1
            elif ch == " ":
                x += 1
            else:
                # A run of text in one style, as one <text> with its cells' spacing kept.
                run = ""
                start = x
                while x < width and row[x][1:] == (fg, bg, bold) and row[x][0] != " " and ord(row[x][0]) < 0x2500:
                    run += row[x][0]
                    x += 1
                if not run:
                    run, x = ch, x + 1
                text = run.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                weight = ' font-weight="bold"' if bold else ""
                out.append(f'<text x="{start * CELL_W}" y="{py + CELL_H * 0.76:.1f}" fill="{fg}"{weight} '
                           f'textLength="{len(run) * CELL_W}" lengthAdjust="spacingAndGlyphs">{text}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def tmux(sock, *args):
    return subprocess.run(["tmux", "-S", sock, *args], check=True, capture_output=True, text=True).stdout


def body_drag(width, height):
    """SGR mouse reports drawing docs/models/sheep-body.json across the middle of the canvas."""
    with open(os.path.join(ROOT, "docs/models/sheep-body.json")) as f:
        rows = json.load(f)
    x = y = 0.0
    points = []
    for dx, dy, _ in rows:
        x, y = x + dx, y + dy
        points.append((x, y))
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    # The canvas: the left half at 100 columns or more, or at three columns a row (Layout).
    side = width >= 100 or width >= 3 * height
    left, top = 1, 2
    right, bottom = (width // 2 - 2, height - 3) if side else (width - 2, 1 + max(6, ((height - 2) * 11 + 10) // 20) - 2)
    cw, ch = right - left, bottom - top
    # Cells are about twice as tall as wide: the body takes 60% of the canvas's width.
    scale = 0.6 * cw / (max(xs) - min(xs))
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    cells = [(round(left + cw / 2 + (px - mx) * scale), round(top + ch / 2 + (py - my) * scale / 2)) for px, py in points]
    text = f"\x1b[<0;{cells[0][0] + 1};{cells[0][1] + 1}M"
    text += "".join(f"\x1b[<32;{cx + 1};{cy + 1}M" for cx, cy in cells[1:])
    return text + f"\x1b[<0;{cells[-1][0] + 1};{cells[-1][1] + 1}m"


def capture(binary, model, width, height, wait):
    folder = tempfile.mkdtemp(prefix="sketch-screenshot-")
    sock = os.path.join(folder, "tmux.sock")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", XDG_STATE_HOME=os.path.join(folder, "state"))
    command = f"{binary} --model {model} --save-dir {folder}"
    subprocess.run(["tmux", "-S", sock, "-f", "/dev/null", "new-session", "-d", "-x", str(width), "-y", str(height), command],
                   check=True, env=env)
    try:
        time.sleep(2.0)
        tmux(sock, "send-keys", "-l", body_drag(width, height))
        time.sleep(wait)
        return tmux(sock, "capture-pane", "-e", "-p")
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/sketch"))
    ap.add_argument("--model", default="sheep")
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--wait", type=float, default=4.0, help="seconds for the endings to be drawn")
    ap.add_argument("--from", dest="source", help="render this capture (capture-pane -e -p) instead of running the app")
    ap.add_argument("--output", default=os.path.join(ROOT, "docs/images/app-120x40.svg"))
    args = ap.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    if args.source:
        with open(args.source) as f:
            text = f.read()
    else:
        if not shutil.which("tmux"):
            sys.exit("app_screenshot: tmux is not installed (scripts/setup.sh installs it)")
        if not os.access(args.binary, os.X_OK):
            sys.exit(f"app_screenshot: {args.binary}: no release binary; run `swift build -c release --product sketch`")
        text = capture(args.binary, args.model, width, height, args.wait)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    temporary = args.output + ".tmp"
    with open(temporary, "w") as f:
        f.write(svg(parse(text, width, height), f"sketch, {args.model}, {width} x {height}: a sheep body and its endings"))
    os.replace(temporary, args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
