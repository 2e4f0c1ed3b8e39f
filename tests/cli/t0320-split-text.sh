#!/bin/sh
# Text the rules read cannot be split to hide a word from them: a comment, a processing
# instruction or CDATA inside a report's <matter> or <title> is refused (exit 2, ENV-SCHEMA,
# file:line) — or, where the parser makes it plain text, the rule sees the whole word.
. "$(dirname "$0")/lib.sh"
cp "$EX/drafts/safety-report.md" "$T/"
variant c safety-report 's#<matter id="m1" kind="info"\([^>]*\)>#<matter id="m1" kind="info"\1>请<!---->批示#'
grep -q '请<!---->批示' "$T/c.xml" || fail "the variant"
expect 2 "$DOCSUBMIT" check "$T/c.xml"
err_has "ENV-SCHEMA"
err_has "holds a comment"
err_has "c.xml:"
variant p safety-report 's#<matter id="m1" kind="info"\([^>]*\)>#<matter id="m1" kind="info"\1>请<?x y?>批示#'
expect 2 "$DOCSUBMIT" check "$T/p.xml"
err_has "processing instruction"
variant t safety-report 's#<title>#<title><!-- x -->#'
expect 2 "$DOCSUBMIT" check "$T/t.xml"
err_has "<title> holds a comment"
variant d safety-report 's#<matter id="m1" kind="info"\([^>]*\)>#<matter id="m1" kind="info"\1>请<![CDATA[批]]>示#'
run "$DOCSUBMIT" check --json "$T/d.xml"
[ "$rc" != 0 ] || fail "CDATA hides 请批示"
grep -q '"rule": "\(ENV-SCHEMA\|R59-REPORT-NO-REQUEST\)"' "$T/out" || fail "CDATA: neither refused nor seen"
checks=$((checks + 1))
# A bad --opinion is a bad command line (exit 2), named as such, and nothing is recorded.
keys
repo "$T/r"
cd "$T/r" || exit 1
submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/budget-request.xml" p-lv
before=$(tip .)
ok_ctl=$(printf 'bad\001text')
at 2026-11-02T10:00:00+08:00 expect 2 "$DR_BIN/docsign" countersign "$id" --agree --opinion "$ok_ctl" --key "$(key p-song)"
err_has "--opinion holds a control character"
big=$(head -c 70000 /dev/zero | tr '\0' 'x')
at 2026-11-02T10:00:00+08:00 expect 2 "$DR_BIN/docsign" countersign "$id" --agree --opinion "$big" --key "$(key p-song)"
err_has "--opinion is longer than 64 KiB"
bad=$(printf 'caf\351')
at 2026-11-02T10:00:00+08:00 expect 2 "$DR_BIN/docsign" countersign "$id" --agree --opinion "$bad" --key "$(key p-song)"
err_has "--opinion is not valid UTF-8"
same "$(tip .)" "$before" "nothing recorded"
done_ok
