#!/bin/sh
# Art. 64 (一), end to end: a notice drafted by a bureau in the district government's
# name — countersign, the drafter's head (R63-DRAFTER-HEAD), 审核, 审签, 签发 by the mayor
# (R64-GOV-CHAIN), registration (GB-FORMAT) — every out-of-order or wrong-person act
# refused with its rule; the routing slip, checked in a real headless browser.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
A=$id
ok 2026-11-02T10:00:00+08:00 p-he countersign "$A" --agree --opinion 同意
# Out of order, while countersigning is open.
no 2026-11-02T10:30:00+08:00 p-feng R-ROUTE sign "$A"
ok 2026-11-02T11:00:00+08:00 p-tang countersign "$A" --agree
# The wrong person at the drafter's step; a later step out of order.
no 2026-11-02T12:00:00+08:00 p-he R63-DRAFTER-HEAD sign "$A"
err_has "who may: p-feng"
no 2026-11-02T12:00:00+08:00 p-qian R64-GOV-CHAIN review "$A"
err_has "the open step is 'drafter-sign'"
no 2026-11-02T12:00:00+08:00 p-zhou R64-GOV-CHAIN issue-sign "$A"
no 2026-11-02T13:00:00+08:00 p-qian R-ROUTE classify "$A" --flag major=true
err_has "初审"
ok 2026-11-02T14:00:00+08:00 p-feng sign "$A" --opinion "同意报区政府"
# 审核 by a deputy director, not by the director, not by a clerk.
no 2026-11-02T15:00:00+08:00 p-sun R64-GOV-CHAIN review "$A"
no 2026-11-02T15:00:00+08:00 p-zheng R64-GOV-CHAIN review "$A"
# The office corrects a flag at 初审: a normative document gets its legality review first.
at 2026-11-02T15:00:00+08:00 expect 2 "$DR_BIN/docsign" classify "$A" --flag normative=maybe --key "$(key p-qian)"
ok 2026-11-02T15:10:00+08:00 p-qian classify "$A" --flag normative=true --flag affects-market=true --reason 含规范性内容
same "$(envelope "$A" | grep -c 'act="classify" flags="normative=true,affects-market=true"')" "1" "classify recorded"
no 2026-11-02T15:20:00+08:00 p-qian R21-LEGALITY-REVIEW review "$A"
err_has "at step 'legality'"
no 2026-11-02T15:20:00+08:00 p-cao R21-LEGALITY-REVIEW review "$A"
ok 2026-11-02T16:00:00+08:00 p-lin review "$A" --opinion "合法性审查通过"
# R24-FAIR-COMPETITION: the market regulator's reviewer, not the legality reviewer.
no 2026-11-02T16:10:00+08:00 p-lin R24-FAIR-COMPETITION review "$A"
err_has "who may: p-cao"
ok 2026-11-02T16:30:00+08:00 p-cao review "$A" --opinion "公平竞争审查通过"
# Classified, the office reviews again? No: the flags changed no content (no resign).
ok 2026-11-03T09:00:00+08:00 p-qian review "$A" --opinion "拟同意，请主任审签"
no 2026-11-03T09:30:00+08:00 p-qian R64-GOV-CHAIN review-sign "$A"
ok 2026-11-03T10:00:00+08:00 p-sun review-sign "$A" --opinion "请区长签发"
# 签发: the mayor; not a vice-mayor, not the director.
no 2026-11-03T11:00:00+08:00 p-zhang R64-GOV-CHAIN issue-sign "$A"
no 2026-11-03T11:00:00+08:00 p-sun R64-GOV-CHAIN issue-sign "$A"
at 2026-11-03T11:00:00+08:00 expect 1 "$DOCROUTE" register "$A" --key "$(key p-zheng)"
err_has "R64-GOV-CHAIN"
ok 2026-11-03T14:00:00+08:00 p-zhou issue-sign "$A" --opinion "同意印发"
# 登记: only at the register step, by the office's clerk; 张政发〔2026〕N号.
at 2026-11-03T15:00:00+08:00 expect 1 "$DOCROUTE" register "$A" --key "$(key p-chen)"
err_has "R64-GOV-CHAIN"
register 2026-11-03T15:00:00+08:00 p-zheng "$A"
same "$number" "张政发〔2026〕1号" "the first number"
envelope "$A" | grep 'act="register"' | grep -q 'number="张政发〔2026〕1号"' || fail "the number lives in the register event"
at 2026-11-03T15:10:00+08:00 expect 1 "$DOCROUTE" register "$A" --key "$(key p-zheng)"
at 2026-11-03T15:10:00+08:00 expect 0 "$DOCROUTE" status "$A" --json
out_has '"finished": true'
at 2026-11-03T15:10:00+08:00 expect 0 "$DOCROUTE" inbox --as p-zhou
out_lacks "$A"
expect 0 "$DOCROUTE" log "$A"
out_lacks "✗"
same "$(git status --porcelain)" "" "clean"

# The routing slip: a page fit to print, checked in a real headless browser.
at 2026-11-03T16:00:00+08:00 expect 0 "$DOCROUTE" render "$A" -o "$T/slip.html"
grep -q "发文稿纸" "$T/slip.html" || fail "发文稿纸"
command -v chromium >/dev/null || fail "chromium is needed (scripts/test.sh installs it)"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$T/chromium" --no-pdf-header-footer --print-to-pdf="$T/slip.pdf" \
    "file://$T/slip.html" >/dev/null 2>&1
[ -s "$T/slip.pdf" ] || fail "chromium printed no PDF"
pdftotext -layout "$T/slip.pdf" "$T/slip.txt" || fail "pdftotext"
for text in "发文稿纸" "张政发〔2026〕1号" "张店区人民政府关于做好2026年秋冬季安全度汛工作的通知" \
            "周区长" "钱副主任" "孙主任" "合法性审查" "公平竞争审查" "同意印发" "平件"; do
    grep -qF "$text" "$T/slip.txt" || fail "the printed slip lacks '$text'"
    checks=$((checks + 1))
done
same "$(pdfinfo "$T/slip.pdf" | sed -n 's/^Pages: *//p')" "1" "one A4 page"
at 2026-11-03T16:00:00+08:00 expect 0 "$DOCROUTE" render "$A" --format dot
out_has 'digraph "'"$A"'"'
out_has '"issue-sign" -> "register"'
at 2026-11-03T16:00:00+08:00 expect 2 "$DOCROUTE" render "$A" --format pdf
done_ok
