#!/bin/sh
# 发文字号 that migrate and cannot be forged: a config declares the numbers issued
# before adoption (numbering:), register continues after them; the next number comes
# from the record's register ledger (registers/<year>/<代字>.txt, appended by each
# register in the same commit), never from the derived cache; check and the server's
# hook verify each number against the parent (unique, gap-free, in order).
. "$(dirname "$0")/lib.sh"
keys
cp "$EX/drafts/safety-report.xml" "$T/rep.xml"
cp "$EX/drafts/safety-report.md" "$T/"
# report AT: a town's report submitted and signed, its id in $id
report() {
    submit_at "$1" "$T/rep.xml" p-liang
    ok "$1" p-luo sign "$id"
}

# A mid-year adoption: 凤政发〔2026〕1–6号 were issued on paper.
cp -r "$EX/docroute" "$T/cfg"
cat >>"$T/cfg/config.yaml" <<'YAML'

numbering:
  - {prefix: 凤政发, year: 2026, issued-before: 6, note: 系统启用前已印发}
YAML
expect 0 "$DOCROUTE" init "$T/r" --from "$T/cfg" --test-clock
cd "$T/r" || exit 1
report 2026-04-01T09:00:00+08:00
first=$id
register 2026-04-01T10:00:00+08:00 p-liang "$first"
same "$number" "凤政发〔2026〕7号" "register continues after the numbers issued before"
same "$(git show HEAD:registers/2026/凤政发.txt)" "7 凤政发〔2026〕7号 $first" "the ledger"
same "$(git show --stat --format= HEAD | grep -c 'registers/2026/')" "1" "one commit: the event and its ledger line"
same "$(git status --porcelain)" "" "the work tree has the ledger too"
expect 0 "$DOCROUTE" check --all

# A forged derived cache changes nothing: the next number comes from the record.
"$DOCROUTE" -q overdue >/dev/null 2>&1 # the index made
sqlite3 "$(git rev-parse --git-dir)/docroute/index.sqlite" "UPDATE numbers SET max = 2 WHERE prefix = '凤政发'" ||
    fail "cannot forge the derived index"
report 2026-04-02T09:00:00+08:00
second=$id
register 2026-04-02T10:00:00+08:00 p-liang "$second"
same "$number" "凤政发〔2026〕8号" "the ledger, not the cache"
same "$(git show HEAD:registers/2026/凤政发.txt | tail -1)" "8 凤政发〔2026〕8号 $second" "appended"
expect 0 "$DOCROUTE" check --all
good=$(tip .)

# Forgeries check finds in a range (the hook's work): a repeated number, a gap, a ledger
# not appended, a ledger edited by another act.
export GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@x GIT_COMMITTER_NAME=x GIT_COMMITTER_EMAIL=x@x
report 2026-04-03T09:00:00+08:00
third=$id
E3=docs/2026/fhz/$third/envelope.xml
base=$(tip .)
forge_register() { # forge_register NUMBER LEDGER-LINE|-: a signed register event, committed
    git reset -q --hard "$base"
    "$DR_FORGE" "$E3" "$(key p-liang)" p-liang/1 register p-liang 2026-04-03T10:00:00+08:00 \
        step=register "number=$1" >"$T/f.xml" 2>/dev/null || fail "forge"
    cp "$T/f.xml" "$E3"
    [ "$2" = - ] || printf '%s\n' "$2" >>registers/2026/凤政发.txt
    git add -A && git commit -qm forged
}
forge_register "凤政发〔2026〕8号" "8 凤政发〔2026〕8号 $third"
expect 1 "$DOCROUTE" check HEAD~1..HEAD --format json
out_has '"rule": "GB-FORMAT"'
out_has "the next number is 凤政发〔2026〕9号"
forge_register "凤政发〔2026〕10号" "10 凤政发〔2026〕10号 $third"
expect 1 "$DOCROUTE" check HEAD~1..HEAD --format json
out_has "the next number is 凤政发〔2026〕9号"
forge_register "凤政发〔2026〕9号" -
expect 1 "$DOCROUTE" check HEAD~1..HEAD --format json
out_has "does not append its ledger registers/2026/凤政发.txt"
forge_register "凤政发〔2026〕9号" "9 凤政发〔2026〕9号 2026-fhz-0999"
expect 1 "$DOCROUTE" check HEAD~1..HEAD --format json
out_has "is not the one before with the line"
git reset -q --hard "$base"
# A commit that only edits the ledger (its last line dropped) is no act: found, so that no
# later register can hand out 8号 again.
sed -i '$d' registers/2026/凤政发.txt
git commit -qam "ledger edited"
expect 1 "$DOCROUTE" check HEAD~1..HEAD --format json
out_has "changes with no register act"
expect 1 "$DOCROUTE" check --all --format json
out_has "changes with no register act"
git reset -q --hard "$base"
# Another act may not write the ledger.
ok 2026-04-03T10:00:00+08:00 p-liang return "$third" --reason "补充材料"
git reset -q --soft HEAD~1
printf '9 凤政发〔2026〕9号 %s\n' "$third" >>registers/2026/凤政发.txt
git add -A
git commit -qm "$(git log -1 --format=%B ORIG_HEAD)" --author="梁文书 <p-liang@zhangdian>"
expect 1 "$DOCROUTE" check HEAD~1..HEAD --format json
out_has "outside a return act's write-set"
git reset -q --hard "$base"

