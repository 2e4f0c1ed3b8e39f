#!/bin/sh
# The organization's words are its config's: who signs config acts is `acts: config`
# (default [config-admin], which must then be a declared role); a role renamed in the
# config works once acts names it; which rules a leader may set aside is the catalog's
# `overridable`.
. "$(dirname "$0")/lib.sh"
keys
# An admin role of another name, and no acts: config: the default names a role the
# config does not declare — refused at once, with the way out.
cp -r "$EX/docroute" "$T/cfg"
sed -i 's/config-admin/sysadmin/g' "$T/cfg/config.yaml"
expect 3 "$DOCROUTE" init "$T/bad" --from "$T/cfg"
err_has "config.yaml:"
err_has "the config gives no 'acts: config'"
err_has "name who may config in 'acts'"
[ -e "$T/bad" ] && fail "a refused init created something"
sed -i 's/^acts:$/acts:\n  config: [sysadmin]/' "$T/cfg/config.yaml"
# How many sign is the config's too: here every change needs two.
printf '\nconfig-signatures: {sensitive: 2, other: 2}\n' >>"$T/cfg/config.yaml"
expect 0 "$DOCROUTE" init "$T/r" --from "$T/cfg" --test-clock
cd "$T/r" || exit 1
sed -i 's/^periods: {extra-urgent: 1, urgent: 2}/periods: {extra-urgent: 1, urgent: 3}/' .docroute/config.yaml
at 2026-11-02T08:00:00+08:00 expect 1 "$DOCROUTE" config commit --key "$(key p-ye)"
err_has "needs 2 signatures"
at 2026-11-02T09:00:00+08:00 expect 0 "$DOCROUTE" config commit --key "$(key p-ye)" --key "$(key p-du)"
expect 0 "$DOCROUTE" check --all
# Someone the admin selector does not name may not.
sed -i 's/urgent: 3}/urgent: 2}/' .docroute/config.yaml
at 2026-11-02T09:10:00+08:00 expect 1 "$DOCROUTE" config commit --key "$(key p-he)"
err_has "may not sign config acts (acts: config)"
git checkout -q .docroute

# Who signs config acts, and which rules hold, are as sensitive as roles: one admin alone
# may not change acts: or rules:.
sed -i 's/^  override: \[mayor, executive-vice-mayor\]/  override: [mayor]/' .docroute/config.yaml
at 2026-11-02T09:20:00+08:00 expect 1 "$DOCROUTE" config commit --key "$(key p-ye)"
err_has "needs 2 signatures"
git checkout -q .docroute
# Config signers are roles, never selectors bound to a document.
cp -r "$T/cfg" "$T/cfg2"
sed -i 's/^  config: \[sysadmin\]/  config: [unit-head@drafter]/' "$T/cfg2/config.yaml"
expect 3 "$DOCROUTE" init "$T/bad2" --from "$T/cfg2"
err_has "who signs config acts is a role"
# A 代字 that cannot name a ledger file is refused at once.
cp -r "$EX/docroute" "$T/cfg3"
sed -i 's#number-prefix: 张政发#number-prefix: 张政/发#' "$T/cfg3/config.yaml"
expect 3 "$DOCROUTE" init "$T/bad3" --from "$T/cfg3"
err_has "cannot name a register ledger"
# --json with a report that is its own document is refused (one document on stdout).
expect 2 "$DOCROUTE" check --all --format sarif --json
out_has '"exit": 2'

# override: the catalog says which rules are 原则上 (overridable).
submit_at 2026-11-02T10:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
at 2026-11-02T10:10:00+08:00 expect 0 "$DR_BIN/docsign" override "$id" --rule R57-ISSUE-5WD --reason "会议另有安排" --key "$(key p-zhou)"
at 2026-11-02T10:20:00+08:00 expect 2 "$DR_BIN/docsign" override "$id" --rule R59-ONE-MATTER --reason x --key "$(key p-zhou)"
err_has "'R59-ONE-MATTER' may not be set aside"
err_has "R53-NO-UNAGREED-TOPIC, R57-ISSUE-5WD, R54-AGENDA-10WD"
expect 0 "$DOCROUTE" check --all
# Meeting kinds are the config's: a draft naming another is refused.
sed 's#<body href#<meeting kind="party-congress" date="2026-12-01"/><body href#' \
    "$EX/drafts/flood-notice.xml" >"$T/meet.xml"
cp "$EX/drafts/flood-notice.md" "$T/"
finding ENV-SCHEMA "$T/meet.xml"
grep -q "names a meeting kind the config does not declare" "$T/out" || fail "names the meeting kind"
done_ok
