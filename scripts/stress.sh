#!/bin/sh
# Reruns issue 10's stress campaigns against the built tools and prints a figure table:
#   (a) WRITERS concurrent writers x N acts each on one bare repository (-C the bare
#       repository, as cron and the tests do; --push: one clone per writer, pushing
#       through a local git daemon to the bare repository with the pre-receive hook);
#   (b) WRITERS x N acts in one work tree (a clerk's checkout, every writer -C it);
#   (c) K times: start an act in a checkout, kill -9 it after a random 0-200 ms, then
#       keep acting (a submission and a countersign that must not be killed).
# Acts alternate a submission (a unique marker in its body) and a countersign of that
# document (the marker in its opinion), by two units at a time, so ids are allocated
# under contention. After each campaign:
#   attempted  acts started;            ok      acts that exited 0;
#   recorded   acts whose marker is in the tip's tree;
#   lost       acts that exited 0 whose commit is not in the history or whose marker is
#              not in the tip;          dup     a marker or an Event-Digest twice;
#   fsck       git fsck clean;          check   docroute check --all clean;
#   locks      lock files (refs/heads/*.lock, index.lock, docroute-worktree.lock, any
#              *.lock) that blocked an act, or that are left after a probe act;
#   status     git status --porcelain empty in the checkout(s), before the probe act.
# Exits 1 when any of lost, dup, fsck, check, locks, status is bad (or an act failed for
# another reason than a conflict given up, exit 3), 2 on a bad command line.
#
# usage: scripts/stress.sh [--build DIR] [--writers W] [-n N] [--tree-acts N] [--kills K]
#                          [--full] [--push] [--only abc] [--lock-wait S] [--keep]
#   --build DIR   use the tools of this build folder (DIR/cmd); else scripts/build.sh
#                 brings build/ up to date first
#   -n N          acts per writer in (a) and (b) (default 40; $STRESS_N)
#   --tree-acts N acts per writer in (b) only (default: N)
#   --kills K     kills in (c) (default 60; $STRESS_KILLS)
#   --full        the issue's sizes: 8 x 300 in (a), 8 x 150 in (b), 300 kills
#   --lock-wait S $DOCROUTE_LOCK_WAIT for the tools (how long a live lock is waited
#                 for; default: the tools' own 30 s)
#   --keep        keep the work folder (printed) for inspection
# POSIX sh (Debian's dash); works from any directory.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n 's/^# \{0,1\}//; /^usage:/,/^POSIX/p' "$0" >&2; exit 2; }

writers=8
n_bare=${STRESS_N:-40}
n_tree=
kills=${STRESS_KILLS:-60}
build=
push=no
only=abc
keep=no
while [ $# -gt 0 ]; do
    case $1 in
    --build) [ $# -ge 2 ] || usage; build=$2; shift ;;
    --writers) [ $# -ge 2 ] || usage; writers=$2; shift ;;
    -n) [ $# -ge 2 ] || usage; n_bare=$2; shift ;;
    --tree-acts) [ $# -ge 2 ] || usage; n_tree=$2; shift ;;
    --kills) [ $# -ge 2 ] || usage; kills=$2; shift ;;
    --full) writers=8; n_bare=300; n_tree=150; kills=300 ;;
    --push) push=yes ;;
    --only) [ $# -ge 2 ] || usage; only=$2; shift ;;
    --lock-wait) [ $# -ge 2 ] || usage; DOCROUTE_LOCK_WAIT=$2; export DOCROUTE_LOCK_WAIT; shift ;;
    --keep) keep=yes ;;
    -h | --help) usage ;;
    *) echo "stress.sh: unknown argument '$1'" >&2; usage ;;
    esac
    shift
done
n_tree=${n_tree:-$n_bare}
for v in "$writers" "$n_bare" "$n_tree" "$kills"; do
    case $v in '' | *[!0-9]*) echo "stress.sh: '$v' is not a number" >&2; exit 2 ;; esac
done

if [ -z "$build" ]; then
    "$top/scripts/build.sh" "$top/build" >/dev/null
    build=$top/build
fi
build=$(cd "$build" && pwd)
bin=$build/cmd
[ -x "$bin/docroute" ] && [ -x "$bin/docsubmit" ] && [ -x "$bin/docsign" ] ||
    { echo "stress.sh: no tools in $bin (build first: scripts/build.sh)" >&2; exit 2; }
ex=$top/examples/zhangdian

