#!/bin/sh
# The front door: in a fresh copy of the source tree (what git tracks, as a clone has
# it), the README's first command, `./scripts/demo.sh`, run by Debian's /bin/sh, builds
# into build/ and writes ./demo-repo; the record it leaves passes check --all. Run
# twice, it refuses to overwrite. `scripts/build.sh` with no argument builds build/.
. "$(dirname "$0")/lib.sh"
command -v git >/dev/null || fail "git"
mkdir "$T/clone"
if git -C "$DR_SRC" rev-parse --git-dir >/dev/null 2>&1; then
    # tracked files and new ones not ignored: the clone this tree would make once committed
    (cd "$DR_SRC" && git ls-files -z --cached --others --exclude-standard |
        tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$T/clone" ||
        fail "copy the source tree"
else
    (cd "$DR_SRC" && tar --exclude='./build*' --exclude=./demo-repo -cf - .) | tar -xf - -C "$T/clone"
fi
[ -x "$T/clone/scripts/demo.sh" ] || fail "scripts/demo.sh is not executable in a clone"
cd "$T/clone" || exit 1
# The scripts are POSIX sh: each parses under dash and under bash.
for s in scripts/*.sh examples/*/demo.sh tests/cli/*.sh tests/install/*.sh .ci/run; do
    for sh in dash bash; do
        if command -v $sh >/dev/null; then
            $sh -n "$s" || fail "$s does not parse under $sh"
            checks=$((checks + 1))
        fi
    done
done
expect 0 ./scripts/demo.sh
out_has "2026-yjj-0001"
out_has "张政发〔2026〕1号"
[ -x build/cmd/docroute ] || fail "the demo built into build/"
[ -d demo-repo/.git ] || fail "the demo wrote ./demo-repo"
expect 0 build/cmd/docroute -C demo-repo check --all
err_has "0 findings"
expect 2 ./scripts/demo.sh
err_has "demo-repo exists"
# build.sh with no argument (dash: a failing `shift` would end the script)
expect 0 sh scripts/build.sh
done_ok
