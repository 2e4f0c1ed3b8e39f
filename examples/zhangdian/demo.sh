#!/bin/sh
# The zhangdian demo, end to end: usage: demo.sh BIN_DIR REPO_DIR
# Creates REPO_DIR from the example (with a test clock, so the story happens on
# fixed dates around National Day 2026), copies the TEST keys to a private
# folder (mode 0600), submits the sample drafts and shows where they stand.
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

say "docroute init $repo --example zhangdian --test-clock"
DOCROUTE_NOW=2026-09-01T09:00:00+08:00 "$docroute" init "$repo" --example zhangdian --test-clock
cd "$repo"

say "the calendar: 3 working days from Tuesday 2026-09-29 (National Day falls between)"
"$docroute" workdays 2026-09-29 +3

say "陈文书 (emergency bureau) submits a notice drafted in the district government's name"
DOCROUTE_NOW=2026-09-29T09:30:00+08:00 "$docsubmit" submit "$ex/drafts/flood-notice.xml" --key "$(key p-chen)"

say "吕文书 (finance bureau) submits a request to the district government"
DOCROUTE_NOW=2026-09-29T10:15:00+08:00 "$docsubmit" submit "$ex/drafts/budget-request.xml" --key "$(key p-lv)"

say "梁文书 (凤凰镇) submits a quarterly report"
DOCROUTE_NOW=2026-09-30T16:40:00+08:00 "$docsubmit" submit "$ex/drafts/safety-report.xml" --key "$(key p-liang)"

say "docroute status (as of 2026-09-30)"
DOCROUTE_NOW=2026-09-30T17:00:00+08:00 "$docroute" status

say "会签: 何局长 (water) agrees to the notice; 唐局长 (housing) stays silent"
DOCROUTE_NOW=2026-09-30T11:20:00+08:00 "$docsign" countersign 2026-yjj-0001 --agree --opinion "同意，水利局负责水库巡查" --key "$(key p-he)"

say "cron, 2026-10-09 evening: the due date is not over yet, nothing is deemed"
DOCROUTE_NOW=2026-10-09T22:00:00+08:00 "$docroute" sweep --key "$(key system)"

say "cron, just after midnight: silence is consent on this route (art. 63), recorded by system"
DOCROUTE_NOW=2026-10-10T00:00:05+08:00 "$docroute" sweep --key "$(key system)"

say "the request's countersigner (发改局) is silent too: on an upward request that is not consent"
DOCROUTE_NOW=2026-10-12T08:30:00+08:00 "$docroute" sweep --key "$(key system)"
DOCROUTE_NOW=2026-10-12T08:30:00+08:00 "$docroute" overdue

say "待办 of 宋局长 (发改局), and where the notice stands now"
DOCROUTE_NOW=2026-10-12T08:30:00+08:00 "$docroute" inbox --as p-song
DOCROUTE_NOW=2026-10-12T08:30:00+08:00 "$docroute" status 2026-yjj-0001

say "the notice goes up the chain of art. 64 (一): drafter's head, 审核, 审签, 签发"
DOCROUTE_NOW=2026-10-12T09:10:00+08:00 "$docsign" sign 2026-yjj-0001 --opinion "同意报区政府" --key "$(key p-feng)"
echo "(a leader may not sign before the office has reviewed it:)"
DOCROUTE_NOW=2026-10-12T09:20:00+08:00 "$docsign" issue-sign 2026-yjj-0001 --key "$(key p-zhou)" || true
DOCROUTE_NOW=2026-10-12T10:30:00+08:00 "$docsign" review 2026-yjj-0001 --opinion "拟同意，请主任审签" --key "$(key p-qian)"
DOCROUTE_NOW=2026-10-12T15:00:00+08:00 "$docsign" review-sign 2026-yjj-0001 --opinion "请区长签发" --key "$(key p-sun)"
echo "(周区长 is away 2026-10-12..16: 王常务副区长 signs for him, 代)"
DOCROUTE_NOW=2026-10-13T09:00:00+08:00 "$docsign" issue-sign 2026-yjj-0001 --opinion "同意印发" --key "$(key p-wang)"

say "登记: the 发文字号, and the routing slip (发文稿纸) written to $repo.slip.html"
DOCROUTE_NOW=2026-10-13T10:00:00+08:00 "$docroute" register 2026-yjj-0001 --key "$(key p-zheng)"
"$docroute" render 2026-yjj-0001 -o "$repo.slip.html"

say "the request: 发改局 agrees late (still counts), 徐局长 signs, 吕文书 numbers it, the office receives and reviews"
DOCROUTE_NOW=2026-10-12T14:00:00+08:00 "$docsign" countersign 2026-czj-0001 --agree --opinion "同意" --key "$(key p-song)"
DOCROUTE_NOW=2026-10-12T15:00:00+08:00 "$docsign" sign 2026-czj-0001 --opinion "同意上报" --key "$(key p-xu)"
DOCROUTE_NOW=2026-10-12T16:00:00+08:00 "$docroute" register 2026-czj-0001 --key "$(key p-lv)"
DOCROUTE_NOW=2026-10-13T09:00:00+08:00 "$docsign" receive 2026-czj-0001 --key "$(key p-zheng)"
DOCROUTE_NOW=2026-10-13T11:00:00+08:00 "$docsign" review 2026-czj-0001 --opinion "拟同意，呈王常务副区长审批" --key "$(key p-wu)"

say "the overseeing vice-mayor (王常务副区长 oversees the finance bureau) decides, with a clear opinion"
DOCROUTE_NOW=2026-10-14T09:00:00+08:00 "$docsign" decide 2026-czj-0001 --approve --opinion "同意，从区级预备费列支" --key "$(key p-wang)"

say "where everything stands (2026-10-14)"
DOCROUTE_NOW=2026-10-14T10:00:00+08:00 "$docroute" status

say "docroute log 2026-yjj-0001 (every signature and the hash chain verified)"
"$docroute" log 2026-yjj-0001

say "git log: one signed act per commit, with its trailers"
git log --format='%h %ad %an%n    %s%n%(trailers:only,unfold)' --date=iso-strict | sed 's/^/  /'

say "git status"
git status --short --branch
echo
echo "demo: the repository is $repo; its test keys are in $keys; the routing slip is $repo.slip.html"
