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
rm -rf "$keys"
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

say "docroute log 2026-yjj-0001 (every signature and the hash chain verified)"
"$docroute" log 2026-yjj-0001

say "git log: one signed act per commit, with its trailers"
git log --format='%h %ad %an%n    %s%n%(trailers:only,unfold)' --date=iso-strict | sed 's/^/  /'

say "git status"
git status --short --branch
echo
echo "demo: the repository is $repo; its test keys are in $keys"
