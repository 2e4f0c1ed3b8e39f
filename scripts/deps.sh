#!/bin/sh
# Installs what docroute needs on Debian 12 (only what is missing).
set -eu
pkgs="build-essential cmake pkg-config git openssl libxml2-dev libgit2-dev libyaml-dev libssl-dev libjansson-dev libcmocka-dev"
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
