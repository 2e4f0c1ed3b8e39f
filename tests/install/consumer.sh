#!/bin/sh
# An installed toolkit, as another program and an admin meet it:
#   - a C program builds against the installed headers and libdocroute.so through
#     pkg-config, as C11 (-pedantic), GNU C11 and C++, and runs; it links the shared
#     library by its SONAME; a static build links through pkg-config --static;
#   - the prefix is relocatable: copied elsewhere, its docroute.pc and its tools
#     (data found beside the program) still work, from any folder.
# usage: consumer.sh PREFIX LIBDIR   (run by ctest when DR_TEST_PREFIX is set)
set -u
prefix=$1
libdir=$2
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/dr-install-XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }

# The prefix, moved: nothing in it may name the place it was installed to.
cp -a "$prefix" "$T/moved"
P=$T/moved
export PKG_CONFIG_PATH="$P/$libdir/pkgconfig"
pkg-config --exists docroute || fail "pkg-config does not find docroute in $PKG_CONFIG_PATH"
cflags=$(pkg-config --cflags docroute)
libs=$(pkg-config --libs docroute)
case "$cflags" in *"$T/moved"*) ok ;; *) fail "docroute.pc is not relocatable: --cflags '$cflags'" ;; esac
[ "$(pkg-config --modversion docroute)" = "0.1.0" ] || fail "the version"
ok
cal=$P/share/docroute/examples/zhangdian/docroute/calendar/2026.yaml
[ -f "$cal" ] || fail "no example calendar installed"

build() { # build OUT COMPILER ARGS...: compiles consumer.c, then runs it
    out=$1
    shift
    # shellcheck disable=SC2086
    "$@" $cflags -o "$T/$out" $libs 2>"$T/cc.err" || { cat "$T/cc.err" >&2; fail "build: $*"; }
    [ ! -s "$T/cc.err" ] || { cat "$T/cc.err" >&2; fail "warnings: $*"; }
    got=$(LD_LIBRARY_PATH="$P/$libdir" "$T/$out" "$cal" 2026-09-29 3) || fail "$out did not run"
    [ "$got" = "2026-10-09" ] || fail "$out: 3 working days after 2026-09-29 is 2026-10-09, not '$got'"
    ok
}
build c11 cc -std=c11 -pedantic -Wall -Wextra -Werror "$here/consumer.c"
build gnu11 cc -std=gnu11 -Wall -Wextra -Werror "$here/consumer.c"
if command -v c++ >/dev/null; then
    build cxx c++ -std=c++17 -Wall -Wextra -Werror -x c++ "$here/consumer.c"
else
    fail "no C++ compiler (Debian: g++, part of build-essential)"
fi
# The shared library, by its SONAME.
readelf -d "$T/c11" | grep -q 'NEEDED.*libdocroute\.so\.0' || fail "the program does not link libdocroute.so.0"
readelf -d "$P/$libdir/libdocroute.so" | grep -q 'SONAME.*libdocroute\.so\.0' || fail "no SONAME"
ok
# Only the public API is exported.
if nm -D --defined-only "$P/$libdir/libdocroute.so" | grep -q ' dr__'; then
    fail "libdocroute.so exports internals (dr__*)"
fi
nm -D --defined-only "$P/$libdir/libdocroute.so" | grep -q ' T dr_calendar_add_workdays$' || fail "the API is not exported"
ok
# Static: the archive and its dependencies from pkg-config --static.
slibs=$(pkg-config --static --libs docroute | sed 's/-ldocroute//')
# shellcheck disable=SC2086
cc -std=c11 $cflags -o "$T/static" "$here/consumer.c" "$P/$libdir/libdocroute.a" $slibs ||
    fail "static link"
[ "$("$T/static" "$cal" 2026-09-29 3)" = "2026-10-09" ] || fail "the static build"
ok

# The moved tools find their data beside themselves, from any folder.
mkdir "$T/elsewhere"
cd "$T/elsewhere" || exit 1
"$P/bin/docroute" -q init "$T/repo" --example zhangdian || fail "moved docroute init --example"
git -C "$T/repo" cat-file -e main:.docroute/config.yaml || fail "the moved toolkit's example"
ok
[ -x "$P/share/docroute/examples/zhangdian/demo.sh" ] || fail "the demo is installed"
"$P/share/docroute/examples/zhangdian/demo.sh" "$P/bin" "$T/demo" >"$T/demo.out" 2>&1 ||
    { tail -20 "$T/demo.out" >&2; fail "the installed demo"; }
grep -q "张政发〔2026〕1号" "$T/demo.out" || fail "the installed demo's story"
ok
for tool in docroute docsubmit docsign; do
    [ -f "$P/share/bash-completion/completions/$tool" ] || fail "no completion for $tool"
    [ -f "$P/share/man/man1/$tool.1" ] || fail "no man page for $tool"
done
[ -f "$P/share/doc/docroute/LICENSE" ] || fail "no LICENSE installed"
ok
echo "ok: $checks checks"
