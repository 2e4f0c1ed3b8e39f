#!/bin/sh
# Art. 64 (二): in the office's name, 区长或分管副区长签发 (R64-OFFICE-CHAIN).
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
variant office flood-notice 's#<drafter unit="emergency"/>#<drafter unit="supervision"/>#; s#<issuer unit="district-gov"/>#<issuer unit="district-office"/>#; s#张店区人民政府关于做好#张店区人民政府办公室关于做好#; /<involves /d'
submit_at 2026-11-02T09:00:00+08:00 "$T/office.xml" p-gao
A=$id
expect 0 "$DOCROUTE" --now 2026-11-02T09:00:00+08:00 status "$A"
out_has "office-outgoing · R64-OFFICE-CHAIN"
out_has "countersign          skipped"
ok 2026-11-02T10:00:00+08:00 p-gao sign "$A"
ok 2026-11-02T11:00:00+08:00 p-wu review "$A" --opinion 拟同意
ok 2026-11-02T12:00:00+08:00 p-sun review-sign "$A"
# The overseeing vice-mayor of the drafter (supervision: p-wang) or the mayor; not another.
no 2026-11-02T14:00:00+08:00 p-zhang R64-OFFICE-CHAIN issue-sign "$A"
err_has "who may: p-zhou, p-wang"
ok 2026-11-02T14:00:00+08:00 p-wang issue-sign "$A" --opinion 同意
register 2026-11-02T15:00:00+08:00 p-zheng "$A"
same "$number" "张政办发〔2026〕1号" "the office's 代字"
done_ok
