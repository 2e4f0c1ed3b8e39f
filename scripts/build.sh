#!/bin/sh
# Configures and builds into build/ (or $1), warnings as errors.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build}
shift 2>/dev/null || true
cmake -S "$top" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDR_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
