#!/usr/bin/env bash
# Installs the system packages sketch needs (Debian/Ubuntu), then leaves building to the Makefile.
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

if ! command -v swift >/dev/null 2>&1; then
  echo "sketch: Swift is not on PATH. Install Swift 6 (https://www.swift.org/install) and try again." >&2
  exit 1
fi

case "$(uname -s)" in
  Darwin)
    # Accelerate ships with macOS; ncurses comes with the system.
    exit 0 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "sketch: this set-up script knows Debian/Ubuntu only. Install by hand: OpenBLAS (with cblas.h and" >&2
  echo "        an openblas.pc for pkg-config), ncursesw development files, pkg-config; tmux and python3-numpy" >&2
  echo "        are optional (some tests use them), and so is Open MPI (distributed training)." >&2
  exit 1
fi

# Open MPI: distributed training under mpirun (docs/distributed.md); the Makefile builds with it when present.
# bc and time: scripts/hostile-table.sh (make test runs it small).
for p in pkg-config libopenblas-dev tmux python3-numpy openmpi-bin libopenmpi-dev bc time; do
  have_pkg "$p" || need+=("$p")
done
# libncursesw5-dev is a transitional package that newer releases drop; libncurses-dev replaces it.
if ! have_pkg libncursesw5-dev && ! have_pkg libncurses-dev; then
  if apt-cache show libncursesw5-dev >/dev/null 2>&1; then need+=(libncursesw5-dev); else need+=(libncurses-dev); fi
fi
# numpy may come from pip instead of Debian; either serves the format tests.
if python3 -c 'import numpy' >/dev/null 2>&1; then
  need=("${need[@]/python3-numpy}")
fi

pkgs=()
for p in "${need[@]}"; do [ -n "$p" ] && pkgs+=("$p"); done
[ ${#pkgs[@]} -eq 0 ] && exit 0

echo "sketch: installing ${pkgs[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "sketch: need root to install ${pkgs[*]}; run as root or install sudo." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
