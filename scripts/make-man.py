#!/usr/bin/env python3
"""Makes man/<tool>.1 from the built tools' own --help (run from the top of the tree,
after scripts/build.sh). The pages are committed; cmake --install installs them."""
import re
import subprocess

DESC = {
    "docroute": "the document repository: its record, state, follow-up, verification and working days",
    "docsubmit": "write, lint, submit and revise official documents (公文) as envelopes",
    "docsign": "the signers' acts on official documents: countersigning, the signing chain, returns",
}


def roff(text):
    return text.replace("\\", "\\\\").replace("-", "\\-").replace("'", "\\(aq")


def run(*args):
    return subprocess.run(["./build/cmd/" + args[0], *args[1:]], capture_output=True, text=True).stdout


for tool in DESC:
    out = ['.TH %s 1 "2026-11" "docroute 0.1.0" "docroute manual"' % tool.upper(), ".SH NAME",
           "%s \\- %s" % (tool, DESC[tool]), ".SH SYNOPSIS", ".B %s" % tool,
           "[\\-C \\fIDIR\\fR] [\\-\\-now \\fITIME\\fR] [\\-\\-json] [\\-q] \\fICOMMAND\\fR [\\fIARGS\\fR]",
           ".SH COMMANDS"]
    top = run(tool, "--help")
    for line in top.split("commands:\n")[1].split("\n\n")[0].splitlines():
        m = re.match(r"\s+(\S+)\s+(.*)", line)
        if not m:
            continue
        name, summary = m.groups()
        h = run(tool, name, "--help")
        usage = h.splitlines()[0].replace("usage: ", "")
        body = "\n".join(h.splitlines()[3:]).split("\nglobal options:")[0].strip()
        out += [".TP", ".B " + roff(usage), roff(summary)]
        if body:
            out += [".nf"] + [roff(b) for b in body.splitlines()] + [".fi"]
    out += [".SH GLOBAL OPTIONS", ".nf"]
    out += [roff(b) for b in top.split("global options:\n")[1].split("\nexit status")[0].splitlines()]
    out += [".fi", ".SH ENVIRONMENT",
            "DOCROUTE_REPO, DOCROUTE_NOW, DOCROUTE_USER, DOCROUTE_KEY: as \\-C, \\-\\-now, \\-\\-as and \\-\\-key.",
            ".PP",
            "DOCROUTE_DATADIR: the folder holding examples/ and schemas/ (else "
            "<prefix>/share/docroute beside the program).",
            ".SH EXIT STATUS",
            "0 done; 1 a rule refuses (nothing is committed) or check found a violation; 2 a bad "
            "command line, or a named file malformed or failing its schema; 3 the repository\\(aqs "
            "config or calendar, I/O, or a conflict unresolved after retries; 4 no such document.",
            ".SH SEE ALSO",
            ", ".join("\\fB%s\\fR(1)" % t for t in DESC if t != tool)
            + "; the README and schemas/config.md of the source tree."]
    with open("man/%s.1" % tool, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
