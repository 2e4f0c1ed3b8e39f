/* docroute — the repository: the command table, register and render. Each other command
 * has its file (init.c, status.c, follow.c, check.c, configact.c, sync.c, reproject.c). */
#include "common.h"
#include "commands.h"
#include "report.h"
#include "submit.h"

#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


static const struct option reproject_opts[] = {
    {"reason", required_argument, NULL, OPT_REASON},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {0},
};

static const struct option hook_opts[] = {
    {"program", required_argument, NULL, OPT_PROGRAM},
    {0},
};

/* ---- register, render ---- */

static int cmd_register(tool *t, int argc, char **argv)
{
    doc_act da;
    memset(&da, 0, sizeof(da));
    if (argc != 1)
        return fail(t, EXIT_USAGE, "register needs one DOC");
    da.doc_id = argv[0];
    da.in.act = "register";
    int st = run_doc_act(t, &da);
    if (!st) {
        const char *colon = strstr(da.summary, ": ");
        json_object_set_new(result(t), "number", json_string(colon ? colon + 2 : ""));
    }
    return st;
}

static const struct option render_opts[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, OPT_OUTPUT},
    {0},
};

static int cmd_render(tool *t, int argc, char **argv)
{
    repo_view v;
    dr_envelope *env = NULL;
    dr_route_state *rs = NULL;
    const dr_config *rcfg;
    dr_buf out;
    dr_time now;
    int st, rc;
    const char *format = opt_get(OPT_FORMAT) ? opt_get(OPT_FORMAT) : "html";
    const char *path = opt_get(OPT_OUTPUT);
    if (argc != 1)
        return fail(t, EXIT_USAGE, "render needs one DOC");
    if (strcmp(format, "html") && strcmp(format, "dot"))
        return fail(t, EXIT_USAGE, "--format is html or dot, not '%s'", format);
    dr_buf_init(&out, 0);
    if ((st = open_view(t, &v)) || (st = clock_now(t, v.cfg->utc_offset, &now)) ||
        (st = load_doc(t, &v, argv[0], &env)))
        goto done;
    if ((rc = dr_snapshot_config_at(v.snap, &t->ctx, dr_envelope_config_blob(env), &rcfg))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    const dr_route *route = dr_config_route(rcfg, dr_envelope_route(env));
    if (!route || (rc = dr_route_fold(&rs, &t->ctx, v.cfg, route, env, now)) ||
        (rc = !strcmp(format, "html") ? dr_render_html(&out, &t->ctx, v.cfg, env, rs)
                                      : dr_render_dot(&out, &t->ctx, v.cfg, env, rs))) {
        st = route ? fail_ctx(t, rc) : fail(t, EXIT_REPO, "no route '%s'", dr_envelope_route(env));
        goto done;
    }
    if (path) {
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(out.ptr, 1, out.len, f) != out.len || fclose(f) != 0) {
            st = fail(t, EXIT_REPO, "cannot write '%s'", path);
            goto done;
        }
        json_object_set_new(result(t), "output", json_string(path));
    } else if (t->json) {
        json_object_set_new(result(t), format, json_string(out.ptr));
    } else {
        fwrite(out.ptr, 1, out.len, stdout);
    }
done:
    dr_buf_dispose(&out);
    dr_route_state_free(rs);
    dr_envelope_free(env);
    dr_snapshot_free(v.snap);
    return st;
}

