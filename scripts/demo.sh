#!/bin/sh
# The demo: installs what is missing, builds, creates a document repository from
# the zhangdian example (in ./demo-repo, or $1) and submits the sample drafts,
# printing their ids and status: open steps, who holds them, due dates.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
"$top/scripts/build.sh" >/dev/null
exec "$top/examples/zhangdian/demo.sh" "$top/build/cmd" "${1:-$top/demo-repo}"
