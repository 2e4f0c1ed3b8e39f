/* docroute status, log and workdays: documents and working days at the tip. */
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

static int status_one(tool *t, repo_view *v, const char *id, dr_time now, json_t *docs)
{
    dr_envelope *env = NULL;
    dr_route_state *rs = NULL;
    const dr_config *rcfg;
    int st, rc;
    if ((st = load_doc(t, v, id, &env)))
        return st;
    const dr_document *d = dr_envelope_document(env);
    dr_date today = dr_time_date(now);
    if ((rc = dr_snapshot_config_at(v->snap, &t->ctx, dr_envelope_config_blob(env), &rcfg))) {
        dr_envelope_free(env);
        return fail_ctx(t, rc);
    }
    const dr_route *route = dr_config_route(rcfg, dr_envelope_route(env));
    if (!route) {
        dr_envelope_free(env);
        return fail(t, EXIT_REPO, "%s: its config has no route '%s'", id, dr_envelope_route(env));
    }
    if ((rc = dr_route_fold(&rs, &t->ctx, v->cfg, route, env, now))) {
        dr_envelope_free(env);
        return fail_ctx(t, rc);
    }
    d = &rs->doc; /* with its effective routing flags */
    json_t *jd = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "id", id, "title", d->title, "type",
                           d->type, "urgency", d->urgency, "route", route->id, "finished",
                           rs->finished);
    for (size_t i = 0; i < rs->noverrides; i++)
        json_object_set_new(jd, "overrides", json_string(rs->overrides[i]));
    json_t *jsteps = json_array();
    if (!t->json)
        printf("%s  %s%s\n  route %s%s%s — %s\n", id, d->title,
               strcmp(d->urgency, "normal") ? (strcmp(d->urgency, "urgent") ? " [" DR_W_EXTRA_URGENT "]" : " [" DR_W_URGENT "]") : "",
               route->id, route->rule ? " · " : "", route->rule ? route->rule : "",
               rs->ended ? (rs->withdrawn ? "withdrawn" : "closed")
               : rs->finished ? "finished" : "in progress");
    for (size_t i = 0; i < rs->nsteps; i++) {
        const dr_step_status *ss = &rs->steps[i];
        json_t *js = json_pack("{s:s,s:s,s:s}", "id", ss->step->id, "act", ss->step->act, "state",
                               step_state_name(ss->state));
        char due[48] = "";
        if (ss->due != DR_DATE_NONE) {
            dr_date_format(ss->due, due);
            json_object_set_new(js, "due_date", json_string(due));
            json_object_set_new(js, "due_provisional", json_boolean(ss->due_provisional));
            if (ss->due_provisional)
                strcat(due, " (" DR_PROVISIONAL_MARK ")");
        }
        if (!t->json)
            printf("    %-20s %-8s", ss->step->id, step_state_name(ss->state));
        if (ss->state == DR_STEP_OPEN && !dr_step_countersigns(ss->step)) {
            dr_holder *h = NULL;
            size_t nh = 0;
            char who[800];
            dr_route_step_holders(&h, &nh, &t->ctx, v->cfg, route, ss, d, today);
            json_object_set_new(js, "holders", holders_json(h, nh));
            if (!t->json)
                printf(" %s%s%s", dr_holders_text(h, nh, who, sizeof(who)), due[0] ? "; due " : "", due);
            free(h);
        }
        if (!t->json)
            printf("\n");
        json_t *jr = json_array();
        for (size_t k = 0; k < ss->nrequests; k++) {
            const dr_request *rq = &ss->requests[k];
            char rdue[48] = "", who[800] = "";
            if (rq->due != DR_DATE_NONE)
                dr_date_format(rq->due, rdue);
            json_t *j = json_pack("{s:s,s:s}", "unit", rq->unit, "state", req_state_name(rq->state));
            if (rdue[0]) {
                json_object_set_new(j, "due_date", json_string(rdue));
                json_object_set_new(j, "due_provisional", json_boolean(rq->due_provisional));
                if (rq->due_provisional)
                    strcat(rdue, " (" DR_PROVISIONAL_MARK ")");
            }
            if (rq->position)
                json_object_set_new(j, "position", json_string(rq->position));
            if (rq->state == DR_REQ_OPEN) {
                dr_holder *h = NULL;
                size_t nh = 0;
                dr_route_request_holders(&h, &nh, &t->ctx, v->cfg, route, rq, d, today);
                json_object_set_new(j, "holders", holders_json(h, nh));
                dr_holders_text(h, nh, who, sizeof(who));
                free(h);
            }
            char ext[40] = "";
            if (rq->ext_until != DR_DATE_NONE) {
                char u[11];
                dr_date_format(rq->ext_until, u);
                snprintf(ext, sizeof(ext), " (extension asked to %s)", u);
                json_object_set_new(j, "extension_until", json_string(u));
            }
            if (rq->coordination)
                json_object_set_new(j, "coordination", json_true());
            if (rq->late)
                json_object_set_new(j, "late", json_true());
            if (!t->json)
                printf("      %-18s %-8s %s%s%s%s%s%s%s\n", rq->unit, req_state_name(rq->state),
                       rq->coordination ? "[" DR_W_COORDINATION "] " : "",
                       rq->position && rq->state == DR_REQ_ANSWERED ? rq->position : "",
                       rq->position && rq->state == DR_REQ_ANSWERED && who[0] ? " " : "", who,
                       rdue[0] ? (who[0] || rq->state == DR_REQ_ANSWERED ? "; due " : "due ") : "",
                       rdue, ext);
            json_array_append_new(jr, j);
        }
        if (dr_step_countersigns(ss->step))
            json_object_set_new(js, "requests", jr);
        else
            json_decref(jr);
        json_array_append_new(jsteps, js);
    }
    json_object_set_new(jd, "steps", jsteps);
    if (rs->blocked_rule) {
        json_object_set_new(jd, "blocked_by", json_string(rs->blocked_rule));
        if (!t->json)
            printf("  waits: %s (an objection is not settled)\n", rs->blocked_rule);
    }
    if (rs->unagreed) {
        json_object_set_new(jd, "unagreed", json_true());
        if (!t->json)
            printf("  " DR_W_UNAGREED ": a coordination note went unanswered past its due date%s%s%s\n",
                   rs->blocked_rule && *rs->blocked_rule ? " (" : "",
                   rs->blocked_rule && *rs->blocked_rule ? rs->blocked_rule : "",
                   rs->blocked_rule && *rs->blocked_rule ? ")" : "");
    }
    if (rs->returned && !t->json)
        printf("  returned to its drafter\n");
    json_object_set_new(jd, "returned", json_boolean(rs->returned));
    json_object_set_new(jd, "ended", json_boolean(rs->ended));
    json_array_append_new(docs, jd);
    dr_route_state_free(rs);
    dr_envelope_free(env);
    return 0;
}

