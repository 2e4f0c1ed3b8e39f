#!/bin/sh
# The verifier reads a pushed path component by component: a file in a subfolder of a
# document's folder — even one whose name holds a space — or a path too long to keep is
# outside every act's write-set. Ids have one maximum (63 bytes): a config declaring a
# longer one is refused, and so is a longer one on the command line, without echoing it.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
dir=$(dirname "$(git ls-files 'docs/*/envelope.xml' | head -1)")
expect 0 "$DOCROUTE" check --all
git tag good
# A subfolder whose name holds a space, added to the act's own commit.
mkdir -p "$dir/x y"
echo pdf >"$dir/x y/z.pdf"
git add -A && git commit -q --amend --no-edit
expect 1 "$DOCROUTE" check --all
out_has "ENV-APPEND-ONLY"
out_has "x y/z.pdf' is outside any act's write-set"
# log verifies as check does: the same finding, exit 1 (it used to show every event ✓).
doc=$(basename "$dir")
expect 1 "$DOCROUTE" log "$doc"
err_has "ENV-APPEND-ONLY"
err_has "x y/z.pdf"
expect 1 "$DOCROUTE" log "$doc" --json
grep -q '"rule": "ENV-APPEND-ONLY"' "$T/out" || fail "log --json carries the finding"
checks=$((checks + 1))
# A path longer than the verifier keeps, whose first 511 bytes look like a leaf (git
# trees take names no file system does: written through the index).
git reset -q --hard good
long=$(head -c 490 /dev/zero | tr '\0' 'a')
blob=$(echo pdf | git hash-object -w --stdin)
git update-index --add --cacheinfo "100644,$blob,$dir/$long/b.pdf"
git commit -q --amend --no-edit
expect 1 "$DOCROUTE" check --all
out_has "ENV-APPEND-ONLY"
out_has "a path longer than 511 bytes"
git reset -q --hard good
expect 0 "$DOCROUTE" check --all
expect 0 "$DOCROUTE" log "$doc"
out_has "✓"
# Ids: a config with a 64-byte person id is refused, naming the line.
mkdir -p "$T/cfg"
cp -r "$EX/docroute/." "$T/cfg/"
id64=p-$(head -c 62 /dev/zero | tr '\0' 'x')
sed "s/{id: p-chen,/{id: $id64,/" "$EX/docroute/config.yaml" >"$T/cfg/config.yaml"
expect 3 "$DOCROUTE" init "$T/long" --from "$T/cfg" --test-clock
err_has "config.yaml:68"
err_has "'id' must be at most 63 bytes"
[ ! -e "$T/long" ] || fail "nothing is created"
# The same id of 63 bytes is accepted.
id63=p-$(head -c 61 /dev/zero | tr '\0' 'x')
sed "s/{id: p-chen,/{id: $id63,/" "$EX/docroute/config.yaml" >"$T/cfg/config.yaml"
expect 0 "$DOCROUTE" init "$T/ok" --from "$T/cfg" --test-clock
# On the command line: refused as a bad command line, quoted short.
big=$(head -c 100000 /dev/zero | tr '\0' 'a')
expect 2 "$DOCROUTE" inbox --as "$big"
err_has "--as is longer than 63 bytes"
[ "$(wc -c <"$T/err")" -lt 400 ] || fail "the id is not echoed whole"
expect 2 "$DOCROUTE" inbox --unit "$big"
err_has "--unit is longer than 63 bytes"
expect 2 "$DR_BIN/docsign" read 2026-yjj-0001 --acting-for "$big" --key "$(key p-chen)"
err_has "--acting-for is longer than 63 bytes"
done_ok
