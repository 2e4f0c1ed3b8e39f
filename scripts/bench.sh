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

# Follow-up (overdue, sweep --dry-run) costs what the open work costs: 1000 documents
# with open countersigns, then the same history with 950 of them withdrawn.
"$bin/docroute" init "$w/follow.git" --example zhangdian --bare --test-clock >/dev/null
export DOCROUTE_REPO="$w/follow.git"
i=0
while [ "$i" -lt 1000 ]; do
    "$bin/docsubmit" -q submit "$ex/drafts/flood-notice.xml" --key "$w/keys/p-chen-1.TEST-KEY.pem" >/dev/null
    i=$((i + 1))
done
follow() { # the mean ms of 5 runs of overdue and of sweep --dry-run (cache warm)
    "$bin/docroute" -q overdue >/dev/null
    t0=$(now_ms)
    for _ in 1 2 3 4 5; do "$bin/docroute" -q --now 2026-10-12T09:00:00+08:00 overdue >/dev/null; done
    t1=$(now_ms)
    for _ in 1 2 3 4 5; do "$bin/docroute" -q --now 2026-10-12T09:00:00+08:00 sweep --dry-run >/dev/null; done
    t2=$(now_ms)
    printf '%10s %8s %14s %18s\n' "$1" "$2" "$(( (t1 - t0) / 5 ))" "$(( (t2 - t1) / 5 ))"
}
echo
printf '%10s %8s %14s %18s\n' documents active "ms/overdue" "ms/sweep --dry-run"
follow 1000 1000
i=1
while [ "$i" -le 950 ]; do
    "$bin/docsubmit" -q withdraw "$(printf '2026-yjj-%04d' "$i")" --reason bench \
        --key "$w/keys/p-chen-1.TEST-KEY.pem" >/dev/null
    i=$((i + 1))
done
follow 1000 50
rm -f "$w/follow.git/docroute/cache"
t0=$(now_ms)
"$bin/docroute" -q overdue >/dev/null
t1=$(now_ms)
echo "rebuilding the derived cache from scratch over 1000 documents: $((t1 - t0)) ms"

# docroute check: time and peak memory over the whole history, and over the last 10
# commits (a push's range), at two history lengths.
echo
printf '%8s %16s %16s %18s\n' commits "ms check --all" "KiB peak --all" "ms check HEAD~10.."
for repo in "$w/bench.git" "$w/follow.git"; do
    n=$(git -C "$repo" rev-list --count main)
    t0=$(now_ms)
    rss=$(/usr/bin/time -f %M "$bin/docroute" -C "$repo" -q check --all 2>&1 >/dev/null | tail -1)
    t1=$(now_ms)
    "$bin/docroute" -C "$repo" -q check main~10..main >/dev/null 2>&1
    t2=$(now_ms)
    printf '%8s %16s %16s %18s\n' "$n" "$((t1 - t0))" "$rss" "$((t2 - t1))"
done

# A hostile config: one map of 99,990 keys (1.2 MB, under every size and node limit) is
# judged — refused, naming what is missing — in about the time it takes to read; the
# duplicate-key check once compared the keys pairwise (75 s). Baseline: grep reading it.
echo
mkdir -p "$w/hostile"
awk 'BEGIN { print "groups:"; for (i = 0; i < 99990; i++) printf "  k%d: 1\n", i }' > "$w/hostile/config.yaml"
t0=$(now_ms)
"$bin/docroute" -q init "$w/hostile.git" --from "$w/hostile" --bare >/dev/null 2>&1 || true
t1=$(now_ms)
grep -c . "$w/hostile/config.yaml" >/dev/null
t2=$(now_ms)
printf 'a config of 99,990 keys judged: %s ms   (baseline, grep reading it: %s ms)\n' \
    "$((t1 - t0))" "$((t2 - t1))"
