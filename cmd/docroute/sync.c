/* docroute sync: a clone's own local acts forwarded to the upstream. */
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

/* ---- sync ---- */

typedef struct {
    char (*ids)[41];
    size_t n;
} commit_list;

static int list_commit(void *ud, const char *commit)
{
    commit_list *l = ud;
    char (*v)[41] = realloc(l->ids, (l->n + 1) * sizeof(*v));
    if (!v)
        return DR_ENOMEM;
    l->ids = v;
    snprintf(l->ids[l->n++], 41, "%s", commit);
    return 0;
}

/* The document act a local commit records: the doc id and the first new event. */
static int local_act(tool *t, const char *commit, char id[64], dr_envelope **env, size_t *first)
{
    dr_snapshot *c = NULL, *p = NULL;
    char parents[1][41], trailer_id[64] = "";
    size_t np = 0;
    int rc = 0;
    *env = NULL;
    const char *msg;
    if ((rc = dr_store_snapshot(&c, &t->ctx, t->store, commit)))
        return rc;
    msg = dr_snapshot_message(c);
    const char *d = strstr(msg, "\nDoc-Id: ");
    if (d)
        sscanf(d + 9, "%63s", trailer_id);
    dr_snapshot_parents(c, parents, 1, &np);
    if (!trailer_id[0] || np != 1 || dr_store_snapshot(&p, &t->ctx, t->store, parents[0])) {
        rc = DR_ENOTFOUND;
        goto done;
    }
    snprintf(id, 64, "%s", trailer_id);
    dr_envelope *before = NULL;
    if (load_envelope(t, c, id, env) == 0) {
        *first = 0;
        if (load_envelope(t, p, id, &before) == 0)
            *first = dr_envelope_event_count(before);
        else
            dr_ctx_init(&t->ctx);
        dr_envelope_free(before);
    } else {
        rc = DR_ENOTFOUND;
    }
done:
    dr_snapshot_free(c);
    dr_snapshot_free(p);
    return rc;
}

/* A local submission, submitted again on the upstream tip (its id is allocated there):
 * the recorded document and the files of the local commit. Exit status. */
