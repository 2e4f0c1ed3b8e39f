#!/bin/sh
# Fuzzes the parsers of untrusted input (envelopes, configs, calendars) with clang's
# libFuzzer under ASan + UBSan, for SECONDS (default 60). Crashes are left in
# build-fuzz/ as crash-* files. Needs clang (Debian: clang, libclang-rt-14-dev).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
out=$top/build-fuzz
mkdir -p "$out" "$out/corpus"
cp "$top"/tests/fuzz/corpus/* "$out/corpus/"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_POSIX_C_SOURCE=200809L -std=c11"
inc="-I$top/lib/include -I$top/lib $(pkg-config --cflags libxml-2.0 libgit2 yaml-0.1 libcrypto)"
cmake -S "$top" -B "$out/embed" -DDR_TESTS=OFF >/dev/null
cmake --build "$out/embed" --target libdocroute >/dev/null
srcs=""
for f in common util yamltree calendar rules words config config_query orgdata numbers sign envelope envelope_write xmlscan route holders due act act_countersign store worktree snapconfig remote cache check render verify; do
    srcs="$srcs $top/lib/$f.c"
done
clang $flags $inc $srcs "$out/embed/lib/schemas_embed.c" "$top/tests/fuzz/fuzz_inputs.c" -o "$out/fuzz_inputs" \
    $(pkg-config --libs libxml-2.0 libgit2 yaml-0.1 libcrypto)
cd "$out"
./fuzz_inputs -max_total_time="$secs" -max_len=65536 -rss_limit_mb=4096 corpus
