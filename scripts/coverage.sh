#!/bin/sh
# Coverage of the library: builds with gcc --coverage into build-cov/, runs every test
# through ctest, then gcovr over lib/ only; prints line and branch coverage (the
# weakest files first) and exits non-zero when either is under its threshold.
#   scripts/coverage.sh            (from any folder)
# The report is also left in build-cov/coverage.txt (per file) and coverage.json.
# POSIX sh (Debian's dash): no bash-only syntax here.
set -eu

# The figures CI holds the library to (percent). The goal is 90 and 80 (issue 10);
# these are a little under what the tests reach today (94.00 and 82.16 since the SQLite
# index, whose SQLite error paths are not yet driven; timing decides a few lock-wait
# paths), so that a change that loses coverage fails.
LINE_MIN=93.8
BRANCH_MIN=82.0

top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/build-cov
"$top/scripts/deps.sh" --test
command -v gcovr >/dev/null || {
    echo "coverage: gcovr is missing (scripts/deps.sh --test installs it)" >&2
    exit 2
}
jobs=$(nproc)
[ "$jobs" -gt 2 ] || jobs=2

# -O0 so that lines and branches are the source's; no sanitizers (they add branches).
"$top/scripts/build.sh" "$dir" -DCMAKE_BUILD_TYPE=Debug -DDR_SANITIZE=OFF \
    -DCMAKE_C_FLAGS="--coverage -O0" -DCMAKE_EXE_LINKER_FLAGS=--coverage \
    -DCMAKE_SHARED_LINKER_FLAGS=--coverage
# Counters from an earlier run would add up: start from zero.
find "$dir" -name '*.gcda' -exec rm -f {} +
(cd "$dir" && ctest --output-on-failure -j"$jobs")

# lib/ only: the tools, the tests and the generated schemas_embed.c are not counted.
# --exclude-unreachable-branches: branches gcc adds on lines that hold no code of
#   their own (a closing brace, a lone `else`) are not the source's decisions.
# The line GCOVR_EXCL_* markers are not used: every line of lib/ counts.
cd "$top"
gcovr --root "$top" --object-directory "$dir" \
    --filter "$top/lib/" \
    --exclude-unreachable-branches \
    --gcov-ignore-parse-errors \
    --sort-percentage \
    --txt "$dir/coverage.txt" --json-summary "$dir/coverage.json" \
    --print-summary "$dir/lib" >"$dir/coverage.summary"
cat "$dir/coverage.txt"
cat "$dir/coverage.summary"

# The exact figures from the counts ("lines: 90.0% (6198 out of 6890)"): gcovr rounds
# its percentages, and 89.96% is not 90%.
pct() {
    sed -n "s/^$1: [0-9.]*% (\([0-9]*\) out of \([0-9]*\)).*/\1 \2/p" "$dir/coverage.summary" |
        awk '{ if ($2 > 0) printf "%.2f", 100 * $1 / $2 }'
}
lines=$(pct lines)
branches=$(pct branches)
[ -n "$lines" ] && [ -n "$branches" ] || {
    echo "coverage: gcovr printed no summary" >&2
    exit 2
}
echo "coverage: lib/ lines $lines%, branches $branches% (thresholds $LINE_MIN%, $BRANCH_MIN%)"
st=0
if awk -v v="$lines" -v m="$LINE_MIN" 'BEGIN { exit !(v + 0 < m + 0) }'; then
    echo "coverage: lines of lib/ $lines% are under $LINE_MIN%" >&2
    st=1
fi
if awk -v v="$branches" -v m="$BRANCH_MIN" 'BEGIN { exit !(v + 0 < m + 0) }'; then
    echo "coverage: branches of lib/ $branches% are under $BRANCH_MIN%" >&2
    st=1
fi
exit "$st"
