#!/bin/sh
# Fuzzes the parsers of untrusted input with clang's libFuzzer under ASan + UBSan: one
# target per parser (tests/fuzz/fuzz_*.c), each from its seed corpus
# (tests/fuzz/corpus/<target>/), for SECONDS each (default 60), one after another.
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: fuzz_envelope fuzz_draft
# fuzz_config fuzz_calendar fuzz_key fuzz_ledger, or envelope … ledger; default all)
# Prints per target its executions, seconds and whether it found a crash; a crash, leak
# or timeout is left in build-fuzz/<target>/ (crash-*, leak-*, timeout-*, oom-*) with
# the log (fuzz.log); the grown corpus stays in build-fuzz/<target>/corpus. Exits 1
# when any target found one. Not part of CI. Needs clang and its runtime
# (Debian: apt-get install clang libclang-rt-14-dev). POSIX sh (Debian's dash).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build-fuzz
all="fuzz_envelope fuzz_draft fuzz_config fuzz_calendar fuzz_key fuzz_ledger"
# Inputs up to 256 KiB: past 64 KiB (the text-node cap, libxml2's and libyaml's chunk
# sizes) while keeping the executions per second sane.
max_len=262144

secs=60
case "${1:-}" in
'') ;;
*[!0-9]*) ;;
*) secs=$1; shift ;;
esac
targets=""
for t in "$@"; do
    case "$t" in fuzz_*) ;; *) t=fuzz_$t ;; esac
    [ -f "$top/tests/fuzz/$t.c" ] || { echo "fuzz.sh: no target '$t' (targets: $all)" >&2; exit 2; }
    targets="$targets $t"
done
[ -n "$targets" ] || targets=$all

cc=${CC:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "fuzz.sh: '$cc' not found: libFuzzer needs clang (Debian: apt-get install clang libclang-rt-14-dev)" >&2
    exit 2
fi
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2>"$probe/err"; then
    cat "$probe/err" >&2
    rm -rf "$probe"
    echo "fuzz.sh: '$cc' cannot link libFuzzer with ASan + UBSan (Debian: apt-get install libclang-rt-14-dev, for clang 14)" >&2
    exit 2
fi
rm -rf "$probe"

# The library itself, built by its own CMakeLists.txt with clang and the sanitizers
# (fuzzer-no-link: coverage for libFuzzer, its main only in the targets). Assertions on.
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
mkdir -p "$out/bin"
cmake -S "$top" -B "$out/lib" -DCMAKE_C_COMPILER="$cc" -DDR_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link $san" >"$out/cmake.log" 2>&1 ||
    { cat "$out/cmake.log" >&2; exit 1; }
cmake --build "$out/lib" --target libdocroute -j"$(nproc)" >>"$out/cmake.log" 2>&1 ||
    { tail -40 "$out/cmake.log" >&2; exit 1; }
libs=$(pkg-config --libs libxml-2.0 libgit2 yaml-0.1 libcrypto)
for t in $targets; do
    # shellcheck disable=SC2086 # $san and $libs are lists of flags
    "$cc" -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer $san -Wall -Wextra \
        -I"$top/lib/include" -DFUZZ_CONFIG="\"$top/examples/zhangdian/docroute/config.yaml\"" \
        "$top/tests/fuzz/$t.c" "$out/lib/lib/libdocroute.a" $libs -o "$out/bin/$t"
done

found=0
for t in $targets; do
    dir=$out/$t
    mkdir -p "$dir/corpus"
    rm -f "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*
    cp "$top/tests/fuzz/corpus/$t"/* "$dir/corpus/"
    seeds=$(find "$top/tests/fuzz/corpus/$t" -type f | wc -l | tr -d ' ')
    start=$(date +%s)
    rc=0
    (cd "$dir" && "$out/bin/$t" -max_total_time="$secs" -max_len="$max_len" -timeout=30 \
        -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$dir/" corpus) \
        >"$dir/fuzz.log" 2>&1 || rc=$?
    took=$(($(date +%s) - start))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -1)
    [ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$dir/fuzz.log" | tail -1)
    [ -n "$runs" ] || runs="?"
    units=$(find "$dir/corpus" -type f | wc -l | tr -d ' ')
    crash=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) | head -1)
    if [ -n "$crash" ] || [ "$rc" -ne 0 ]; then
        found=1
        verdict="FOUND ${crash:-a failure (exit $rc)}: see $dir/fuzz.log"
    else
        verdict="no crash"
    fi
    echo "$t: $runs executions in ${took}s, corpus $seeds seeds -> $units inputs, $verdict"
done
exit "$found"
