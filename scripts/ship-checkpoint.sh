#!/usr/bin/env bash
# Ships a trained run as checkpoints/NAME.safetensors and writes its model card:
#   scripts/ship-checkpoint.sh NAME [RUN_DIR]        (RUN_DIR defaults to runs/NAME)
# $SKETCH_CHECKPOINTS ships into another folder (trials); CARD_DIR writes the card elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/checkpoint-recipes.sh
[ $# -ge 1 ] || { echo "usage: $0 NAME [RUN_DIR]" >&2; exit 2; }
name=$1 run=${2:-runs/$1}
recipe "$name" || exit 2
sketch_binary
"$SKETCH" models ship "$run/best.safetensors" --name "$name" --data "${RECIPE_DATA[@]}"
# How the model is best sampled travels in its file (the app, every command and SketchModel use it).
if [ ${#RECIPE_STYLE[@]} -gt 0 ]; then "$SKETCH" models style "$name" "${RECIPE_STYLE[@]}"; fi
SKETCH_BIN="$SKETCH" scripts/model-card.sh "$name" "$run"
# The golden forward passes that the fresh-clone tests check are computed from the shipped files.
if [ -z "${SKETCH_CHECKPOINTS:-}" ] && python3 -c 'import numpy' 2>/dev/null; then
  python3 Tests/Reference/shipped_golden.py
fi
"$SKETCH" models
# Programs built with the library carry the checkpoints Package.swift lists as resources.
if [ -z "${SKETCH_CHECKPOINTS:-}" ] && ! grep -q "\"$name\"" Package.swift; then
  echo "note: add \"$name\" to the SketchCheckpoints resources in Package.swift" >&2
fi
