#!/bin/sh
# check's CI reports on a repository with a tampered commit: JUnit valid against
# Jenkins' junit-10.xsd (a suite per commit, or per document with --all; a case per
# check; counts that add up); SARIF with the rules, a region and fingerprints for
# every result (t0906 runs GitHub's validator on it).
. "$(dirname "$0")/lib.sh"
keys
command -v xmllint >/dev/null || fail "xmllint is needed (Debian: libxml2-utils)"
XSD=$DR_SRC/tests/fixtures/schemas/junit-10.xsd
tampered_repo "$T/r"
# the clean history first
git reset -q --hard HEAD~1
expect 0 "$DOCROUTE" check --all --format junit
xmllint --noout --schema "$XSD" "$T/out" 2>"$T/xerr" || { cat "$T/xerr" >&2; fail "junit-10.xsd (clean)"; }
out_has 'failures="0" errors="0"'
git reset -q --hard "$bad"
line=$(grep -n '<event ' "$EA" | tail -1 | cut -d: -f1)

for range in --all HEAD~2..HEAD; do
    expect 1 "$DOCROUTE" check $range --format junit
    cp "$T/out" "$T/junit.xml"
    xmllint --noout --schema "$XSD" "$T/junit.xml" 2>"$T/xerr" || { cat "$T/xerr" >&2; fail "junit-10.xsd ($range)"; }
    python3 - "$T/junit.xml" "$range" "$A" "$bad" <<'PY' || fail "JUnit counts ($range)"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
rng, doc, bad = sys.argv[2], sys.argv[3], sys.argv[4]
suites = root.findall('testsuite')
tot = {'tests': 0, 'failures': 0, 'errors': 0}
for s in suites:
    cases = s.findall('testcase')
    failed = [c for c in cases if c.find('failure') is not None]
    errs = [c for c in cases if c.find('error') is not None]
    assert int(s.get('tests')) == len(cases), (s.get('name'), s.get('tests'), len(cases))
    assert int(s.get('failures')) == len(failed), s.get('name')
    assert int(s.get('errors')) == len(errs), s.get('name')
    assert len(failed) <= len(cases)
    for k in tot:
        tot[k] += int(s.get(k))
for k in tot:
    assert int(root.get(k)) == tot[k], (k, root.get(k), tot[k])
names = [s.get('name') for s in suites]
if rng == '--all':   # one suite per document, plus the config's
    assert sorted(names) == sorted(set(names)), names
    assert doc in names and 'config' in names, names
else:                # one suite per commit of the range
    assert len(names) == 2 and bad in names, names
failing = [c for s in suites for c in s.findall('testcase') if c.find('failure') is not None]
# the forged commit: its signature, and the trailers it lacks; nothing else
assert all(c.get('name').startswith(bad[:12]) for c in failing), [c.get('name') for c in failing]
sig = [c for c in failing if 'ENV-SIGNATURE' in c.get('name')]
assert len(sig) == 1 and sig[0].find('failure').get('type') == 'ENV-SIGNATURE'
assert sig[0].get('classname') == 'docroute.' + doc, sig[0].get('classname')
assert root.get('tests') and int(root.get('tests')) > 2 * int(root.get('failures'))
PY
    checks=$((checks + 1))
done

# SARIF: every rule described, every result located with a region and fingerprinted.
expect 1 "$DOCROUTE" check --all --format sarif
cp "$T/out" "$T/check.sarif"
python3 - "$T/check.sarif" "$bad" "$A" "$EA" "$line" <<'PY' || fail "SARIF content"
import json, sys
d = json.load(open(sys.argv[1]))
bad, doc, path, line = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
run = d['runs'][0]
drv = run['tool']['driver']
assert drv['name'] == 'docroute' and drv['informationUri'].startswith('https://')
rules = {r['id']: r for r in drv['rules']}
assert 'ENV-SIGNATURE' in rules and 'R59-ONE-MATTER' in rules
assert rules['R59-ONE-MATTER']['shortDescription']['text'] == '请示应当一文一事'
for r in drv['rules']:
    assert r['shortDescription']['text'] and r['helpUri'].startswith('https://'), r
res = run['results']
assert res, 'no results'
for x in res:
    assert drv['rules'][x['ruleIndex']]['id'] == x['ruleId']
    loc = x['locations'][0]['physicalLocation']
    assert loc['region']['startLine'] >= 1
    assert x['partialFingerprints']
sig = [x for x in res if x['ruleId'] == 'ENV-SIGNATURE']
assert sig, 'no ENV-SIGNATURE result'
loc = sig[0]['locations'][0]['physicalLocation']
assert loc['artifactLocation']['uri'] == path, loc
assert loc['region']['startLine'] == line, (loc, line)
fp = list(sig[0]['partialFingerprints'].values())[0]
assert bad in fp and doc in fp and 'ENV-SIGNATURE' in fp, fp
PY
checks=$((checks + 1))
# --json: a failure always carries its error object, here counting the findings.
expect 1 "$DOCROUTE" check --all --json
python3 -c 'import json,sys; d = json.load(open(sys.argv[1]))
assert d["ok"] is False and d["exit"] == 1 and d["error"]["message"].endswith("findings"), d["error"]' "$T/out" ||
    fail "check --json: no error object"
checks=$((checks + 1))
done_ok
