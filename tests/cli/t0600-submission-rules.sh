#!/bin/sh
# Every submission rule of RULES.md: a draft that trips it (docsubmit check reports it
# with its ID, submit refuses with exit 1 and commits nothing) and one that passes.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
export DOCROUTE_NOW=2026-09-29T09:30:00+08:00
before=$(tip .)
refused() { # refused RULE DRAFT KEY: submit exits 1 naming RULE
    expect 1 "$DOCSUBMIT" submit "$2" --key "$(key "$3")"
    err_has "$1"
    same "$(tip .)" "$before" "nothing committed by a refused $1"
}

# R59-ONE-MATTER: 请示应当一文一事
variant two-matters budget-request 's#<matter id="m1" kind="request" category="finance.reserve">安排2027年防汛物资储备资金120万元</matter>#&\n    <matter id="m2" kind="request">增加编制2名</matter>#'
finding R59-ONE-MATTER "$T/two-matters.xml"
refused R59-ONE-MATTER "$T/two-matters.xml" p-lv
no_finding R59-ONE-MATTER "$EX/drafts/budget-request.xml"

# R59-REPORT-NO-REQUEST: a request matter, or a request phrase in the body
variant report-asks safety-report 's#kind="info"#kind="request"#'
finding R59-REPORT-NO-REQUEST "$T/report-asks.xml"
variant report-phrase safety-report 's#safety-report.md#report-phrase.md#'
sed 's/特此报告。/以上报告妥否，请批示。/' "$EX/drafts/safety-report.md" > "$T/report-phrase.md"
finding R59-REPORT-NO-REQUEST "$T/report-phrase.xml"
grep -q "妥否" "$T/out" || fail "the phrase is named"
refused R59-REPORT-NO-REQUEST "$T/report-phrase.xml" p-liang
no_finding R59-REPORT-NO-REQUEST "$EX/drafts/safety-report.xml"

# R59-SINGLE-RECIPIENT: 不得多头报文
variant two-to budget-request 's#<to unit="district-gov"/>#<to unit="district-gov"/>\n    <to unit="district-committee"/>#'
finding R59-SINGLE-RECIPIENT "$T/two-to.xml"
refused R59-SINGLE-RECIPIENT "$T/two-to.xml" p-lv
no_finding R59-SINGLE-RECIPIENT "$EX/drafts/budget-request.xml"

# R59-NO-SKIP-LEVEL and C14-SKIP-LEVEL-COPY: a bureau straight to the city
variant skip budget-request 's#<to unit="district-gov"/>#<to unit="city-gov"/>#'
finding R59-NO-SKIP-LEVEL "$T/skip.xml"
grep -q "direct superior" "$T/out" || fail "the message names the direct superior"
variant skip-approved budget-request 's#<to unit="district-gov"/>#<to unit="city-gov"/>#; s#<body #<approval ref="张政办函〔2026〕3号" by="p-zhou" date="2026-09-20"/>\n    <body #'
no_finding R59-NO-SKIP-LEVEL "$T/skip-approved.xml"
finding C14-SKIP-LEVEL-COPY "$T/skip-approved.xml"
variant skip-copied budget-request 's#<to unit="district-gov"/>#<to unit="city-gov"/>\n    <cc unit="district-gov"/>#; s#<body #<approval ref="张政办函〔2026〕3号" by="p-zhou" date="2026-09-20"/>\n    <body #'
no_finding C14-SKIP-LEVEL-COPY "$T/skip-copied.xml"
no_finding R59-NO-SKIP-LEVEL "$EX/drafts/budget-request.xml"

# C15-NO-CC-DOWN: the government's request to the city copies a town below it
variant gov-up flood-notice 's#<type>notice</type>#<type>request</type>#; s#秋冬季安全度汛工作的通知#秋冬季安全度汛工作资金的请示#; s#<to unit="town-fenghuang"/>#<to unit="city-gov"/>#; /<to unit="street-/d; s#<cc unit="district-committee"/>#<cc unit="town-fenghuang"/>#; s#kind="info"#kind="request"#'
finding C15-NO-CC-DOWN "$T/gov-up.xml"
refused C15-NO-CC-DOWN "$T/gov-up.xml" p-chen
sed -i 's#<cc unit="town-fenghuang"/>#<cc unit="district-committee"/>#' "$T/gov-up.xml"
no_finding C15-NO-CC-DOWN "$T/gov-up.xml"
expect 0 "$DOCSUBMIT" check "$T/gov-up.xml"

