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

static int add_item(void *ud, const dr_item *src)
{
    follow *f = ud;
    dr_date today = dr_time_date(f->now);
    dr_date due = src->due;
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
        warn(f->t, "%s %s: due %s, but %s: its working days overdue are not counted", src->doc, src->step,
             since, c.msg);
    }
    if (f->overdue_only && !(due != DR_DATE_NONE && today > due))
        return 0;
    bool holds = false;
    for (size_t i = 0; f->as && i < src->nholders; i++)
        holds |= !strcmp(src->holders[i].person, f->as);
    bool in_unit = f->unit && src->unit && !strcmp(src->unit, f->unit);
    for (size_t i = 0; f->unit && i < src->nholders; i++)
        in_unit |= person_of_unit(f->v->cfg, src->holders[i].person, f->unit);
    if ((f->as && !holds) || (f->unit && !in_unit))
        return 0;
    item *it = realloc(f->items, (f->n + 1) * sizeof(item));
    if (!it)
        abort();
    f->items = it;
    it = &f->items[f->n++];
    memset(it, 0, sizeof(*it));
    snprintf(it->doc, sizeof(it->doc), "%s", src->doc);
    snprintf(it->title, sizeof(it->title), "%s", src->title ? src->title : "");
    snprintf(it->step, sizeof(it->step), "%s", src->step ? src->step : "");
    snprintf(it->unit, sizeof(it->unit), "%s", src->unit ? src->unit : "");
    snprintf(it->urgency, sizeof(it->urgency), "%s", src->urgency ? src->urgency : "normal");
    it->due = due;
    it->overdue = overdue;
    it->uncounted = !counted;
    it->provisional = src->provisional && due != DR_DATE_NONE;
    it->holders = holders_json(src->holders, src->nholders);
    dr_holders_text(src->holders, src->nholders, it->who, sizeof(it->who));
    it->holds = holds;
    snprintf(it->rule, sizeof(it->rule), "%s", src->rule ? src->rule : "");
    return 0;
}

/* Every piece of open work, from the derived index; a document it cannot read is
 * named (check tells what is wrong with it). */
static int collect_items(tool *t, follow *f)
{
    size_t unreadable = 0;
    int rc = dr_store_items(t->store, &t->ctx, f->v->snap, f->now, f->overdue_only, add_item, f, &unreadable);
    if (rc)
        return fail_ctx(t, rc);
    if (unreadable)
        return fail(t, EXIT_REPO, "%zu document%s with open work cannot be read: run docroute check", unreadable,
                    unreadable == 1 ? "" : "s");
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
    int st;
    follow f = {.t = t, .v = &v, .overdue_only = true};
    if (argc)
        return fail(t, EXIT_USAGE, "overdue takes no arguments");
    if ((st = open_view(t, &v)) || (st = clock_now(t, v.cfg->utc_offset, &f.now))) {
        dr_snapshot_free(v.snap);
        return st;
    }
    calendar_warnings(t, v.cal, dr_time_date(f.now));
    f.worst = collect_items(t, &f);
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
    int st;
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
    f.worst = collect_items(t, &f);
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

/* A request deemed by the time alone and not yet recorded (from the index, in
 * document order): one entry a document, its lines said once its consents are. */
static int sweep_each(void *ud, const dr_item *it)
{
    sweep_scan *s = ud;
    char due[11];
    dr_date_format(it->due, due);
    if (!s->ndue || strcmp(s->due[s->ndue - 1], it->doc)) {
        char **slot = realloc(s->due, (s->ndue + 1) * sizeof(char *));
        if (!slot)
            abort();
        s->due = slot;
        dr_buf *lines = realloc(s->said, (s->ndue + 1) * sizeof(dr_buf));
        if (!lines)
            abort();
        s->said = lines;
        dr_buf_init(&s->said[s->ndue], 0);
        if (!(s->due[s->ndue++] = strdup(it->doc)))
            abort();
        json_array_append_new(json_object_get(result(s->t), "deemed"),
                              json_pack("{s:s,s:[]}", "doc", it->doc, "requests"));
    }
    json_t *docs = json_object_get(result(s->t), "deemed");
    json_t *units = json_object_get(json_array_get(docs, json_array_size(docs) - 1), "requests");
    json_array_append_new(units, json_pack("{s:s,s:s}", "unit", it->unit ? it->unit : "", "due_date", due));
    if (dr_buf_printf(&s->said[s->ndue - 1], "%s  %s: consent deemed (due %s%s%s)\n", it->doc,
                      it->unit ? it->unit : "", due, it->deem_rule ? ", " : "", it->deem_rule ? it->deem_rule : ""))
        abort();
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
    if ((rc = dr_store_deemed(t->store, &t->ctx, v.snap, s.now, sweep_each, &s)))
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
