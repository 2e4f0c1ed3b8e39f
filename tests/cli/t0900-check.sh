#!/bin/sh
# docroute check: a clean history passes; every tampering is found with its rule ID —
# an earlier event edited, a reformatted envelope, a forged signature, a key not valid
# at that commit, a deemed consent before its due date or on a silence: none route, two
# acts in one commit, a config change without the admins' signatures.
. "$(dirname "$0")/lib.sh"
keys
: "${DR_FORGE:?}"
repo "$T/r"
cd "$T/r" || exit 1
submit_at 2026-11-02T09:00:00+08:00 "$EX/drafts/flood-notice.xml" p-chen
A=$id
submit_at 2026-11-02T09:30:00+08:00 "$EX/drafts/budget-request.xml" p-lv
B=$id
ok 2026-11-02T10:00:00+08:00 p-he countersign "$A" --agree
expect 0 "$DOCROUTE" check --all
same "$(cat "$T/out")" "" "nothing found"
err_has "4 commits checked, 0 findings"
expect 0 "$DOCROUTE" check --format junit
out_has 'failures="0"'
expect 0 "$DOCROUTE" check HEAD~1..HEAD
err_has "1 commit checked"

EA=docs/2026/yjj/$A/envelope.xml
EB=docs/2026/czj/$B/envelope.xml
export GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@x GIT_COMMITTER_NAME=x GIT_COMMITTER_EMAIL=x@x
base=$(tip .)
# tamper 'sed script' FILE MESSAGE: a commit changing FILE as the script says.
tamper() {
    git reset -q --hard "$base"
    sed -i "$1" "$2"
    git commit -qam "$3"
}
found() { # found RULE [RANGE]: check reports RULE (exit 1)
    expect 1 "$DOCROUTE" check ${2:-} --format json
    out_has "\"rule\": \"$1\""
}

