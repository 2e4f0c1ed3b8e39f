#!/bin/sh
# docroute workdays DATE [+N]: the calendar of the repository.
. "$(dirname "$0")/lib.sh"
repo "$T/r"
cd "$T/r" || exit 1

expect 0 "$DOCROUTE" workdays 2026-09-29 +3
same "$(cat "$T/out")" "2026-10-09" "across National Day"
expect 0 "$DOCROUTE" workdays 2026-09-30 +3
same "$(cat "$T/out")" "2026-10-10" "a make-up Saturday is the third day"
expect 0 "$DOCROUTE" workdays 2026-10-10 +1
same "$(cat "$T/out")" "2026-10-12" "the starting make-up day does not count"
expect 0 "$DOCROUTE" workdays 2022-12-29 +2
same "$(cat "$T/out")" "2023-01-03" "元旦 2023 starts in 2022"
expect 0 "$DOCROUTE" workdays 2026-10-09 -10
same "$(cat "$T/out")" "2026-09-18" "backwards, past 中秋节"
expect 0 "$DOCROUTE" workdays 2026-10-10
out_has "make-up working day (国庆节)"
expect 0 "$DOCROUTE" workdays 2026-10-05
out_has "holiday (国庆节)"
expect 0 "$DOCROUTE" workdays 2026-10-11
out_has "weekend"
expect 0 "$DOCROUTE" workdays 2026-10-12 --json
out_has '"working": true'
out_has '"kind": "working day"'
expect 3 "$DOCROUTE" workdays 2027-12-30 +3
err_has "year 2028"
# The shipped 2027 is provisional: counted, and said so.
expect 0 "$DOCROUTE" workdays 2026-12-30 +3 --json
out_has '"provisional": true'
expect 3 "$DOCROUTE" workdays 2019-12-31
expect 2 "$DOCROUTE" workdays 2026-02-30
err_has "bad date"
expect 2 "$DOCROUTE" workdays 2026-10-10 3
err_has "+N or -N"
expect 2 "$DOCROUTE" workdays
done_ok