W=$(mktemp -d "${TMPDIR:-/tmp}/dr-stress-XXXXXX")
daemon=
cleanup() {
    [ -z "$daemon" ] || kill "$daemon" 2>/dev/null || :
    if [ "$keep" = yes ]; then echo "stress.sh: the work folder is kept: $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
unset DOCROUTE_REPO DOCROUTE_USER DOCROUTE_KEY DOCROUTE_DATADIR
export GIT_CONFIG_NOSYSTEM=1 HOME="$W/home" GIT_OPTIONAL_LOCKS=0
mkdir -p "$HOME"
git config --global user.name "stress"
git config --global user.email "stress@localhost"
mkdir -m 700 "$W/keys"
cp "$ex"/keys/*.TEST-KEY.pem "$W/keys/"
chmod 600 "$W/keys"/*.pem
key() { echo "$W/keys/$1-1.TEST-KEY.pem"; }
# One moment for every act (the repositories have a test clock).
export DOCROUTE_NOW=2026-09-29T09:30:00+08:00

now_s() { date +%s; }
rand() { od -An -N2 -tu2 /dev/urandom | tr -d ' \n'; }
idof() { sed -n 's/^  "id": "\(.*\)",*$/\1/p' "$1"; }
commitof() { sed -n 's/^  "commit": "\([0-9a-f]*\)",*$/\1/p' "$1"; }

# draft DIR J KIND MARKER: DIR/d-J.xml, the example draft KIND with its body DIR/body-J.md
# carrying MARKER.
draft() {
    sed "s#href=\"$3.md\"#href=\"body-$2.md\"#" "$ex/drafts/$3.xml" >"$1/d-$2.xml"
    { cat "$ex/drafts/$3.md"; printf '\n%s\n' "$4"; } >"$1/body-$2.md"
}

# act LOG MARKER OUT TOOL ARGS...: runs one act (--json), appends "MARKER RC COMMIT" to
# LOG; leaves the status in $rc, the output in OUT(.out, .err).
act() {
    a_log=$1 a_m=$2 a_out=$3
    shift 3
    if "$@" >"$a_out.out" 2>"$a_out.err"; then rc=0; else rc=$?; fi
    a_c=$(commitof "$a_out.out")
    echo "$a_m $rc ${a_c:--} $a_out" >>"$a_log"
}

# Who acts: an even writer is the emergency bureau's clerk (a notice, countersigned by
# the water bureau), an odd one the finance bureau's (a request, by the development
# bureau). repoargs: the global options naming the repository; pushargs: --push or "".
writer() {
    w_c=$1 w=$2 w_n=$3 w_repo=$4
    w_d=$W/$w_c/w$w
    mkdir -p "$w_d"
    if [ $((w % 2)) = 0 ]; then kind=flood-notice who=p-chen cs=p-he; else kind=budget-request who=p-lv cs=p-song; fi
    j=1 doc=
    while [ "$j" -le "$w_n" ]; do
        m=stress-$w_c-w$w-a$j
        if [ -n "$doc" ]; then
            act "$w_d/log" "$m" "$w_d/$j" "$bin/docsign" -C "$w_repo" --json countersign "$doc" \
                --agree --opinion "同意 $m" --key "$(key "$cs")" $pushargs
            doc=
        else
            draft "$w_d" "$j" "$kind" "$m"
            act "$w_d/log" "$m" "$w_d/$j" "$bin/docsubmit" -C "$w_repo" --json submit "$w_d/d-$j.xml" \
                --key "$(key "$who")" $pushargs
            [ "$rc" != 0 ] || doc=$(idof "$w_d/$j.out")
        fi
        j=$((j + 1))
    done
}

# locks GITDIR: the lock files there (not under objects/).
locks() { find "$1" -name '*.lock' ! -path '*/objects/*' 2>/dev/null | sort; }

bad=0
rows=
# waitall: waits for the writers ($pids); one that failed is a bad figure.
waitall() {
    for p in $pids; do
        wait "$p" || { echo "    writer $p failed (exit $?)" >>"$W/notes"; bad=1; }
    done
}
# evaluate C REPO GITDIR CHECKOUT...: figures of campaign C (its acts in $W/C/*/log) in
# REPO, after a probe act (on $probe_repo, else REPO); appends a row to the table.
evaluate() {
    e_c=$1 e_repo=$2 e_git=$3
    shift 3
    e_d=$W/$e_c
    cat "$e_d"/*/log >"$e_d/acts"
    attempted=$(wc -l <"$e_d/acts")
    ok=$(awk '$2 == 0' "$e_d/acts" | wc -l)
    failed=$(awk '$2 != 0 { print $2 }' "$e_d/acts" | sort | uniq -c |
        awk '{ printf "%s%d x exit %s", sep, $1, $2; sep = ", " }')
    # The checkouts as the campaign left them.
    status=clean
    for co in "$@"; do
        if [ -n "$(git -C "$co" status --porcelain 2>&1)" ]; then
            status=DIRTY
            git -C "$co" status --porcelain 2>&1 | head -5 | sed "s#^#    $e_c: git status: #" >>"$W/notes"
        fi
    done
    # A probe act: a lock left behind blocks it.
    left_before=$(locks "$e_git" | wc -l)
    mkdir -p "$e_d/probe"
    draft "$e_d/probe" 1 budget-request "probe-$e_c"
    if "$bin/docsubmit" -C "${probe_repo:-$e_repo}" --json submit "$e_d/probe/d-1.xml" --key "$(key p-lv)" $pushargs \
        >"$e_d/probe/out" 2>"$e_d/probe/err"; then probe=ok; else probe="exit $?"; fi
    locks "$e_git" >"$e_d/locks"
    for co in "$@"; do locks "$(git -C "$co" rev-parse --absolute-git-dir)" >>"$e_d/locks"; done
    left=$(sort -u "$e_d/locks" | wc -l)
    blocked=$(cat "$e_d/blocked" 2>/dev/null || echo 0)
    [ "$probe" = ok ] || echo "    $e_c: the probe act failed ($probe): $(tr '\n' ' ' <"$e_d/probe/err")" >>"$W/notes"
    sort -u "$e_d/locks" | sed "s#^#    $e_c: lock left: #" >>"$W/notes"
    # What the tip records.
    git -C "$e_repo" rev-list main >"$e_d/revs"
    git -C "$e_repo" grep -h -o -E "stress-$e_c-w[0-9]+-a[0-9]+" main -- docs >"$e_d/found" || :
    recorded=$(sort -u "$e_d/found" | wc -l)
    dup=$(sort "$e_d/found" | uniq -d | wc -l)
    anyway=$(awk -v found="$e_d/found" 'BEGIN { while ((getline l < found) > 0) f[l] = 1 }
        $2 != 0 && ($1 in f) { n++ } END { print n + 0 }' "$e_d/acts")
    dupev=$(git -C "$e_repo" log --format='%(trailers:key=Event-Digest,valueonly)' main | grep . | sort | uniq -d | wc -l)
    dup=$((dup + dupev))
    sort "$e_d/found" | uniq -d | sed "s#^#    $e_c: recorded twice: #" >>"$W/notes"
    lost=$(awk -v revs="$e_d/revs" -v found="$e_d/found" '
        BEGIN { while ((getline l < revs) > 0) r[l] = 1; while ((getline l < found) > 0) f[l] = 1 }
        $2 == 0 && (!($3 in r) || !($1 in f)) { n++; print "    " $1 ": exited 0 with commit " $3 " but is not recorded" > "/dev/stderr" }
        END { print n + 0 }' "$e_d/acts" 2>>"$W/notes")
    if git -C "$e_repo" fsck --no-dangling --no-progress >"$e_d/fsck" 2>&1 && [ ! -s "$e_d/fsck" ]; then
        fsck=clean
    else
        fsck=BAD
        sed "s#^#    $e_c: fsck: #" "$e_d/fsck" | head -5 >>"$W/notes"
    fi
    if "$bin/docroute" -C "$e_repo" -q check --all >"$e_d/check" 2>&1; then check=clean; else
        check=BAD
        sed "s#^#    $e_c: check: #" "$e_d/check" | head -5 >>"$W/notes"
    fi
    [ $# -gt 0 ] || status=-
    locksfig=$((blocked + left))
    unexpected=$(awk '$2 != 0 && $2 != 3 && $2 != 137' "$e_d/acts" | wc -l)
    [ "$unexpected" = 0 ] || awk '$2 != 0 && $2 != 3 && $2 != 137 { print "    " $1 ": exit " $2 }' "$e_d/acts" | head -5 >>"$W/notes"
    e_bad=ok
    if [ "$lost" != 0 ] || [ "$dup" != 0 ] || [ "$fsck" != clean ] || [ "$check" != clean ] ||
        [ "$locksfig" != 0 ] || [ "$status" = DIRTY ] || [ "$unexpected" != 0 ] || [ "$probe" != ok ]; then
        e_bad=BAD
        bad=1
    fi
    row=$(printf '%-4s %-26s %9s %6s %8s %5s %4s %6s %6s %6s %7s %5s' "$e_c" "$e_title" "$attempted" "$ok" \
        "$recorded" "$lost" "$dup" "$fsck" "$check" "$locksfig" "$status" "$e_bad")
    rows="$rows$row
"
    echo "$row"
    {
        [ -z "$failed" ] || echo "    $e_c: not exit 0: $failed; of these $anyway recorded all the same"
        awk '$2 != 0 && $2 != 137 { print $4 ".err" }' "$e_d/acts" | while read -r f; do tail -1 "$f"; done |
            sort | uniq -c | sed "s#^ *\([0-9]*\) #    $e_c: \1 x #"
        [ "$left_before" = 0 ] || echo "    $e_c: $left_before lock file(s) before the probe act"
        echo "    $e_c: $(($(now_s) - e_t0)) s; probe act after the campaign: $probe"
    } >>"$W/notes"
}
header=$(printf '%-4s %-26s %9s %6s %8s %5s %4s %6s %6s %6s %7s %5s' "" campaign attempted ok recorded lost dup fsck check locks status "")

# ---- (a) writers on one bare repository ----
pushargs=
if echo "$only" | grep -q a; then
    e_t0=$(now_s)
    "$bin/docroute" init "$W/a.git" --example zhangdian --bare --test-clock >/dev/null
    repos=
    if [ "$push" = yes ]; then
        e_title="$writers x $n_bare bare, --push"
        "$bin/docroute" -C "$W/a.git" hook install --program "$bin/docroute" >/dev/null 2>&1
        git -C "$W/a.git" config docroute.tolerance 100000000
        port=$((20000 + $$ % 20000))
        git daemon --reuseaddr --listen=127.0.0.1 --port=$port --base-path="$W" --export-all \
            --enable=receive-pack "$W" >"$W/daemon.log" 2>&1 &
        daemon=$!
        url=git://127.0.0.1:$port/a.git
        i=0
        until git ls-remote "$url" >/dev/null 2>&1; do
            i=$((i + 1))
            [ $i -lt 100 ] || { echo "stress.sh: git daemon did not start: $(cat "$W/daemon.log")" >&2; exit 1; }
            sleep 0.1
        done
        w=0
        while [ $w -lt "$writers" ]; do
            git clone -q "$url" "$W/a-clone$w" 2>/dev/null
            git -C "$W/a-clone$w" config docroute.testclock true
            repos="$repos $W/a-clone$w"
            w=$((w + 1))
        done
        pushargs=--push
    else
        e_title="$writers x $n_bare bare"
    fi
    echo "stress: (a) $e_title ..." >&2
    pids=
    w=0
    while [ $w -lt "$writers" ]; do
        if [ "$push" = yes ]; then r=$W/a-clone$w; else r=$W/a.git; fi
        writer a $w "$n_bare" "$r" &
        pids="$pids $!"
        w=$((w + 1))
    done
    waitall
    if [ "$push" = yes ]; then
        # The probe act through the first clone.
        probe_repo=$W/a-clone0
        # shellcheck disable=SC2086
        evaluate a "$W/a.git" "$W/a.git" $repos
        probe_repo=
    else
        evaluate a "$W/a.git" "$W/a.git"
    fi
    pushargs=
fi

# ---- (b) writers in one checkout ----
if echo "$only" | grep -q b; then
    e_t0=$(now_s)
    e_title="$writers x $n_tree checkout"
    echo "stress: (b) $e_title ..." >&2
    "$bin/docroute" init "$W/b.repo" --example zhangdian --test-clock >/dev/null
    pids=
    w=0
    while [ $w -lt "$writers" ]; do
        writer b $w "$n_tree" "$W/b.repo" &
        pids="$pids $!"
        w=$((w + 1))
    done
    waitall
    evaluate b "$W/b.repo" "$W/b.repo/.git" "$W/b.repo"
fi

# ---- (c) kill -9 in a checkout ----
# Each round: the act to kill (a submission, or a countersign of the last round's notice
# by the water bureau), killed after 0-200 ms; then a notice is submitted and
# countersigned by the housing bureau, not killed. An act a lock blocks is counted, the
# locks are removed by hand (as an admin would, nothing else running), and it is redone.
if echo "$only" | grep -q c; then
    e_t0=$(now_s)
    e_title="$kills x kill -9 checkout"
    echo "stress: (c) $e_title ..." >&2
    "$bin/docroute" init "$W/c.repo" --example zhangdian --test-clock >/dev/null
    d=$W/c/k
    mkdir -p "$d"
    : >"$d/log"
    mid=0 late=0 leftlock=0 behind=0 blocked=0 dirty=0 doc=
    # follow LOG MARKER OUT TOOL ARGS...: an act that is not killed; a lock blocking it
    # is counted, removed, and the act redone.
    follow() {
        act "$@"
        if [ "$rc" != 0 ] && grep -q '\.lock' "$3.err"; then
            blocked=$((blocked + 1))
            echo "    c: blocked: $(head -1 "$3.err")" >>"$W/notes"
            locks "$W/c.repo/.git" | while read -r l; do rm -f "$l"; done
            act "$@"
        fi
    }
    i=1
    while [ "$i" -le "$kills" ]; do
        if [ $((i % 2)) = 1 ] || [ -z "$doc" ]; then
            draft "$d" "k$i" budget-request "stress-c-w0-a$i"
            "$bin/docsubmit" -C "$W/c.repo" --json submit "$d/d-k$i.xml" --key "$(key p-lv)" >"$d/k$i.out" 2>"$d/k$i.err" &
        else
            "$bin/docsign" -C "$W/c.repo" --json countersign "$doc" --agree --opinion "同意 stress-c-w0-a$i" \
                --key "$(key p-he)" >"$d/k$i.out" 2>"$d/k$i.err" &
        fi
        pid=$!
        ms=$(($(rand) % 201))
        sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
        kill -9 "$pid" 2>/dev/null || :
        if { wait "$pid"; } 2>/dev/null; then rc=0; else rc=$?; fi
        if [ "$rc" = 137 ]; then mid=$((mid + 1)); else late=$((late + 1)); fi
        c_=$(commitof "$d/k$i.out")
        echo "stress-c-w0-a$i $rc ${c_:--} $d/k$i" >>"$d/log"
        if [ -n "$(locks "$W/c.repo/.git")" ]; then
            leftlock=$((leftlock + 1))
            locks "$W/c.repo/.git" | sed "s#^#    c: round $i, the kill left #" >>"$W/notes"
        fi
        [ -z "$(git -C "$W/c.repo" status --porcelain)" ] || behind=$((behind + 1))
        draft "$d" "s$i" flood-notice "stress-c-w1-a$i"
        follow "$d/log" "stress-c-w1-a$i" "$d/s$i" "$bin/docsubmit" -C "$W/c.repo" --json submit "$d/d-s$i.xml" --key "$(key p-chen)"
        doc=
        [ "$rc" != 0 ] || doc=$(idof "$d/s$i.out")
        if [ -n "$doc" ]; then
            follow "$d/log" "stress-c-w2-a$i" "$d/c$i" "$bin/docsign" -C "$W/c.repo" --json countersign "$doc" \
                --agree --opinion "同意 stress-c-w2-a$i" --key "$(key p-tang)"
        fi
        if [ -n "$(git -C "$W/c.repo" status --porcelain)" ]; then
            dirty=$((dirty + 1))
            [ "$dirty" -gt 3 ] || git -C "$W/c.repo" status --porcelain | head -3 | sed "s#^#    c: round $i, after the next acts: #" >>"$W/notes"
        fi
        i=$((i + 1))
    done
    echo "$blocked" >"$W/c/blocked"
    {
        echo "    c: $mid acts killed mid-act, $late done before the kill; $leftlock kills left a lock file"
        echo "    c: $behind kills left the checkout out of step; $dirty rounds with it still out of step after the next acts"
        echo "    c: $blocked acts blocked by a lock left behind (removed by hand, the act redone)"
    } >>"$W/notes"
    evaluate c "$W/c.repo" "$W/c.repo/.git" "$W/c.repo"
fi

echo
echo "docroute stress ($bin, $(nproc) cores)"
echo "$header"
printf '%s' "$rows"
[ ! -s "$W/notes" ] || { echo "notes:"; cat "$W/notes"; }
if [ "$bad" = 0 ]; then echo "stress: all figures good"; else echo "stress: BAD figures above"; fi
exit "$bad"
