#!/bin/sh
# R63-AGREED-EXTENSION: asked before the due date, an extension suspends it until the
# drafting unit accepts (the new date holds) or declines (the old one stands).
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
SIGN="$DR_BIN/docsign"
submit_at 2026-10-12T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
A=$id
same "$(envelope "$A" | grep -c 'due-date="2026-10-15"')" "2" "due 10-15"

# Asked before the due date, by the requested head.
at 2026-10-14T09:00:00+08:00 expect 2 "$SIGN" extend "$A" --until 2026-10-20 --key "$(key p-he)"
at 2026-10-14T09:00:00+08:00 expect 1 "$SIGN" extend "$A" --until 2026-10-20 --reason 需调研 --unit water --key "$(key p-chen)"
err_has "R63-AGREED-EXTENSION"
at 2026-10-14T09:00:00+08:00 expect 1 "$SIGN" extend "$A" --until 2026-10-14 --reason 需调研 --key "$(key p-he)"
err_has "must come after the due date"
at 2026-10-14T09:00:00+08:00 expect 0 "$SIGN" extend "$A" --until 2026-10-20 --reason "需现场调研" --key "$(key p-he)"
out_has "water asks until 2026-10-20"
# Pending, the due date is suspended: not deemed, not overdue; housing is.
at 2026-10-16T09:00:00+08:00 expect 0 "$DOCROUTE" sweep --key "$(key system)"
out_has "housing: consent deemed"
out_lacks "water"
at 2026-10-16T09:00:00+08:00 expect 0 "$DOCROUTE" status "$A"
out_has "(extension asked to 2026-10-20)"
# Too late to ask once the due date has passed.
at 2026-10-16T09:00:00+08:00 expect 1 "$SIGN" extend "$A" --until 2026-10-22 --reason 再议 --unit housing --key "$(key p-tang)"
err_has "R63-AGREED-EXTENSION"
# Only the drafting unit's head answers it.
at 2026-10-16T09:00:00+08:00 expect 1 "$SIGN" accept-extension "$A" --unit water --key "$(key p-chen)"
err_has "R63-AGREED-EXTENSION"
at 2026-10-16T09:00:00+08:00 expect 1 "$SIGN" accept-extension "$A" --unit housing --key "$(key p-feng)"
err_has "has asked no extension"
at 2026-10-16T09:30:00+08:00 expect 0 "$SIGN" accept-extension "$A" --unit water --key "$(key p-feng)"
envelope "$A" | grep 'act="accept-extension"' | grep -q 'due-date="2026-10-20"' || fail "the new due date is recorded"
# The new date holds: still not deemed on 10-20, deemed after it.
at 2026-10-20T18:00:00+08:00 expect 0 "$DOCROUTE" sweep --key "$(key system)"
out_lacks "water"
at 2026-10-21T08:00:00+08:00 expect 0 "$DOCROUTE" sweep --key "$(key system)"
out_has "$A  water: consent deemed (due 2026-10-20"

# Declined: the old date stands, and lateness counts from it.
submit_at 2026-10-12T10:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
B=$id
at 2026-10-15T09:00:00+08:00 expect 0 "$SIGN" extend "$B" --until 2026-10-23 --reason 需调研 --key "$(key p-tang)"
at 2026-10-19T09:00:00+08:00 expect 0 "$DOCROUTE" sweep --key "$(key system)"
out_lacks "housing"
at 2026-10-19T10:00:00+08:00 expect 0 "$SIGN" decline-extension "$B" --unit housing --key "$(key p-feng)"
at 2026-10-19T11:00:00+08:00 expect 0 "$DOCROUTE" sweep --key "$(key system)"
out_has "$B  housing: consent deemed (due 2026-10-15"
done_ok
