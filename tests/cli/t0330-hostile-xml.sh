#!/bin/sh
# The bytes of a draft or a pushed envelope are checked before the XML parser sees them:
# attributes an element (libxml2 2.9 spends quadratic time on them), depth, text and
# value lengths, the encoding — each refused with file:line:col, exit 2 for a draft and
# a finding of check for a committed envelope.
. "$(dirname "$0")/lib.sh"
cp "$EX/drafts/flood-notice.md" "$T/"
src=$EX/drafts/flood-notice.xml
line=$(grep -n '<title' "$src" | head -1 | cut -d: -f1)
# insert SRC LINE EXPR OUT: OUT is SRC with the bytes of the python EXPR before LINE.
insert() {
    python3 -c 'import sys
src = open(sys.argv[1], "rb").read().split(b"\n")
src.insert(int(sys.argv[2]) - 1, eval(sys.argv[3]))
open(sys.argv[4], "wb").write(b"\n".join(src))' "$@"
}
# 40,000 attributes on one element.
insert "$src" "$line" 'b"<x" + b"".join(b" a%d=\"x\"" % i for i in range(40000)) + b"/>"' "$T/attrs.xml"
expect 2 "$DOCSUBMIT" check "$T/attrs.xml"
err_has "attrs.xml:$line:1: an element with more than 64 attributes"
# 64 attributes are still parsed (the schema then refuses the element).
insert "$src" "$line" 'b"<x" + b"".join(b" a%d=\"x\"" % i for i in range(64)) + b"/>"' "$T/a64.xml"
expect 2 "$DOCSUBMIT" check "$T/a64.xml"
err_has "ENV-SCHEMA"
# Nesting deeper than the limit, long values and long text.
insert "$src" "$line" 'b"<x>" * 40 + b"</x>" * 40' "$T/deep.xml"
expect 2 "$DOCSUBMIT" check "$T/deep.xml"
err_has "elements nested deeper than 32"
insert "$src" "$line" 'b"<x v=\"" + b"x" * 70000 + b"\"/>"' "$T/value.xml"
expect 2 "$DOCSUBMIT" check "$T/value.xml"
err_has "value.xml:$line:6: an attribute value longer than 65536 bytes"
insert "$src" "$line" 'b"<x>" + b"x" * 70000 + b"</x>"' "$T/text.xml"
expect 2 "$DOCSUBMIT" check "$T/text.xml"
err_has "text longer than 65536 bytes"
# Bad UTF-8 is reported on its own line, not the first line with Chinese text.
insert "$src" "$line" 'b"<!-- caf\xe9 -->"' "$T/utf8.xml"
expect 2 "$DOCSUBMIT" check "$T/utf8.xml"
err_has "utf8.xml:$line:9: not valid UTF-8"
# A UTF-16 draft, with and without a byte-order mark, is named as such.
python3 -c 'import sys
d = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "wb").write(d.encode("utf-16"))
open(sys.argv[3], "wb").write(d.encode("utf-16-le"))' "$src" "$T/u16.xml" "$T/u16le.xml"
expect 2 "$DOCSUBMIT" check "$T/u16.xml"
err_has "the file is UTF-16"
expect 2 "$DOCSUBMIT" check "$T/u16le.xml"
err_has "the file is UTF-16"
# A namespace prefix: check and submit read one spelling of the envelope, and say so.
sed 's#<envelope xmlns="urn:docroute:envelope:1">#<e:envelope xmlns:e="urn:docroute:envelope:1">#; s#</envelope>#</e:envelope>#' "$src" > "$T/prefixed.xml"
expect 2 "$DOCSUBMIT" check "$T/prefixed.xml"
err_has "prefixed.xml:4:1: <e:envelope>: element names take no namespace prefix"
# A committed envelope with 40,000 attributes: check refuses it at once, naming it.
keys
repo "$T/r"
cd "$T/r" || exit 1
submit_at 2026-11-02T09:00:00+08:00 "$src" p-chen
cp "$EX/drafts/flood-notice.md" "$T/"
at 2026-11-02T09:10:00+08:00 expect 2 "$DOCSUBMIT" submit "$T/prefixed.xml" --key "$(key p-chen)"
err_has "<e:envelope>: element names take no namespace prefix"
env=$(git ls-files 'docs/*/envelope.xml' | head -1)
python3 -c 'import sys
p = sys.argv[1]
d = open(p, "rb").read()
d = d.replace(b"<envelope", b"<envelope" + b"".join(b" a%d=\"x\"" % i for i in range(40000)), 1)
open(p, "wb").write(d)' "$env"
git commit -qam hostile
expect 1 "$DOCROUTE" check --all --json
grep -q "more than 64 attributes" "$T/out" || fail "check names the attributes"
checks=$((checks + 1))
done_ok
