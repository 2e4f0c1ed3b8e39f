#!/bin/sh
# Two clerks submitting at the same moment: both acts land, ids are distinct and
# consecutive, the history is linear, the work tree stays clean.
. "$(dirname "$0")/lib.sh"
keys
export DOCROUTE_NOW=2026-09-29T09:30:00+08:00
for kind in bare clerk; do
    if [ "$kind" = bare ]; then repo "$T/$kind" --bare; else repo "$T/$kind"; fi
    i=0
    while [ $i -lt 6 ]; do
        "$DOCSUBMIT" -C "$T/$kind" -q submit "$EX/drafts/budget-request.xml" --key "$(key p-lv)" >"$T/id.$i" 2>"$T/err.$i" &
        i=$((i + 1))
    done
    wait
    ids=$(cat "$T"/id.* | sort | tr '\n' ' ')
    same "$ids" "2026-czj-0001 2026-czj-0002 2026-czj-0003 2026-czj-0004 2026-czj-0005 2026-czj-0006 " "$kind: six distinct ids"
    same "$(git -C "$T/$kind" rev-list --count main)" "7" "$kind: six acts and the genesis"
    same "$(git -C "$T/$kind" rev-list --merges --count main)" "0" "$kind: linear history"
    if [ "$kind" = clerk ]; then
        same "$(git -C "$T/$kind" status --porcelain)" "" "clerk: git status clean"
    fi
    rm -f "$T"/id.* "$T"/err.*
done
done_ok
