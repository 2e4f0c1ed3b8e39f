#!/bin/sh
# C25-REVISE-RESIGN: a substantive revision voids the signatures on the old content and
# asks every countersign anew; an editorial one keeps them. Two clerks registering at
# once get consecutive numbers.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
A=$id
ok 2026-11-02T10:00:00+08:00 p-he countersign "$A" --agree
ok 2026-11-02T10:00:00+08:00 p-tang countersign "$A" --agree
ok 2026-11-02T11:00:00+08:00 p-feng sign "$A"
c0=$(envelope "$A" | grep -o 'content="[^"]*"' | tail -1)
# Substantive: a new title and body.
mkdir "$T/rev"
sed 's#秋冬季安全度汛工作的通知#秋冬季安全度汛和防寒工作的通知#' "$EX/drafts/flood-notice.xml" > "$T/rev/flood-notice.xml"
sed 's#三、加强值班值守#三、做好防寒准备。\n\n四、加强值班值守#' "$EX/drafts/flood-notice.md" > "$T/rev/flood-notice.md"
at 2026-11-03T09:00:00+08:00 expect 1 "$DOCSUBMIT" revise "$A" "$T/rev/flood-notice.xml" --key "$(key p-he)"
err_has "C25-REVISE-RESIGN"
at 2026-11-03T09:00:00+08:00 expect 0 "$DOCSUBMIT" revise "$A" "$T/rev/flood-notice.xml" --reason 增加防寒内容 --key "$(key p-chen)"
out_has "substantive"
env=$(envelope "$A")
echo "$env" | grep 'act="revise"' | grep -q '<document>' || fail "the new document is inline"
same "$(echo "$env" | grep 'act="countersign-request"' | grep -c 'due-date="2026-11-06"')" "2" "asked anew with a new due date"
git cat-file -e "main:docs/2026/yjj/$A/flood-notice-r2.md" || fail "the revised body is a new file"
git cat-file -e "main:docs/2026/yjj/$A/flood-notice.md" || fail "the old body stays"
c1=$(echo "$env" | grep -o 'content="[^"]*"' | tail -1)
[ "$c0" != "$c1" ] || fail "the content digest changed"
expect 0 "$DOCROUTE" --now 2026-11-03T09:30:00+08:00 status "$A"
out_has "秋冬季安全度汛和防寒工作的通知"
out_has "drafter-sign         pending"
out_has "water              open"
expect 0 "$DOCROUTE" log "$A"
out_lacks "✗"
# The old signatures are void: the drafter's head signs again after the new countersigns.
no 2026-11-03T10:00:00+08:00 p-feng R-ROUTE sign "$A"
ok 2026-11-03T10:00:00+08:00 p-he countersign "$A" --agree
ok 2026-11-03T10:00:00+08:00 p-tang countersign "$A" --agree
ok 2026-11-03T11:00:00+08:00 p-feng sign "$A"
# Editorial: a typo fixed, the signatures kept.
sed 's#部署秋冬季安全度汛#部署2026年秋冬季安全度汛#' "$T/rev/flood-notice.xml" > "$T/rev/ed.xml"
at 2026-11-03T12:00:00+08:00 expect 0 "$DOCSUBMIT" revise "$A" "$T/rev/ed.xml" --body "$T/rev/flood-notice.md" --editorial --key "$(key p-chen)"
out_has "editorial"
expect 0 "$DOCROUTE" --now 2026-11-03T12:00:00+08:00 status "$A"
out_has "drafter-sign         done"
out_has "office-review        open"
# A revision keeps what fixed the route.
sed 's#<type>notice</type>#<type>opinion</type>#; s#的通知</title>#的意见</title>#' "$T/rev/flood-notice.xml" > "$T/rev/type.xml"
at 2026-11-03T12:30:00+08:00 expect 1 "$DOCSUBMIT" revise "$A" "$T/rev/type.xml" --body "$T/rev/flood-notice.md" --key "$(key p-chen)"
err_has "keeps the type"

# Two documents at their register step, two clerks at once: consecutive numbers.
for n in 1 2 3; do
    submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/safety-report.xml" p-liang
    eval "R$n=$id"
    ok 2026-11-02T10:00:00+08:00 p-luo sign "$id"
done
at 2026-11-02T11:00:00+08:00 "$DOCROUTE" -q register "$R1" --key "$(key p-liang)" > "$T/n1" 2>"$T/e1" &
at 2026-11-02T11:00:00+08:00 "$DOCROUTE" -q register "$R2" --key "$(key p-liang)" > "$T/n2" 2>"$T/e2" &
at 2026-11-02T11:00:00+08:00 "$DOCROUTE" -q register "$R3" --key "$(key p-liang)" > "$T/n3" 2>"$T/e3" &
wait
nums=$(for d in "$R1" "$R2" "$R3"; do envelope "$d" | grep -o 'number="[^"]*"'; done | sort | tr '\n' ' ')
same "$nums" 'number="凤政发〔2026〕1号" number="凤政发〔2026〕2号" number="凤政发〔2026〕3号" ' "consecutive, unique, no gap"
same "$(git status --porcelain)" "" "clean"
done_ok
