#!/bin/sh
# Measures one act's cost in a bare repository as the number of documents grows:
# the wall time of a submission (mean of 20) and the peak memory of one, after
# the repository holds 0, 500 and 2000 other documents. Prints a table.
# usage: scripts/bench.sh [BUILD_DIR]   (build first: scripts/build.sh)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build}/cmd
ex=$top/examples/zhangdian
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
mkdir -m 700 "$w/keys"
cp "$ex"/keys/*.pem "$w/keys/" && chmod 600 "$w/keys"/*.pem
"$bin/docroute" init "$w/bench.git" --example zhangdian --bare --test-clock >/dev/null
export DOCROUTE_REPO="$w/bench.git" DOCROUTE_NOW=2026-09-29T09:30:00+08:00

now_ms() { date +%s%3N; }
fill() { # fill N: N more documents by another unit (the emergency bureau)
    i=0
    while [ "$i" -lt "$1" ]; do
        "$bin/docsubmit" -q submit "$ex/drafts/flood-notice.xml" --key "$w/keys/p-chen-1.TEST-KEY.pem" >/dev/null
        i=$((i + 1))
    done
}
measure() { # the mean ms of 20 submissions by the finance bureau, and one's peak RSS
    t0=$(now_ms)
    i=0
    while [ "$i" -lt 20 ]; do
        "$bin/docsubmit" -q submit "$ex/drafts/budget-request.xml" --key "$w/keys/p-lv-1.TEST-KEY.pem" >/dev/null
        i=$((i + 1))
    done
    t1=$(now_ms)
    rss=-
    if [ -x /usr/bin/time ]; then
        rss=$(/usr/bin/time -f %M "$bin/docsubmit" -q submit "$ex/drafts/budget-request.xml" \
            --key "$w/keys/p-lv-1.TEST-KEY.pem" 2>&1 >/dev/null | tail -1)
    fi
    docs=$(git -C "$w/bench.git" ls-tree -r --name-only main docs | grep -c envelope.xml || true)
    printf '%8s %14s %14s\n' "$docs" "$(( (t1 - t0) / 20 ))" "$rss"
}
printf '%8s %14s %14s\n' documents "ms/submission" "peak RSS (KiB)"
measure
fill 500
measure
fill 1500
measure
