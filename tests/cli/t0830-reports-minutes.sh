#!/bin/sh
# Reports are read (圈阅, R60-CIRCLE-READ) by the leader who oversees the issuer; minutes
# are issued as art. 56 says (R56-MINUTES); no leader acts before the office's review
# (R63-OFFICE-FIRST); a document approved at the executive meeting is due for issue 5
# working days after it (R57-ISSUE-5WD).
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/safety-report.xml" p-liang
A=$id
ok 2026-11-02T10:00:00+08:00 p-luo sign "$A"
register 2026-11-02T10:30:00+08:00 p-liang "$A"
same "$number" "凤政发〔2026〕1号" "the town's 代字"
ok 2026-11-02T11:00:00+08:00 p-zheng receive "$A"
ok 2026-11-02T14:00:00+08:00 p-wu review "$A"
no 2026-11-02T15:00:00+08:00 p-zhang R60-CIRCLE-READ read "$A"
err_has "who may: p-zhao"
ok 2026-11-02T15:00:00+08:00 p-zhao read "$A"
expect 0 "$DOCROUTE" --now 2026-11-02T15:00:00+08:00 status "$A" --json
out_has '"finished": true'

# Minutes of the executive meeting: the mayor issues them.
minutes() { # minutes NAME KIND EXTRA-ATTRS FLAGS
    cat > "$T/$1.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<envelope xmlns="urn:docroute:envelope:1">
  <document>
    <type>minutes</type>
    <title>张店区人民政府会议纪要</title>
    <drafter unit="district-office"/>
    <issuer unit="district-gov"/>
    <to unit="finance"/>
    <classification level="none"/>
    <urgency>normal</urgency>
    <disclosure>on-request</disclosure>
    <flags $4/>
    <matter id="m1" kind="info">会议议定事项</matter>
    <meeting kind="$2" date="2026-10-30" $3/>
    <body href="minutes.md"/>
  </document>
</envelope>
XML
    echo "纪要正文" > "$T/minutes.md"
}
for kind in executive mayor-office plenary; do
    minutes "m-$kind" "$kind" 'chair="p-zhou" decision="approved"' ""
    submit_at 2026-11-02T09:00:00+08:00 "$T/m-$kind.xml" p-zheng
    no 2026-11-02T09:30:00+08:00 p-zhou R56-MINUTES issue-sign "$id"
    ok 2026-11-02T10:00:00+08:00 p-qian review "$id"
    ok 2026-11-02T11:00:00+08:00 p-sun review-sign "$id"
    no 2026-11-02T14:00:00+08:00 p-wang R56-MINUTES issue-sign "$id"
    ok 2026-11-02T14:30:00+08:00 p-zhou issue-sign "$id"
    register 2026-11-02T15:00:00+08:00 p-zheng "$id"
done
# A topic meeting chaired by p-zhang: he issues; on reserved subjects the mayor approves
# first; commissioned by p-wang, p-wang approves.
minutes m-topic topic 'chair="p-zhang" commissioned-by="p-wang"' 'reserved-subjects="true"'
submit_at 2026-11-02T09:00:00+08:00 "$T/m-topic.xml" p-zheng
T1=$id
ok 2026-11-02T10:00:00+08:00 p-qian review "$T1"
no 2026-11-02T10:30:00+08:00 p-zhang R56-MINUTES issue-sign "$T1"
no 2026-11-02T10:30:00+08:00 p-wang R56-MINUTES decide "$T1" --approve --opinion 同意
ok 2026-11-02T11:00:00+08:00 p-zhou decide "$T1" --approve --opinion 同意
ok 2026-11-02T11:30:00+08:00 p-wang decide "$T1" --approve --opinion 同意
no 2026-11-02T12:00:00+08:00 p-liu R56-MINUTES issue-sign "$T1"
ok 2026-11-02T14:00:00+08:00 p-zhang issue-sign "$T1"
minutes m-plain topic 'chair="p-liu"' ""
submit_at 2026-11-02T09:00:00+08:00 "$T/m-plain.xml" p-zheng
ok 2026-11-02T10:00:00+08:00 p-qian review "$id"
expect 0 "$DOCROUTE" --now 2026-11-02T10:00:00+08:00 status "$id"
out_has "mayor-approval       skipped"
out_has "commissioner-approval skipped"
ok 2026-11-02T11:00:00+08:00 p-liu issue-sign "$id"

# R63-OFFICE-FIRST: a config whose minutes route puts the mayor before the office.
cp -r "$EX/docroute" "$T/cfg"
python3 - "$T/cfg/config.yaml" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
a = "      - {id: office-review, act: review, by: office-deputy-director@district-office, office: true}\n      - {id: office-review-sign, act: review-sign, by: office-director@district-office}\n      - {id: issue-sign, act: issue-sign, by: mayor, rule: R56-MINUTES}\n"
b = "      - {id: issue-sign, act: issue-sign, by: mayor, rule: R56-MINUTES}\n      - {id: office-review, act: review, by: office-deputy-director@district-office, office: true}\n      - {id: office-review-sign, act: review-sign, by: office-director@district-office}\n"
assert a in s
open(p, "w").write(s.replace(a, b))
PY
expect 0 "$DOCROUTE" init "$T/bad" --from "$T/cfg" --test-clock
minutes m-first executive 'chair="p-zhou" decision="approved"' ""
at 2026-11-02T09:00:00+08:00 expect 0 "$DOCSUBMIT" -C "$T/bad" submit "$T/m-first.xml" --key "$(key p-zheng)"
at 2026-11-02T10:00:00+08:00 expect 1 "$DR_BIN/docsign" -C "$T/bad" issue-sign "$(cat "$T/out")" --key "$(key p-zhou)"
err_has "R63-OFFICE-FIRST"

# R57-ISSUE-5WD: approved at the executive meeting of 2026-10-30, due for issue by 11-06.
variant approved flood-notice 's#<body #<meeting kind="executive" date="2026-10-30" decision="approved"/>\n    <body #; /<involves /d'
submit_at 2026-11-02T09:00:00+08:00 "$T/approved.xml" p-chen
B=$id
ok 2026-11-02T10:00:00+08:00 p-feng sign "$B"
ok 2026-11-02T11:00:00+08:00 p-qian review "$B"
ok 2026-11-02T12:00:00+08:00 p-sun review-sign "$B"
ok 2026-11-02T14:00:00+08:00 p-zhou issue-sign "$B"
expect 0 "$DOCROUTE" --now 2026-11-02T15:00:00+08:00 status "$B"
out_has "register             open     p-zheng; due 2026-11-06"
at 2026-11-09T09:00:00+08:00 expect 0 "$DOCROUTE" overdue --json
out_has '"rule": "R57-ISSUE-5WD"'
# A draft revised after the meeting is due 10 working days after it.
variant late flood-notice 's#<body #<meeting kind="executive" date="2026-10-09" decision="major-revision"/>\n    <body #; /<involves /d'
at 2026-11-02T09:00:00+08:00 expect 0 "$DOCSUBMIT" check "$T/late.xml"
submit_at 2026-11-02T09:00:00+08:00 "$T/late.xml" p-chen
err_has "R57-ISSUE-5WD"
done_ok