static int resubmit(tool *t, const char *commit, const dr_envelope *env, const char *old_id,
                    char new_id[64], char pushed[41])
{
    submission s;
    dr_buf docxml, wrapped;
    dr_snapshot *c = NULL;
    char dir[128], path[400];
    int st = 0, rc;
    memset(&s, 0, sizeof(s));
    dr_buf_init(&docxml, DR_ENVELOPE_MAX_BYTES);
    dr_buf_init(&wrapped, DR_ENVELOPE_MAX_BYTES);
    dr_buf_init(&s.body, BODY_MAX);
    const dr_document *d = dr_envelope_document(env);
    if (d->level && strcmp(d->level, "none") != 0) {
        st = fail(t, EXIT_REPO, "%s is classified: its files are not in the repository to resubmit",
                  old_id);
        goto done;
    }
    if ((rc = dr_envelope_document_xml(env, &t->ctx, NULL, 0, &docxml)) ||
        (rc = dr_store_snapshot(&c, &t->ctx, t->store, commit))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    dr_buf_puts(&wrapped, "<envelope xmlns=\"" DR_ENVELOPE_NS "\">");
    dr_buf_puts(&wrapped, docxml.ptr);
    dr_buf_puts(&wrapped, "</envelope>");
    if ((rc = dr_envelope_parse(&s.draft, &t->ctx, old_id, wrapped.ptr, wrapped.len, DR_FORM_DRAFT))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    dr_doc_dir(old_id, dir, sizeof(dir));
    snprintf(path, sizeof(path), "%s/%s", dir, d->body.href);
    if ((rc = dr_snapshot_read(c, &t->ctx, path, &s.body))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    snprintf(s.body_href, sizeof(s.body_href), "%s", d->body.href);
    snprintf(s.body_sha, sizeof(s.body_sha), "%s", d->body.sha256);
    for (size_t i = 0; i < d->nattachments && i < 16; i++) {
        dr_buf_init(&s.att[i].data, BODY_MAX);
        s.natt = i + 1;
        snprintf(path, sizeof(path), "%s/%s", dir, d->attachments[i].href);
        if ((rc = dr_snapshot_read(c, &t->ctx, path, &s.att[i].data))) {
            st = fail_ctx(t, rc);
            goto done;
        }
        snprintf(s.att[i].href, sizeof(s.att[i].href), "%s", d->attachments[i].href);
        snprintf(s.att[i].sha, sizeof(s.att[i].sha), "%s", d->attachments[i].sha256);
    }
    s.draft_path = old_id;
    s.preloaded = true;
    if ((st = run_act(t, plan_submit, &s, pushed)))
        goto done;
    snprintf(new_id, 64, "%s", s.id);
done:
    submission_dispose(&s);
    dr_snapshot_free(c);
    dr_buf_dispose(&docxml);
    dr_buf_dispose(&wrapped);
    return st;
}

int cmd_sync(tool *t, int argc, char **argv)
{
    struct {
        char old_id[64], new_id[64];
    } renamed[64];
    size_t nrenamed = 0;
    char remote[100], url[1024], range[400], tracking[300];
    commit_list l = {0};
    int st, rc, redo = 0, forwarded = 0;
    if (argc > 1)
        return fail(t, EXIT_USAGE, "sync takes at most one REMOTE");
    if ((st = open_store(t)))
        return st;
    if ((rc = dr_store_upstream(t->store, &t->ctx, remote, sizeof(remote), url, sizeof(url))))
        return fail(t, EXIT_USAGE, "sync needs an upstream remote");
    if (argc)
        snprintf(remote, sizeof(remote), "%s", argv[0]);
    if ((rc = dr_store_fetch(t->store, &t->ctx, remote)))
        return fail_ctx(t, rc);
    snprintf(tracking, sizeof(tracking), "refs/remotes/%s/%s", remote, dr_store_branch(t->store));
    snprintf(range, sizeof(range), "%s..refs/heads/%s", tracking, dr_store_branch(t->store));
    if ((rc = dr_store_walk(t->store, &t->ctx, range, list_commit, &l)))
        return fail_ctx(t, rc);
    json_t *fw = json_array(), *need = json_array();
    json_object_set_new(result(t), "forwarded", fw);
    json_object_set_new(result(t), "needs_redo", need);
    /* The runner: the owner of --key. */
    t->push = true;
    for (size_t i = 0; i < l.n; i++) {
        char id[64];
        dr_envelope *env = NULL;
        size_t first = 0;
        dr_buf dx;
        dr_buf_init(&dx, DR_ENVELOPE_MAX_BYTES);
        if (local_act(t, l.ids[i], id, &env, &first) || first >= dr_envelope_event_count(env)) {
            note(t, "%.12s: not a document act (a config act?): needs a redo", l.ids[i]);
            json_array_append_new(need, json_string(l.ids[i]));
            redo++;
            dr_envelope_free(env);
            dr_buf_dispose(&dx);
            continue;
        }
        /* A document this sync re-submitted goes on under its new id. */
        const char *mapped = NULL;
        for (size_t r = 0; r < nrenamed; r++)
            if (!strcmp(renamed[r].old_id, id))
                mapped = renamed[r].new_id;
        /* The same document upstream? Its submission event must be the one recorded here:
         * an id allocated locally may name another document upstream. */
        bool same_doc = mapped != NULL;
        if (!mapped && strcmp(dr_envelope_event(env, first)->act, "submit") != 0) {
            dr_snapshot *up = NULL;
            dr_envelope *upenv = NULL;
            char a1[72], b1[72];
            dr_ctx quiet;
            dr_ctx_init(&quiet);
            if (dr_store_snapshot(&up, &quiet, t->store, tracking) == 0 &&
                load_envelope(t, up, id, &upenv) == 0 &&
                dr_envelope_event_digest(env, &quiet, 0, a1) == 0 &&
                dr_envelope_event_digest(upenv, &quiet, 0, b1) == 0)
                same_doc = strcmp(a1, b1) == 0;
            dr_ctx_init(&t->ctx);
            dr_envelope_free(upenv);
            dr_snapshot_free(up);
        }
        if (!same_doc && strcmp(dr_envelope_event(env, first)->act, "submit") != 0) {
            note(t, "%.12s: %s upstream is not the document this act was recorded on: needs a redo",
                 l.ids[i], id);
            json_array_append_new(need, json_pack("{s:s,s:s}", "commit", l.ids[i], "doc", id));
            redo++;
            dr_envelope_free(env);
            dr_buf_dispose(&dx);
            continue;
        }
        doc_act da;
        memset(&da, 0, sizeof(da));
        dr_act_input_from_record(&da.in, &t->ctx, env, first, &dx);
        da.doc_id = mapped ? mapped : id;
        const char *act = da.in.act;
        bool simple = strcmp(act, "submit") && strcmp(act, "revise") && strcmp(act, "coordinate");
        bool submit = !strcmp(act, "submit");
        char who[64];
        snprintf(who, sizeof(who), "%s", da.in.actor);
        da.in.actor = NULL;
        da.in.at = (dr_time){0, 0};
        da.system = !strcmp(who, "system");
        char commit[41] = "";
        /* Only the runner's own acts can be signed anew; the planner re-checks the rules. */
        t->as = who;
        dr_ctx_init(&t->ctx);
        char new_id[64] = "";
        if (submit) {
            st = resubmit(t, l.ids[i], env, id, new_id, commit);
            if (!st && nrenamed < 64) {
                snprintf(renamed[nrenamed].old_id, sizeof(renamed[0].old_id), "%s", id);
                snprintf(renamed[nrenamed].new_id, sizeof(renamed[0].new_id), "%s", new_id);
                nrenamed++;
                if (!t->json && !t->quiet)
                    printf("%s → %s (submitted again upstream)\n", id, new_id);
            }
        } else if (!simple) {
            note(t, "%.12s %s %s by %s: redo it with --push", l.ids[i], act, id, who);
            st = EXIT_REPO;
        } else {
            st = run_act(t, plan_doc_act, &da, commit);
        }
        if (!st && commit[0]) {
            json_array_append_new(fw, json_pack("{s:s,s:s,s:s}", "was", l.ids[i], "commit", commit, "doc", id));
            forwarded++;
            if (!t->json && !t->quiet)
                printf("%.12s → %.12s  %s %s by %s\n", l.ids[i], commit, act, da.doc_id, who);
        } else {
            json_array_append_new(need, json_pack("{s:s,s:s,s:s,s:s}", "commit", l.ids[i], "doc", id,
                                                  "act", act, "actor", who));
            redo++;
        }
        t->as = NULL;
        dr_buf_dispose(&dx);
        dr_envelope_free(env);
    }
    free(l.ids);
    if (!redo) {
        /* Every local act is upstream now: the local branch follows it. */
        dr_snapshot *up = NULL;
        bool moved;
        if (!dr_store_fetch(t->store, &t->ctx, remote) &&
            !dr_store_snapshot(&up, &t->ctx, t->store, tracking)) {
            char tip[41];
            snprintf(tip, sizeof(tip), "%s", dr_snapshot_commit(up));
            char ref[200];
            snprintf(ref, sizeof(ref), "refs/heads/%s", dr_store_branch(t->store));
            dr_store_reset(t->store, &t->ctx, tip, &moved);
        }
        dr_snapshot_free(up);
        note(t, "%d act%s forwarded; the local branch follows the upstream", forwarded,
             forwarded == 1 ? "" : "s");
        return EXIT_DONE;
    }
    return fail(t, EXIT_REPO, "%d act%s forwarded, %d need%s a redo by their actors", forwarded,
                forwarded == 1 ? "" : "s", redo, redo == 1 ? "s" : "");
}
