#!/bin/sh
# A writer killed mid-act leaves refs/heads/main.lock. A later act names it: a live lock
# (younger than 10 minutes) is waited for (30 s; DOCROUTE_LOCK_WAIT here), then exit 3
# naming it; a stale one is removed, said so, and the act goes on.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
before=$(tip .)
lock=$(git rev-parse --absolute-git-dir)/refs/heads/main.lock
git rev-parse HEAD >"$lock"
DOCROUTE_LOCK_WAIT=1 DOCROUTE_NOW=2026-11-02T09:00:00+08:00 expect 3 "$DOCSUBMIT" submit "$EX/drafts/budget-request.xml" --key "$(key p-lv)"
err_has "refs/heads/main.lock' is held by another writer"
same "$(tip .)" "$before" "nothing committed while locked"
[ -f "$lock" ] || fail "a live lock is never removed"
# The same lock, 20 minutes old: its writer is gone.
touch -d '20 minutes ago' "$lock"
DOCROUTE_NOW=2026-11-02T09:00:00+08:00 expect 0 "$DOCSUBMIT" submit "$EX/drafts/budget-request.xml" --key "$(key p-lv)"
err_has "removed the stale lock"
err_has "main.lock"
[ ! -e "$lock" ] || fail "the stale lock is gone"
same "$(git rev-list --count "$before"..HEAD)" "1" "the act is recorded"
expect 0 "$DOCROUTE" check --all
done_ok
