#!/bin/sh
# A clerk's checkout interrupted between an act's commit and its work-tree update (here:
# index.lock held by a git command) keeps the record — the act stands, exit 0 with a
# warning — but its index stages the removal of what was recorded. The next act puts it
# back in step before acting; `docroute repair` does it on demand, hand edits included.
# Work-tree locks of dead writers are broken; a live one is waited for, then named.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
gitdir=$(git rev-parse --absolute-git-dir)
clean() { same "$(git status --porcelain)" "" "git status is clean ($1)"; }
clean "a new repository"

# index.lock held through the act: recorded, the checkout left behind.
: >"$gitdir/index.lock"
submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
err_has "the act is recorded, but the checkout is not yet in step"
err_has "index.lock"
rm -f "$gitdir/index.lock"
git status --porcelain >"$T/status"
grep -q '^D  docs/' "$T/status" || fail "the index stages the removal of the recorded act: $(cat "$T/status")"
expect 0 "$DOCROUTE" check --all

# The next act first puts the checkout back in step, then acts: clean afterwards.
submit_at 2026-11-02T09:10:00+08:00 "$EX/drafts/budget-request.xml" p-lv
err_has "back in step with the branch"
clean "after the next act"

# The same by hand: an index behind HEAD, a deleted and an edited record file.
env=$(git ls-files 'docs/*/envelope.xml' | head -1)
ev=$(git ls-files 'docs/*.md' | head -1)
git reset -q HEAD~1 -- docs
rm -f "$ev"
echo tampered >>"$env"
: >"$env.docroute-tmp"
[ -n "$(git status --porcelain)" ] || fail "the checkout is out of step"
expect 0 "$DOCROUTE" repair
out_has "back in step with the branch"
clean "after repair"
[ -f "$ev" ] || fail "repair restored the deleted body"
[ ! -e "$env.docroute-tmp" ] || fail "repair removed the leftover temporary file"
same "$(git show "HEAD:$env" | cmp - "$env" && echo same)" "same" "the envelope has the branch's bytes"
expect 0 "$DOCROUTE" repair
out_has "the checkout is in step with the branch"
expect 0 "$DOCROUTE" repair --json
out_has '"fixed": 0'

# A work-tree lock whose writer is gone is broken quietly; a live one is named.
dead=$(sh -c 'echo $$')
echo "$dead" >"$gitdir/docroute-worktree.lock"
expect 0 "$DOCROUTE" repair
[ ! -e "$gitdir/docroute-worktree.lock" ] || fail "the dead writer's lock is gone"
echo "$$" >"$gitdir/docroute-worktree.lock"
DOCROUTE_LOCK_WAIT=1 expect 3 "$DOCROUTE" repair
err_has "docroute-worktree.lock' is held by another writer"
[ -f "$gitdir/docroute-worktree.lock" ] || fail "a live lock is never removed"
touch -d '20 minutes ago' "$gitdir/docroute-worktree.lock"
expect 0 "$DOCROUTE" repair
[ ! -e "$gitdir/docroute-worktree.lock" ] || fail "a 20-minute-old lock is broken"

# Nothing to repair in a bare repository.
repo "$T/bare.git" --bare
cd "$T/bare.git" || exit 1
expect 2 "$DOCROUTE" repair
err_has "bare repository"
cd "$T/r" || exit 1
expect 0 "$DOCROUTE" check --all
clean "at the end"
done_ok
