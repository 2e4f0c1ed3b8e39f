#!/bin/sh
# The SARIF of a repository with a tampered commit passes Microsoft's SARIF Multitool
# with GitHub's rules (validate --rule-kind "Gh;Sarif"): no error. The Multitool comes
# from npm (@microsoft/sarif-multitool); CI installs it and sets DR_SARIF_MULTITOOL.
# Without it this test is skipped (exit 77) and says so.
. "$(dirname "$0")/lib.sh"
mt=${DR_SARIF_MULTITOOL:-$(command -v Sarif.Multitool || command -v sarif-multitool || true)}
if [ -z "$mt" ] || [ ! -x "$mt" ]; then
    echo "SKIPPED: the SARIF Multitool is not installed (npm install @microsoft/sarif-multitool;" \
        "set DR_SARIF_MULTITOOL to its Sarif.Multitool; .ci/run does)"
    exit 77
fi
tampered_repo "$T/r"
expect 1 "$DOCROUTE" check --all --format sarif
cp "$T/out" "$T/check.sarif"
grep -q '"ruleId": "ENV-SIGNATURE"' "$T/check.sarif" || fail "the tampering is reported"
validate() { # validate FILE: the Multitool's errors on FILE, one per line, in $T/errors
    rm -f "$T/val.sarif"
    "$mt" validate --rule-kind "Gh;Sarif" -o "$T/val.sarif" "$1" >"$T/mt.log" 2>&1 ||
        { cat "$T/mt.log" >&2; fail "the Multitool did not run"; }
    [ -s "$T/val.sarif" ] || { cat "$T/mt.log" >&2; fail "the Multitool wrote no log"; }
    python3 - "$T/val.sarif" >"$T/errors" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))['runs'][0].get('results', []):
    if r.get('level', 'warning') == 'error':
        print(r['ruleId'], json.dumps(r['message']))
PY
}
# The validator itself finds what GitHub refuses (a report without rules or locations).
printf '%s\n' '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"ruleId":"A"}]}]}' >"$T/bad.sarif"
validate "$T/bad.sarif"
grep -q GH1018 "$T/errors" || fail "the Multitool misses a driver without rules"
checks=$((checks + 1))
validate "$T/check.sarif"
[ ! -s "$T/errors" ] || { cat "$T/errors" >&2; fail "docroute's SARIF has Multitool errors"; }
checks=$((checks + 1))
done_ok
