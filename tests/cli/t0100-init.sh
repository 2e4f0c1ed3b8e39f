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

# DOCROUTE_REPO names it as for every other command (a positional DIR still wins), the
# folder is made when missing (parents too), and -q is silent.
(cd "$T" && DOCROUTE_REPO="$T/env/deep/repo" expect 0 "$DOCROUTE" -q init --example zhangdian) ||
    fail "init with DOCROUTE_REPO"
git -C "$T/env/deep/repo" cat-file -e main:.docroute/config.yaml || fail "init honours DOCROUTE_REPO"
[ -e "$T/.git" ] && fail "init made a repository in the current folder"
same "$(cat "$T/out")" "" "init -q prints nothing"
DOCROUTE_REPO="$T/ignored" expect 0 "$DOCROUTE" init "$T/positional" --example zhangdian
[ -e "$T/ignored" ] && fail "DOCROUTE_REPO won over DIR"
git -C "$T/positional" cat-file -e main:.docroute/config.yaml || fail "the positional DIR"
expect 0 "$DOCROUTE" -C "$T/newC" init --example zhangdian --bare
same "$(git -C "$T/newC" rev-parse --is-bare-repository)" "true" "-C to a folder that did not exist"

# The data: DOCROUTE_DATADIR overrides where the example is found.
mkdir -p "$T/data/examples"
cp -r "$EX" "$T/data/examples/other"
DOCROUTE_DATADIR="$T/data" expect 0 "$DOCROUTE" init "$T/fromdata" --example other
DOCROUTE_DATADIR="$T/data" expect 2 "$DOCROUTE" init "$T/nodata" --example zhangdian
err_has "no example 'zhangdian' in $T/data/examples"
DOCROUTE_DATADIR="$T/nowhere" expect 2 "$DOCROUTE" init "$T/nodata" --example zhangdian
err_has "cannot find docroute's data: looked in $T/nowhere (DOCROUTE_DATADIR)"
[ -e "$T/nodata" ] && fail "a refused init created something"

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
