#!/bin/sh
# A signed checkpoint kept outside the branch: a repository without the server's hook
# accepts a rewrite that drops a document's last act (check --all alone passes it);
# check --checkpoint refuses it, naming ENV-HISTORY. Only a config-admin signs one; a
# damaged or forged checkpoint is refused.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
D="$EX/drafts"
submit_at 2026-11-02T09:00:00+08:00 "$D/flood-notice.xml" p-chen
A=$id
ok 2026-11-02T10:00:00+08:00 p-he countersign "$A" --agree
# Only one whom acts: config names signs a checkpoint.
at 2026-11-02T11:00:00+08:00 expect 1 "$DOCROUTE" checkpoint --key "$(key p-chen)"
err_has "ENV-HISTORY: 'p-chen' may not sign checkpoints"
at 2026-11-02T11:00:00+08:00 expect 0 "$DOCROUTE" checkpoint --key "$(key p-ye)"
cp "$T/out" "$T/cp.txt"
same "$(sed -n 2p "$T/cp.txt")" "commit $(tip .)" "it names the tip"
same "$(sed -n 3p "$T/cp.txt")" "signer p-ye/1" "and its signer"
expect 0 "$DOCROUTE" check --all --checkpoint "$T/cp.txt"
# The branch goes on: the checkpoint still holds.
ok 2026-11-02T12:00:00+08:00 p-tang countersign "$A" --agree
expect 0 "$DOCROUTE" check --all --checkpoint "$T/cp.txt"
# A checkpoint that names a signer who is no admin.
sed '3s#.*#signer p-chen/1#' "$T/cp.txt" > "$T/notadmin.txt"
expect 1 "$DOCROUTE" check --all --checkpoint "$T/notadmin.txt"
out_has "'p-chen' may not sign checkpoints"
# A rewrite that drops the last two acts: the history alone verifies …
git reset -q --hard HEAD~2
expect 0 "$DOCROUTE" check --all
# … the checkpoint does not.
expect 1 "$DOCROUTE" check --all --checkpoint "$T/cp.txt" --json
out_has '"rule": "ENV-HISTORY"'
out_has "is not in the branch's history: the branch was rewritten after it"
# A forged checkpoint (another commit under the same signature), a damaged one, and a
# missing file.
sed "2s/.*/commit $(tip .)/" "$T/cp.txt" > "$T/forged.txt"
expect 1 "$DOCROUTE" check --all --checkpoint "$T/forged.txt"
out_has "signature by 'p-ye/1' does not verify"
sed '4d' "$T/cp.txt" > "$T/damaged.txt"
expect 2 "$DOCROUTE" check --all --checkpoint "$T/damaged.txt"
err_has "damaged.txt:4: expected 'at VALUE'"
printf 'hello\n' > "$T/other.txt"
expect 2 "$DOCROUTE" check --all --checkpoint "$T/other.txt"
err_has "other.txt:1: not a checkpoint"
expect 2 "$DOCROUTE" check --all --checkpoint "$T/none.txt"
done_ok
