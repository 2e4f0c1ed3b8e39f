#!/bin/sh
# The lancheng demo (a city government, its own rules), end to end:
# usage: demo.sh BIN_DIR REPO_DIR
# Creates REPO_DIR from this example with a test clock, copies the TEST keys to a
# private folder (mode 0600), and routes two notices: a 全局性 one the mayor signs and a
# routine one the secretary-general signs, each countersigned within 5 working days.
set -eu
bin=$(cd "$1" && pwd)
case "$2" in /*) repo=$2 ;; *) repo=$(pwd)/$2 ;; esac
ex=$(cd "$(dirname "$0")" && pwd)
docroute="$bin/docroute"
docsubmit="$bin/docsubmit"
docsign="$bin/docsign"

if [ -e "$repo" ]; then
    echo "demo: $repo exists; remove it or name another place" >&2
    exit 2
fi
keys="$repo.keys"
rm -rf "$keys" "$repo.slip.html"
mkdir -m 700 "$keys"
cp "$ex"/keys/*.TEST-KEY.pem "$keys/"
chmod 600 "$keys"/*.pem
key() { echo "$keys/$1-1.TEST-KEY.pem"; }
say() { printf '\n== %s\n' "$*"; }
at() { t_=$1; shift; DOCROUTE_NOW=$t_ "$@"; }

say "docroute init $repo --from examples/lancheng/docroute --test-clock"
at 2026-09-01T09:00:00+08:00 "$docroute" init "$repo" --from "$ex/docroute" --test-clock
cd "$repo"

say "于文书 (transport) submits a 全局性 notice and a routine one, to groups of recipients"
at 2026-11-02T09:00:00+08:00 "$docsubmit" submit "$ex/drafts/transit-notice.xml" --key "$(key p-yu)"
at 2026-11-02T09:10:00+08:00 "$docsubmit" submit "$ex/drafts/route-notice.xml" --key "$(key p-yu)"
at 2026-11-02T09:20:00+08:00 "$docroute" status

say "会签 within 5 working days: 范局长 (finance) agrees to both; 卢局长 (ecology) is silent"
at 2026-11-03T10:00:00+08:00 "$docsign" countersign 2026-jtj-0001 --agree --opinion "同意，补贴资金已纳入预算" --key "$(key p-fan)"
at 2026-11-03T10:05:00+08:00 "$docsign" countersign 2026-jtj-0002 --agree --key "$(key p-fan)"
at 2026-11-09T18:00:00+08:00 "$docroute" sweep --key "$(key system)"
at 2026-11-10T00:00:05+08:00 "$docroute" sweep --key "$(key system)"

say "the 全局性 notice: 部门审核, 审核, then 签发 — not by the secretary-general, by the mayor"
at 2026-11-10T09:00:00+08:00 "$docsign" sign 2026-jtj-0001 --opinion "同意报市政府" --key "$(key p-jia)"
at 2026-11-10T10:00:00+08:00 "$docsign" review 2026-jtj-0001 --opinion "拟同意，请市长签发" --key "$(key p-tao)"
at 2026-11-10T11:00:00+08:00 "$docsign" issue-sign 2026-jtj-0001 --key "$(key p-guo)" || true
at 2026-11-10T15:00:00+08:00 "$docsign" issue-sign 2026-jtj-0001 --opinion "同意印发" --key "$(key p-sun)"
at 2026-11-10T16:00:00+08:00 "$docroute" register 2026-jtj-0001 --key "$(key p-shi)"

say "the routine notice: the secretary-general signs it"
at 2026-11-04T09:00:00+08:00 "$docsign" sign 2026-jtj-0002 --key "$(key p-jia)"
at 2026-11-04T10:00:00+08:00 "$docsign" review 2026-jtj-0002 --key "$(key p-tao)"
at 2026-11-04T11:00:00+08:00 "$docsign" issue-sign 2026-jtj-0002 --opinion "同意" --key "$(key p-guo)"
at 2026-11-10T16:10:00+08:00 "$docroute" register 2026-jtj-0002 --key "$(key p-shi)"

say "the routing slip (发文稿纸) of the 全局性 notice, written to $repo.slip.html"
"$docroute" render 2026-jtj-0001 -o "$repo.slip.html"
at 2026-11-10T17:00:00+08:00 "$docroute" status

say "the record: every commit verified"
"$docroute" check --all
git status --short
