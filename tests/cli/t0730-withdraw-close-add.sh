#!/bin/sh
# 撤回 before anyone else acts; return and close; the office's 加签 at 初审. Return and
# withdraw cancel the open requests.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
SIGN="$DR_BIN/docsign"

submit_at 2026-10-12T09:00:00+08:00 "$EX/drafts/budget-request.xml" p-lv
A=$id
at 2026-10-12T10:00:00+08:00 expect 2 "$DOCSUBMIT" withdraw "$A" --key "$(key p-lv)"
at 2026-10-12T10:00:00+08:00 expect 1 "$DOCSUBMIT" withdraw "$A" --reason 重拟 --key "$(key p-song)"
at 2026-10-12T10:00:00+08:00 expect 0 "$DOCSUBMIT" withdraw "$A" --reason "数据有误，重新起草" --key "$(key p-lv)"
expect 0 "$DOCROUTE" --now 2026-10-12T10:00:00+08:00 status "$A" --json
out_has '"state": "cancelled"'
out_has '"ended": true'
at 2026-10-12T11:00:00+08:00 expect 1 "$SIGN" countersign "$A" --agree --key "$(key p-song)"
err_has "withdrawn"
at 2026-10-16T11:00:00+08:00 expect 0 "$DOCROUTE" overdue
out_lacks "$A"

submit_at 2026-10-12T09:30:00+08:00 "$EX/drafts/budget-request.xml" p-lv
B=$id
at 2026-10-12T10:00:00+08:00 expect 0 "$SIGN" countersign "$B" --agree --key "$(key p-song)"
at 2026-10-12T11:00:00+08:00 expect 1 "$DOCSUBMIT" withdraw "$B" --reason 重拟 --key "$(key p-lv)"
err_has "'p-song' has acted"
# Close only a returned document; the holder of the open step returns it.
at 2026-10-12T11:00:00+08:00 expect 1 "$DOCSUBMIT" close "$B" --reason 不再报送 --key "$(key p-xu)"
err_has "returned"
at 2026-10-12T12:00:00+08:00 expect 1 "$SIGN" return "$B" --reason 请补充依据 --key "$(key p-zheng)"
at 2026-10-12T12:00:00+08:00 expect 0 "$SIGN" return "$B" --reason "请补充资金测算依据" --key "$(key p-xu)"
at 2026-10-12T12:30:00+08:00 expect 0 "$DOCROUTE" status "$B"
out_has "returned to its drafter"
at 2026-10-12T13:00:00+08:00 expect 1 "$SIGN" sign "$B" --key "$(key p-xu)"
err_has "returned"
at 2026-10-12T13:00:00+08:00 expect 0 "$DOCSUBMIT" close "$B" --reason "不再报送" --key "$(key p-xu)"

# 加签 at the office's review (初审), not before.
submit_at 2026-10-12T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
C=$id
at 2026-10-12T10:00:00+08:00 expect 1 "$SIGN" request-countersign "$C" --unit finance --key "$(key p-zheng)"
err_has "初审"
at 2026-10-12T10:00:00+08:00 expect 0 "$SIGN" countersign "$C" --agree --key "$(key p-he)"
at 2026-10-12T10:00:00+08:00 expect 0 "$SIGN" countersign "$C" --agree --key "$(key p-tang)"
at 2026-10-12T11:00:00+08:00 expect 0 "$SIGN" sign "$C" --opinion "同意报区政府" --key "$(key p-feng)"
at 2026-10-12T14:00:00+08:00 expect 1 "$SIGN" request-countersign "$C" --unit finance --key "$(key p-chen)"
at 2026-10-12T14:00:00+08:00 expect 1 "$SIGN" request-countersign "$C" --unit water --key "$(key p-zheng)"
err_has "asked already"
at 2026-10-12T14:00:00+08:00 expect 0 "$SIGN" request-countersign "$C" --unit finance --key "$(key p-zheng)"
envelope "$C" | grep 'act="countersign-request"' | grep 'unit="finance"' | grep -q 'due-date="2026-10-15"' || fail "加签 has its due date"
at 2026-10-12T15:00:00+08:00 expect 0 "$DOCROUTE" status "$C"
out_has "finance            open     p-xu; due 2026-10-15"
out_has "office-review        pending"
at 2026-10-12T15:00:00+08:00 expect 1 "$SIGN" review "$C" --key "$(key p-qian)"
at 2026-10-13T09:00:00+08:00 expect 0 "$SIGN" countersign "$C" --agree --key "$(key p-xu)"
at 2026-10-13T10:00:00+08:00 expect 0 "$SIGN" review "$C" --opinion "拟同意" --key "$(key p-qian)"
done_ok
