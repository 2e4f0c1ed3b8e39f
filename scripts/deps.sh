#!/bin/sh
# Installs what docroute needs on Debian 12 (only what is missing).
# With --test, also what the tests use: the openssl CLI (independent signature
# vectors), Chromium, poppler and a CJK font (the routing slip is printed in a
# real headless browser and read back), xmllint (JUnit against its schema), g++
# (the public headers as C++), gcovr (scripts/coverage.sh). With --ci, also npm and
# libicu, for the SARIF Multitool (scripts/sarif-multitool.sh).
set -eu
pkgs="build-essential cmake pkg-config git openssl libxml2-dev libgit2-dev libyaml-dev libssl-dev libjansson-dev libcmocka-dev libsqlite3-dev"
case "${1:-}" in
--test) pkgs="$pkgs python3 chromium poppler-utils fonts-noto-cjk libxml2-utils g++ gcovr sqlite3 time" ;;
--ci)
    pkgs="$pkgs python3 chromium poppler-utils fonts-noto-cjk libxml2-utils g++ gcovr sqlite3 time libicu72"
    command -v npm >/dev/null || pkgs="$pkgs npm"
    ;;
esac
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
