/* docroute check and the server hook: the record verified. */
#include "commands.h"
#include "report.h"
#include "submit.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- check ---- */

const struct option check_opts[] = {
    {"all", no_argument, NULL, OPT_ALL},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
    {0},
};

typedef struct {
    tool *t;
    dr_findings f;
    const dr_verify_opts *opts;
    size_t commits;
    int failed;
    checked_commit *list; /* kept for the JUnit report, when asked */
    bool keep;
} check_walk;

static int check_count(void *ud, const char *commit)
{
    check_walk *w = ud;
    (void)commit;
    w->commits++;
    return 0;
}

/* Notes one verified commit: its findings are f's [first, first + count), rc its error
 * (the message in the tool's context). */
static void keep_commit(check_walk *w, const char *commit, size_t first, size_t count, int rc)
{
    if (w->keep) {
        checked_commit *nl = realloc(w->list, w->commits * sizeof(*nl));
        if (!nl)
            abort();
        w->list = nl;
        checked_commit *c = &w->list[w->commits - 1];
        memset(c, 0, sizeof(*c));
        snprintf(c->id, sizeof(c->id), "%s", commit);
        commit_doc(w->t->store, commit, c->doc);
        /* No Doc-Id trailer (a tampered commit): the document its findings name. */
        for (size_t i = first; !c->doc[0] && i < first + count; i++)
            snprintf(c->doc, sizeof(c->doc), "%s", w->f.v[i].doc);
        if (rc)
            snprintf(c->error, sizeof(c->error), "%.390s", w->t->ctx.msg[0] ? w->t->ctx.msg : dr_strerror(rc));
    }
    if (rc)
        w->failed = fail_ctx(w->t, rc);
}

static int check_each(void *ud, const char *commit)
{
    check_walk *w = ud;
    w->commits++;
    dr_ctx_init(&w->t->ctx);
    size_t before = w->f.n;
    int rc = dr_verify_commit(&w->f, &w->t->ctx, w->t->store, commit, w->opts);
    keep_commit(w, commit, before, w->f.n - before, rc);
    return 0; /* report everything: go on */
}

/* One commit verified by dr_verify_range: as check_each keeps it. */
static void checked(check_walk *w, const dr_verified *v)
{
    w->commits++;
    dr_ctx_init(&w->t->ctx);
    if (v->err)
        w->t->ctx = *v->err;
    keep_commit(w, v->commit, v->first, v->count, v->rc);
}

static int against_checkpoint(tool *t, const char *file, dr_findings *f)
{
    dr_buf b;
    dr_snapshot *tip = NULL;
    int st, rc;
    dr_buf_init(&b, DR_CHECKPOINT_MAX_BYTES);
    if ((st = read_named_file(t, file, DR_CHECKPOINT_MAX_BYTES, &b)))
        return st;
    if (!(rc = dr_store_tip(&tip, &t->ctx, t->store)))
        rc = dr_checkpoint_check(f, &t->ctx, t->store, file, b.ptr ? b.ptr : "", b.len,
                                 dr_snapshot_commit(tip));
    dr_snapshot_free(tip);
    dr_buf_dispose(&b);
    return rc ? fail_ctx(t, rc) : 0;
}

