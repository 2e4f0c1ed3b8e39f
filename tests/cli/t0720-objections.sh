#!/bin/sh
# Objections (R59-OBJECTION-RATIONALE): the route stops until the drafting unit's head
# records a coordination note and the objecting head countersigns it, or its due date
# passes (未会签). A department's document to towns needs agreement (R65-AGREED-BEFORE-DOWN);
# an executive-meeting topic not agreed goes on only when a leader sets R53 aside.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
SIGN="$DR_BIN/docsign"

# A request whose countersigner objects.
submit_at 2026-10-12T09:00:00+08:00 "$EX/drafts/budget-request.xml" p-lv
A=$id
at 2026-10-13T09:00:00+08:00 expect 0 "$SIGN" countersign "$A" --object --opinion "资金来源不明" --key "$(key p-song)"
at 2026-10-13T10:00:00+08:00 expect 0 "$DOCROUTE" status "$A"
out_has "waits: R59-OBJECTION-RATIONALE"
at 2026-10-13T10:00:00+08:00 expect 1 "$SIGN" sign "$A" --key "$(key p-xu)"
err_has "R59-OBJECTION-RATIONALE"
# The note: by the drafting unit's head, recorded beside the envelope.
printf '# 协调说明\n\n财政局：从预备费列支。发改局：应纳入年度计划。办理意见：报区政府决定。\n' > "$T/note.md"
at 2026-10-13T11:00:00+08:00 expect 1 "$SIGN" coordinate "$A" --note "$T/note.md" --key "$(key p-lv)"
err_has "R59-OBJECTION-RATIONALE"
at 2026-10-13T11:00:00+08:00 expect 2 "$SIGN" coordinate "$A" --key "$(key p-xu)"
at 2026-10-13T11:00:00+08:00 expect 0 "$SIGN" coordinate "$A" --note "$T/note.md" --key "$(key p-xu)"
git cat-file -e "main:docs/2026/czj/$A/note-4.md" || fail "the note is recorded"
envelope "$A" | grep 'act="countersign-request"' | grep 'note="note-4.md"' | grep -q 'due-date="2026-10-16"' || fail "its countersign is asked"
at 2026-10-13T11:00:00+08:00 expect 1 "$SIGN" coordinate "$A" --note "$T/note.md" --key "$(key p-xu)"
err_has "no objection"
at 2026-10-14T09:00:00+08:00 expect 1 "$SIGN" sign "$A" --key "$(key p-xu)"
err_has "R59-OBJECTION-RATIONALE"
# The objecting head countersigns the note (still objecting): the leaders will decide.
at 2026-10-14T10:00:00+08:00 expect 0 "$SIGN" countersign "$A" --object --opinion "维持意见" --key "$(key p-song)"
at 2026-10-14T11:00:00+08:00 expect 0 "$SIGN" sign "$A" --key "$(key p-xu)"

# Unanswered by its due date, the note lapses: 未会签, and the route goes on.
submit_at 2026-10-12T10:00:00+08:00 "$EX/drafts/budget-request.xml" p-lv
B=$id
at 2026-10-13T09:00:00+08:00 expect 0 "$SIGN" countersign "$B" --object --opinion "不同意" --key "$(key p-song)"
at 2026-10-13T11:00:00+08:00 expect 0 "$SIGN" coordinate "$B" --note "$T/note.md" --key "$(key p-xu)"
at 2026-10-16T18:00:00+08:00 expect 1 "$SIGN" sign "$B" --key "$(key p-xu)"
at 2026-10-19T09:00:00+08:00 expect 0 "$DOCROUTE" status "$B"
out_has "未会签"
at 2026-10-19T09:00:00+08:00 expect 0 "$SIGN" sign "$B" --key "$(key p-xu)"

