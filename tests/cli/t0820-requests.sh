#!/bin/sh
# Requests to the district government (arts. 59, 60): the issuer's head signs
# (R59-PRINCIPAL-SIGNS), its clerk numbers it, the office receives (R59-VIA-OFFICE) and
# reviews, the overseeing leader decides with a clear opinion (R60-CLEAR-OPINION); a major
# matter goes on to the mayor (R60-MAJOR-TO-MAYOR); joint issuers each sign
# (C22-JOINT-SIGN); topics meet the agenda deadlines (R54-AGENDA-10WD).
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/budget-request.xml" p-lv
A=$id
ok 2026-11-02T10:00:00+08:00 p-song countersign "$A" --agree
no 2026-11-02T11:00:00+08:00 p-lv R59-PRINCIPAL-SIGNS sign "$A"
err_has "who may: p-xu"
at 2026-11-02T11:00:00+08:00 expect 1 "$DOCROUTE" register "$A" --key "$(key p-lv)"
err_has "R59-PRINCIPAL-SIGNS"
ok 2026-11-02T11:30:00+08:00 p-xu sign "$A" --opinion 同意上报
register 2026-11-02T14:00:00+08:00 p-lv "$A"
same "$number" "张财〔2026〕1号" "the bureau's 代字"
no 2026-11-02T15:00:00+08:00 p-qian R59-PRINCIPAL-SIGNS review "$A"
no 2026-11-02T15:00:00+08:00 p-lv R59-VIA-OFFICE receive "$A"
ok 2026-11-02T15:00:00+08:00 p-zheng receive "$A"
ok 2026-11-03T09:00:00+08:00 p-qian review "$A" --opinion 拟同意
# 分管: finance is overseen by p-wang; a clear opinion, not a bare 阅.
no 2026-11-03T10:00:00+08:00 p-zhang R60-MAJOR-TO-MAYOR decide "$A" --approve --opinion 同意
at 2026-11-03T10:00:00+08:00 expect 2 "$DR_BIN/docsign" decide "$A" --opinion 同意 --key "$(key p-wang)"
no 2026-11-03T10:00:00+08:00 p-wang R60-CLEAR-OPINION decide "$A" --approve --opinion 阅
ok 2026-11-03T10:30:00+08:00 p-wang decide "$A" --approve --opinion "同意，从预备费列支"
envelope "$A" | grep 'act="decide"' | grep -q 'decision="approve"' || fail "the decision"
expect 0 "$DOCROUTE" --now 2026-11-03T11:00:00+08:00 status "$A" --json
out_has '"finished": true'

# A major matter: the office marks it at 初审, the vice-mayor's approval alone does not close it.
submit_at 2026-11-02T09:30:00+08:00 "$EX/drafts/budget-request.xml" p-lv
B=$id
ok 2026-11-02T10:00:00+08:00 p-song countersign "$B" --agree
ok 2026-11-02T11:00:00+08:00 p-xu sign "$B"
register 2026-11-02T14:10:00+08:00 p-lv "$B"
same "$number" "张财〔2026〕2号" "consecutive"
ok 2026-11-02T15:00:00+08:00 p-zheng receive "$B"
ok 2026-11-03T09:00:00+08:00 p-qian classify "$B" --flag major=true --reason 资金量大
ok 2026-11-03T09:10:00+08:00 p-qian review "$B"
no 2026-11-03T09:20:00+08:00 p-zhou R60-MAJOR-TO-MAYOR decide "$B" --approve --opinion 同意
ok 2026-11-03T10:00:00+08:00 p-wang decide "$B" --approve --opinion 同意，报区长审批
expect 0 "$DOCROUTE" --now 2026-11-03T10:05:00+08:00 status "$B"
out_has "decide               open     p-zhou"
no 2026-11-03T10:10:00+08:00 p-wang R60-MAJOR-TO-MAYOR decide "$B" --approve --opinion 再次同意
ok 2026-11-04T09:00:00+08:00 p-zhou decide "$B" --amend --opinion "同意，压减至100万元"
expect 0 "$DOCROUTE" --now 2026-11-04T09:05:00+08:00 status "$B" --json
out_has '"finished": true'

# Joint issuers: each head signs (C22-JOINT-SIGN); the lead issuer numbers it.
variant joint budget-request 's#<issuer unit="finance"/>#<issuer unit="finance"/>\n    <issuer unit="development"/>#; /<involves /d; s#张店区财政局关于#张店区财政局 张店区发展和改革局关于#'
submit_at 2026-11-02T09:00:00+08:00 "$T/joint.xml" p-lv
C=$id
ok 2026-11-02T10:00:00+08:00 p-xu sign "$C"
envelope "$C" | grep 'act="sign"' | grep -q 'issuer="finance"' || fail "per issuer"
no 2026-11-02T10:10:00+08:00 p-xu C22-JOINT-SIGN sign "$C"
at 2026-11-02T10:20:00+08:00 expect 1 "$DOCROUTE" register "$C" --key "$(key p-lv)"
ok 2026-11-02T11:00:00+08:00 p-song sign "$C"
register 2026-11-02T14:20:00+08:00 p-lv "$C"
same "$number" "张财〔2026〕3号" "the lead issuer numbers a joint document"

# A topic for the executive meeting of 2026-11-16: materials 10 working days before
# (by 2026-11-02), filed with the committee 3 working days before (by 2026-11-11).
variant topic budget-request 's#<body #<meeting kind="executive" date="2026-11-16"/>\n    <body #; /<involves /d'
submit_at 2026-11-02T09:00:00+08:00 "$T/topic.xml" p-lv
D=$id
at 2026-11-04T09:00:00+08:00 expect 0 "$DOCSUBMIT" submit "$T/topic.xml" --key "$(key p-lv)"
E=$(cat "$T/out")
err_has "R54-AGENDA-10WD"
for doc in "$D" "$E"; do
    ok 2026-11-04T10:00:00+08:00 p-xu sign "$doc"
    register 2026-11-04T10:30:00+08:00 p-lv "$doc"
    ok 2026-11-04T11:00:00+08:00 p-zheng receive "$doc"
done
ok 2026-11-04T14:00:00+08:00 p-qian review "$D"
no 2026-11-04T14:00:00+08:00 p-qian R54-AGENDA-10WD review "$E"
no 2026-11-04T14:30:00+08:00 p-xu R54-AGENDA-10WD override "$E" --rule R54-AGENDA-10WD --reason 急
ok 2026-11-04T15:00:00+08:00 p-zhou override "$E" --rule R54-AGENDA-10WD --reason "汛期安排，特殊情况"
ok 2026-11-04T15:30:00+08:00 p-qian review "$E"
expect 0 "$DOCROUTE" --now 2026-11-04T16:00:00+08:00 status "$D"
out_has "file-committee       open     p-lv; due 2026-11-11"
at 2026-11-12T09:00:00+08:00 expect 0 "$DOCROUTE" overdue
out_has "$D  file-committee"
out_has "R54-AGENDA-10WD"
ok 2026-11-12T10:00:00+08:00 p-lv file "$D" --opinion 已报备区委
done_ok
