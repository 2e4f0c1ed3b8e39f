#!/bin/sh
# A reply racing the sweep on the same document: whichever lands first, the outcome is
# what the recorded times say (a retry re-stamps and re-signs), and both are in the log
# in order of time.
. "$(dirname "$0")/lib.sh"
keys
SIGN="$DR_BIN/docsign"
for round in 1 2 3 4 5 6; do
    rm -rf "$T/r"
    repo "$T/r"
    cd "$T/r" || exit 1
    submit_at 2026-10-12T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
    at 2026-10-13T09:00:00+08:00 expect 0 "$SIGN" countersign "$id" --agree --key "$(key p-he)"
    # housing is due 2026-10-15: the reply on its last second or just after midnight.
    if [ $((round % 2)) = 1 ]; then reply=2026-10-15T23:59:59+08:00; else reply=2026-10-16T00:00:05+08:00; fi
    at 2026-10-16T00:00:01+08:00 "$DOCROUTE" -q sweep --key "$(key system)" >"$T/s.out" 2>"$T/s.err" &
    at "$reply" "$SIGN" -q countersign "$id" --agree --key "$(key p-tang)" >"$T/c.out" 2>"$T/c.err" &
    wait
    env=$(envelope "$id")
    echo "$env" | grep -q 'act="countersign" .*unit="housing"' || fail "round $round: the reply is in the log"
    # Times never decrease.
    echo "$env" | grep -o 'at="[^"]*"' | sed 's/at="//; s/"//' > "$T/times"
    sort -c "$T/times" || fail "round $round: times decrease"
    deemed=$(echo "$env" | grep -c 'act="deemed-consent"')
    reply_line=$(echo "$env" | grep 'act="countersign" .*unit="housing"')
    reply_at=$(echo "$reply_line" | grep -o 'at="[^"]*"')
    case "$reply_at" in
    *2026-10-15T*) # recorded on time: it wins, nothing is deemed
        same "$deemed" "0" "round $round: an on-time reply is not deemed over"
        echo "$reply_line" | grep -q 'late=' && fail "round $round: on time, not late" ;;
    *) # recorded after the due date: consent was deemed, the reply is late and has no effect
        same "$deemed" "1" "round $round: deemed once"
        echo "$reply_line" | grep -q 'late="true"' || fail "round $round: late" ;;
    esac
    cd "$T" || exit 1
done
done_ok