static const command commands[] = {
    {"init", "[DIR] (--example NAME | --from DIR) [--bare] [--test-clock]",
     "create a document repository: HEAD on main, the genesis commit with .docroute/",
     "options:\n"
     "  --example NAME   copy an example's config, public keys and calendars (zhangdian)\n"
     "  --from DIR       copy a folder laid out like .docroute/ (config.yaml, keys/, calendar/)\n"
     "  --bare           a bare repository (servers, cron)\n"
     "  --test-clock     set docroute.testclock=true: acting commands then accept --now\n"
     "\nDIR defaults to -C DIR, else $DOCROUTE_REPO, else the current directory; it is made\n"
     "when missing. The config and every calendar file are validated before anything is\n"
     "created. Examples are found in <prefix>/share/docroute/examples beside the program\n"
     "(a build tree points into its source tree); $DOCROUTE_DATADIR overrides it.\n",
     false, init_opts, cmd_init},
    {"status", "[DOC]...", "show documents: their route, steps, who holds each open step, due dates",
     "With no DOC, every document of the repository.\n", false, NULL, cmd_status},
    {"log", "DOC", "list a document's events, each verified as check verifies it",
     "Each commit that touched the document is verified by check's verifier, against the\n"
     "config in force in its parent: signatures, the hash chain, the write-set, the act\n"
     "re-planned. An event with a finding is marked ✗ with its rule; findings about a\n"
     "commit itself are listed after. Exit 1 when there is any finding.\n",
     false, NULL, cmd_log},
    {"overdue", "", "every open step past its due date, who holds it, extra-urgent first",
     "For cron and the office's " DR_W_CHASE ": a countersign request on a route where silence is not\n"
     "consent stays open past its due date and is listed here; so is any step with a\n"
     "period. Counts the working days overdue.\n",
     false, NULL, cmd_overdue},
    {"inbox", "(--as PERSON | --unit UNIT)",  DR_W_PENDING_WORK ": what waits on a person (substitution included) or a unit",
     "options:\n"
     "  --as PERSON   the open steps and countersign requests PERSON may act on today,\n"
     "                as a holder or as a substitute (" DR_W_ACTING_FOR "); else $DOCROUTE_USER\n"
     "  --unit UNIT   those held by people of UNIT, or asked of it\n",
     false, inbox_opts, cmd_inbox},
    {"sweep", "[--dry-run]", "records consent where the route says silence is consent",
     "For cron: on routes whose countersign policy is silence: consent, each request past\n"
     "its due date and unanswered is recorded as a deemed-consent by `system` (signed with\n"
     "the system key: --key / DOCROUTE_KEY), one commit per document. Requests on routes\n"
     "where silence is not consent are never deemed (see overdue). Idempotent; exit 0 when\n"
     "everything due is recorded, now or before.\n"
     "\noptions:\n"
     "  --dry-run     list what would be recorded, record nothing\n",
     true, sweep_opts, cmd_sweep},
    {"register", "DOC",  DR_W_REGISTER ": the " DR_W_DOC_NUMBER " (" DR_W_NUMBER_PREFIX  DR_W_NUMBER_OPEN "2026" DR_W_NUMBER_CLOSE "7" DR_W_NUMBER_SERIAL "), at the route's register step",
     "The next number of the lead issuer's " DR_W_NUMBER_PREFIX " this year, from the register ledger in the\n"
     "repository (registers/<year>/<" DR_W_NUMBER_PREFIX ">.txt), which the act appends in the same commit;\n"
     "after the numbers the config declares issued before adoption (numbering:). Unique\n"
     "and gap-free even when clerks register at once (allocated against the tip, retried\n"
     "when it moved).\n",
     true, NULL, cmd_register},
    {"render", "DOC [--format html|dot] [-o FILE]",
     "the routing slip (" DR_W_SLIP_INCOMING " / " DR_W_SLIP_OUTGOING "), or the route drawn as a graph",
     "options:\n"
     "  --format html   a page fit to print: title, number, type, urgency, classification,\n"
     "                  and every step with signer, " DR_W_ACTING_FOR ", opinion and time (the default)\n"
     "  --format dot    the route and its state, for Graphviz\n"
     "  -o, --output F  write to F instead of stdout\n",
     false, render_opts, cmd_render},
    {"check", "[--all | RANGE] [--checkpoint FILE] [--format text|json|junit|sarif]",
     "verify the record: every commit of the history (or of A..B) against the rules",
     "Each commit is judged by the config and calendar in force in its parent: the schema,\n"
     "textual append and the act's write-set, one act by its actor, every signature and its\n"
     "key's validity, the hash chain, monotonic time, the trailers, config acts signed by\n"
     "config-admin holders, and the act itself re-planned from the envelope before it\n"
     "(step order, eligibility, due dates re-derived, deemed consents only after their due\n"
     "date and only where silence counts). Exit 1 when anything is found.\n"
     "\noptions:\n"
     "  --checkpoint FILE  also compare the branch with a signed checkpoint (docroute\n"
     "                     checkpoint): its commit must still be in the history (ENV-HISTORY),\n"
     "                     so a rewrite that dropped acts is found without the server's hook\n",
     false, check_opts, cmd_check},
    {"checkpoint", "--key K",
     "sign the branch's tip as a checkpoint, to keep outside the repository",
     "Prints a small signed file (the tip's commit, the signer, the time), signed by one the\n"
     "config's acts: config names. Store it where the repository's writers cannot change it;\n"
     "`check --checkpoint FILE` then refuses a branch rewritten past it (a rebase or reset\n"
     "that dropped acts, which a repository without the pre-receive hook would otherwise\n"
     "accept). Records nothing in the repository.\n",
     true, NULL, cmd_checkpoint},
    {"config", "commit --key K [--key K2]",
     "a config act: the work tree's .docroute/, signed by config-admin holders",
     "The change of .docroute/ (and nothing else) is recorded with one Config-Signature\n"
     "trailer per signer, over \"docroute-config-v1\\0\" + parent + new .docroute tree, by holders\n"
     "of those acts: config names under the previous config: config-signatures: sensitive\n"
     "(default 2) when keys, roles, routes or numbering change, else other (default 1).\n"
     "The new config and calendars are validated first.\n",
     true, NULL, cmd_config},
    {"hook", "install [--program PATH] | pre-receive",
     "the server side: install the pre-receive hook on a bare repository, or run it",
     "install: writes hooks/pre-receive and pins the genesis in git config docroute.root.\n"
     "  The hook runs `docroute` from the PATH git gives its hooks, or --program PATH (an\n"
     "  absolute path to the installed docroute).\n"
     "pre-receive (run by git): refuses refs other than the routing branch, deletions,\n"
     "non-fast-forward updates and merges, runs check on the pushed commits (read from the\n"
     "quarantine), and refuses events further than docroute.tolerance minutes (default 10)\n"
     "from the server's clock (ENV-CLOCK).\n",
     false, hook_opts, cmd_hook},
    {"sync", "[REMOTE] --key K",
     "forward this clone's own local acts to the upstream, re-stamped and re-signed",
     "Each local act the key's owner made is planned again on the upstream tip (the rules\n"
     "re-checked), signed anew and pushed; the others are reported as needing a redo by\n"
     "their actors (exit 3). When all are upstream, the local branch follows it.\n",
     true, NULL, cmd_sync},
    {"reproject", "--reason TEXT [--dry-run]",
     "record open due dates again on a replaced calendar year (provisional → official)",
     "After a config act replaced a calendar year file, each open countersign request and\n"
     "open step whose due date the calendar now counts otherwise (from the same start) gets\n"
     "a signed reproject event with the new date, one commit per document; check re-derives\n"
     "it. By whom the config's acts: reproject names. Without it, recorded due dates stand.\n"
     "\noptions:\n"
     "  --reason TEXT   why (the notice that replaced the year), recorded with each event\n"
     "  --dry-run       list what would be recorded, record nothing\n",
     true, reproject_opts, cmd_reproject},
    {"repair", "",
     "put this checkout back in step with the branch after an interrupted act",
     "A crash, a full disk or a held lock between an act's commit and its work-tree update\n"
     "leaves the index staging the removal of what was recorded (a plain `git commit` would\n"
     "commit that). Every acting command first puts docs/ and registers/ back in step with\n"
     "the branch tip; repair does it on demand, and also restores record files edited or\n"
     "deleted by hand and removes leftover temporary files. Records nothing; a no-op when\n"
     "all is in step. A dead writer's lock (its process gone, or 10 minutes old) is removed;\n"
     "a live one is waited for (30 s), then named (exit 3).\n",
     false, NULL, cmd_repair},
    {"workdays", "DATE [+N|-N]",
     "what the calendar says of DATE, or the N-th working day after (or before) it",
     "The starting day never counts, whatever its kind (" DR_W_CIVIL_CODE_201 "). A year without a\n"
     "calendar file is an error naming the year (exit 3).\n",
     false, NULL, cmd_workdays},
    {0},
};

int main(int argc, char **argv)
{
    tool t = {.name = "docroute", .commands = commands};
    return tool_main(&t, argc, argv,
                     "docroute — the document repository: its record, state and working days.");
}