typedef struct {
    tool *t;
    repo_view *v;
    dr_time now;
    json_t *docs;
    int worst;
    size_t seen;
} status_walk;

static int status_each(void *ud, const char *id)
{
    status_walk *w = ud;
    w->seen++;
    int st = status_one(w->t, w->v, id, w->now, w->docs);
    if (st > w->worst)
        w->worst = st;
    return 0;
}

int cmd_status(tool *t, int argc, char **argv)
{
    repo_view v;
    dr_time now;
    int st;
    if ((st = open_view(t, &v)) || (st = clock_now(t, v.cfg->utc_offset, &now))) {
        dr_snapshot_free(v.snap);
        return st;
    }
    calendar_warnings(t, v.cal, dr_time_date(now));
    json_t *docs = json_array();
    json_object_set_new(result(t), "documents", docs);
    status_walk w = {t, &v, now, docs, 0, 0};
    if (argc == 0) {
        int rc = dr_snapshot_each_doc(v.snap, &t->ctx, status_each, &w);
        if (rc)
            w.worst = fail_ctx(t, rc);
        if (!t->json && w.seen == 0)
            note(t, "no documents yet");
    }
    for (int i = 0; i < argc; i++)
        status_each(&w, argv[i]);
    dr_snapshot_free(v.snap);
    return w.worst;
}

/* ---- log ---- */

typedef struct {
    tool *t;
    dr_findings f;
    int rc;
} log_walk;

/* Each commit that touched the document, verified as check verifies it. */
static int log_each(void *ud, const char *commit)
{
    log_walk *w = ud;
    dr_ctx_init(&w->t->ctx);
    if ((w->rc = dr_verify_commit(&w->f, &w->t->ctx, w->t->store, commit, NULL)))
        return w->rc;
    return 0;
}

/* The first finding about event seq of doc, or NULL. */
static const dr_finding *event_finding(const dr_findings *f, const char *doc, int seq)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].event == seq && (!f->v[i].doc[0] || !strcmp(f->v[i].doc, doc)))
            return &f->v[i];
    return NULL;
}