# An earlier event edited: its due date moved.
tamper '0,/due-date="2026-11-05"/s//due-date="2026-11-15"/' "$EA" "edit"
found ENV-APPEND-ONLY
# A reformatted envelope: a blank line in the document.
tamper 's#<type>notice</type>#<type>notice</type>\n#' "$EA" "reformat"
found ENV-APPEND-ONLY
# A forged signature: a new event whose signature is not its signer's.
git reset -q --hard "$base"
"$DR_FORGE" "$EA" "$(key p-tang)" p-tang/1 countersign p-tang 2026-11-02T11:00:00+08:00 step=countersign unit=housing position=agree > "$T/a.xml" 2>/dev/null
python3 - "$T/a.xml" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
i = s.rfind('<signature')
j = s.index('>', i) + 1
s = s[:j] + ('A' if s[j] != 'A' else 'B') + s[j + 1:]
open(p, 'w').write(s)
PY
cp "$T/a.xml" "$EA"
git commit -qam forged --author="唐局长 <p-tang@zhangdian>"
found ENV-SIGNATURE
# Two acts in one commit: both documents touched.
git reset -q --hard "$base"
"$DR_FORGE" "$EA" "$(key p-tang)" p-tang/1 countersign p-tang 2026-11-02T11:00:00+08:00 step=countersign unit=housing position=agree > "$T/a.xml" 2>/dev/null
"$DR_FORGE" "$EB" "$(key p-song)" p-song/1 countersign p-song 2026-11-02T11:00:00+08:00 step=countersign unit=development position=agree > "$T/b.xml" 2>/dev/null
cp "$T/a.xml" "$EA"
cp "$T/b.xml" "$EB"
git commit -qam "two acts"
found ENV-ONE-ACT
# A deemed consent before its due date (2026-11-05), signed by system.
git reset -q --hard "$base"
"$DR_FORGE" "$EA" "$(key system)" system/1 deemed-consent system 2026-11-04T09:00:00+08:00 step=countersign unit=housing rule=R63-SILENCE-IS-CONSENT > "$T/a.xml" 2>/dev/null
cp "$T/a.xml" "$EA"
git commit -qam "early" --author="系统 <system@zhangdian>"
found R63-SILENCE-IS-CONSENT
# … and one on a route where silence is not consent (the request), after its due date.
git reset -q --hard "$base"
"$DR_FORGE" "$EB" "$(key system)" system/1 deemed-consent system 2026-11-10T09:00:00+08:00 step=countersign unit=development rule=R63-SILENCE-IS-CONSENT > "$T/b.xml" 2>/dev/null
cp "$T/b.xml" "$EB"
git commit -qam "none route" --author="系统 <system@zhangdian>"
found R63-SILENCE-IS-CONSENT
# A config change without the admins' signatures.
git reset -q --hard "$base"
sed -i 's/^accredited: false.*/accredited: true/' .docroute/config.yaml
git commit -qam "config by hand"
found ENV-CONFIG-IN-FORCE
# A signature by a key not valid at that commit: p-he's key ends 2026-10-31 in a config
# signed properly by two admins, then p-he "countersigns" on 2026-11-02.
git reset -q --hard "$base"
sed -i 's#{id: 1, file: keys/p-he-1.pem, from: 2020-01-01}#{id: 1, file: keys/p-he-1.pem, from: 2020-01-01, to: 2026-10-31}#' .docroute/config.yaml
at 2026-11-02T10:30:00+08:00 expect 1 "$DOCROUTE" config commit --key "$(key p-ye)" --key "$(key p-he)"
err_has "'p-he' may not sign config acts"
at 2026-11-02T10:30:00+08:00 expect 1 "$DOCROUTE" config commit --key "$(key p-ye)"
err_has "needs 2 signatures of those acts: config names"
same "$(tip .)" "$base" "a refused config act records nothing"
git reset -q --hard "$base"
sed -i 's#{id: 1, file: keys/p-he-1.pem, from: 2020-01-01}#{id: 1, file: keys/p-he-1.pem, from: 2020-01-01, to: 2026-10-31}#' .docroute/config.yaml
at 2026-11-02T10:30:00+08:00 expect 0 "$DOCROUTE" config commit --key "$(key p-ye)" --key "$(key p-du)"
expect 0 "$DOCROUTE" check --all
"$DR_FORGE" "$EB" "$(key p-he)" p-he/1 countersign p-he 2026-11-02T11:00:00+08:00 step=countersign unit=development position=agree > "$T/b.xml" 2>/dev/null
cp "$T/b.xml" "$EB"
git commit -qam "expired key" --author="何局长 <p-he@zhangdian>"
found ENV-SIGNATURE
# A 发文字号 used twice: each signed register is well-formed, the sequence is not.
git reset -q --hard HEAD~1
base2=$(tip .)
cp "$EX/drafts/safety-report.xml" "$T/rep.xml"
cp "$EX/drafts/safety-report.md" "$T/"
for n in 1 2; do
    submit_at 2026-11-02T12:0$n:00+08:00 "$T/rep.xml" p-liang
    eval "R$n=\$id"
    ok 2026-11-02T12:1$n:00+08:00 p-luo sign "$id"
done
register 2026-11-02T12:30:00+08:00 p-liang "$R1"
same "$number" "凤政发〔2026〕1号" "first"
ER2=docs/2026/fhz/$R2/envelope.xml
"$DR_FORGE" "$ER2" "$(key p-liang)" p-liang/1 register p-liang 2026-11-02T12:40:00+08:00 step=register number=凤政发〔2026〕1号 > "$T/r2.xml" 2>/dev/null
cp "$T/r2.xml" "$ER2"
git commit -qam "a repeated number" --author="梁文书 <p-liang@zhangdian>"
found GB-FORMAT
grep -q "unique and gap-free" "$T/out" || fail "names the sequence"
git reset -q --hard HEAD~1
register 2026-11-02T12:40:00+08:00 p-liang "$R2"
same "$number" "凤政发〔2026〕2号" "second"
expect 0 "$DOCROUTE" check --all
git reset -q --hard "$base2"
# A proper act on that config is still fine, and the tool refuses the expired key itself.
at 2026-11-02T11:00:00+08:00 expect 2 "$DR_BIN/docsign" countersign "$A" --agree --unit housing --key "$(key p-he)"
ok 2026-11-02T11:00:00+08:00 p-tang countersign "$A" --agree
expect 0 "$DOCROUTE" check --all --format sarif
out_has '"results": []'
done_ok
