#!/usr/bin/env bash
# Parks an unfinished training run in the repository, so that the next session can resume it on
# another machine (a session's machine, and so its runs/ folder, is not always kept):
#   scripts/park-run.sh NAME [RUN_DIR]        (RUN_DIR defaults to runs/NAME)
# Copies the run's state.safetensors (weights and Adam moments: an exact resume), best.safetensors,
# log.jsonl and loss.svg into checkpoints/training/NAME/, each through a temporary name. Commit that
# folder; scripts/train-checkpoint.sh NAME resumes from it when its RUN_DIR holds no run yet. Once the
# model ships as final, remove the folder (git rm -r checkpoints/training/NAME). PARK_DIR parks
# elsewhere than checkpoints/training (tests).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/checkpoint-recipes.sh
[ $# -ge 1 ] || { echo "usage: $0 NAME [RUN_DIR]" >&2; exit 2; }
name=$1 run=${2:-runs/$1}
recipe "$name" || exit 2
for f in state.safetensors best.safetensors log.jsonl loss.svg; do
  [ -f "$run/$f" ] || { echo "$run/$f: no such file (is $run a training run?)" >&2; exit 1; }
done
park=${PARK_DIR:-checkpoints/training}/$name
mkdir -p "$park"
for f in state.safetensors best.safetensors log.jsonl loss.svg; do
  cp "$run/$f" "$park/$f.tmp" && mv "$park/$f.tmp" "$park/$f"
done
step=$(tail -n 1 "$park/log.jsonl" | sed -n 's/.*"step": *\([0-9]*\).*/\1/p')
echo "parked $run in $park (log through step ${step:-?}; $(du -sh "$park" | cut -f1)); commit it"
