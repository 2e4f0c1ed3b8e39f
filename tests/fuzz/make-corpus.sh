#!/bin/sh
# Writes the fuzz targets' seed corpora, tests/fuzz/corpus/<target>/, from the repository's
# own inputs (the examples' drafts, configs, calendars and keys, the signature vectors, the
# bad fixtures), plus for each target at least one seed past 64 KiB derived from them
# (big-*). Run by hand when those inputs change; the corpora are committed.
# usage: tests/fuzz/make-corpus.sh   (POSIX sh, from any folder)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
c=$top/tests/fuzz/corpus
ex=$top/examples
vec=$top/tests/fixtures/vectors
bad=$top/tests/fixtures/bad
sep='--8<--' # FUZZ_SEP (fuzz_common.h) is this line, with the newlines around it
rm -rf "$c"
mkdir -p "$c/fuzz_envelope" "$c/fuzz_draft" "$c/fuzz_config" "$c/fuzz_calendar" "$c/fuzz_key" \
    "$c/fuzz_ledger"

# ---- fuzz_envelope: recorded envelopes, the hostile XML
cp "$vec/envelope-ed25519.xml" "$vec/envelope-sm2.xml" "$c/fuzz_envelope/"
for f in billion-laughs deep xxe doctype invalid-utf8 comment-mentions-doctype malformed; do
    cp "$bad/$f.xml" "$c/fuzz_envelope/bad-$f.xml"
done
# Big: the Ed25519 envelope with its matter at 59 400 bytes (under the 64 KiB text cap)
# and 300 further events (their digests and signatures are not recomputed).
awk '
/<matter / && !m { m = 1; s = ""; for (i = 0; i < 900; i++) s = s "部署秋冬季安全度汛、水库巡查和危房排查工作；";
    sub(/>[^<]*</, ">" s "<") }
/<event seq="3"/ { ev = $0 }
/<\/routing>/ { for (i = 4; i < 304; i++) { e = ev; sub(/seq="3"/, "seq=\"" i "\"", e); print e } }
{ print }' "$vec/envelope-ed25519.xml" >"$c/fuzz_envelope/big-events.xml"

# ---- fuzz_draft: the examples' drafts, each with its body (FUZZ_SEP between)
for d in "$ex"/*/drafts/*.xml; do
    n=$(basename "$(dirname "$(dirname "$d")")")-$(basename "$d" .xml)
    { cat "$d"; printf '\n%s\n' "$sep"; cat "${d%.xml}.md"; } >"$c/fuzz_draft/$n"
done
for f in placeholder-title unknown-unit gb-term gb-title schema-bad-urgency wrong-namespace; do
    { cat "$bad/$f.xml"; printf '\n%s\n' "$sep"; cat "$ex/zhangdian/drafts/flood-notice.md"; } \
        >"$c/fuzz_draft/bad-$f"
done
# Big: the safety report with a body of 107 KiB (its paragraphs repeated).
d=$ex/zhangdian/drafts/safety-report
{ cat "$d.xml"; printf '\n%s\n' "$sep"; i=0
  while [ "$i" -lt 400 ]; do cat "$d.md"; i=$((i + 1)); done; } >"$c/fuzz_draft/big-body"

# ---- fuzz_config: the examples' configs
cp "$ex/zhangdian/docroute/config.yaml" "$c/fuzz_config/zhangdian.yaml"
cp "$ex/lancheng/docroute/config.yaml" "$c/fuzz_config/lancheng.yaml"
# Big: zhangdian's with 1500 more recipient groups and a comment on each.
awk '{ print }
/^groups:/ { for (i = 1; i <= 1500; i++)
    printf "  group-%d: {name: 第%d组各有关单位, members: [{kind: town}, {kind: street}]}   # padding %d\n", i, i, i }' \
    "$ex/zhangdian/docroute/config.yaml" >"$c/fuzz_config/big-groups.yaml"

# ---- fuzz_calendar: every year file (one per distinct content), three years together
for y in "$ex"/*/docroute/calendar/*.yaml; do
    cp "$y" "$c/fuzz_calendar/$(basename "$(dirname "$(dirname "$(dirname "$y")")")")-$(basename "$y")"
done
z=$ex/zhangdian/docroute/calendar
{ cat "$z/2025.yaml"; printf '\n%s\n' "$sep"; cat "$z/2026.yaml"; printf '\n%s\n' "$sep"
  cat "$z/2027.yaml"; } >"$c/fuzz_calendar/years-2025-2027"
# Big: 2026 with a comment of 64 characters after each of 1200 lines of comments among
# its holidays (the parser, not the calendar, sees the size).
awk '{ print }
/^holidays:/ { for (i = 1; i <= 1200; i++)
    printf "  # %04d 国务院办公厅关于部分节假日安排的通知，调休上班日期以通知为准。\n", i }' \
    "$z/2026.yaml" >"$c/fuzz_calendar/big-comments.yaml"

# ---- fuzz_key: public keys (Ed25519, SM2), private test keys, base64 signatures
cp "$vec/ed25519-public.pem" "$vec/sm2-public.pem" "$vec/ed25519-private.pem" \
    "$vec/sm2-private.pem" "$vec/ed25519.sig.b64" "$vec/sm2.sig.b64" "$c/fuzz_key/"
cp "$ex/zhangdian/docroute/keys/p-chen-1.pem" "$ex/zhangdian/docroute/keys/p-lv-1.pem" \
    "$ex/zhangdian/keys/p-chen-1.TEST-KEY.pem" "$ex/zhangdian/keys/p-lv-1.TEST-KEY.pem" \
    "$c/fuzz_key/"
# Big: a private key file after 70 000 bytes of text (refused: DR_KEY_MAX_BYTES).
{ i=0; while [ "$i" -lt 1000 ]; do
    echo "TEST KEY — NOT FOR USE: padding line $i of a key file past the size cap."; i=$((i + 1))
  done; cat "$ex/zhangdian/keys/p-chen-1.TEST-KEY.pem"; } >"$c/fuzz_key/big-padded.pem"

# ---- fuzz_ledger: a register ledger, numbers
printf '1 凤政发〔2026〕1号 2026-fhz-0001\n2 凤政发〔2026〕2号 2026-fhz-0002\n' >"$c/fuzz_ledger/ledger.txt"
printf '凤政发〔2026〕7号' >"$c/fuzz_ledger/number"
# Big: 3000 lines.
awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "%d 凤政发〔2026〕%d号 2026-fhz-%04d\n", i, i, i }' \
    >"$c/fuzz_ledger/big-ledger.txt"

# Drop duplicates (the two examples share calendar years).
for t in "$c"/*; do
    (cd "$t" && for f in *; do
        [ -f "$f" ] || continue
        for g in *; do
            if [ "$g" != "$f" ] && [ -f "$g" ] && cmp -s "$f" "$g"; then rm -f "$g"; fi
        done
    done)
done
for t in "$c"/*; do
    printf '%s: %s seeds, largest %s bytes\n' "$(basename "$t")" "$(find "$t" -type f | wc -l | tr -d ' ')" \
        "$(wc -c "$t"/* | sort -n | tail -2 | head -1 | awk '{print $1}')"
done
