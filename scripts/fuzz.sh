#!/usr/bin/env bash
# Fuzzes the project's parsers with libFuzzer: scripts/fuzz.sh [TARGET|all] [SECONDS]
#
# The targets are the package's own `sketch-fuzz` product (Fuzz/, docs/fuzzing.md): this builds it
# with coverage instrumentation (`-sanitize=fuzzer`, a debug build: every bounds and overflow check
# on) into .build-fuzz, writes each target's seeds and reproducers, then runs each target for
# SECONDS (default 300) with a 1 GB memory limit and a 10 s per-input timeout. Crashes, timeouts
# and out-of-memory inputs land in .build-fuzz/findings/TARGET/; the exit status is 1 if any target
# found one, 2 if the build failed. The corpus grows in .build-fuzz/corpus/TARGET/ from run to run.
# Targets: npz npy pickle safetensors model state ndjson qdbin prefix input.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(npz npy pickle safetensors model state ndjson qdbin prefix input)
WHICH=${1:-all}
SECONDS_EACH=${2:-300}
OUT=.build-fuzz
if [ "$WHICH" != all ]; then
    [[ " ${TARGETS[*]} " == *" $WHICH "* ]] || { echo "unknown target $WHICH; one of: ${TARGETS[*]} all" >&2; exit 2; }
    TARGETS=("$WHICH")
fi

SWIFT=${SWIFT:-swift}
echo "fuzz: building sketch-fuzz with -sanitize=fuzzer in $OUT" >&2
# SwiftPM links an executable's `main` as `--defsym main=<module>_main`; libFuzzer's archive brings
# its own `main` too, hence `-z muldefs` (the defsym wins; FuzzDriver.swift hands over to
# libFuzzer with LLVMFuzzerRunDriver).
if ! $SWIFT build --build-path "$OUT" --product sketch-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING \
        -Xlinker -z -Xlinker muldefs >&2; then
    echo "fuzz: the instrumented build failed" >&2
    exit 2
fi
FUZZ=$OUT/debug/sketch-fuzz

status=0
for target in "${TARGETS[@]}"; do
    corpus=$OUT/corpus/$target findings=$OUT/findings/$target seeds=$OUT/seeds/$target
    mkdir -p "$corpus" "$findings"
    rm -rf "$seeds"
    "$FUZZ" seeds "$target" "$seeds"
    log=$OUT/$target.log
    echo "fuzz: $target for ${SECONDS_EACH}s" >&2
    FUZZ_TARGET=$target "$FUZZ" "$corpus" "$seeds" -max_total_time="$SECONDS_EACH" -rss_limit_mb=1024 \
        -malloc_limit_mb=1024 -timeout=10 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" \
        >"$log" 2>&1 || status=1
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    found=$(ls "$findings" | wc -l)
    echo "fuzz: $target: ${execs:-?} executions, $found finding(s)$( [ "$found" -gt 0 ] && echo " in $findings")"
    [ "$found" -gt 0 ] && status=1
done
exit $status