# R59-VIA-OFFICE: not to a leader in person; the exceptions as art. 59 lists them
variant to-leader budget-request 's#<to unit="district-gov"/>#<to person="p-wang"/>#'
finding R59-VIA-OFFICE "$T/to-leader.xml"
variant assigned budget-request 's#<to unit="district-gov"/>#<to unit="district-gov"/>#; s#<body #<exception kind="leader-assigned">王常务副区长直接交办</exception>\n    <body #'
no_finding R59-VIA-OFFICE "$T/assigned.xml"
variant secret-exc budget-request 's#<body #<exception kind="top-secret"/>\n    <body #'
finding R59-VIA-OFFICE "$T/secret-exc.xml"
grep -q 'top-secret' "$T/out" || fail "names the top-secret exception"
# An exception skips the office's receive step.
expect 0 "$DOCSUBMIT" submit "$T/assigned.xml" --key "$(key p-lv)"
id=$(cat "$T/out")
expect 0 "$DOCROUTE" status "$id"
out_has "receive              skipped"
before=$(tip .)

# R59-DEPT-SCOPE: a matter in a department's remit goes to that department
variant scope budget-request 's#category="finance.reserve"#category="finance.budget"#; s#<drafter unit="finance"/>#<drafter unit="town-fenghuang"/>#; s#<issuer unit="finance"/>#<issuer unit="town-fenghuang"/>#; s#张店区财政局关于#凤凰镇人民政府关于#'
finding R59-DEPT-SCOPE "$T/scope.xml"
grep -q "'finance'" "$T/out" || fail "names the department"
refused R59-DEPT-SCOPE "$T/scope.xml" p-liang
no_finding R59-DEPT-SCOPE "$EX/drafts/budget-request.xml"

# R59-COUNTERSIGN-NEEDED: an involved unit on a route that asks no countersign
cat > "$T/minutes.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<envelope xmlns="urn:docroute:envelope:1">
  <document>
    <type>minutes</type>
    <title>张店区人民政府第12次常务会议纪要</title>
    <drafter unit="district-office"/>
    <issuer unit="district-gov"/>
    <to unit="finance"/>
    <involves unit="finance"/>
    <classification level="none"/>
    <urgency>normal</urgency>
    <disclosure>on-request</disclosure>
    <flags/>
    <matter id="m1" kind="info">研究2027年预算编制工作</matter>
    <meeting kind="executive" date="2026-09-25" chair="p-zhou" decision="approved"/>
    <body href="minutes.md"/>
  </document>
</envelope>
XML
echo "纪要正文" > "$T/minutes.md"
finding R59-COUNTERSIGN-NEEDED "$T/minutes.xml"
refused R59-COUNTERSIGN-NEEDED "$T/minutes.xml" p-zheng
sed -i '/<involves unit="finance"\/>/d' "$T/minutes.xml"
no_finding R59-COUNTERSIGN-NEEDED "$T/minutes.xml"
expect 0 "$DOCSUBMIT" check "$T/minutes.xml"
# Every involved unit that does not issue is asked (the issuer is not).
variant joint flood-notice 's#<involves unit="housing"/>#<involves unit="housing"/>\n    <involves unit="district-gov"/>#'
expect 0 "$DOCSUBMIT" submit "$T/joint.xml" --key "$(key p-chen)"
id=$(cat "$T/out")
same "$(git show "main:docs/2026/yjj/$id/envelope.xml" | grep -c 'act="countersign-request"')" "2" "water and housing asked, not the issuer"
before=$(tip .)

# R65-NO-DIRECTIVE-DOWN: a department's directive to towns needs the government's approval
cat > "$T/dept-down.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<envelope xmlns="urn:docroute:envelope:1">
  <document>
    <type>notice</type>
    <title>张店区教育和体育局关于开展校园安全检查的通知</title>
    <drafter unit="education"/>
    <issuer unit="education"/>
    <to unit="town-fenghuang"/>
    <to unit="street-gongyuan"/>
    <classification level="none"/>
    <urgency>normal</urgency>
    <disclosure>active</disclosure>
    <flags directive="true"/>
    <matter id="m1" kind="info">部署校园安全检查</matter>
    <body href="dept-down.md"/>
  </document>
