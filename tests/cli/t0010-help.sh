#!/bin/sh
# Every tool answers --help with 0 and a bad option with 2 (git's t0012).
. "$(dirname "$0")/lib.sh"

for tool in "$DOCROUTE" "$DOCSUBMIT"; do
    expect 0 "$tool" --help
    out_has "usage:"
    out_has "exit status"
    expect 0 "$tool" --version
    out_has "0.1.0"
    expect 2 "$tool" --no-such-option
    err_has "unknown option"
    expect 2 "$tool"
done
for cmd in init status log workdays; do
    expect 0 "$DOCROUTE" "$cmd" --help
    out_has "usage: docroute $cmd"
    expect 2 "$DOCROUTE" "$cmd" --bogus
done
for cmd in init check submit; do
    expect 0 "$DOCSUBMIT" "$cmd" --help
    out_has "usage: docsubmit $cmd"
    expect 2 "$DOCSUBMIT" "$cmd" --bogus
done
expect 0 "$DOCSUBMIT" submit --help
out_has "--key FILE"
expect 2 "$DOCROUTE" frobnicate
err_has "unknown command 'frobnicate'"
expect 2 "$DOCROUTE" --json workdays
out_has '"exit": 2'

# --json: one JSON object with an error for every failure, a bad command line included.
json_error() { # json_error MESSAGE-PART: stdout is one JSON object, not ok, exit 2, saying it
    python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is False and d["exit"] == 2, d
assert sys.argv[2] in d["error"]["message"], d' "$T/out" "$1" || fail "no JSON error saying '$1'"
    checks=$((checks + 1))
}
for tool in "$DOCROUTE" "$DOCSUBMIT" "$DR_BIN/docsign"; do
    expect 2 "$tool" --json --no-such-option
    json_error "unknown option '--no-such-option'"
    expect 2 "$tool" frobnicate-not-a-file.xml --json
    expect 2 "$tool" --json
done
expect 2 "$DOCROUTE" --json frobnicate
json_error "unknown command 'frobnicate'"
expect 2 "$DOCROUTE" status --json --no-such-option
json_error "unknown option"
expect 2 "$DOCROUTE" --json status -C
json_error "missing value for '-C'"
expect 2 "$DOCROUTE" --json workdays -o x
json_error "unknown option '-o'"
expect 2 "$DR_BIN/docsign" --json
json_error "no command given"
done_ok
