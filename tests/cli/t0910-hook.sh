#!/bin/sh
# The pre-receive hook on a bare repository: a clean push is accepted; a tampered
# one, a force-push, a deletion, another ref, a merge, an event far from the
# server's clock and an unsigned config change are refused — pushed with the git
# client, which runs the hook (objects read from the quarantine).
. "$(dirname "$0")/lib.sh"
keys
expect 0 "$DOCROUTE" init "$T/srv.git" --example zhangdian --bare
# The hook runs the program named at install (an absolute path), never a build folder's.
expect 2 "$DOCROUTE" -C "$T/srv.git" hook install --program docroute
err_has "not an absolute path"
[ ! -e "$T/srv.git/hooks/pre-receive" ] || fail "a refused install wrote the hook"
expect 0 "$DOCROUTE" -C "$T/srv.git" hook install --program "$DOCROUTE"
err_has "genesis pinned"
grep -qF "exec '$DOCROUTE' hook pre-receive" "$T/srv.git/hooks/pre-receive" || fail "the hook runs --program"
[ -x "$T/srv.git/hooks/pre-receive" ] || fail "the hook is installed"
same "$(git -C "$T/srv.git" config docroute.root)" "$(git -C "$T/srv.git" rev-parse main)" "genesis pinned"
# Acts here use a test clock: the server's tolerance is widened for them, and narrowed
# again to test ENV-CLOCK.
git -C "$T/srv.git" config docroute.tolerance 100000000
git clone -q "$T/srv.git" "$T/clerk" 2>/dev/null
cd "$T/clerk" || exit 1
git config docroute.testclock true
push() { git push -q "$@" >"$T/out" 2>"$T/err"; rc=$?; }

submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
A=$id
push origin main
same "$rc" "0" "a clean push is accepted"
same "$(git -C "$T/srv.git" rev-parse main)" "$(git rev-parse main)" "the server has it"
base=$(git rev-parse main)

# Tampered: an earlier event edited.
sed -i '0,/due-date="2026-11-05"/s//due-date="2026-11-25"/' "docs/2026/yjj/$A/envelope.xml"
git commit -qam tampered
push origin main
[ "$rc" != 0 ] || fail "a tampered push is refused"
err_has "ENV-APPEND-ONLY"
err_has "push refused"
same "$(git -C "$T/srv.git" rev-parse main)" "$base" "the server is unchanged"
git reset -q --hard "$base"

# An act, then a force-push that drops it.
ok 2026-11-02T10:00:00+08:00 p-he countersign "$A" --agree
push origin main
same "$rc" "0" "accepted"
git reset -q --hard "$base"
push -f origin main
[ "$rc" != 0 ] || fail "a force-push is refused"
err_has "ENV-HISTORY"
git reset -q --hard origin/main
# A deletion; another ref.
push origin :main
[ "$rc" != 0 ] || fail "a deletion is refused"
err_has "ENV-HISTORY"
push origin main:refs/heads/other
[ "$rc" != 0 ] || fail "another ref is refused"
err_has "ENV-HISTORY"
# A merge.
head=$(git rev-parse main)
ok 2026-11-02T11:00:00+08:00 p-tang countersign "$A" --agree
side=$(git rev-parse main)
git reset -q --hard "$head"
tree=$(git rev-parse "$side^{tree}")
merge=$(git commit-tree "$tree" -p "$head" -p "$side" -m merge)
git reset -q --hard "$merge"
push origin main
[ "$rc" != 0 ] || fail "a merge is refused"
err_has "ENV-HISTORY"
git reset -q --hard "$side"
push origin main
same "$rc" "0" "the linear act is accepted"
# An unsigned config change.
sed -i 's/^accredited: false.*/accredited: true/' .docroute/config.yaml
git commit -qam "config by hand"
push origin main
[ "$rc" != 0 ] || fail "an unsigned config change is refused"
err_has "ENV-CONFIG-IN-FORCE"
git reset -q --hard origin/main
# An event further than the tolerance from the server's clock.
git -C "$T/srv.git" config docroute.tolerance 10
ok 2026-11-02T12:00:00+08:00 p-feng sign "$A"
push origin main
[ "$rc" != 0 ] || fail "a backdated event is refused"
err_has "ENV-CLOCK"
# The server's record passes check as a whole.
expect 0 "$DOCROUTE" -C "$T/srv.git" check --all
done_ok
