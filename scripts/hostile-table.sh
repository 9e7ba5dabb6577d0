#!/usr/bin/env bash
# Runs issue 28's hostile inputs through a sketch binary under `ulimit -v 2000000` (2 GB of address
# space) and prints a markdown table: input, command, exit status, first line of stderr (or of the
# app's status bar), wall time and peak memory (/usr/bin/time -v). docs/fuzzing.md holds the last.
#   scripts/hostile-table.sh [SKETCH]      (default .build/release/sketch)
# SMALL=1 writes smaller inputs, each still above its limit (make test's smoke run of this script);
# the exit status is 1 when any input crashed sketch, was killed or timed out.
# The inputs are written by scripts/hostile-inputs.py (Python's own zipfile, json and numpy) and by
# `sketch export` then edited in Python; the app's rows run it under tmux.
set -uo pipefail
cd "$(dirname "$0")/.."
SKETCH=$(realpath "${1:-.build/release/sketch}")
DIR=$(mktemp -d)
trap 'tmux -L hostile kill-server 2>/dev/null; rm -rf "$DIR"' EXIT
python3 scripts/hostile-inputs.py "$DIR"
"$SKETCH" export --model sheep --output "$DIR/sheep.json" >/dev/null
"$SKETCH" export --model sheep --half --output "$DIR/sheep-f16.safetensors" >/dev/null
python3 - "$DIR" <<'EOF'
import json, struct, sys
d = sys.argv[1]
js = json.load(open(f"{d}/sheep.json"))
js[1][1] = [js[1][1][0] + 0.5] + js[1][1][1:]
json.dump(js, open(f"{d}/sheep-js-half-shape.json", "w"))
js = json.load(open(f"{d}/sheep.json"))
js[0]["scale_factor"] = float("nan")
json.dump(js, open(f"{d}/sheep-js-nan.json", "w"))  # Python writes the literal NaN
data = open(f"{d}/sheep-f16.safetensors", "rb").read()
n = struct.unpack("<Q", data[:8])[0]
header = json.loads(data[8:8 + n])
for k, v in header.items():
    if k != "__metadata__":
        v["dtype"] = "BF16"
text = json.dumps(header).encode()
text += b" " * ((8 - len(text) % 8) % 8)
open(f"{d}/sheep-f16-as-bf16.safetensors", "wb").write(struct.pack("<Q", len(text)) + text + data[8 + n:])
EOF

crashed=()
echo "| input | command | exit | message | time | peak memory |"
echo "| --- | --- | --- | --- | --- | --- |"
row() {
    local label=$1; shift
    ( ulimit -v 2000000; cd "$DIR" && /usr/bin/time -v -o "$DIR/time.txt" timeout 150 "$SKETCH" "$@" >"$DIR/out.txt" 2>"$DIR/err.txt" )
    local status=$?
    [ $status -ge 124 ] && crashed+=("$label: exit $status")
    local wall rss message
    wall=$(grep 'Elapsed (wall' "$DIR/time.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$DIR/time.txt" | awk '{print $NF}')
    message=$(grep -v '^$' "$DIR/err.txt" | head -1 | cut -c1-220 | sed 's/|/\\|/g')
    [ -z "$message" ] && message="(stdout) $(head -1 "$DIR/out.txt" | cut -c1-160)"
    echo "| $label | \`sketch ${*}\` | $status | $message | $wall | $((rss / 1024)) MB |"
}
row "pickle: lists 60 000 deep (1 KB .npz)" data info nested-lists.npz
row "pickle: TUPLE1 60 000 deep" data info nested-tuple1.npz
row "pickle: MARK tuples 60 000 deep" data info nested-mark-tuples.npz
row "ndjson: 1 M raw zig-zag points" data convert zigzag-1M-raw.ndjson --output o.npz
row "ndjson: 1 M simplified points" data convert zigzag-1M-simplified.ndjson --output o.npz
row "ndjson: 10 M simplified points (66 MB line)" data convert zigzag-10M-simplified.ndjson --output o.npz
row "prefix: 1 M simplified points" complete --prefix zigzag-1M-simplified.ndjson --output o.svg
row "prefix: 200 000 stroke-3 rows" complete --prefix prefix-200k.json --output o.svg
row "npz: 100 000 extra members" data info many-members.npz
row "npz: 100 000 members, no train.npy" data info many-members-no-train.npz
row "npz: train.npy twice" data info duplicate-train.npz
row "training data, offsets of 1e-31" train --data tiny-scale.npz --steps 10 --out run
row "safetensors: shape [512.5, 2048]" sample --model sheep-half-shape.safetensors --output o.svg
row "safetensors: f16 bytes relabelled BF16" sample --model sheep-f16-as-bf16.safetensors --output o.svg
row "sketch-rnn-js: a size of 123.5" sample --model sheep-js-half-shape.json --output o.svg
row "sketch-rnn-js: NaN literal" sample --model sheep-js-nan.json --output o.svg
( cd "$DIR" && prlimit --fsize=2000 "$SKETCH" sample --model sheep --output fsize.svg >/dev/null 2>"$DIR/err.txt"; echo "| file-size limit 2000 B | \`prlimit --fsize=2000 sketch sample\` | $? | $(head -1 "$DIR/err.txt" | cut -c1-200) | | |" )
echo "| (left behind by it) | \`ls .*.partial\` | | $(cd "$DIR" && ls -a | grep -c '\.partial$') temporaries | | |"

# The app: a state file of 1 GB beginning with `{`, then a FIFO in its place. Time: until the
# status bar says why the file was moved aside.
app_row() {
    local label=$1
    tmux -L hostile kill-server 2>/dev/null
    sleep 1
    rm -f "$DIR/status" "$DIR/time.txt"
    local started=$(date +%s.%N)
    tmux -L hostile -f /dev/null new-session -d -x 200 -y 30 \
        "ulimit -v 2000000; TERM=xterm-256color /usr/bin/time -v -o '$DIR/time.txt' '$SKETCH' --save-dir '$DIR/state' 2>'$DIR/err.txt'; echo EXITED \$? > '$DIR/status'; sleep 30"
    local screen="" waited=0
    until echo "$screen" | grep -q "kept drawing"; do
        sleep 0.1; waited=$((waited + 1)); [ $waited -gt 600 ] && break
        screen=$(tmux -L hostile capture-pane -p 2>/dev/null)
    done
    local shown=$(echo "$(date +%s.%N) - $started" | bc)
    local message=$(echo "$screen" | grep -o "could not read the kept drawing.*" | head -1 | cut -c1-220)
    tmux -L hostile send-keys q
    sleep 1.5
    local rss=$(grep 'Maximum resident' "$DIR/time.txt" 2>/dev/null | awk '{print $NF}')
    echo "| $label | \`sketch\` (the app) | $(cut -d' ' -f2 "$DIR/status" 2>/dev/null) after q | $message | ${shown} s to the message | $(( ${rss:-0} / 1024 )) MB |"
}
mkdir -p "$DIR/state"
{ printf '{"strokes": ['; } > "$DIR/state/sketch-autosave.json"
truncate -s "$([ "${SMALL:-}" = 1 ] && echo 64M || echo 1G)" "$DIR/state/sketch-autosave.json"
app_row "app: 1 GB state file beginning with {"
rm -f "$DIR/state/"*
mkfifo "$DIR/state/sketch-autosave.json"
app_row "app: a FIFO as the state file"
if [ ${#crashed[@]} -gt 0 ]; then
    printf 'hostile-table: crashed, killed or timed out: %s\n' "${crashed[@]}" >&2
    exit 1
fi
