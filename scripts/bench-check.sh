#!/bin/sh
# docroute check --all over a signed history of >= 1,000 acts, beside its baseline:
# xmllint validating every version of every envelope in that history against
# schemas/envelope.rng (one process, every file). Then check A..B over the last 10 acts.
# Prints one line per figure.
# usage: scripts/bench-check.sh [BUILD_DIR [DOCS]]   (build first: scripts/build.sh)
#   DOCS: documents routed to the end (default 150: 7 acts each, 1,051 commits)
#   BENCH_KEEP=DIR keeps (or reuses, when it exists) the history in DIR.
# POSIX sh (Debian's dash).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build}/cmd
docs=${2:-150}
ex=$top/examples/zhangdian
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
repo=${BENCH_KEEP:-$w/check.git}
now_ms() { date +%s%3N; }
key() { printf '%s/keys/%s-1.TEST-KEY.pem' "$w" "$1"; }
mkdir -m 700 "$w/keys"
cp "$ex"/keys/*.pem "$w/keys/" && chmod 600 "$w/keys"/*.pem

if [ ! -d "$repo" ]; then
    DOCROUTE_NOW=2026-09-01T09:00:00+08:00 "$bin/docroute" -q init "$repo" --example zhangdian \
        --bare --test-clock >/dev/null
    export DOCROUTE_REPO="$repo"
    # A request's whole route (the demo's): submit, 会签, sign, register, 签收, 审核, decide.
    i=1
    while [ "$i" -le "$docs" ]; do
        id=$(printf '2026-czj-%04d' "$i")
        DOCROUTE_NOW=2026-10-12T10:15:00+08:00 "$bin/docsubmit" -q submit \
            "$ex/drafts/budget-request.xml" --key "$(key p-lv)" >/dev/null
        DOCROUTE_NOW=2026-10-12T14:00:00+08:00 "$bin/docsign" -q countersign "$id" --agree \
            --opinion "同意" --key "$(key p-song)" >/dev/null
        DOCROUTE_NOW=2026-10-12T15:00:00+08:00 "$bin/docsign" -q sign "$id" --opinion "同意上报" \
            --key "$(key p-xu)" >/dev/null
        DOCROUTE_NOW=2026-10-12T16:00:00+08:00 "$bin/docroute" -q register "$id" \
            --key "$(key p-lv)" >/dev/null
        DOCROUTE_NOW=2026-10-13T09:00:00+08:00 "$bin/docsign" -q receive "$id" \
            --key "$(key p-zheng)" >/dev/null
        DOCROUTE_NOW=2026-10-13T11:00:00+08:00 "$bin/docsign" -q review "$id" \
            --opinion "拟同意，呈王常务副区长审批" --key "$(key p-wu)" >/dev/null
        DOCROUTE_NOW=2026-10-14T09:00:00+08:00 "$bin/docsign" -q decide "$id" --approve \
            --opinion "同意，从区级预备费列支" --key "$(key p-wang)" >/dev/null
        i=$((i + 1))
    done
fi
unset DOCROUTE_REPO

# Every version of every envelope.xml in the history, one file each.
mkdir "$w/env"
git -C "$repo" rev-list --objects --all | awk '$2 ~ /envelope\.xml$/ { print $1 }' | sort -u >"$w/blobs"
while read -r b; do
    git -C "$repo" cat-file blob "$b" >"$w/env/$b.xml"
done <"$w/blobs"
commits=$(git -C "$repo" rev-list --count main)
versions=$(wc -l <"$w/blobs" | tr -d ' ')
echo "history: $commits commits, $versions envelope versions"

t0=$(now_ms)
set +e
"$bin/docroute" -C "$repo" -q check --all >"$w/check.out" 2>&1
rc=$?
set -e
t1=$(now_ms)
find "$w/env" -name '*.xml' -print | sort | xargs xmllint --noout --relaxng "$top/schemas/envelope.rng" \
    >/dev/null 2>"$w/xmllint.out" || true
t2=$(now_ms)
echo "check --all: $((t1 - t0)) ms (exit $rc, $(grep -c . "$w/check.out" || true) lines of findings)"
echo "xmllint --relaxng envelope.rng over the same $versions versions: $((t2 - t1)) ms"
t0=$(now_ms)
"$bin/docroute" -C "$repo" -q check main~10..main >/dev/null 2>&1 || true
t1=$(now_ms)
echo "check main~10..main: $((t1 - t0)) ms ($(( (t1 - t0) / 10 )) ms per act)"
