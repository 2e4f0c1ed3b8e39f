#!/bin/sh
# 待办: what waits on a person — as holder or as substitute (代) — or on a unit;
# overdue lists extra-urgent first.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
SIGN="$DR_BIN/docsign"
submit_at 2026-10-12T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
A=$id
variant urgent budget-request 's#<urgency>normal</urgency>#<urgency>extra-urgent</urgency>#'
submit_at 2026-10-12T09:10:00+08:00 "$T/urgent.xml" p-lv
B=$id
at 2026-10-13T09:00:00+08:00 expect 0 "$DOCROUTE" inbox --as p-he
out_has "$A  countersign"
out_has "water"
out_lacks "$B"
at 2026-10-13T09:00:00+08:00 expect 0 "$DOCROUTE" inbox --unit development --json
out_has '"doc": "'"$B"'"'
out_has '"urgency": "extra-urgent"'
out_has '"due_date": "2026-10-13"'
at 2026-10-13T09:00:00+08:00 expect 2 "$DOCROUTE" inbox
at 2026-10-13T09:00:00+08:00 expect 2 "$DOCROUTE" inbox --as p-nobody
# Both countersigns in, the drafting head's signature waits; during p-feng's absence
# (10-19..23) p-jiang holds it for him.
at 2026-10-13T09:00:00+08:00 expect 0 "$SIGN" countersign "$A" --agree --key "$(key p-he)"
at 2026-10-13T09:00:00+08:00 expect 0 "$SIGN" countersign "$A" --agree --key "$(key p-tang)"
at 2026-10-16T09:00:00+08:00 expect 0 "$DOCROUTE" inbox --as p-jiang
out_lacks "$A"
at 2026-10-19T09:00:00+08:00 expect 0 "$DOCROUTE" inbox --as p-jiang
out_has "$A  drafter-sign"
out_has "p-jiang (代 p-feng)"
# The substitute acts, and the record shows both.
at 2026-10-19T10:00:00+08:00 expect 0 "$SIGN" sign "$A" --opinion "同意" --key "$(key p-jiang)"
envelope "$A" | grep 'act="sign"' | grep -q 'acting-for="p-feng"' || fail "acting-for recorded"
git log -1 --format=%B main | grep -q '^Acting-For: p-feng$' || fail "Acting-For trailer"
# --acting-for names the principal; it must be one he substitutes now.
submit_at 2026-10-19T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
ok 2026-10-19T10:00:00+08:00 p-he countersign "$id" --agree
ok 2026-10-19T10:00:00+08:00 p-tang countersign "$id" --agree
no 2026-10-20T10:00:00+08:00 p-jiang R7-R9-SUBSTITUTE sign "$id" --acting-for p-he
ok 2026-10-20T10:00:00+08:00 p-jiang sign "$id" --acting-for p-feng
# Outside the window he may not.
submit_at 2026-10-26T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
at 2026-10-26T10:00:00+08:00 expect 0 "$SIGN" countersign "$id" --agree --key "$(key p-he)"
at 2026-10-26T10:00:00+08:00 expect 0 "$SIGN" countersign "$id" --agree --key "$(key p-tang)"
at 2026-10-26T11:00:00+08:00 expect 1 "$SIGN" sign "$id" --key "$(key p-jiang)"
err_has "who may: p-feng"
# overdue: extra-urgent first.
at 2026-10-16T09:00:00+08:00 expect 0 "$DOCROUTE" overdue --json
first=$(grep -m1 '"doc":' "$T/out")
case "$first" in *"$B"*) ;; *) fail "extra-urgent first: $first" ;; esac
done_ok
