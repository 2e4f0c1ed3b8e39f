#!/bin/sh
# Configures and builds into build/ (or DIR), warnings as errors; further arguments go
# to cmake's configure step. usage: scripts/build.sh [DIR [CMAKE_ARGS...]]
# POSIX sh (Debian's dash): no bash-only syntax here.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "$#" -gt 0 ]; then
    dir=$1
    shift
else
    dir=$top/build
fi
cmake -S "$top" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDR_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