int cmd_check(tool *t, int argc, char **argv)
{
    const char *format = opt_get(OPT_FORMAT) ? opt_get(OPT_FORMAT) : "text";
    int st;
    if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "junit") &&
        strcmp(format, "sarif"))
        return fail(t, EXIT_USAGE, "--format is text, json, junit or sarif");
    if (t->json && (!strcmp(format, "junit") || !strcmp(format, "sarif")))
        return fail(t, EXIT_USAGE, "--json is one JSON document: it goes with --format text or json, "
                                   "not %s (which is its own document)",
                    format);
    if (argc > 1 || (argc == 1 && opt_get(OPT_ALL)))
        return fail(t, EXIT_USAGE, "check takes --all or one RANGE (A..B)");
    if ((st = open_store(t)))
        return st;
    dr_verify_opts o = {0};
    const char *root = dr_store_config_string(t->store, "docroute.root");
    char rootcopy[64] = "";
    if (root)
        snprintf(rootcopy, sizeof(rootcopy), "%s", root);
    o.root = rootcopy[0] ? rootcopy : NULL;
    dr_number_seen *numbers = NULL;
    size_t nnumbers = 0;
    if (!argc) { /* the whole history: numbers are checked for gaps and repeats too */
        o.numbers = &numbers;
        o.nnumbers = &nnumbers;
    }
    check_walk w = {t, {0}, &o, 0, 0, NULL, !strcmp(format, "junit")};
    dr_findings_init(&w.f);
    /* The whole history on both cores; a range (a push's) in this thread. */
    dr_verified *done = NULL;
    size_t ndone = 0;
    int rc = dr_verify_range(&w.f, &done, &ndone, &t->ctx, t->store, argc ? argv[0] : NULL, &o,
                             argc ? 1 : 2);
    for (size_t i = 0; !rc && i < ndone; i++)
        checked(&w, &done[i]);
    dr_verified_free(done, ndone);
    if (rc) {
        dr_findings_dispose(&w.f);
        free(numbers);
        free(w.list);
        return fail_ctx(t, rc);
    }
    /* A signed checkpoint: its commit must still be in the branch's history. */
    if (opt_get(OPT_CHECKPOINT) && (st = against_checkpoint(t, opt_get(OPT_CHECKPOINT), &w.f))) {
        dr_findings_dispose(&w.f);
        free(numbers);
        free(w.list);
        return st;
    }
    /* The tip's config describes the rules; its calendar, by the clock in force, is
     * warned of. */
    dr_snapshot *tip = NULL;
    const dr_config *tcfg = NULL;
    const dr_calendar *tcal;
    dr_time now;
    dr_ctx quiet;
    dr_ctx_init(&quiet);
    if (!dr_store_tip(&tip, &quiet, t->store) && !dr_snapshot_config(tip, &quiet, &tcfg)) {
        t->cfg = tcfg;
        if (!dr_snapshot_calendar(tip, &quiet, &tcal) && !clock_now(t, tcfg->utc_offset, &now))
            calendar_warnings(t, tcal, dr_time_date(now));
    }
    check_report r = {format, argc == 0, false, tcfg, &w.f, w.list, w.commits};
    report_findings(t, &r);
    free(w.list);
    t->cfg = NULL;
    dr_snapshot_free(tip);
    if (!strcmp(format, "text") && !t->json)
        note(t, "%zu commit%s checked, %zu finding%s", w.commits, w.commits == 1 ? "" : "s", w.f.n,
             w.f.n == 1 ? "" : "s");
    st = w.failed ? w.failed : w.f.n ? EXIT_RULE : EXIT_DONE;
    dr_findings_dispose(&w.f);
    free(numbers);
    return st;
}

/* ---- the server hook ---- */

