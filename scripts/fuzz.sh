#!/usr/bin/env bash
# Fuzzes the project's parsers with libFuzzer: scripts/fuzz.sh [TARGET|all] [SECONDS]
#
# Builds the SketchRNN and SketchTerminal modules with coverage instrumentation (-sanitize=fuzzer,
# a debug build: every bounds and overflow check on) into .build-fuzz, links Fuzz/*.swift into one
# binary, writes each target's seed corpus (files the project's own writers make), then runs each
# target for SECONDS (default 300) with a 1 GB memory limit and a 10 s per-input timeout. Crashes,
# timeouts and out-of-memory inputs land in .build-fuzz/findings/TARGET/; the exit status is 1 if
# any target found one. The corpus grows in .build-fuzz/corpus/TARGET/ from run to run.
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
echo "fuzz: building the instrumented modules in $OUT" >&2
for module in SketchRNN SketchTerminal; do
    $SWIFT build --build-path "$OUT" --target "$module" -Xswiftc -sanitize=fuzzer >&2
done
BIN=$OUT/debug
ZLIB_MODULE=$(dirname "$(find "$OUT/checkouts/ZIPFoundation/Sources" -name module.modulemap -path '*CZLib*' | head -1)")
swiftc -sanitize=fuzzer -parse-as-library -g -Onone -module-name SketchFuzz \
    Fuzz/*.swift \
    -I "$BIN/Modules" -I Sources/COpenBLAS -I Sources/CNcursesw -I "$ZLIB_MODULE" \
    -I "$BIN/CSketchKernels.build" -Xcc -fmodule-map-file="$BIN/CSketchKernels.build/module.modulemap" \
    "$BIN"/SketchRNN.build/*.o "$BIN"/SketchTerminal.build/*.o "$BIN"/ZIPFoundation.build/*.o \
    "$BIN"/CSketchKernels.build/*.o \
    $(pkg-config --libs openblas ncursesw zlib) \
    -o "$OUT/sketch-fuzz"

status=0
for target in "${TARGETS[@]}"; do
    corpus=$OUT/corpus/$target findings=$OUT/findings/$target seeds=$OUT/seeds/$target
    mkdir -p "$corpus" "$findings"
    rm -rf "$seeds"
    FUZZ_TARGET=$target FUZZ_SEEDS=$seeds "$OUT/sketch-fuzz"
    log=$OUT/$target.log
    echo "fuzz: $target for ${SECONDS_EACH}s" >&2
    FUZZ_TARGET=$target "$OUT/sketch-fuzz" "$corpus" "$seeds" -max_total_time="$SECONDS_EACH" -rss_limit_mb=1024 \
        -malloc_limit_mb=1024 -timeout=10 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" \
        >"$log" 2>&1 || status=1
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    found=$(ls "$findings" | wc -l)
    echo "fuzz: $target: ${execs:-?} executions, $found finding(s)$( [ "$found" -gt 0 ] && echo " in $findings")"
    [ "$found" -gt 0 ] && status=1
done
exit $status
