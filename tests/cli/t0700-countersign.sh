#!/bin/sh
# 会签: due dates across holidays and make-up days (R63-REPLY-3WD), replies by the
# requested head (R59-COUNTERSIGN-BY-HEAD), the first effective reply wins, silence as
# consent on the routes that say so (R63-SILENCE-IS-CONSENT) and lateness (R63-LATE-REPLY).
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
D="$EX/drafts"
SIGN="$DR_BIN/docsign"

# R63-REPLY-3WD: sent the day before National Day → the make-up Saturday after it.
submit_at 2026-09-30T10:00:00+08:00 "$D/flood-notice.xml" p-chen
A=$id
same "$(envelope "$A" | grep -c 'due-date="2026-10-10"')" "2" "due on the make-up Saturday"
# Sent on a make-up Saturday: the Saturday does not count.
submit_at 2026-10-10T09:00:00+08:00 "$D/budget-request.xml" p-lv
B=$id
same "$(envelope "$B" | grep -c 'due-date="2026-10-14"')" "1" "Saturday 10-10 → Wednesday 10-14"
# The third working day a make-up Sunday (2025-09-28).
submit_at 2025-09-24T09:00:00+08:00 "$D/budget-request.xml" p-lv
same "$(envelope "$id" | grep -c 'due-date="2025-09-28"')" "1" "due on the make-up Sunday"
# The lead unit's own period wins (除主办部门另有时限要求外); urgency shortens it.
variant own flood-notice 's#<involves unit="water"/>#<involves unit="water" reply-within="5"/>#; s#<urgency>normal</urgency>#<urgency>urgent</urgency>#'
submit_at 2026-06-01T09:00:00+08:00 "$T/own.xml" p-chen
envelope "$id" | grep 'unit="water"' | grep -q 'due-date="2026-06-08"' || fail "reply-within 5"
envelope "$id" | grep 'unit="housing"' | grep -q 'due-date="2026-06-03"' || fail "urgent: 2 working days"

# R59-COUNTERSIGN-BY-HEAD: only the requested unit's head (or substitute) answers.
at 2026-10-09T10:00:00+08:00 expect 1 "$SIGN" countersign "$A" --agree --key "$(key p-chen)"
err_has "R59-COUNTERSIGN-BY-HEAD"
at 2026-10-09T10:00:00+08:00 expect 1 "$SIGN" countersign "$A" --agree --unit water --key "$(key p-tang)"
err_has "R59-COUNTERSIGN-BY-HEAD"
err_has "who may: p-he"
at 2026-10-09T10:00:00+08:00 expect 0 "$SIGN" countersign "$A" --agree --opinion "同意" --key "$(key p-he)"
out_has "water agrees"
same "$(git log -1 --format=%an main)" "何局长" "the head is the author"
# The first effective reply wins.
at 2026-10-09T11:00:00+08:00 expect 1 "$SIGN" countersign "$A" --object --opinion "改主意了" --key "$(key p-he)"
err_has "the first effective reply wins"
# --object needs an opinion; --agree or --object.
at 2026-10-09T11:00:00+08:00 expect 2 "$SIGN" countersign "$A" --object --key "$(key p-tang)"
err_has "--object needs --opinion"
at 2026-10-09T11:00:00+08:00 expect 2 "$SIGN" countersign "$A" --key "$(key p-tang)"
expect 4 "$SIGN" countersign 2026-yjj-0999 --agree --key "$(key p-tang)"

