#!/bin/sh
# reproject: the provisional 2027 is replaced by the official year in a config act; the
# open due dates counted through it are recorded again, one signed reproject event each
# and one commit per document, by whom acts: reproject names; check re-derives them.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
submit_at 2026-12-29T09:30:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
notice=$id
submit_at 2026-12-30T09:30:00+08:00 "$EX/drafts/budget-request.xml" p-lv
request=$id
at 2026-12-30T10:00:00+08:00 expect 0 "$DOCROUTE" status "$notice" --json
out_has '"due_date": "2027-01-04"'
# Nothing to do while the calendar is the one the due dates were counted on.
at 2026-12-30T10:00:00+08:00 expect 0 "$DOCROUTE" reproject --dry-run
err_has "nothing to reproject"

# The official 2027: 元旦 to Monday 01-04, a make-up Saturday 01-09.
cat >.docroute/calendar/2027.yaml <<'YAML'
year: 2027
notice: "国务院办公厅关于2027年部分节假日安排的通知（test）"
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-04}
  - {name: 春节, from: 2027-02-05, to: 2027-02-11}
workdays:
  - {date: 2027-01-09, for: 元旦}
YAML
at 2026-12-31T09:00:00+08:00 expect 0 "$DOCROUTE" config commit --key "$(key p-ye)"
before=$(tip .)
# Recorded due dates stand until reproject records them again.
at 2026-12-31T10:00:00+08:00 expect 0 "$DOCROUTE" status "$notice" --json
out_has '"due_date": "2027-01-04"'
at 2026-12-31T10:00:00+08:00 expect 0 "$DOCROUTE" reproject --dry-run
out_has "$notice  countersign water: due 2027-01-04 → 2027-01-05"
out_has "$request  countersign"
same "$(tip .)" "$before" "a dry run records nothing"
# Refusals: no reason; someone acts: reproject does not name.
at 2026-12-31T10:00:00+08:00 expect 2 "$DOCROUTE" reproject --key "$(key p-ye)"
err_has "needs --reason"
at 2026-12-31T10:00:00+08:00 expect 1 "$DOCROUTE" reproject --reason "国办发明电〔2026〕1号" --key "$(key p-zheng)"
err_has "R-ROUTE"
same "$(tip .)" "$before" "a refused reproject records nothing"
# The admin records it: one commit per document.
at 2026-12-31T10:00:00+08:00 expect 0 "$DOCROUTE" reproject --reason "国办发明电〔2026〕1号" --key "$(key p-ye)" --json
same "$(git rev-list --count "$before"..HEAD)" "2" "one commit per document"
same "$(git log -1 --format=%B | grep -c '^Act: reproject')" "1" "the Act trailer"
envelope "$notice" >"$T/env.xml"
same "$(grep -c 'act="reproject"' "$T/env.xml")" "2" "one event per due date (water, housing)"
grep 'act="reproject"' "$T/env.xml" | grep -q 'due-date="2027-01-05"' || fail "the new due date"
grep 'act="reproject"' "$T/env.xml" | grep -q 'provisional' && fail "the official year is not provisional"
grep -q '国办发明电〔2026〕1号' "$T/env.xml" || fail "the reason is recorded"
at 2026-12-31T10:00:00+08:00 expect 0 "$DOCROUTE" status "$notice"
out_has "due 2027-01-05"
out_lacks "暂定"
# The request (3 working days from 12-30: 12-31, 01-05, 01-06).
at 2026-12-31T10:00:00+08:00 expect 0 "$DOCROUTE" status "$request" --json
out_has '"due_date": "2027-01-06"'
out_has '"due_provisional": false'
expect 0 "$DOCROUTE" check --all
# Idempotent: nothing more to record.
at 2026-12-31T11:00:00+08:00 expect 0 "$DOCROUTE" reproject --reason again --key "$(key p-ye)"
err_has "nothing to reproject"
same "$(git rev-list --count "$before"..HEAD)" "2" "nothing more"
# The silence of the housing bureau now counts from the new due date.
at 2027-01-05T18:00:00+08:00 expect 0 "$DOCROUTE" sweep --dry-run
out_lacks "$notice"
at 2027-01-06T09:00:00+08:00 expect 0 "$DOCROUTE" sweep --dry-run
out_has "$notice  housing: consent deemed (due 2027-01-05"

# A forged reproject (a due date the calendar does not give) is found by check.
git reset -q --hard "$before"
export GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@x GIT_COMMITTER_NAME=x GIT_COMMITTER_EMAIL=x@x
y=$(echo "$notice" | cut -d- -f1); c=$(echo "$notice" | cut -d- -f2)
E=docs/$y/$c/$notice/envelope.xml
"$DR_FORGE" "$E" "$(key p-ye)" p-ye/1 reproject p-ye 2026-12-31T10:00:00+08:00 \
    step=countersign unit=water due-date=2027-02-01 text=x >"$T/f.xml" 2>/dev/null || fail "forge"
"$DR_FORGE" "$T/f.xml" "$(key p-ye)" p-ye/1 reproject p-ye 2026-12-31T10:00:00+08:00 \
    step=countersign unit=housing due-date=2027-01-05 text=x >"$E" 2>/dev/null || fail "forge"
git commit -qam "Reproject

Doc-Id: $notice
Act: reproject
Actor: p-ye"
expect 1 "$DOCROUTE" check HEAD~1..HEAD --format json
out_has '"rule": "ENV-MONOTONIC"'
out_has 'due-date=\"2027-02-01\" where the rules give \"2027-01-05\"'

# A config that names nobody for reproject refuses it.
cp -r "$EX/docroute" "$T/cfg"
sed -i '/^  reproject:/d' "$T/cfg/config.yaml"
expect 0 "$DOCROUTE" init "$T/old" --from "$T/cfg" --test-clock
cd "$T/old" || exit 1
submit_at 2026-12-29T09:30:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
at 2026-12-31T10:00:00+08:00 expect 1 "$DOCROUTE" reproject --reason x --key "$(key p-ye)"
err_has "names nobody who may reproject"
done_ok
