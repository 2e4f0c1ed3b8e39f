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
done_ok
