#!/usr/bin/env bash
# Builds and runs the README's "Use the library" example exactly as written: its Package.swift and
# main.swift in a new package `sheep` beside a folder `sketch` (a link to this clone), then checks
# the four SVG drawings it writes. The package lives in .build/library-snippet, so later runs only
# rebuild what changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.build/library-snippet"
mkdir -p "$work/sheep/Sources/sheep"
ln -sfn "$root" "$work/sketch"

# The README's first two ```swift blocks after the heading: Package.swift, then main.swift.
python3 - "$root/README.md" "$work/sheep" <<'PY'
import pathlib, re, sys
readme, package = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
section = readme.split("## Use the library", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```swift\n(.*?)```", section, re.S)
if len(blocks) < 2:
    sys.exit("README.md: the 'Use the library' section lacks its Package.swift and main.swift blocks")
main_lines = blocks[1].strip("\n").split("\n")
if len(main_lines) > 10:
    sys.exit(f"README.md: main.swift has {len(main_lines)} lines, more than ten")
for name, text in (("Package.swift", blocks[0]), ("Sources/sheep/main.swift", blocks[1])):
    path = package / name
    if not path.exists() or path.read_text() != text:  # unchanged files keep the build incremental
        path.write_text(text)
PY

cd "$work/sheep"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# SwiftPM's incremental build of a path dependency stops at a source file the clone no longer has
# ("missing inputs"): such a build starts afresh once before it counts as a failure.
if ! swift build > "$out/build.log" 2>&1; then
  if grep -q "because of missing inputs" "$out/build.log"; then
    rm -rf .build
    swift build > "$out/build.log" 2>&1 || { cat "$out/build.log" >&2; echo "check-library-snippet: the example did not build" >&2; exit 1; }
  else
    cat "$out/build.log" >&2; echo "check-library-snippet: the example did not build" >&2; exit 1
  fi
fi
binary="$(swift build --show-bin-path)/sheep"
(cd "$out" && "$binary")
for i in 0 1 2 3; do
    grep -q "<polyline" "$out/sheep-$i.svg" || { echo "check-library-snippet: sheep-$i.svg has no drawing" >&2; exit 1; }
done
echo "check-library-snippet: the README's example built and wrote 4 drawings"
