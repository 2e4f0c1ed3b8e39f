/* docroute overdue, inbox and sweep: the follow-up of open work. */
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

/* ---- follow-up: overdue, inbox, sweep ---- */

typedef struct item {
    char doc[64], title[600], step[64], unit[64], urgency[16], who[800], rule[40];
    dr_date due;
    int overdue;
    bool uncounted;   /* past the calendar: overdue_workdays is null */
    bool provisional; /* the due date ran through a provisional calendar year */
    json_t *holders;
    bool holds; /* the inbox's person holds it */
} item;

typedef struct {
    tool *t;
    repo_view *v;
    dr_time now;
    item *items;
    size_t n;
    const char *as, *unit; /* inbox filters */
    bool overdue_only;
    int worst;
} follow;

static int urgency_rank(const char *u)
{
    return !strcmp(u, "extra-urgent") ? 0 : !strcmp(u, "urgent") ? 1 : 2;
}

static int item_cmp(const void *a, const void *b)
{
    const item *x = a, *y = b;
    int r = urgency_rank(x->urgency) - urgency_rank(y->urgency);
    if (r)
        return r;
    if (x->due != y->due) /* no due date last */
        return x->due == DR_DATE_NONE ? 1 : y->due == DR_DATE_NONE ? -1 : (x->due < y->due ? -1 : 1);
    r = strcmp(x->doc, y->doc);
    return r ? r : strcmp(x->step, y->step);
}

static bool person_of_unit(const dr_config *cfg, const char *person, const char *unit)
{
    const dr_person *p = dr_config_person(cfg, person);
    for (size_t i = 0; p && i < p->nroles; i++)
        if (!strcmp(p->roles[i].unit, unit))
            return true;
    return false;
}

static void add_item(follow *f, const dr_envelope *env, const char *step, const char *unit,
                     dr_date due, bool provisional, const dr_holder *h, size_t nh,
                     const char *rule)
{
    const dr_document *d = dr_envelope_document(env);
    dr_date today = dr_time_date(f->now);
    int overdue = 0;
    bool counted = true;
    dr_ctx c;
    dr_ctx_init(&c);
    if (due != DR_DATE_NONE && today > due &&
        dr_calendar_count_workdays(f->v->cal, &c, due, today, &overdue) != 0) {
        /* Past the calendar nothing is counted: calendar days are not working days. */
        counted = false;
        overdue = 0;
        char since[11];
        dr_date_format(due, since);
        warn(f->t, "%s %s: due %s, but %s: its working days overdue are not counted",
             dr_envelope_id(env), step, since, c.msg);
    }
    if (f->overdue_only && !(due != DR_DATE_NONE && today > due))
        return;
    bool holds = false;
    for (size_t i = 0; f->as && i < nh; i++)
        holds |= !strcmp(h[i].person, f->as);
    bool in_unit = f->unit && unit && !strcmp(unit, f->unit);
    for (size_t i = 0; f->unit && i < nh; i++)
        in_unit |= person_of_unit(f->v->cfg, h[i].person, f->unit);
    if ((f->as && !holds) || (f->unit && !in_unit))
        return;
    item *it = realloc(f->items, (f->n + 1) * sizeof(item));
    if (!it)
        abort();
    f->items = it;
    it = &f->items[f->n++];
    memset(it, 0, sizeof(*it));
    snprintf(it->doc, sizeof(it->doc), "%s", dr_envelope_id(env));
    snprintf(it->title, sizeof(it->title), "%s", d->title);
    snprintf(it->step, sizeof(it->step), "%s", step);
    snprintf(it->unit, sizeof(it->unit), "%s", unit ? unit : "");
    snprintf(it->urgency, sizeof(it->urgency), "%s", d->urgency);
    it->due = due;
    it->overdue = overdue;
    it->uncounted = !counted;
    it->provisional = provisional && due != DR_DATE_NONE;
    it->holders = holders_json(h, nh);
    dr_holders_text(h, nh, it->who, sizeof(it->who));
    it->holds = holds;
    snprintf(it->rule, sizeof(it->rule), "%s", rule ? rule : "");
}