# R63-SILENCE-IS-CONSENT: not before the end of the due date …
at 2026-10-10T23:59:59+08:00 expect 0 "$DOCROUTE" sweep --key "$(key system)"
same "$(envelope "$A" | grep -c deemed-consent)" "0" "not deemed on its due date"
# A sweep that cannot record (the branch lock held by a live writer) claims nothing.
n0=$(git rev-list --count main)
: > .git/refs/heads/main.lock
DOCROUTE_LOCK_WAIT=1 at 2026-10-11T00:00:01+08:00 expect 3 "$DOCROUTE" sweep --key "$(key system)"
out_lacks "consent deemed"
err_has "main.lock"
same "$(git rev-list --count main)" "$n0" "nothing recorded"
rm .git/refs/heads/main.lock
# … a dry run says what it would record …
at 2026-10-11T00:00:01+08:00 expect 0 "$DOCROUTE" sweep --dry-run
out_has "$A  housing: consent deemed (due 2026-10-10, R63-SILENCE-IS-CONSENT)"
same "$(git rev-list --count main)" "$n0" "a dry run records nothing"
# … then exactly once, by system, naming its rule.
at 2026-10-11T00:00:01+08:00 expect 0 "$DOCROUTE" sweep --key "$(key system)"
out_has "$A  housing: consent deemed (due 2026-10-10, R63-SILENCE-IS-CONSENT)"
same "$(git rev-list --count main)" "$((n0 + 1))" "one commit"
same "$(git log -1 --format=%an main)" "系统" "system is the author"
envelope "$A" | grep 'act="deemed-consent"' | grep -q 'rule="R63-SILENCE-IS-CONSENT"' || fail "names its rule"
at 2026-10-11T08:00:00+08:00 expect 0 "$DOCROUTE" sweep --key "$(key system)"
same "$(git rev-list --count main)" "$((n0 + 1))" "idempotent"
same "$(envelope "$A" | grep -c 'act="deemed-consent"')" "1" "deemed exactly once"
# Only system records deemed consents.
at 2026-10-11T08:00:00+08:00 expect 2 "$DOCROUTE" sweep --key "$(key p-zhou)"
# The route went on: the drafter's head signs next.
expect 0 "$DOCROUTE" --now 2026-10-11T09:00:00+08:00 status "$A"
out_has "drafter-sign         open     p-feng"

# R63-LATE-REPLY on a consent route: kept, late="true", no effect, exit 0.
at 2026-10-12T09:00:00+08:00 expect 0 "$SIGN" countersign "$A" --object --opinion "逾期意见" --key "$(key p-tang)"
err_has "R63-LATE-REPLY"
envelope "$A" | grep 'act="countersign"' | grep 'unit="housing"' | grep -q 'late="true"' || fail "late=true"
# … once: a second late reply by the same unit is refused, naming the first.
at 2026-10-12T10:00:00+08:00 expect 1 "$SIGN" countersign "$A" --agree --opinion "再次逾期" --key "$(key p-tang)"
err_has "R63-LATE-REPLY: 'housing' already replied late to $A"
same "$(envelope "$A" | grep -c 'late="true"')" "1" "one late reply kept"
expect 0 "$DOCROUTE" --now 2026-10-12T09:00:00+08:00 status "$A" --json
out_has '"state": "deemed"'
out_lacks '"blocked_by"'

# On a route where silence is not consent (art. 59): overdue, never deemed …
at 2026-10-16T09:00:00+08:00 expect 0 "$DOCROUTE" sweep --key "$(key system)"
same "$(envelope "$B" | grep -c deemed-consent)" "0" "an upward request is never deemed"
at 2026-10-16T09:00:00+08:00 expect 0 "$DOCROUTE" overdue
out_has "$B  countersign    normal       development      p-song; due 2026-10-14"
out_has "2 working days overdue (R61-OVERDUE, R63-REPLY-3WD)"
# … and a late reply still counts.
at 2026-10-16T10:00:00+08:00 expect 0 "$SIGN" countersign "$B" --agree --key "$(key p-song)"
err_has "recorded as late"
expect 0 "$DOCROUTE" --now 2026-10-16T10:00:00+08:00 status "$B"
out_has "development        answered agree"
out_has "principal-sign       open     p-xu"
at 2026-10-16T10:00:00+08:00 expect 0 "$DOCROUTE" overdue
out_lacks "$B"
same "$(git status --porcelain)" "" "clean"
done_ok
