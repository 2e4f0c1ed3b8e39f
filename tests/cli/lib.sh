# Shared by the CLI tests: a temporary place, the tools, the example's keys, and
# assertions. Each test is a POSIX shell script run by ctest.
set -u
: "${DR_BIN:?set DR_BIN to the built tools (ctest does)}"
: "${DR_SRC:?set DR_SRC to the source tree (ctest does)}"
DOCROUTE="$DR_BIN/docroute"
DOCSUBMIT="$DR_BIN/docsubmit"
: "${DR_DATA:?set DR_DATA to the data folder of the toolkit (ctest does)}"
EX="$DR_DATA/examples/zhangdian"
T=$(mktemp -d "${TMPDIR:-/tmp}/dr-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
unset DOCROUTE_REPO DOCROUTE_NOW DOCROUTE_USER DOCROUTE_KEY DOCROUTE_DATADIR
export GIT_CONFIG_NOSYSTEM=1 HOME="$T/home"
mkdir -p "$HOME"
git config --global user.name "CLI test" 2>/dev/null
git config --global user.email "cli@test" 2>/dev/null

checks=0
fail() {
    echo "FAIL: $*" >&2
    [ -f "$T/err" ] && { echo "--- stderr:" >&2; cat "$T/err" >&2; }
    [ -f "$T/out" ] && { echo "--- stdout:" >&2; head -50 "$T/out" >&2; }
    exit 1
}

# run CMD...: runs it, keeping stdout in $T/out, stderr in $T/err, status in $rc.
run() {
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

# expect N CMD...: runs CMD and requires exit status N.
expect() {
    want=$1
    shift
    run "$@"
    [ "$rc" = "$want" ] || fail "exit $rc, expected $want: $*"
    checks=$((checks + 1))
}

err_has() { grep -qF -- "$1" "$T/err" || fail "stderr lacks '$1'"; checks=$((checks + 1)); }
out_has() { grep -qF -- "$1" "$T/out" || fail "stdout lacks '$1'"; checks=$((checks + 1)); }
out_lacks() { ! grep -qF -- "$1" "$T/out" || fail "stdout has '$1'"; checks=$((checks + 1)); }
same() { [ "$1" = "$2" ] || fail "'$1' != '$2' ($3)"; checks=$((checks + 1)); }

# The example's test keys, in a private folder with mode 0600.
keys() {
    mkdir -p "$T/keys"
    chmod 700 "$T/keys"
    cp "$EX"/keys/*.TEST-KEY.pem "$T/keys/"
    chmod 600 "$T/keys"/*.pem
}
key() { echo "$T/keys/$1-1.TEST-KEY.pem"; }

# A document repository from the example, with a test clock: repo DIR [--bare]
repo() {
    expect 0 "$DOCROUTE" init "$1" --example zhangdian --test-clock ${2:-}
}

tip() { git -C "$1" rev-parse refs/heads/main; }

done_ok() { echo "ok: $checks checks"; }

# A variant of an example draft: variant NAME SRC 'sed script' → $T/NAME.xml, body beside it.
variant() {
    sed "$3" "$EX/drafts/$2.xml" > "$T/$1.xml"
    if [ -f "$T/$2.md" ]; then :; else cp "$EX/drafts/$2.md" "$T/$2.md"; fi
}
# finding RULE FILE...: `docsubmit check` reports RULE (exit 1 or 2).
finding() {
    rule=$1
    shift
    run "$DOCSUBMIT" check --json "$@"
    [ "$rc" != 0 ] || fail "check passed, expected $rule: $*"
    grep -q "\"rule\": \"$rule\"" "$T/out" || fail "no $rule finding for $*"
    checks=$((checks + 1))
}
# no_finding RULE FILE...: `docsubmit check` does not report RULE.
no_finding() {
    rule=$1
    shift
    run "$DOCSUBMIT" check --json "$@"
    ! grep -q "\"rule\": \"$rule\"" "$T/out" || fail "unexpected $rule finding for $*"
    checks=$((checks + 1))
}

# submit_at TIME DRAFT PERSON: submits, leaves the id in $id.
submit_at() {
    DOCROUTE_NOW=$1 expect 0 "$DOCSUBMIT" submit "$2" --key "$(key "$3")"
    id=$(cat "$T/out")
}
# at TIME CMD...: runs CMD with the clock at TIME.
at() {
    when=$1
    shift
    DOCROUTE_NOW=$when "$@"
}
# envelope ID: the recorded envelope at the tip.
envelope() {
    y=$(echo "$1" | cut -d- -f1)
    c=$(echo "$1" | cut -d- -f2)
    git show "main:docs/$y/$c/$1/envelope.xml"
}

# ok TIME WHO ACT DOC [ARGS]: docsign ACT succeeds.   no TIME WHO RULE ACT DOC [ARGS]: refused citing RULE.
ok() {
    t_=$1 w_=$2 a_=$3
    shift 3
    at "$t_" expect 0 "$DR_BIN/docsign" "$a_" "$@" --key "$(key "$w_")"
}
no() {
    t_=$1 w_=$2 r_=$3 a_=$4
    shift 4
    at "$t_" expect 1 "$DR_BIN/docsign" "$a_" "$@" --key "$(key "$w_")"
    err_has "$r_"
}
# register TIME WHO DOC: docroute register succeeds; the number is left in $number.
register() {
    at "$1" expect 0 "$DOCROUTE" register "$3" --key "$(key "$2")" --json
    number=$(sed -n 's/.*"number": "\(.*\)".*/\1/p' "$T/out")
}

# tampered_repo DIR: a repository whose last commit forges a signature (on a countersign
# of $A, the flood notice; $EA its envelope); leaves the shell in DIR, the commit in $bad.
tampered_repo() {
    : "${DR_FORGE:?set DR_FORGE to the test-only forger (ctest does)}"
    keys
    repo "$1"
    cd "$1" || exit 1
    submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
    A=$id
    submit_at 2026-11-02T09:30:00+08:00 "$EX/drafts/budget-request.xml" p-lv
    ok 2026-11-02T10:00:00+08:00 p-he countersign "$A" --agree
    EA=docs/2026/yjj/$A/envelope.xml
    export GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@x GIT_COMMITTER_NAME=x GIT_COMMITTER_EMAIL=x@x
    "$DR_FORGE" "$EA" "$(key p-tang)" p-tang/1 countersign p-tang 2026-11-02T11:00:00+08:00 \
        step=countersign unit=housing position=agree >"$T/forged.xml" 2>/dev/null
    python3 - "$T/forged.xml" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
i = s.rfind('<signature')
j = s.index('>', i) + 1
s = s[:j] + ('A' if s[j] != 'A' else 'B') + s[j + 1:]
open(p, 'w').write(s)
PY
    cp "$T/forged.xml" "$EA"
    git commit -qam forged --author="唐局长 <p-tang@zhangdian>"
    bad=$(tip .)
}
