#!/bin/sh
# docsubmit submit: the id on stdout, the route fixed, the first steps opened with
# their due dates, one signed act per commit with its trailers; docroute status and log.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
D="$EX/drafts"

# Sent the day before National Day: 3 working days → 2026-10-09.
export DOCROUTE_NOW=2026-09-29T09:30:00+08:00
expect 0 "$DOCSUBMIT" submit "$D/flood-notice.xml" --key "$(key p-chen)"
same "$(cat "$T/out")" "2026-yjj-0001" "the id alone on stdout"
# `docsubmit FILE` is `docsubmit submit FILE`; --as names the actor.
DOCROUTE_NOW=2026-09-29T10:00:00+08:00 expect 0 "$DOCSUBMIT" "$D/budget-request.xml" --as p-lv --key "$(key p-lv)"
same "$(cat "$T/out")" "2026-czj-0001" "second id"
DOCROUTE_NOW=2026-09-30T16:00:00+08:00 DOCROUTE_KEY="$(key p-liang)" expect 0 "$DOCSUBMIT" submit "$D/safety-report.xml" --json
out_has '"id": "2026-fhz-0001"'

same "$(git rev-list --count main)" "4" "genesis and three acts"
same "$(git status --porcelain)" "" "git status is clean"
git cat-file -e main:docs/2026/yjj/2026-yjj-0001/flood-notice.md || fail "the body is recorded"

# The commit: summary, trailers, author = the actor at the event time.
msg=$(git log -1 --format=%B main~2)
echo "$msg" | grep -q "^Doc-Id: 2026-yjj-0001$" || fail "Doc-Id trailer: $msg"
echo "$msg" | grep -q "^Act: submit$" || fail "Act trailer"
echo "$msg" | grep -q "^Actor: p-chen$" || fail "Actor trailer"
echo "$msg" | grep -q "^Events: 1-3$" || fail "Events trailer"
echo "$msg" | grep -q "^Event-Digest: sha256:[0-9a-f]\{64\}$" || fail "Event-Digest trailer"
same "$(git log -1 --format='%an|%ae|%ad' --date=iso-strict main~2)" "陈文书|p-chen@zhangdian|2026-09-29T09:30:00+08:00" "author"
same "$(git log -1 --format='%cn|%cd' --date=iso-strict main~2)" "CLI test|2026-09-29T09:30:00+08:00" "committer"

# The envelope: route, config blob, events with due dates.
env=docs/2026/yjj/2026-yjj-0001/envelope.xml
grep -q 'route="gov-outgoing"' "$env" || fail "route"
same "$(grep -o 'config="[0-9a-f]*"' "$env")" "config=\"$(git rev-parse main:.docroute/config.yaml)\"" "config blob"
same "$(grep -c 'act="countersign-request"' "$env")" "2" "two countersign requests"
same "$(grep -c 'due-date="2026-10-09"' "$env")" "2" "due 2026-10-09"

# status: open steps, who holds them, due dates.
expect 0 "$DOCROUTE" status 2026-yjj-0001
out_has "gov-outgoing"
out_has "R64-GOV-CHAIN"
out_has "water"
out_has "p-he; due 2026-10-09"
out_has "p-tang; due 2026-10-09"
expect 0 "$DOCROUTE" status --json
out_has '"id": "2026-czj-0001"'
out_has '"route": "upward-request"'
out_has '"route": "upward-report"'
out_has '"due_date": "2026-10-09"'
# The town's report has nobody to countersign: its head signs first.
expect 0 "$DOCROUTE" status 2026-fhz-0001
out_has "principal-sign       open     p-luo"
# Substitution shows: p-feng is absent 2026-10-19..23, p-jiang acts for him.
expect 0 "$DOCROUTE" --now 2026-10-20T09:00:00+08:00 status 2026-yjj-0001 --json
expect 4 "$DOCROUTE" status 2026-yjj-0099
err_has "no document '2026-yjj-0099'"
# A malformed id is a bad command line (2); a well-formed one that is not there, 4.
expect 2 "$DOCROUTE" status not-an-id
err_has "'not-an-id' is not a document id"
expect 2 "$DOCROUTE" log 2026-yjj-01
expect 2 "$DR_BIN/docsign" read not-an-id --key "$(key p-zhang)"
expect 4 "$DR_BIN/docsign" read 2026-yjj-0099 --key "$(key p-zhang)"
expect 4 "$DOCROUTE" log 2026-yjj-0099
long=$(printf '%0200d' 0)
expect 2 "$DOCROUTE" status "$long"
[ "$(wc -c <"$T/err")" -lt 200 ] || fail "a long id is echoed whole"

# log: every event verified, chained.
expect 0 "$DOCROUTE" log 2026-czj-0001
out_has "countersign-request"
out_has "unit=development due-date=2026-10-09"
out_lacks "✗"
expect 0 "$DOCROUTE" log 2026-czj-0001 --json
out_has '"verified": true'
out_lacks '"verified": false'

# The signatures verify with the openssl CLI too (Ed25519 over the signed bytes is
# checked in the unit tests; here the SM2 key is p-lv's, registered in the config).
git show main:.docroute/keys/p-lv-1.pem | grep -q "BEGIN PUBLIC KEY" || fail "public key"

# A bare repository works the same, and an act there touches no work tree.
repo "$T/bare.git" --bare
expect 0 "$DOCSUBMIT" -C "$T/bare.git" submit "$D/budget-request.xml" --key "$(key p-xu)"
same "$(cat "$T/out")" "2026-czj-0001" "bare id"
same "$(git -C "$T/bare.git" log -1 --format=%B main | grep '^Actor:')" "Actor: p-xu" "head submits"
done_ok
