#!/bin/sh
# docsubmit init writes the draft template: valid but for its placeholders, which
# check and submit refuse until a clerk replaces them.
. "$(dirname "$0")/lib.sh"
keys
repo "$T/r"
cd "$T/r" || exit 1
export DOCROUTE_NOW=2026-09-29T09:30:00+08:00

expect 0 "$DOCSUBMIT" init --type request --drafter finance --to district-gov
cp "$T/out" "$T/draft.xml"
out_has '<issuer unit="finance"/>'
out_has '<classification level="none"/>'
out_has '<urgency>normal</urgency>'
out_has '<disclosure>active</disclosure>'
out_has 'major="false" normative="false" affects-market="false" contract="false"'
out_has 'kind="request"'
out_has '<body href="body.md"/>'
echo "正文" > "$T/body.md"
expect 2 "$DOCSUBMIT" check "$T/draft.xml"
err_has "placeholder"
expect 2 "$DOCSUBMIT" submit "$T/draft.xml" --key "$(key p-lv)"
err_has "placeholder"
same "$(git rev-list --count main)" "1" "nothing committed"
# Filled in, it goes through.
sed -i 's#（请填写标题）#张店区财政局关于调整2026年部分预算的请示#; s#（请填写事项）#调整2026年部分预算#' "$T/draft.xml"
expect 0 "$DOCSUBMIT" check "$T/draft.xml"
expect 0 "$DOCSUBMIT" submit "$T/draft.xml" --key "$(key p-lv)"
same "$(cat "$T/out")" "2026-czj-0001" "id"
git cat-file -e main:docs/2026/czj/2026-czj-0001/body.md || fail "body recorded"
same "$(git show main:docs/2026/czj/2026-czj-0001/envelope.xml | grep -c "sha256=\"$(sha256sum "$T/body.md" | cut -c1-64)\"")" "1" "the body's hash"
# The issuer defaults to the drafter; --issuer names another.
expect 0 "$DOCSUBMIT" init --type notice --drafter emergency --issuer district-gov
out_has '<issuer unit="district-gov"/>'
out_has 'kind="info"'
expect 0 "$DOCSUBMIT" init --type minutes --drafter district-office --json
out_has '"draft":'
expect 2 "$DOCSUBMIT" init --type memo --drafter finance
err_has "unknown type 'memo'"
expect 2 "$DOCSUBMIT" init --drafter finance
expect 2 "$DOCSUBMIT" init --type notice --drafter 'x"><evil'
# A body whose hash the draft states wrongly is refused.
sed 's#<body href="body.md"/>#<body href="body.md" sha256="0000000000000000000000000000000000000000000000000000000000000000"/>#' "$T/draft.xml" > "$T/wrong.xml"
expect 2 "$DOCSUBMIT" submit "$T/wrong.xml" --key "$(key p-lv)"
err_has "does not match"
# --push needs an upstream to push to: refused here, not silently ignored.
expect 2 "$DOCSUBMIT" submit "$T/draft.xml" --key "$(key p-lv)" --push
err_has "--push needs an upstream remote"
same "$(git rev-list --count main)" "2" "one act"
done_ok
