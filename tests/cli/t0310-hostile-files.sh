#!/bin/sh
# Files named on the command line or by a draft are regular files: a FIFO never hangs a
# tool, a symbolic link is never followed (a body linking to /etc/passwd never enters the
# record). Each is refused at once with exit 2, naming the file; nothing is committed.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
before=$(tip .)
cp "$EX/drafts/budget-request.xml" "$T/req.xml"
cp "$EX/drafts/budget-request.md" "$T/"
mkfifo "$T/fifo"
# within SECONDS CMD...: the command ends within the time (a FIFO would block it for ever).
within() {
    s_=$1
    shift
    timeout "$s_" "$@" >"$T/out" 2>"$T/err"
    rc=$?
    [ "$rc" != 124 ] || fail "hung on a FIFO: $*"
}
DOCROUTE_NOW=2026-11-02T09:00:00+08:00 within 10 "$DOCSUBMIT" submit "$T/fifo" --key "$(key p-lv)"
same "$rc" 2 "a FIFO as the draft"
err_has "is not a regular file"
DOCROUTE_NOW=2026-11-02T09:00:00+08:00 within 10 "$DOCSUBMIT" submit "$T/req.xml" --body "$T/fifo" --key "$(key p-lv)"
same "$rc" 2 "a FIFO as --body"
DOCROUTE_NOW=2026-11-02T09:00:00+08:00 within 10 "$DOCSUBMIT" submit "$T/req.xml" --key "$T/fifo"
same "$rc" 2 "a FIFO as --key"
within 10 "$DOCSUBMIT" check "$T/fifo"
same "$rc" 2 "a FIFO to check"
# A body that links elsewhere (the draft's href names a symlink).
mkdir "$T/d"
sed 's#href="budget-request.md"#href="body.md"#' "$T/req.xml" >"$T/d/req.xml"
ln -s /etc/passwd "$T/d/body.md"
DOCROUTE_NOW=2026-11-02T09:00:00+08:00 within 10 "$DOCSUBMIT" submit "$T/d/req.xml" --key "$(key p-lv)"
same "$rc" 2 "a symlinked body"
err_has "is a symbolic link: refused"
ln -s "$T/req.xml" "$T/link.xml"
DOCROUTE_NOW=2026-11-02T09:00:00+08:00 within 10 "$DOCSUBMIT" submit "$T/link.xml" --key "$(key p-lv)"
same "$rc" 2 "a symlinked draft"
ln -s "$(key p-lv)" "$T/link.pem"
DOCROUTE_NOW=2026-11-02T09:00:00+08:00 within 10 "$DOCSUBMIT" submit "$T/req.xml" --key "$T/link.pem"
same "$rc" 2 "a symlinked key"
err_has "symbolic link"
same "$(tip .)" "$before" "nothing committed"
# A note that is a FIFO, on an act.
submit_at 2026-11-02T09:00:00+08:00 "$T/req.xml" p-lv
ok 2026-11-02T09:30:00+08:00 p-song countersign "$id" --object --opinion "不同意"
DOCROUTE_NOW=2026-11-02T10:00:00+08:00 within 10 "$DR_BIN/docsign" coordinate "$id" --note "$T/fifo" --key "$(key p-xu)"
same "$rc" 2 "a FIFO as --note"
git grep -q "root:" HEAD -- . && fail "a linked file entered the record"
done_ok
