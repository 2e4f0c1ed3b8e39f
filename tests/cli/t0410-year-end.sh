#!/bin/sh
# Across the year end: the example ships a provisional 2027. On 2026-12-29 a submission
# that opens a 3-working-day countersign succeeds; its due date, counted into 2027, is
# recorded provisional="true", shown 暂定 and warned of; check re-derives it. A calendar
# that ends with 2026 is warned of from 2026-12-01 (stderr and JSON warnings), and past
# it nothing is counted in calendar days and called working days.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
# Before December: no warning.
submit_at 2026-11-30T09:00:00+08:00 "$EX/drafts/budget-request.xml" p-lv
early=$id
[ ! -s "$T/err" ] || fail "a warning in November: $(cat "$T/err")"
# 2026-12-29: into the provisional 2027.
DOCROUTE_NOW=2026-12-29T09:30:00+08:00 expect 0 "$DOCSUBMIT" submit "$EX/drafts/flood-notice.xml" --key "$(key p-chen)"
notice=$(cat "$T/out")
err_has "warning: the working-day calendar of 2027 is provisional"
envelope "$notice" >"$T/env.xml"
grep -q 'act="countersign-request"[^>]*due-date="2027-01-04"[^>]*provisional="true"' "$T/env.xml" ||
    grep -q 'provisional="true"[^>]*due-date="2027-01-04"' "$T/env.xml" ||
    { grep countersign-request "$T/env.xml" >&2; fail "the due date is recorded provisional"; }
at 2026-12-29T10:00:00+08:00 expect 0 "$DOCROUTE" status "$notice"
out_has "2027-01-04 (暂定 provisional)"
at 2026-12-29T10:00:00+08:00 expect 0 "$DOCROUTE" status "$notice" --json
out_has '"due_provisional": true'
at 2026-12-29T10:00:00+08:00 expect 0 "$DOCROUTE" inbox --unit water --json
out_has '"due_provisional": true'
out_has '"warnings"'
# A due date inside 2026 is not provisional.
at 2026-12-29T10:00:00+08:00 expect 0 "$DOCROUTE" status "$early" --json
out_lacks '"due_provisional": true'
expect 0 "$DOCROUTE" check --all
same "$(git log -1 --format=%s)" "$(git log -1 --format=%s)" "-"

# A calendar that ends with 2026: the same config without the 2027 file.
cp -r "$EX/docroute" "$T/cfg"
rm "$T/cfg/calendar/2027.yaml"
expect 0 "$DOCROUTE" init "$T/old" --from "$T/cfg" --test-clock
cd "$T/old" || exit 1
submit_at 2026-11-20T09:00:00+08:00 "$EX/drafts/budget-request.xml" p-lv
[ ! -s "$T/err" ] || fail "a warning before December: $(cat "$T/err")"
req=$id
DOCROUTE_NOW=2026-12-02T09:00:00+08:00 expect 0 "$DOCSUBMIT" submit "$EX/drafts/budget-request.xml" --key "$(key p-lv)" --json
out_has '"warnings"'
out_has "the working-day calendar ends on 2026-12-31: add .docroute/calendar/2027.yaml"
at 2026-12-02T09:00:00+08:00 expect 0 "$DOCROUTE" overdue
err_has "warning: the working-day calendar ends on 2026-12-31"
at 2026-12-02T09:00:00+08:00 expect 0 "$DOCROUTE" check --all
err_has "warning: the working-day calendar ends on 2026-12-31"
# -q silences the warning on stderr; --json still carries it.
at 2026-12-02T09:00:00+08:00 expect 0 "$DOCROUTE" -q overdue --json
same "$(cat "$T/err")" "" "-q"
out_has '"warnings"'
# On 2026-12-29 a 3-day period cannot be counted: refused, naming the year (exit 3).
DOCROUTE_NOW=2026-12-29T09:00:00+08:00 expect 3 "$DOCSUBMIT" submit "$EX/drafts/budget-request.xml" --key "$(key p-lv)"
err_has "no working-day calendar for year 2027"
# Past the calendar: the request due 2026-11-25 is overdue, its working days uncounted.
at 2027-01-05T09:00:00+08:00 expect 0 "$DOCROUTE" overdue --json
python3 - "$T/out" "$req" <<'PY' || fail "overdue past the calendar"
import json, sys
d = json.load(open(sys.argv[1]))
items = [i for i in d["items"] if i["doc"] == sys.argv[2]]
assert items, d["items"]
assert all(i["overdue_workdays"] is None for i in items), items
assert any("2027" in w["message"] for w in d["warnings"]), d["warnings"]
PY
checks=$((checks + 1))
at 2027-01-05T09:00:00+08:00 expect 0 "$DOCROUTE" overdue
out_has "working days not counted"
out_lacks "working days overdue"
err_has "no working-day calendar for 2027"

# provisional is true or false.
sed -i 's/^provisional: true/provisional: maybe/' "$T/cfg/calendar/2026.yaml" 2>/dev/null
printf 'provisional: maybe\n' >>"$T/cfg/calendar/2026.yaml"
expect 3 "$DOCROUTE" init "$T/bad" --from "$T/cfg"
err_has "calendar/2026.yaml:"
err_has "'provisional' is true or false"
done_ok
