#!/bin/sh
# The tests: installs what is missing, builds, runs every test through ctest.
# With --sanitize, builds into build-asan/ with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs the tests there.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh" --test
if [ "${1:-}" = "--sanitize" ]; then
    dir=$top/build-asan
    "$top/scripts/build.sh" "$dir" -DCMAKE_BUILD_TYPE=Debug -DDR_SANITIZE=ON
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
else
    dir=$top/build
    "$top/scripts/build.sh" "$dir"
fi
cd "$dir"
ctest --output-on-failure -j"$(nproc)"
