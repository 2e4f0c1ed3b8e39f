#!/bin/sh
# Installs Microsoft's SARIF Multitool from npm (@microsoft/sarif-multitool) into
# ${DR_TOOLS:-$HOME/.cache/docroute} when it is not there, and prints the path of its
# Sarif.Multitool program (for DR_SARIF_MULTITOOL, which t0906 uses). Needs npm and,
# for .NET, libicu (scripts/deps.sh --ci installs both).
set -eu
tools=${DR_TOOLS:-$HOME/.cache/docroute}
mt=$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -f "$mt" ]; then
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --silent @microsoft/sarif-multitool >&2
fi
[ -f "$mt" ] || { echo "sarif-multitool.sh: npm did not install $mt" >&2; exit 1; }
# npm may not run the package's postinstall (which only makes it executable).
chmod u+x "$mt"
"$mt" --version >/dev/null 2>&1 || { echo "sarif-multitool.sh: $mt does not run" >&2; exit 1; }
echo "$mt"
