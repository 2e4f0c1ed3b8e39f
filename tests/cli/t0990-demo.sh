#!/bin/sh
# The demo runs end to end on the bundled example, and the repository it leaves passes
# docroute check --all: one signed act per commit, with its trailers; git status clean.
. "$(dirname "$0")/lib.sh"
# From any folder, with the tools of a build tree or of an installed prefix (DR_BIN),
# and a relative place for the repository.
mkdir "$T/elsewhere"
cd "$T/elsewhere" || exit 1
expect 0 "$EX/demo.sh" "$DR_BIN" ../demo
cd "$T" || exit 1
out_has "2026-yjj-0001"
out_has "register 2026-yjj-0001: 张政发〔2026〕1号"
out_has "housing: consent deemed (due 2026-10-09, R63-SILENCE-IS-CONSENT)"
out_has "2 working days overdue (R61-OVERDUE, R63-REPLY-3WD)"
out_has "decide 2026-czj-0001: decide"
[ -s "$T/demo.slip.html" ] || fail "the routing slip"
same "$(git -C "$T/demo" status --porcelain)" "" "clean"
n=$(git -C "$T/demo" rev-list --count main)
same "$(git -C "$T/demo" log --format=%B main | grep -c '^Event-Digest: sha256:')" "$((n - 1))" "every act has its trailers"
expect 0 "$DOCROUTE" -C "$T/demo" check --all
err_has "$n commits checked, 0 findings"
done_ok
