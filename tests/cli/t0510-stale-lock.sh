#!/bin/sh
# A writer killed mid-act leaves refs/heads/main.lock. A later act names it: a live lock
# (younger than 10 minutes) is waited for (30 s; DOCROUTE_LOCK_WAIT here), then exit 3
# naming it; a stale one is removed, said so, and the act goes on; one a docroute writer
# left when it died is known by docroute's writer mark and removed at once.
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
# A docroute writer killed moving the branch: its mark (.git/docroute-writer, flock'ed
# while it lived) names the branch, and the lock was made just after it. Known for a dead
# writer's at once, whatever its age: removed, said so, and the act goes on, unwaited.
gitdir=$(git rev-parse --absolute-git-dir)
printf '99999999 refs/heads/main\n' >"$gitdir/docroute-writer"
sleep 1
git rev-parse HEAD >"$lock"
before=$(tip .)
start=$(date +%s)
DOCROUTE_LOCK_WAIT=60 DOCROUTE_NOW=2026-11-02T09:05:00+08:00 expect 0 "$DOCSUBMIT" submit "$EX/drafts/budget-request.xml" --key "$(key p-lv)"
err_has "removed the lock '$lock' left by docroute (pid 99999999), which died moving the branch"
[ $(($(date +%s) - start)) -lt 20 ] || fail "a dead writer's lock is not waited for"
[ ! -e "$lock" ] || fail "the dead writer's lock is gone"
[ ! -s "$gitdir/docroute-writer" ] || fail "the mark is emptied after the act"
same "$(git rev-list --count "$before"..HEAD)" "1" "the act is recorded"
# The same lock made long after the mark is not that writer's: waited for, named.
printf '99999999 refs/heads/main\n' >"$gitdir/docroute-writer"
touch -d '1 minute ago' "$gitdir/docroute-writer"
git rev-parse HEAD >"$lock"
DOCROUTE_LOCK_WAIT=1 DOCROUTE_NOW=2026-11-02T09:10:00+08:00 expect 3 "$DOCSUBMIT" submit "$EX/drafts/budget-request.xml" --key "$(key p-lv)"
err_has "main.lock' is held by another writer"
rm -f "$lock"
expect 0 "$DOCROUTE" check --all
done_ok
