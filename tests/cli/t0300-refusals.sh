#!/bin/sh
# Bad input and refusals, each with its message and exit status; nothing is committed.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
F="$DR_SRC/tests/fixtures/bad"
D="$EX/drafts"
export DOCROUTE_NOW=2026-09-29T09:30:00+08:00
before=$(tip .)

nothing_committed() {
    same "$(tip .)" "$before" "nothing committed after: $*"
    same "$(git status --porcelain)" "" "work tree untouched after: $*"
}

# Files that are not well-formed or fail the schema: exit 2, naming file, line, column.
expect 2 "$DOCSUBMIT" submit "$F/malformed.xml" --key "$(key p-lv)"
err_has "malformed.xml:6:13: not well-formed"
expect 2 "$DOCSUBMIT" submit "$F/doctype.xml" --key "$(key p-lv)"
err_has "doctype.xml:2:1: a DOCTYPE"
expect 2 "$DOCSUBMIT" submit "$F/xxe.xml" --key "$(key p-lv)"
err_has "xxe.xml:2:1: a DOCTYPE"
expect 2 "$DOCSUBMIT" submit "$F/billion-laughs.xml" --key "$(key p-lv)"
err_has "billion-laughs.xml:2:1"
expect 2 "$DOCSUBMIT" submit "$F/wrong-namespace.xml" --key "$(key p-lv)"
err_has "urn:docroute:envelope:1"
expect 2 "$DOCSUBMIT" submit "$F/invalid-utf8.xml" --key "$(key p-lv)"
err_has "not valid UTF-8"
head -c 9000000 /dev/zero | tr '\0' ' ' > "$T/oversize.xml"
expect 2 "$DOCSUBMIT" submit "$T/oversize.xml" --key "$(key p-lv)"
err_has "larger than"
expect 2 "$DOCSUBMIT" submit "$F/schema-bad-urgency.xml" --key "$(key p-lv)"
err_has "ENV-SCHEMA"
err_has "schema-bad-urgency.xml:14:"
expect 2 "$DOCSUBMIT" submit "$F/placeholder-title.xml" --key "$(key p-lv)"
err_has "placeholder"
expect 2 "$DOCSUBMIT" submit "$F/unknown-unit.xml" --key "$(key p-lv)"
err_has "atlantis"
expect 2 "$DOCSUBMIT" submit "$T/no-such-file.xml" --key "$(key p-lv)"
nothing_committed "bad files"

# GB-FORMAT: a rule refuses, exit 1.
expect 1 "$DOCSUBMIT" submit "$F/gb-title.xml" --key "$(key p-lv)"
err_has "GB-FORMAT"
err_has "'请示'"
expect 1 "$DOCSUBMIT" submit "$F/gb-term.xml" --key "$(key p-lv)"
err_has "GB-FORMAT"
expect 1 "$DOCSUBMIT" check "$F/gb-title.xml" "$D/flood-notice.xml"
expect 0 "$DOCSUBMIT" check "$D/flood-notice.xml" "$D/budget-request.xml" "$D/safety-report.xml"
expect 2 "$DOCSUBMIT" check "$F/malformed.xml" "$F/gb-title.xml" --json
out_has '"rule": "GB-FORMAT"'
out_has '"line": 6'
# R-ROUTE: a document no route fits; a person who may not submit for the drafter.
sed 's#<to unit="district-gov"/>#<to unit="district-committee"/>#; s#<type>request</type>#<type>report</type>#; s#的请示</title>#的报告</title>#; s#kind="request"#kind="info"#' "$D/budget-request.xml" > "$T/no-route.xml"
cp "$D/budget-request.md" "$T/"
expect 1 "$DOCSUBMIT" submit "$T/no-route.xml" --body "$D/budget-request.md" --key "$(key p-lv)"
err_has "R-ROUTE"
expect 1 "$DOCSUBMIT" submit "$D/budget-request.xml" --key "$(key p-chen)"
err_has "R-ROUTE: 'p-chen' may not submit"
err_has "who may: p-lv, p-xu"
nothing_committed "rule refusals"

