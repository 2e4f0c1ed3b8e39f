#!/bin/sh
# Clones: --push acts on the upstream tip and pushes through a real git server on
# loopback (git daemon: the server's pre-receive hook runs); when the upstream moved,
# the act is redone — re-stamped, re-signed — on the new tip. Two clones acting on the
# same document at once converge, no act lost, no rule broken. A local-path remote is
# refused; a push the server's rules refuse records nothing.
. "$(dirname "$0")/lib.sh"
keys
expect 0 "$DOCROUTE" init "$T/srv.git" --example zhangdian --bare
# Without --program the hook runs the docroute on the PATH the server gives git.
expect 0 "$DOCROUTE" -C "$T/srv.git" hook install
grep -qF "exec 'docroute' hook pre-receive" "$T/srv.git/hooks/pre-receive" || fail "the hook runs docroute from PATH"
PATH=$DR_BIN:$PATH
export PATH
git -C "$T/srv.git" config docroute.tolerance 100000000
port=$((20000 + $$ % 20000))
git daemon --reuseaddr --listen=127.0.0.1 --port=$port --base-path="$T" --export-all \
    --enable=receive-pack "$T" >"$T/daemon.log" 2>&1 &
daemon=$!
trap 'kill $daemon 2>/dev/null; rm -rf "$T"' EXIT
url=git://127.0.0.1:$port/srv.git
i=0
until git ls-remote "$url" >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -lt 50 ] || fail "git daemon did not start: $(cat "$T/daemon.log")"
    sleep 0.1
done
for c in a b; do
    git clone -q "$url" "$T/$c" 2>/dev/null || fail "clone $c"
    git -C "$T/$c" config docroute.testclock true
done
cd "$T/a" || exit 1
variant three flood-notice 's#<involves unit="housing"/>#<involves unit="housing"/>\n    <involves unit="finance"/>#'
at 2026-11-02T09:00:00+08:00 expect 0 "$DOCSUBMIT" submit "$T/three.xml" --key "$(key p-chen)" --push
A=$(cat "$T/out")
same "$(git -C "$T/srv.git" rev-parse main)" "$(git rev-parse main)" "pushed, and the clone follows"
same "$(git status --porcelain)" "" "clean"
# Clone b acts on the upstream tip although it has not fetched yet.
cd "$T/b" || exit 1
ok 2026-11-02T10:00:00+08:00 p-he countersign "$A" --agree --push
same "$(git -C "$T/srv.git" rev-parse main)" "$(git rev-parse main)" "b follows"
# Two clones at once, on the same document: both acts land.
cd "$T/a" || exit 1
at 2026-11-02T11:00:00+08:00 "$DR_BIN/docsign" countersign "$A" --agree --push --key "$(key p-tang)" >"$T/a.out" 2>"$T/a.err" &
pa=$!
(cd "$T/b" && at 2026-11-02T11:00:00+08:00 "$DR_BIN/docsign" countersign "$A" --agree --push --key "$(key p-xu)" >"$T/b.out" 2>"$T/b.err") &
pb=$!
wait $pa || fail "clone a's act: $(cat "$T/a.err")"
wait $pb || fail "clone b's act: $(cat "$T/b.err")"
cat "$T/a.err" "$T/b.err" >&2
env=$(git -C "$T/srv.git" show "main:docs/2026/yjj/$A/envelope.xml")
for u in water housing finance; do
    echo "$env" | grep 'act="countersign"' | grep -q "unit=\"$u\"" || fail "the $u countersign is on the server"
    checks=$((checks + 1))