# R65-AGREED-BEFORE-DOWN: a department's notice to towns, with an objection.
cat > "$T/dept.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<envelope xmlns="urn:docroute:envelope:1">
  <document>
    <type>notice</type>
    <title>张店区教育和体育局关于经区政府同意开展校园安全检查的通知</title>
    <drafter unit="education"/>
    <issuer unit="education"/>
    <to unit="town-fenghuang"/>
    <involves unit="finance"/>
    <classification level="none"/>
    <urgency>normal</urgency>
    <disclosure>active</disclosure>
    <flags directive="true"/>
    <matter id="m1" kind="info">部署校园安全检查</matter>
    <approval ref="张政办字〔2026〕9号" by="p-zhao" date="2026-09-25"/>
    <body href="dept.md"/>
  </document>
</envelope>
XML
echo "经区政府同意，现部署校园安全检查。" > "$T/dept.md"
for answer in object agree; do
    submit_at 2026-10-12T09:00:00+08:00 "$T/dept.xml" p-ma
    at 2026-10-13T09:00:00+08:00 expect 0 "$SIGN" countersign "$id" --object --opinion "经费未落实" --key "$(key p-xu)"
    at 2026-10-13T10:00:00+08:00 expect 0 "$SIGN" coordinate "$id" --note "$T/note.md" --key "$(key p-ma)"
    at 2026-10-14T10:00:00+08:00 expect 0 "$SIGN" countersign "$id" --$answer --opinion "意见" --key "$(key p-xu)"
    if [ "$answer" = object ]; then
        at 2026-10-14T11:00:00+08:00 expect 1 "$SIGN" sign "$id" --key "$(key p-ma)"
        err_has "R65-AGREED-BEFORE-DOWN"
        # Lapsing does not do either: agreement is needed.
        at 2026-10-30T11:00:00+08:00 expect 1 "$SIGN" sign "$id" --key "$(key p-ma)"
        err_has "R65-AGREED-BEFORE-DOWN"
    else
        at 2026-10-14T11:00:00+08:00 expect 0 "$SIGN" sign "$id" --key "$(key p-ma)"
    fi
done

# R53-NO-UNAGREED-TOPIC: a topic for the executive meeting, not agreed.
variant topic budget-request 's#<body #<meeting kind="executive" date="2026-11-05"/>\n    <body #'
submit_at 2026-10-12T09:00:00+08:00 "$T/topic.xml" p-lv
C=$id
at 2026-10-13T09:00:00+08:00 expect 0 "$SIGN" countersign "$C" --object --opinion "不同意" --key "$(key p-song)"
at 2026-10-13T10:00:00+08:00 expect 0 "$SIGN" coordinate "$C" --note "$T/note.md" --key "$(key p-xu)"
at 2026-10-14T10:00:00+08:00 expect 0 "$SIGN" countersign "$C" --object --opinion "维持" --key "$(key p-song)"
at 2026-10-14T11:00:00+08:00 expect 1 "$SIGN" sign "$C" --key "$(key p-xu)"
err_has "R53-NO-UNAGREED-TOPIC"
# 原则上: a leader may set it aside, with a reason; nobody else.
at 2026-10-14T12:00:00+08:00 expect 1 "$SIGN" override "$C" --rule R53-NO-UNAGREED-TOPIC --reason 急需研究 --key "$(key p-xu)"
at 2026-10-14T12:00:00+08:00 expect 2 "$SIGN" override "$C" --rule R59-ONE-MATTER --reason x --key "$(key p-zhou)"
at 2026-10-14T12:00:00+08:00 expect 0 "$SIGN" override "$C" --rule R53-NO-UNAGREED-TOPIC --reason "汛期临近，提交常务会议研究" --key "$(key p-zhou)"
envelope "$C" | grep 'act="override"' | grep -q 'rule="R53-NO-UNAGREED-TOPIC"' || fail "the override names its rule"
at 2026-10-14T13:00:00+08:00 expect 0 "$SIGN" sign "$C" --key "$(key p-xu)"
done_ok
