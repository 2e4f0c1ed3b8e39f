#!/bin/sh
# A second organization: the city example (examples/lancheng) runs end to end on its own
# rules — its rule IDs and articles, a signing chain chosen by content (全局性 → the
# mayor; routine → the secretary-general), a 5-working-day countersign, its admin role
# and groups — and none of the seed district's words or rule IDs is in its output.
. "$(dirname "$0")/lib.sh"
CITY="$DR_DATA/examples/lancheng"
mkdir "$T/w"
cd "$T/w" || exit 1
expect 0 "$CITY/demo.sh" "$DR_BIN" city
out_has "register 2026-jtj-0001: 岚政发〔2026〕1号"
out_has "register 2026-jtj-0002: 岚政发〔2026〕2号"
out_has "route city-major · LC-51-MAJOR-CHAIN"
out_has "route city-routine · LC-51-ROUTINE-CHAIN"
out_has "ecology: consent deemed (due 2026-11-09, LC-44-COUNTERSIGN)"
err_has "LC-51-MAJOR-CHAIN: 'p-guo' may not issue-sign 2026-jtj-0001"
err_has "14 commits checked, 0 findings"
# None of the seed's words: its rule IDs, its articles' form, its bodies and titles.
for word in 区政府 区长 张店 镇办 张政 R59- R60- R61- R63- R64- R65- "art. "; do
    if grep -qF -- "$word" "$T/out" "$T/err"; then
        grep -F -- "$word" "$T/out" "$T/err" >&2
        fail "the city's output says '$word'"
    fi
    checks=$((checks + 1))
done
grep -q "各区人民政府、市政府各部门、各有关单位" city.slip.html || fail "the slip prints the groups"
grep -q "市政府发文处理笺" city.slip.html || fail "the slip prints the city's own labels"
grep -q "主办单位" city.slip.html || fail "the slip prints the city's own labels"
checks=$((checks + 3))
# The city's own findings and articles, in JSON.
cd city || exit 1
sed 's#<type>notice</type>#<type>request</type>#; s#的通知#的请示#; s#<matter id="m1"#<matter id="m2" kind="request">另一事项</matter><matter id="m1"#' \
    "$CITY/drafts/transit-notice.xml" >"$T/two.xml"
cp "$CITY/drafts/transit-notice.md" "$T/"
expect 1 "$DOCSUBMIT" check --json "$T/two.xml"
out_has '"rule": "LC-40-ONE-MATTER"'
out_has '"article": "第四十条"'
out_has '"text": "请示应当一文一事"'
# Its config acts are signed by its own admin role; the seed's is not known here.
sed -i 's/^periods: {extra-urgent: 1, urgent: 2}/periods: {extra-urgent: 1, urgent: 3}/' .docroute/config.yaml
at 2026-11-11T09:00:00+08:00 expect 0 "$DOCROUTE" config commit --key "$T/w/city.keys/p-bai-1.TEST-KEY.pem"
expect 0 "$DOCROUTE" check --all
expect 0 "$DOCROUTE" check --all --format sarif
out_has '"id": "LC-51-MAJOR-CHAIN"'
out_lacks '"id": "R59-ONE-MATTER"'
# A label the toolkit does not know is refused with its position.
cp -r "$CITY/docroute" "$T/cfg"
sed -i 's/^  field.drafter: 主办单位/&\n  field.nonsense: 某某/' "$T/cfg/config.yaml"
expect 3 "$DOCROUTE" init "$T/badcity" --from "$T/cfg"
err_has "config.yaml:"
err_has "unknown label 'field.nonsense'"
done_ok