done
expect 0 "$DOCROUTE" -C "$T/srv.git" check --all
expect 0 "$DOCROUTE" -C "$T/srv.git" --now 2026-11-02T12:00:00+08:00 status "$A"
out_has "drafter-sign         open     p-feng"
# A push the server's rules refuse records nothing there.
git -C "$T/srv.git" config docroute.tolerance 10
cd "$T/a" || exit 1
before=$(git -C "$T/srv.git" rev-parse main)
at 2026-11-02T13:00:00+08:00 expect 1 "$DR_BIN/docsign" sign "$A" --key "$(key p-feng)" --push
err_has "remote:"
err_has "ENV-CLOCK"
same "$(git -C "$T/srv.git" rev-parse main)" "$before" "nothing recorded upstream"
# sync: with nothing of its own, the clone just follows the upstream.
git -C "$T/srv.git" config docroute.tolerance 100000000
cd "$T/b" || exit 1
expect 0 "$DOCROUTE" sync --key "$(key p-feng)"
same "$(git rev-parse main)" "$(git -C "$T/srv.git" rev-parse main)" "b follows"
# An act recorded locally while the upstream moves on: sync forwards it, re-stamped and
# re-signed on the new tip, and the local branch follows.
ok 2026-11-02T14:00:00+08:00 p-feng sign "$A" --opinion "同意报区政府"
local_act=$(git rev-parse main)
cd "$T/a" || exit 1
at 2026-11-02T14:30:00+08:00 expect 0 "$DOCSUBMIT" submit "$EX/drafts/budget-request.xml" --key "$(key p-lv)" --push
cd "$T/b" || exit 1
at 2026-11-02T15:00:00+08:00 expect 0 "$DOCROUTE" sync --key "$(key p-feng)"
out_has "sign $A by p-feng"
same "$(git rev-parse main)" "$(git -C "$T/srv.git" rev-parse main)" "b follows after sync"
[ "$(git rev-parse main)" != "$local_act" ] || fail "the act was signed anew"
git -C "$T/srv.git" show "main:docs/2026/yjj/$A/envelope.xml" | grep 'act="sign"' | grep -q 'at="2026-11-02T15:00:00+08:00"' || fail "re-stamped"
expect 0 "$DOCROUTE" -C "$T/srv.git" check --all
same "$(git status --porcelain)" "" "clean after sync"
# Another person's local act cannot be signed anew with this key: reported, exit 3.
ok 2026-11-02T16:00:00+08:00 p-qian review "$A"
at 2026-11-02T16:30:00+08:00 expect 3 "$DOCROUTE" sync --key "$(key p-feng)"
err_has "a redo by their actors"
# A document submitted locally and acted on, while upstream another document got its id:
# nothing of it is forwarded onto the wrong document.
cd "$T/b" || exit 1
git reset -q --hard origin/main
at 2026-11-02T17:00:00+08:00 expect 0 "$DOCSUBMIT" submit "$EX/drafts/safety-report.xml" --key "$(key p-liang)"
L=$(cat "$T/out")
ok 2026-11-02T17:10:00+08:00 p-luo sign "$L"
cd "$T/a" || exit 1
at 2026-11-02T17:20:00+08:00 expect 0 "$DOCSUBMIT" submit "$EX/drafts/safety-report.xml" --key "$(key p-liang)" --push
same "$(cat "$T/out")" "$L" "the same id upstream, another document"
before=$(git -C "$T/srv.git" rev-parse main)
cd "$T/b" || exit 1
at 2026-11-02T17:30:00+08:00 expect 3 "$DOCROUTE" sync --key "$(key p-luo)"
err_has "is not the document this act was recorded on"
same "$(git -C "$T/srv.git" rev-parse main)" "$before" "nothing forwarded onto the wrong document"
# The runner's own local submission is submitted again upstream (its id allocated there),
# and the runner's later act on it follows it to its new id.
git fetch -q origin
git reset -q --hard origin/main
sed 's#<drafter unit="town-fenghuang"/>#<drafter unit="street-gongyuan"/>#; s#<issuer unit="town-fenghuang"/>#<issuer unit="street-gongyuan"/>#; s#凤凰镇人民政府关于#公园街道办事处关于#' "$EX/drafts/safety-report.xml" > "$T/street.xml"
cp "$EX/drafts/safety-report.md" "$T/"
at 2026-11-02T18:00:00+08:00 expect 0 "$DOCSUBMIT" submit "$T/street.xml" --key "$(key p-xie)"
S=$(cat "$T/out")
ok 2026-11-02T18:10:00+08:00 p-xie sign "$S" --opinion 同意上报
cd "$T/a" || exit 1
at 2026-11-02T18:20:00+08:00 expect 0 "$DOCSUBMIT" submit "$T/street.xml" --key "$(key p-xie)" --push
same "$(cat "$T/out")" "$S" "the id is taken upstream"
cd "$T/b" || exit 1
at 2026-11-02T18:30:00+08:00 expect 0 "$DOCROUTE" sync --key "$(key p-xie)"
S2=$(sed -n 's/^.* → \([0-9a-z-]*\) (submitted again upstream)$/\1/p' "$T/out")
[ -n "$S2" ] && [ "$S2" != "$S" ] || fail "submitted again under a new id: $(cat "$T/out")"
out_has "sign $S2 by p-xie"
same "$(git rev-parse main)" "$(git -C "$T/srv.git" rev-parse main)" "b follows after sync"
git -C "$T/srv.git" show "main:docs/2026/gyjd/$S2/envelope.xml" | grep 'act="sign"' | grep -q '同意上报' || fail "the signature followed"
expect 0 "$DOCROUTE" -C "$T/srv.git" check --all
# A local-path remote runs no hook: refused.
git clone -q "$T/srv.git" "$T/c" 2>/dev/null
cd "$T/c" || exit 1
git config docroute.testclock true
at 2026-11-02T13:00:00+08:00 expect 2 "$DR_BIN/docsign" sign "$A" --key "$(key p-feng)" --push
err_has "runs no server hook"
done_ok