</envelope>
XML
echo "各镇、街道：请组织开展校园安全检查。" > "$T/dept-down.md"
finding R65-NO-DIRECTIVE-DOWN "$T/dept-down.xml"
refused R65-NO-DIRECTIVE-DOWN "$T/dept-down.xml" p-ma
sed 's#<flags directive="true"/>#<flags directive="false"/>#; s#dept-down.md#dept-report.md#' "$T/dept-down.xml" > "$T/dept-report.xml"
echo "各镇、街道：请于10月20日前将检查情况报送我局。" > "$T/dept-report.md"
finding R65-NO-DIRECTIVE-DOWN "$T/dept-report.xml"
sed 's#<body #<approval ref="张政办字〔2026〕9号" by="p-zhao" date="2026-09-25"/>\n    <body #' "$T/dept-down.xml" > "$T/dept-approved.xml"
finding R65-NO-DIRECTIVE-DOWN "$T/dept-approved.xml"
grep -q "经区政府同意" "$T/out" || fail "asks for the phrase"
sed -i 's#<title>张店区教育和体育局关于#<title>张店区教育和体育局关于经区政府同意#' "$T/dept-approved.xml"
no_finding R65-NO-DIRECTIVE-DOWN "$T/dept-approved.xml"
expect 0 "$DOCSUBMIT" check "$T/dept-approved.xml"

# ENV-CLASSIFIED: not on a system that is not accredited
variant secret budget-request 's#<classification level="none"/>#<classification level="secret" term="1年"/>#'
finding ENV-CLASSIFIED "$T/secret.xml"
refused ENV-CLASSIFIED "$T/secret.xml" p-lv
no_finding ENV-CLASSIFIED "$EX/drafts/budget-request.xml"
# On an accredited system it goes through, and only its hashes are committed.
cp -r "$EX/docroute" "$T/accredited"
sed -i 's/^accredited: false.*/accredited: true/' "$T/accredited/config.yaml"
expect 0 "$DOCROUTE" init "$T/acc" --from "$T/accredited" --test-clock
expect 0 "$DOCSUBMIT" -C "$T/acc" submit "$T/secret.xml" --key "$(key p-lv)"
id=$(cat "$T/out")
git -C "$T/acc" cat-file -e "main:docs/2026/czj/$id/envelope.xml" || fail "the envelope is recorded"
git -C "$T/acc" cat-file -e "main:docs/2026/czj/$id/budget-request.md" 2>/dev/null && fail "a classified body was committed"
git -C "$T/acc" show "main:docs/2026/czj/$id/envelope.xml" | grep -q 'sha256="[0-9a-f]\{64\}"' || fail "its hash is"
# … and a revision of it commits no body either.
sed 's#安排2027年防汛物资储备资金120万元#安排2027年防汛物资储备资金100万元#' "$T/secret.xml" > "$T/secret2.xml"
echo "修改后的正文" > "$T/budget-request-2.md"
at 2026-09-30T09:00:00+08:00 expect 0 "$DOCSUBMIT" -C "$T/acc" revise "$id" "$T/secret2.xml" --body "$T/budget-request-2.md" --key "$(key p-lv)"
git -C "$T/acc" cat-file -e "main:docs/2026/czj/$id/budget-request-2.md" 2>/dev/null && fail "a classified revised body was committed"
git -C "$T/acc" show "main:docs/2026/czj/$id/envelope.xml" | grep -q "$(sha256sum "$T/budget-request-2.md" | cut -c1-64)" || fail "its hash is recorded"

# check reports every finding of every file, with rule, severity, element, article
expect 1 "$DOCSUBMIT" check "$T/two-matters.xml" "$T/report-asks.xml" "$T/two-to.xml"
err_has "R59-ONE-MATTER error (art. 59, <matter>)"
err_has "R59-REPORT-NO-REQUEST error (art. 59"
err_has "R59-SINGLE-RECIPIENT error (art. 59, <to>)"
same "$(tip .)" "$before" "check commits nothing"
done_ok