int cmd_hook(tool *t, int argc, char **argv)
{
    int st, rc;
    if (argc == 1 && !strcmp(argv[0], "install")) {
        /* The hook runs the installed docroute: --program PATH (absolute), else the
         * docroute on the PATH git gives its hooks. */
        const char *program = opt_get(OPT_PROGRAM);
        char path[4200], genesis[41], quoted[8400];
        if (program && (program[0] != '/' || access(program, X_OK) != 0))
            return fail(t, EXIT_USAGE, "--program '%s': not an absolute path to an executable",
                        program);
        if ((st = open_store(t)))
            return st;
        if ((rc = dr_store_genesis(t->store, &t->ctx, genesis)))
            return fail_ctx(t, rc);
        if (!dr_store_config_string(t->store, "docroute.root") &&
            (rc = dr_store_set_config(t->store, &t->ctx, "docroute.root", genesis)))
            return fail_ctx(t, rc);
        /* A single-quoted shell word: ' becomes '\'' */
        size_t q = 0;
        const char *prog = program ? program : "docroute";
        quoted[q++] = '\'';
        for (const char *c = prog; *c && q < sizeof(quoted) - 6; c++) {
            if (*c == '\'') {
                memcpy(quoted + q, "'\\''", 4);
                q += 4;
            } else {
                quoted[q++] = *c;
            }
        }
        quoted[q++] = '\'';
        quoted[q] = '\0';
        snprintf(path, sizeof(path), "%shooks/pre-receive", dr_store_gitdir(t->store));
        char tmp[4300];
        snprintf(tmp, sizeof(tmp), "%s.docroute-new", path);
        FILE *f = fopen(tmp, "w");
        bool ok = f && fprintf(f, "#!/bin/sh\n# docroute: every push is checked (SPEC §8)\n"
                                  "exec %s hook pre-receive\n",
                               quoted) >= 0;
        if (f && fclose(f) != 0)
            ok = false;
        if (!ok || chmod(tmp, 0755) != 0 || rename(tmp, path) != 0) {
            unlink(tmp);
            return fail(t, EXIT_REPO, "cannot write '%s'", path);
        }
        json_object_set_new(result(t), "hook", json_string(path));
        json_object_set_new(result(t), "program", json_string(prog));
        json_object_set_new(result(t), "root", json_string(genesis));
        note(t, "pre-receive hook installed in %s (runs %s); genesis pinned: %.12s", path, prog,
             genesis);
        return EXIT_DONE;
    }
    if (argc != 1 || strcmp(argv[0], "pre-receive") != 0)
        return fail(t, EXIT_USAGE, "usage: docroute hook install | docroute hook pre-receive");
    /* Run by git receive-pack: GIT_DIR and the quarantine come from the environment. */
    if (dr_store_open(&t->store, &t->ctx, NULL, DR_STORE_FROM_ENV))
        return fail_ctx(t, DR_EIO);
    const char *root = dr_store_config_string(t->store, "docroute.root");
    char rootcopy[64] = "";
    if (root)
        snprintf(rootcopy, sizeof(rootcopy), "%s", root);
    const char *tol = dr_store_config_string(t->store, "docroute.tolerance");
    dr_verify_opts o = {0};
    o.root = rootcopy[0] ? rootcopy : NULL;
    o.clock = true;
    o.tolerance = tol ? (int)strtol(tol, NULL, 10) : 10;
    if (o.tolerance <= 0)
        o.tolerance = 10;
    o.now.epoch = (int64_t)time(NULL);
    char ref[200];
    snprintf(ref, sizeof(ref), "refs/heads/%s", dr_store_branch(t->store));
    char line[600], oldh[64], newh[64], name[400];
    dr_findings f;
    dr_findings_init(&f);
    int refused = 0;
    while (fgets(line, sizeof(line), stdin)) {
        if (sscanf(line, "%63s %63s %399s", oldh, newh, name) != 3)
            continue;
        bool zero_old = strspn(oldh, "0") == strlen(oldh), zero_new = strspn(newh, "0") == strlen(newh);
        if (strcmp(name, ref) != 0) {
            fprintf(stderr, "docroute: ENV-HISTORY: only %s is pushed here, not %s\n", ref, name);
            refused = 1;
            continue;
        }
        if (zero_new) {
            fprintf(stderr, "docroute: ENV-HISTORY: %s is never deleted\n", ref);
            refused = 1;
            continue;
        }
        char range[200];
        if (!zero_old) {
            /* A fast-forward: no commit of old is missing from new. */
            check_walk probe = {t, {0}, NULL, 0, 0, NULL, false};
            snprintf(range, sizeof(range), "%s..%s", newh, oldh);
            bool ff = dr_store_walk(t->store, &t->ctx, range, check_count, &probe) == 0 &&
                      probe.commits == 0;
            if (!ff) {
                fprintf(stderr, "docroute: ENV-HISTORY: %s: not a fast-forward — the record is "
                                "never rewritten\n",
                        ref);
                refused = 1;
                continue;
            }
            snprintf(range, sizeof(range), "%s..%s", oldh, newh);
        } else {
            snprintf(range, sizeof(range), "%s", newh);
        }
        check_walk w = {t, {0}, &o, 0, 0, NULL, false};
        dr_findings_init(&w.f);
        if ((rc = dr_store_walk(t->store, &t->ctx, zero_old ? newh : range, check_each, &w)))
            w.failed = fail_ctx(t, rc);
        for (size_t i = 0; i < w.f.n; i++) {
            fprintf(stderr, "docroute: %s: %.12s %s%s: %s\n", w.f.v[i].rule, w.f.v[i].commit,
                    w.f.v[i].doc, w.f.v[i].event ? " (event)" : "", w.f.v[i].message);
            refused = 1;
        }
        if (w.failed)
            refused = 1;
        dr_findings_dispose(&w.f);
    }
    dr_findings_dispose(&f);
    if (refused)
        fprintf(stderr, "docroute: push refused: the record must stay as the rules say\n");
    return refused ? EXIT_RULE : EXIT_DONE;
}
