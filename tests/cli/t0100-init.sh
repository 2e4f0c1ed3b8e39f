#!/bin/sh
# docroute init: HEAD on main, the genesis with .docroute/ and .gitattributes,
# bare or not, validated before anything is created.
. "$(dirname "$0")/lib.sh"

repo "$T/clerk"
out_has "genesis"
same "$(git -C "$T/clerk" symbolic-ref HEAD)" "refs/heads/main" "HEAD"
same "$(git -C "$T/clerk" rev-list --count main)" "1" "one genesis commit"
same "$(git -C "$T/clerk" show main:.gitattributes | grep -c '^\* -text')" "1" ".gitattributes"
git -C "$T/clerk" cat-file -e main:.docroute/config.yaml || fail "no config"
git -C "$T/clerk" cat-file -e main:.docroute/calendar/2026.yaml || fail "no calendar"
git -C "$T/clerk" cat-file -e main:.docroute/keys/p-zhou-1.pem || fail "no public key"
# No private key ever enters the repository.
git -C "$T/clerk" grep -q "PRIVATE KEY" main -- . && fail "a private key was committed"
same "$(git -C "$T/clerk" status --porcelain)" "" "clean work tree"
same "$(git -C "$T/clerk" config docroute.testclock)" "true" "test clock"

expect 0 "$DOCROUTE" init "$T/server.git" --example zhangdian --bare
same "$(git -C "$T/server.git" rev-parse --is-bare-repository)" "true" "bare"
same "$(git -C "$T/server.git" config docroute.testclock || echo unset)" "unset" "no test clock"

# -C names the place too.
mkdir "$T/viaC"
expect 0 "$DOCROUTE" -C "$T/viaC" init --example zhangdian
git -C "$T/viaC" cat-file -e main:.docroute/config.yaml || fail "init -C"

# Refusals: an existing repository, no example, an unknown example, a bad config.
expect 3 "$DOCROUTE" init "$T/clerk" --example zhangdian
same "$(git -C "$T/clerk" rev-list --count main)" "1" "still one commit"
expect 2 "$DOCROUTE" init "$T/none"
err_has "--example NAME or --from DIR"
expect 2 "$DOCROUTE" init "$T/none" --example nosuch
[ -e "$T/none" ] && fail "a refused init created something"
cp -r "$EX/docroute" "$T/badcfg"
sed -i 's/^accredited: false/accredited: false\nsurprise: 1/' "$T/badcfg/config.yaml"
expect 3 "$DOCROUTE" init "$T/bad" --from "$T/badcfg"
err_has ".docroute/config.yaml:"
err_has "unknown key 'surprise'"
[ -e "$T/bad" ] && fail "a refused init created something"
# JSON
expect 0 "$DOCROUTE" init "$T/j" --example zhangdian --json
out_has '"genesis":'
out_has '"ok": true'
done_ok
