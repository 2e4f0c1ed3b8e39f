#!/bin/sh
# bash completion: the commands and options of each tool (from its --help) and the
# document ids of the repository (-C DIR, else DOCROUTE_REPO); installed, one file
# per tool.
. "$(dirname "$0")/lib.sh"
command -v bash >/dev/null || fail "bash is needed to test its completion"
keys
# The installed files (DR_COMPLETION) or the source tree's.
if [ -n "${DR_COMPLETION:-}" ]; then
    for tool in docroute docsubmit docsign; do
        [ -f "$DR_COMPLETION/$tool" ] || fail "no completion installed for $tool"
    done
    file=$DR_COMPLETION/docsign
else
    file=$DR_SRC/completion/docroute.bash
fi
# complete WORDS...: the candidates for the last word, one per line, in $T/out.
complete_words() {
    PATH="$DR_BIN:$PATH" bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
        _docroute; printf "%s\n" "${COMPREPLY[@]}"' sh "$file" "$@" >"$T/out" 2>"$T/err" ||
        fail "completion failed: $*"
    checks=$((checks + 1))
}
complete_words docroute st
out_has status
out_lacks sync
complete_words docroute ''
out_has overdue
out_has check
complete_words docsign coun
same "$(cat "$T/out")" "countersign" "docsign's commands"
complete_words docsubmit ''
out_has revise
complete_words docroute check --f
out_has --format
complete_words docroute check --format ''
out_has sarif
complete_words docsign countersign x --
out_has --agree
out_has --key
out_lacks --bare
# Document ids, from -C and from DOCROUTE_REPO.
repo "$T/r"
cd "$T/r" || exit 1
submit_at 2026-09-29T09:30:00+08:00 "$EX/drafts/budget-request.xml" p-lv
first=$id
cd "$T" || exit 1
complete_words docroute -C "$T/r" status ''
same "$(cat "$T/out")" "$first" "the repository's ids"
complete_words docsign -C "$T/r" decide 2026-c
same "$(cat "$T/out")" "$first" "ids by prefix"
DOCROUTE_REPO="$T/r" complete_words docroute log ''
same "$(cat "$T/out")" "$first" "ids from DOCROUTE_REPO"
complete_words docroute -C "$T/nowhere" status ''
same "$(cat "$T/out")" "" "no repository, no ids (and no error)"
done_ok
