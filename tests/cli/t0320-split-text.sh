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
done_ok
