#!/bin/sh
# The tests: installs what is missing, builds, runs every test through ctest.
#   scripts/test.sh                builds into build/, runs the tests there
#   scripts/test.sh --sanitize     builds into build-asan/ with AddressSanitizer and
#                                  UndefinedBehaviorSanitizer, runs the tests there
#   scripts/test.sh --out-of-tree  builds in a temporary folder outside the tree
#   scripts/test.sh --installed    builds outside the tree, installs into a temporary
#                                  prefix (cmake --install) and runs the CLI tests against
#                                  the installed tools, and a program built against the
#                                  installed library through pkg-config
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}
case "$mode" in
"" | --sanitize | --out-of-tree | --installed) ;;
*)
    echo "usage: scripts/test.sh [--sanitize | --out-of-tree | --installed]" >&2
    exit 2
    ;;
esac
"$top/scripts/deps.sh" --test
work=""
trap '[ -z "$work" ] || rm -rf "$work"' EXIT
case "$mode" in
--sanitize)
    dir=$top/build-asan
    "$top/scripts/build.sh" "$dir" -DCMAKE_BUILD_TYPE=Debug -DDR_SANITIZE=ON
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
    ;;
--out-of-tree)
    work=$(mktemp -d "${TMPDIR:-/tmp}/docroute-oot-XXXXXX")
    dir=$work/build
    "$top/scripts/build.sh" "$dir"
    ;;
--installed)
    work=$(mktemp -d "${TMPDIR:-/tmp}/docroute-inst-XXXXXX")
    dir=$work/build
    "$top/scripts/build.sh" "$dir" -DDR_TEST_PREFIX="$work/prefix"
    cmake --install "$dir" --prefix "$work/prefix" >/dev/null
    ;;
*)
    dir=$top/build
    "$top/scripts/build.sh" "$dir"
    ;;
esac
cd "$dir"
ctest --output-on-failure -j"$(nproc)"
