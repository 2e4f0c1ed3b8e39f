#!/bin/sh
# Rules are data: no organization's words in the C sources. No string literal of lib/ or
# cmd/ is a role name of an example's config, holds a rule ID of an example's catalog
# (the shipped default's or the city's), or a word of the seed district's (区政府, 区长,
# 张店 …); and no Chinese word is written outside the one documented table of words
# (lib/include/docroute/words.h). The
# record's own rules (ENV-*) are the toolkit's and may be named.
. "$(dirname "$0")/lib.sh"
python3 - "$DR_SRC" <<'PY' || fail "organization words in C (above)"
import os, re, sys
top = sys.argv[1]
def literals(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    for n, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith("#include"):
            continue
        for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', line):
            yield n, m.group(1)
roles, rules = set(), set()
for ex in os.listdir(os.path.join(top, "examples")):
    cfg = os.path.join(top, "examples", ex, "docroute", "config.yaml")
    if not os.path.exists(cfg):
        continue
    inroles = False
    for line in open(cfg, encoding="utf-8"):
        if re.match(r"^roles:", line):
            inroles = True
            continue
        if inroles:
            m = re.match(r"^  ([a-z][a-z0-9-]*):", line)
            if m:
                roles.add(m.group(1))
            elif line.strip() and not line.startswith(" "):
                inroles = False
    rules |= set(re.findall(r"^  ([A-Z][A-Z0-9.-]+): \{", open(cfg, encoding="utf-8").read(), re.M))
rules |= set(re.findall(r"^  ([A-Z][A-Z0-9.-]+): \{", open(os.path.join(top, "schemas/defaults.yaml"), encoding="utf-8").read(), re.M))
assert roles and rules, "no roles or rules found in the examples"
seed_words = ["区政府", "区长", "张店", "张政", "区委", "镇人民政府", "街道办事处", "凤政发"]
tables = {"lib/include/docroute/words.h"}
cjk = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2605]")
bad = []
for d in ("lib", "lib/include/docroute", "cmd/common", "cmd/docroute", "cmd/docsign", "cmd/docsubmit"):
    for f in sorted(os.listdir(os.path.join(top, d))):
        if not f.endswith((".c", ".h")):
            continue
        path = os.path.join(top, d, f)
        for n, lit in literals(path):
            if lit in roles or any(re.search(r"(?<![A-Za-z0-9-])" + re.escape(r) + "@", lit) for r in roles):
                bad.append(f"{d}/{f}:{n}: a role name in \"{lit[:60]}\"")
            for r in rules:
                if re.search(r"(?<![A-Z0-9-])" + re.escape(r) + r"(?![A-Z0-9-])", lit):
                    bad.append(f"{d}/{f}:{n}: the rule ID {r} in \"{lit[:60]}\"")
            for w in seed_words:
                if w in lit:
                    bad.append(f"{d}/{f}:{n}: the seed's word {w} in \"{lit[:60]}\"")
            if cjk.search(lit) and f"{d}/{f}" not in tables:
                bad.append(f"{d}/{f}:{n}: a Chinese word outside docroute/words.h: \"{lit[:60]}\"")
for b in bad:
    print(b, file=sys.stderr)
print(f"{len(roles)} role names, {len(rules)} rule IDs, {len(seed_words)} words checked")
sys.exit(1 if bad else 0)
PY
checks=$((checks + 1))
done_ok
