# bash completion for docroute, docsubmit and docsign.
# Installed as <prefix>/share/bash-completion/completions/{docroute,docsubmit,docsign};
# to try it from a source tree: . completion/docroute.bash
#
# Commands and options come from the tool's own --help, so they never go stale;
# document ids from the repository (-C DIR, else $DOCROUTE_REPO, else the current one).

# The commands of a tool: the indented words under "commands:" in its --help.
_docroute_commands()
{
    "$1" --help 2>/dev/null | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }'
}

# The long options of one command (and the global ones), from its --help.
_docroute_options()
{
    "$1" "$2" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
    printf '%s\n' -C --json --quiet --now --help
}

# The document ids at the repository's tip: docs/<year>/<code>/<id>/.
_docroute_ids()
{
    git -C "$1" ls-tree -r -d --name-only HEAD -- docs 2>/dev/null | awk -F/ 'NF == 4 { print $4 }'
}

_docroute()
{
    local cur prev tool cmd repo i w
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    tool=${COMP_WORDS[0]}
    repo=${DOCROUTE_REPO:-.}
    cmd=
    local cmds
    cmds=$(_docroute_commands "$tool")
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case "$w" in
        -C) repo=${COMP_WORDS[i + 1]}; ((i++)) ;;
        --now | --as | --key | --acting-for | --format | -o | --output | --from | --example | \
            --opinion | --unit | --to | --body | --note | --program | --inbox-as)
            ((i++)) ;;
        -*) ;;
        *)
            if [ -z "$cmd" ] && printf '%s\n' $cmds | grep -qx -- "$w"; then
                cmd=$w
            fi
            ;;
        esac
    done
    case "$prev" in
    -C | --from)
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    --key | --body | --note | -o | --output | --program)
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --format)
        COMPREPLY=($(compgen -W "text json junit sarif html dot" -- "$cur"))
        return
        ;;
    --now | --as | --acting-for | --opinion | --unit | --to | --example | --inbox-as)
        return
        ;;
    esac
    if [ -z "$cmd" ]; then
        if [[ "$cur" == -* ]]; then
            COMPREPLY=($(compgen -W "-C --json --quiet --now --help --version" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
            # docsubmit FILE is docsubmit submit FILE
            [ "${tool##*/}" = docsubmit ] && COMPREPLY+=($(compgen -f -X '!*.xml' -- "$cur"))
        fi
        return
    fi
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$(_docroute_options "$tool" "$cmd")" -- "$cur"))
        return
    fi
    # A command that takes DOC: the ids of the repository; else files.
    if "$tool" "$cmd" --help 2>/dev/null | head -1 | grep -q 'DOC'; then
        COMPREPLY=($(compgen -W "$(_docroute_ids "$repo")" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

complete -F _docroute docroute docsubmit docsign
