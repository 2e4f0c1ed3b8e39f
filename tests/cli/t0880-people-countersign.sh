#!/bin/sh
# A countersign step may ask people a selector names (leaders 会签 each other's documents):
# one request per person, with the route's period and silence policy; each answers for
# themself (or their substitute, 代); check re-derives it all.
. "$(dirname "$0")/lib.sh"
keys
cp -r "$EX/docroute" "$T/cfg"
# An opinion in the government's name goes to the vice-mayors' countersign, then the mayor.
python3 - "$T/cfg/config.yaml" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
route = """routes:
  - id: leaders-opinion
    rule: R64-GOV-CHAIN
    match: {issuer: district-gov, type: [opinion]}
    countersign: {by: unit-head@requested, within: 3, silence: none}
    steps:
      - {id: leaders, name: 领导会签, act: countersign, people: vice-mayor}
      - {id: issue-sign, act: issue-sign, by: mayor}
"""
s = s.replace("routes:\n", route, 1)
open(p, "w").write(s)
PY
expect 0 "$DOCROUTE" init "$T/r" --from "$T/cfg" --test-clock
cd "$T/r" || exit 1
sed 's#<type>notice</type>#<type>opinion</type>#; s#的通知</title>#的意见</title>#; /<involves /d' "$EX/drafts/flood-notice.xml" >"$T/op.xml"
cp "$EX/drafts/flood-notice.md" "$T/"
submit_at 2026-11-02T09:00:00+08:00 "$T/op.xml" p-chen
op=$id
envelope "$op" >"$T/env.xml"
same "$(grep -c 'act="countersign-request"[^>]*person="p-' "$T/env.xml")" "3" "one request per vice-mayor"
grep 'act="countersign-request"' "$T/env.xml" | grep -q ' unit=' && fail "a person's request names no unit"
at 2026-11-02T10:00:00+08:00 expect 0 "$DOCROUTE" status "$op" --json
out_has '"unit": "p-zhang"'
# Each answers for themself; a unit head may not; the mayor may not sign before them.
ok 2026-11-02T10:00:00+08:00 p-liu countersign "$op" --agree --opinion "同意"
no 2026-11-02T10:10:00+08:00 p-feng R59-COUNTERSIGN-BY-HEAD countersign "$op" --agree
no 2026-11-02T10:20:00+08:00 p-zhou R-ROUTE issue-sign "$op"
ok 2026-11-02T10:30:00+08:00 p-zhao countersign "$op" --agree
# Silence is not consent on this route: p-zhang's request is overdue after 3 working days.
at 2026-11-06T09:00:00+08:00 expect 0 "$DOCROUTE" overdue
out_has "$op"
out_has "p-zhang"
at 2026-11-06T09:00:00+08:00 expect 0 "$DOCROUTE" inbox --as p-zhang
out_has "$op"
ok 2026-11-06T10:00:00+08:00 p-zhang countersign "$op" --agree
ok 2026-11-06T11:00:00+08:00 p-zhou issue-sign "$op"
at 2026-11-06T12:00:00+08:00 expect 0 "$DOCROUTE" render "$op" -o "$T/slip.html"
grep -q "领导会签" "$T/slip.html" || fail "the slip names the step"
grep -q "张副区长" "$T/slip.html" || fail "the slip names the person asked"
checks=$((checks + 2))
expect 0 "$DOCROUTE" check --all
# A countersign step asks units or people, not both; people only on countersign steps.
sed -i 's/act: countersign, people: vice-mayor}/act: countersign, people: vice-mayor, units: involved}/' "$T/cfg/config.yaml"
expect 3 "$DOCROUTE" init "$T/bad" --from "$T/cfg"
err_has "takes 'units: involved'"
done_ok