static bool same_text(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* The unit a step's holders act for, when the selector binds one. */
static const char *step_unit(const dr_step_status *ss, const dr_document *d)
{
    const dr_selector *s = &ss->step->by;
    if (s->kind != DR_SEL_ROLE)
        return NULL;
    if (s->unit)
        return s->unit;
    if (s->rel == DR_REL_DRAFTER)
        return d->drafter;
    if (s->rel == DR_REL_ISSUER && d->nissuers)
        return d->issuers[0].unit;
    return NULL;
}

static int follow_doc(void *ud, const char *id)
{
    follow *f = ud;
    dr_envelope *env = NULL;
    dr_route_state *rs = NULL;
    const dr_config *rcfg;
    int st, rc;
    dr_date today = dr_time_date(f->now);
    if ((st = load_doc(f->t, f->v, id, &env))) {
        f->worst = st > f->worst ? st : f->worst;
        return 0;
    }
    const dr_document *d = dr_envelope_document(env);
    if ((rc = dr_snapshot_config_at(f->v->snap, &f->t->ctx, dr_envelope_config_blob(env), &rcfg))) {
        f->worst = fail_ctx(f->t, rc);
        dr_envelope_free(env);
        return 0;
    }
    const dr_route *route = dr_config_route(rcfg, dr_envelope_route(env));
    if (!route || dr_route_fold(&rs, &f->t->ctx, f->v->cfg, route, env, f->now)) {
        f->worst = fail(f->t, EXIT_REPO, "%s: cannot fold its route", id);
        dr_envelope_free(env);
        return 0;
    }
    d = &rs->doc;
    for (size_t i = 0; i < rs->nsteps; i++) {
        const dr_step_status *ss = &rs->steps[i];
        for (size_t k = 0; k < ss->nrequests; k++) {
            const dr_request *rq = &ss->requests[k];
            if (rq->state != DR_REQ_OPEN || dr_route_request(ss, rq->unit) != rq)
                continue;
            dr_holder *h = NULL;
            size_t nh = 0;
            dr_route_request_holders(&h, &nh, &f->t->ctx, f->v->cfg, route, rq, d, today);
            /* An extension asked suspends the due date. */
            add_item(f, env, ss->step->id, rq->unit, rq->ext_until != DR_DATE_NONE ? DR_DATE_NONE : rq->due,
                     rq->due_provisional, h, nh,
                     dr_config_cite(f->v->cfg, rq->coordination ? DR_CHECK_OBJECTION : DR_CHECK_COUNTERSIGN_PERIOD,
                                    route->cs_rule ? route->cs_rule : route->rule));
            free(h);
        }
        if (ss->state == DR_STEP_OPEN && !dr_step_countersigns(ss->step)) {
            dr_holder *h = NULL;
            size_t nh = 0;
            dr_route_step_holders(&h, &nh, &f->t->ctx, f->v->cfg, route, ss, d, today);
            /* What the due date comes from, as the catalog names it. */
            const char *why = ss->step->rule;
            const dr_rule *issue = dr_config_check(f->v->cfg, DR_CHECK_ISSUE_AFTER_MEETING);
            if (issue && !strcmp(ss->step->act, "register") && same_text(d->meeting_kind, issue->meeting) &&
                same_text(d->meeting_decision, "approved"))
                why = issue->id;
            else if (ss->step->before_meeting)
                why = dr_config_cite(f->v->cfg, DR_CHECK_AGENDA_BEFORE_MEETING, ss->step->rule);
            else if (strcmp(d->urgency, "normal"))
                why = dr_config_cite(f->v->cfg, DR_CHECK_URGENT, ss->step->rule);
            add_item(f, env, ss->step->id, step_unit(ss, d), ss->due, ss->due_provisional, h, nh, why);
            free(h);
        }
    }
    dr_route_state_free(rs);
    dr_envelope_free(env);
    return 0;
}

static int print_items(tool *t, follow *f, const char *empty)
{
    const char *overdue_rule = dr_config_cite(rules_of(t), DR_CHECK_OVERDUE, NULL);
    if (!overdue_rule)
        overdue_rule = "";
    if (f->n)
        qsort(f->items, f->n, sizeof(item), item_cmp);
    json_t *arr = json_array();
    json_object_set_new(result(t), "items", arr);
    for (size_t i = 0; i < f->n; i++) {
        item *it = &f->items[i];
        char due[11] = "";
        if (it->due != DR_DATE_NONE)
            dr_date_format(it->due, due);
        json_t *j = json_object();
        json_object_set_new(j, "doc", json_string(it->doc));
        json_object_set_new(j, "title", json_string(it->title));
        json_object_set_new(j, "step", json_string(it->step));
        json_object_set_new(j, "unit", it->unit[0] ? json_string(it->unit) : json_null());
        json_object_set_new(j, "holders", it->holders);
        json_object_set_new(j, "due_date", due[0] ? json_string(due) : json_null());
        json_object_set_new(j, "due_provisional", json_boolean(it->provisional));
        json_object_set_new(j, "overdue_workdays",
                            it->uncounted ? json_null() : json_integer(it->overdue));
        json_object_set_new(j, "urgency", json_string(it->urgency));
        if (it->rule[0])
            json_object_set_new(j, "rule", json_string(it->rule));
        json_array_append_new(arr, j);
        if (!t->json)
            printf("%s  %-14s %-12s %-16s %s%s%s%s\n", it->doc, it->step, it->urgency,
                   it->unit[0] ? it->unit : "-", it->who, due[0] ? "; due " : "", due,
                   it->provisional ? " (" DR_PROVISIONAL_MARK ")" : "");
        if (!t->json && it->uncounted)
            printf("    overdue; working days not counted: no calendar past the last year (%s%s%s)  %s\n",
                   overdue_rule, it->rule[0] ? ", " : "", it->rule, it->title);
        if (!t->json && it->overdue)
            printf("    %d working day%s overdue (%s%s%s)  %s\n", it->overdue,
                   it->overdue == 1 ? "" : "s", overdue_rule, *overdue_rule && it->rule[0] ? ", " : "",
                   it->rule, it->title);
    }
    if (!t->json && f->n == 0)
        note(t, "%s", empty);
    free(f->items);
    return f->worst;
}

int cmd_overdue(tool *t, int argc, char **argv)
{
    repo_view v;
    int st, rc;
    follow f = {.t = t, .v = &v, .overdue_only = true};
    if (argc)
        return fail(t, EXIT_USAGE, "overdue takes no arguments");
    if ((st = open_view(t, &v)) || (st = clock_now(t, v.cfg->utc_offset, &f.now))) {
        dr_snapshot_free(v.snap);
        return st;
    }
    calendar_warnings(t, v.cal, dr_time_date(f.now));
    if ((rc = dr_store_active_docs(t->store, &t->ctx, v.snap, follow_doc, &f)))
        f.worst = fail_ctx(t, rc);
    st = print_items(t, &f, "nothing is overdue");
    dr_snapshot_free(v.snap);
    return st;
}

const struct option inbox_opts[] = {
    {"as", required_argument, NULL, OPT_INBOX_AS},
    {"unit", required_argument, NULL, OPT_UNIT},
    {0},
};

int cmd_inbox(tool *t, int argc, char **argv)
{
    repo_view v;
    int st, rc;
    follow f = {.t = t, .v = &v};
    f.as = opt_get(OPT_INBOX_AS);
    f.unit = opt_get(OPT_UNIT);
    if (!f.as && !f.unit && getenv("DOCROUTE_USER") && *getenv("DOCROUTE_USER"))
        f.as = getenv("DOCROUTE_USER");
    if (argc || (f.as && f.unit) || (!f.as && !f.unit))
        return fail(t, EXIT_USAGE, "inbox needs --as PERSON (or DOCROUTE_USER) or --unit UNIT");
    if ((st = open_view(t, &v)) || (st = clock_now(t, v.cfg->utc_offset, &f.now))) {
        dr_snapshot_free(v.snap);
        return st;
    }
    calendar_warnings(t, v.cal, dr_time_date(f.now));
    if (f.as && !dr_config_person(v.cfg, f.as))
        st = fail(t, EXIT_USAGE, "'%s' is not a person of the config", f.as);
    else if (f.unit && !dr_config_unit(v.cfg, f.unit))
        st = fail(t, EXIT_USAGE, "'%s' is not a unit of the config", f.unit);
    if (st) {
        dr_snapshot_free(v.snap);
        return st;
    }
    if ((rc = dr_store_active_docs(t->store, &t->ctx, v.snap, follow_doc, &f)))
        f.worst = fail_ctx(t, rc);
    st = print_items(t, &f, "nothing waits here (" DR_W_PENDING_WORK " is empty)");
    dr_snapshot_free(v.snap);
    return st;
}

const struct option sweep_opts[] = {
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {0},
};

typedef struct {
    tool *t;
    repo_view *v;
    dr_time now;
    char **due;
    dr_buf *said; /* per document due: its lines, printed once its consents are recorded */
    size_t ndue;
} sweep_scan;

/* Documents with a request deemed by the time alone and not yet recorded. */
static int sweep_each(void *ud, const char *id)
{
    sweep_scan *s = ud;
    dr_envelope *env = NULL;
    dr_route_state *rs = NULL;
    const dr_config *rcfg;
    if (load_doc(s->t, s->v, id, &env))
        return 0;
    const dr_route *route = NULL;
    if (!dr_snapshot_config_at(s->v->snap, &s->t->ctx, dr_envelope_config_blob(env), &rcfg))
        route = dr_config_route(rcfg, dr_envelope_route(env));
    bool any = false;
    json_t *units = json_array();
    dr_buf said;
    dr_buf_init(&said, 0);
    if (route && route->cs_silence_consent &&
        dr_route_fold(&rs, &s->t->ctx, s->v->cfg, route, env, s->now) == 0) {
        for (size_t i = 0; i < rs->nsteps; i++)
            for (size_t k = 0; k < rs->steps[i].nrequests; k++) {
                const dr_request *rq = &rs->steps[i].requests[k];
                if (rq->state == DR_REQ_DEEMED && !rq->recorded &&
                    dr_route_request(&rs->steps[i], rq->unit) == rq) {
                    char due[11];
                    dr_date_format(rq->due, due);
                    const char *why = dr_config_cite(s->v->cfg, DR_CHECK_SILENCE,
                                                     route->cs_rule ? route->cs_rule : route->rule);
                    if (dr_buf_printf(&said, "%s  %s: consent deemed (due %s%s%s)\n", id, rq->unit,
                                      due, why ? ", " : "", why ? why : ""))
                        abort();
                    json_array_append_new(units, json_pack("{s:s,s:s}", "unit", rq->unit, "due_date", due));
                    any = true;
                }
            }
    }
    if (any) {
        char **slot = realloc(s->due, (s->ndue + 1) * sizeof(char *));
        if (!slot)
            abort();
        s->due = slot;
        dr_buf *lines = realloc(s->said, (s->ndue + 1) * sizeof(dr_buf));
        if (!lines)
            abort();
        s->said = lines;
        s->said[s->ndue] = said;
        dr_buf_init(&said, 0);
        s->due[s->ndue++] = strdup(id);
        json_t *arr = json_object_get(result(s->t), "deemed");
        json_array_append_new(arr, json_pack("{s:s,s:o}", "doc", id, "requests", units));
    } else {
        json_decref(units);
    }
    dr_buf_dispose(&said);
    dr_route_state_free(rs);
    dr_envelope_free(env);
    return 0;
}

int cmd_sweep(tool *t, int argc, char **argv)
{
    repo_view v;
    int st, rc, worst = EXIT_DONE;
    sweep_scan s = {.t = t, .v = &v};
    bool dry = opt_get(OPT_DRY_RUN) != NULL;
    if (argc)
        return fail(t, EXIT_USAGE, "sweep takes no arguments");
    if ((st = open_view(t, &v)) || (st = clock_now(t, v.cfg->utc_offset, &s.now))) {
        dr_snapshot_free(v.snap);
        return st;
    }
    calendar_warnings(t, v.cal, dr_time_date(s.now));
    if (!dry) {
        /* The key is checked up front: a cron job with the wrong key learns it at once. */
        signer sg;
        if ((st = load_signer(t, v.cfg, dr_time_date(s.now), &sg))) {
            dr_snapshot_free(v.snap);
            return st;
        }
        bool is_system = strcmp(sg.person->id, "system") == 0;
        signer_dispose(&sg);
        if (!is_system) {
            dr_snapshot_free(v.snap);
            return fail(t, EXIT_USAGE, "the sweep signs with the system key (--key / DOCROUTE_KEY)");
        }
    }
    json_object_set_new(result(t), "dry_run", json_boolean(dry));
    json_object_set_new(result(t), "deemed", json_array());
    if ((rc = dr_store_active_docs(t->store, &t->ctx, v.snap, sweep_each, &s)))
        worst = fail_ctx(t, rc);
    dr_snapshot_free(v.snap);
    json_t *recorded = json_array();
    json_object_set_new(result(t), "recorded", recorded);
    for (size_t i = 0; i < s.ndue; i++) {
        if (!dry && worst == EXIT_DONE) {
            /* One commit per document; a clerk acting at the same moment is retried around. */
            doc_act da = {0};
            char commit[41] = "";
            da.doc_id = s.due[i];
            da.in.act = "deemed-consent";
            da.system = true;
            st = run_act(t, plan_doc_act, &da, commit);
            if (st > worst)
                worst = st;
            /* Said only once recorded: a sweep that cannot write (a read-only
             * repository, a lock) claims nothing. */
            if (!st && commit[0]) {
                json_array_append_new(recorded, json_pack("{s:s,s:s}", "doc", s.due[i], "commit", commit));
                if (!t->json)
                    fputs(s.said[i].ptr, stdout);
            }
            if (!st && !commit[0])
                note(t, "%s: answered or recorded meanwhile: nothing to deem", s.due[i]);
        } else if (dry && !t->json) {
            fputs(s.said[i].ptr, stdout);
        }
        dr_buf_dispose(&s.said[i]);
        free(s.due[i]);
    }
    free(s.due);
    free(s.said);
    if (!t->json && s.ndue == 0)
        note(t, "nothing is due: every consent is recorded");
    return worst;
}