# Keys: group-readable, owned by another user, another person's, unregistered, expired on the date; --now
# on an acting command without the test clock.
chmod 640 "$(key p-lv)"
expect 2 "$DOCSUBMIT" submit "$D/budget-request.xml" --key "$(key p-lv)"
err_has "accessible by group or others"
chmod 600 "$(key p-lv)"
# A key someone else owns (as ssh refuses one): root gives a copy away; anyone else
# tries root's own file.
if [ "$(id -u)" = 0 ]; then
    cp "$(key p-lv)" "$T/keys/given.pem"
    chown 65534 "$T/keys/given.pem"
    other="$T/keys/given.pem" owner=65534
else
    other=/etc/hostname owner=0
fi
expect 2 "$DOCSUBMIT" submit "$D/budget-request.xml" --key "$other"
err_has "belongs to uid $owner, not to the user signing"
ln -s "$(key p-lv)" "$T/keys/link.pem"
expect 2 "$DOCSUBMIT" submit "$D/budget-request.xml" --key "$T/keys/link.pem"
err_has "symbolic link"
expect 2 "$DOCSUBMIT" submit "$D/budget-request.xml" --as p-xu --key "$(key p-lv)"
err_has "is not a key registered for 'p-xu'"
expect 2 "$DOCSUBMIT" submit "$D/budget-request.xml" --as p-nobody --key "$(key p-lv)"
err_has "'p-nobody' is not a person"
openssl genpkey -algorithm ed25519 -out "$T/keys/stranger.pem" 2>/dev/null
chmod 600 "$T/keys/stranger.pem"
expect 2 "$DOCSUBMIT" submit "$D/budget-request.xml" --key "$T/keys/stranger.pem"
err_has "registered for nobody"
expect 2 "$DOCSUBMIT" submit "$D/budget-request.xml"
err_has "no signing key"
DOCROUTE_NOW=2019-06-03T09:00:00+08:00 expect 2 "$DOCSUBMIT" submit "$D/budget-request.xml" --key "$(key p-lv)"
err_has "not valid on 2019-06-03"
nothing_committed "key refusals"
repo "$T/real" --bare
git -C "$T/real" config --unset docroute.testclock
expect 2 "$DOCSUBMIT" -C "$T/real" submit "$D/budget-request.xml" --key "$(key p-lv)" --now 2026-09-29T09:30:00+08:00
err_has "needs a test clock"
same "$(git -C "$T/real" rev-list --count main)" "1" "nothing committed without a test clock"
expect 2 "$DOCSUBMIT" submit "$D/budget-request.xml" --key "$(key p-lv)" --now yesterday
err_has "bad time 'yesterday'"

# The repository's own config and calendar: exit 3.
DOCROUTE_NOW=2028-01-05T09:00:00+08:00 expect 3 "$DOCSUBMIT" submit "$D/budget-request.xml" --key "$(key p-lv)"
err_has "no working-day calendar for year 2028"
expect 3 "$DOCROUTE" workdays 2028-01-04
err_has "2028"
nothing_committed "missing year"
# A config change made behind docroute's back (an unknown key, a dangling reference).
git clone -q "$T/r" "$T/edit"
sed -i 's/^accredited: false/accredited: false\nsurprise: 1/' "$T/edit/.docroute/config.yaml"
git -C "$T/edit" commit -qam "unknown key"
git -C "$T/edit" push -q origin main:refs/heads/broken 2>/dev/null
git -C "$T/r" config docroute.branch broken
expect 3 "$DOCROUTE" status
err_has ".docroute/config.yaml:"
err_has "unknown key 'surprise'"
expect 3 "$DOCSUBMIT" submit "$D/budget-request.xml" --key "$(key p-lv)"
git -C "$T/edit" reset -q --hard HEAD~1
sed -i 's/overseen-by: p-zhao}/overseen-by: p-ghost}/' "$T/edit/.docroute/config.yaml"
git -C "$T/edit" commit -qam "dangling reference"
git -C "$T/edit" push -qf origin main:refs/heads/broken 2>/dev/null
expect 3 "$DOCROUTE" status
err_has "unknown person 'p-ghost'"
git -C "$T/r" config --unset docroute.branch
same "$(tip .)" "$before" "main untouched"
expect 3 "$DOCROUTE" -C "$T/nowhere" status
err_has "no document repository"
done_ok