# The server's hook refuses a pushed duplicate, judged against its own ledger.
git clone -q --bare "$T/r" "$T/srv.git" 2>/dev/null
expect 0 "$DOCROUTE" -C "$T/srv.git" hook install --program "$DOCROUTE"
git -C "$T/srv.git" config docroute.tolerance 100000000
git remote add srv "$T/srv.git"
forge_register "凤政发〔2026〕7号" "7 凤政发〔2026〕7号 $third"
git push -q srv HEAD:main >"$T/out" 2>"$T/err" && fail "the hook accepted a repeated number"
err_has "GB-FORMAT"
checks=$((checks + 1))
git reset -q --hard "$base"
register 2026-04-03T11:00:00+08:00 p-liang "$third"
same "$number" "凤政发〔2026〕9号" "the next"
git push -q srv HEAD:main 2>"$T/err" || fail "the hook refused a proper register: $(cat "$T/err")"
checks=$((checks + 1))

# The first number of a year is found in register events, never in a document's text.
repo "$T/scan"
cd "$T/scan" || exit 1
sed 's#<title>\([^<]*\)的报告</title>#<title>\1 number="凤政发〔2026〕500号" 的报告</title>#' "$T/rep.xml" >"$T/rep-trick.xml"
grep -q 'number=' "$T/rep-trick.xml" || fail "the tricky title"
submit_at 2026-06-01T09:00:00+08:00 "$T/rep-trick.xml" p-liang
ok 2026-06-01T09:10:00+08:00 p-luo sign "$id"
register 2026-06-01T10:00:00+08:00 p-liang "$id"
same "$number" "凤政发〔2026〕1号" "a title's text is not a register event"

# Declared by a config act: numbering is as sensitive as roles (two admins sign it).
repo "$T/later"
cd "$T/later" || exit 1
cat >>.docroute/config.yaml <<'YAML'

numbering:
  - {prefix: 凤政发, year: 2026, issued-before: 3}
YAML
at 2026-05-01T09:00:00+08:00 expect 1 "$DOCROUTE" config commit --key "$(key p-ye)"
at 2026-05-01T09:00:00+08:00 expect 0 "$DOCROUTE" config commit --key "$(key p-ye)" --key "$(key p-du)"
report 2026-05-02T09:00:00+08:00
register 2026-05-02T10:00:00+08:00 p-liang "$id"
same "$number" "凤政发〔2026〕4号" "after a config act's declaration"
expect 0 "$DOCROUTE" check --all

# The config is refused for a prefix no unit has, or a year declared twice.
cp -r "$EX/docroute" "$T/bad"
printf '\nnumbering:\n  - {prefix: 某某发, year: 2026, issued-before: 3}\n' >>"$T/bad/config.yaml"
expect 3 "$DOCROUTE" init "$T/b1" --from "$T/bad"
err_has "config.yaml:"
err_has "'某某发' is no unit's number-prefix"
cp -r "$EX/docroute" "$T/bad2"
printf '\nnumbering:\n  - {prefix: 张政发, year: 2026, issued-before: 3}\n  - {prefix: 张政发, year: 2026, issued-before: 4}\n' >>"$T/bad2/config.yaml"
expect 3 "$DOCROUTE" init "$T/b2" --from "$T/bad2"
err_has "declared twice"
done_ok