int cmd_log(tool *t, int argc, char **argv)
{
    repo_view v;
    dr_envelope *env = NULL;
    char dir[160];
    int st;
    if (argc != 1)
        return fail(t, EXIT_USAGE, "log needs one DOC");
    if ((st = open_view(t, &v)) || (st = load_doc(t, &v, argv[0], &env))) {
        dr_snapshot_free(v.snap);
        return st;
    }
    /* The verifier over the document's own commits: the same findings as check. */
    log_walk w = {t, {0}, 0};
    dr_findings_init(&w.f);
    dr_doc_dir(argv[0], dir, sizeof(dir));
    int rc = dr_store_walk_path(t->store, &t->ctx, dir, log_each, &w);
    if (rc) {
        st = fail_ctx(t, rc);
        goto done;
    }
    json_t *events = json_array();
    json_object_set_new(result(t), "doc", json_string(argv[0]));
    json_object_set_new(result(t), "events", events);
    if (!t->json)
        printf("%s  %s\n", argv[0], dr_envelope_document(env)->title);
    for (size_t i = 0; i < dr_envelope_event_count(env); i++) {
        const dr_event *e = dr_envelope_event(env, i);
        const dr_finding *why = event_finding(&w.f, argv[0], e->seq);
        json_t *je = json_pack("{s:i,s:s,s:s,s:s,s:b}", "seq", e->seq, "act", e->act, "actor",
                               e->actor, "at", e->at_text, "verified", why == NULL);
        static const char *const extra[] = {"step", "unit", "due-date", "rule", "acting-for",
                                            "late", "number", "position", "decision"};
        char details[600] = "";
        size_t off = 0;
        for (size_t k = 0; k < sizeof(extra) / sizeof(extra[0]); k++) {
            const char *val = dr_event_attr(env, i, extra[k]);
            if (!val)
                continue;
            json_object_set_new(je, extra[k], json_string(val));
            int m = snprintf(details + off, sizeof(details) - off, " %s=%s", extra[k], val);
            if (m > 0 && (size_t)m < sizeof(details) - off)
                off += (size_t)m;
        }
        if (*e->text)
            json_object_set_new(je, "opinion", json_string(e->text));
        if (why) {
            json_object_set_new(je, "problem", json_string(why->message));
            json_object_set_new(je, "rule", json_string(why->rule));
        }
        json_array_append_new(events, je);
        if (!t->json)
            printf("  %3d %s %-20s %-10s%s%s%s%s%s%s\n", e->seq, e->at_text, e->act, e->actor, details,
                   *e->text ? " " DR_W_QUOTE_OPEN : "", e->text, *e->text ? DR_W_QUOTE_CLOSE : "",
                   why ? "  ✗ " : "  ✓", why ? why->rule : "");
    }
    /* Every finding, those about no event (the commit itself) included. */
    for (size_t i = 0; i < w.f.n; i++) {
        const dr_finding *f = &w.f.v[i];
        add_finding(t, f->rule, "error", f->doc[0] ? f->doc : argv[0], NULL, 0, 0, f->message);
        char ev[32] = "";
        if (f->event)
            snprintf(ev, sizeof(ev), " event %d", f->event);
        fprintf(stderr, "%s: %s: %.12s %s%s: %s\n", t->name, f->rule, f->commit, argv[0], ev,
                f->message);
    }
    st = w.f.n ? EXIT_RULE : EXIT_DONE;
done:
    dr_findings_dispose(&w.f);
    dr_envelope_free(env);
    dr_snapshot_free(v.snap);
    return st;
}

/* ---- workdays ---- */

int cmd_workdays(tool *t, int argc, char **argv)
{
    repo_view v;
    dr_date date, due;
    int st, rc;
    if (argc < 1 || argc > 2)
        return fail(t, EXIT_USAGE, "workdays needs DATE [+N]");
    if (dr_date_parse(&date, argv[0]))
        return fail(t, EXIT_USAGE, "bad date '%s' (expected YYYY-MM-DD)", argv[0]);
    long n = 0;
    if (argc == 2) {
        char *end = NULL;
        n = strtol(argv[1], &end, 10);
        if ((argv[1][0] != '+' && argv[1][0] != '-') || !end || *end || n == 0 ||
            n > DR_CALENDAR_MAX_SPAN || n < -DR_CALENDAR_MAX_SPAN)
            return fail(t, EXIT_USAGE, "bad count '%s' (expected +N or -N, N from 1 to %d)",
                        argv[1], DR_CALENDAR_MAX_SPAN);
    }
    if ((st = open_view(t, &v))) {
        dr_snapshot_free(v.snap);
        return st;
    }
    char ds[11], out[11];
    dr_date_format(date, ds);
    if (argc == 1) {
        bool work, makeup = false;
        if ((rc = dr_calendar_is_workday(v.cal, &t->ctx, date, &work))) {
            dr_snapshot_free(v.snap);
            return fail_ctx(t, rc);
        }
        const char *name = dr_calendar_day_name(v.cal, date, &makeup);
        const char *kind = makeup ? "make-up working day" : name ? "holiday"
                           : work ? "working day" : "weekend";
        json_object_set_new(result(t), "date", json_string(ds));
        json_object_set_new(result(t), "working", json_boolean(work));
        json_object_set_new(result(t), "kind", json_string(kind));
        if (name)
            json_object_set_new(result(t), "name", json_string(name));
        if (!t->json)
            printf("%s %s%s%s%s\n", ds, kind, name ? " (" : "", name ? name : "", name ? ")" : "");
    } else {
        if ((rc = dr_calendar_add_workdays(v.cal, &t->ctx, date, (int)n, &due))) {
            dr_snapshot_free(v.snap);
            return fail_ctx(t, rc);
        }
        dr_date_format(due, out);
        json_object_set_new(result(t), "from", json_string(ds));
        json_object_set_new(result(t), "workdays", json_integer(n));
        json_object_set_new(result(t), "date", json_string(out));
        bool prov = dr_calendar_span_provisional(v.cal, date, due);
        json_object_set_new(result(t), "provisional", json_boolean(prov));
        if (!t->json)
            printf("%s%s\n", out, prov ? " (" DR_PROVISIONAL_MARK ")" : "");
    }
    dr_snapshot_free(v.snap);
    return EXIT_DONE;
}
