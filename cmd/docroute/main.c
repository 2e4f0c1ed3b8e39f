#define _XOPEN_SOURCE 700 /* nftw */
/* docroute — the repository: init, status, log, inbox, overdue, sweep, register, render,
 * check, config commit, hook, sync, workdays. */
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

/* ---- init ---- */

static const struct option init_opts[] = {
    {"bare", no_argument, NULL, OPT_BARE},
    {"example", required_argument, NULL, OPT_EXAMPLE},
    {"test-clock", no_argument, NULL, OPT_TEST_CLOCK},
    {"from", required_argument, NULL, OPT_FROM},
    {0},
};

typedef struct {
    dr_file *v;
    size_t n;
} file_list;

static void files_dispose(file_list *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free((char *)f->v[i].path);
        free((char *)f->v[i].data);
    }
    free(f->v);
}

/* Reads dir/sub recursively into .docroute/sub/… (regular files only). */
static int collect(tool *t, const char *root, const char *rel, file_list *out, int depth)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(dir);
    struct dirent *e;
    int st = 0;
    if (!d)
        return fail(t, EXIT_USAGE, "cannot read '%s': %s", dir, strerror(errno));
    while (!st && (e = readdir(d))) {
        char sub[4096], full[8200];
        struct stat sb;
        if (e->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(full, sizeof(full), "%s/%s", root, sub);
        if (lstat(full, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) && depth < 3) {
            st = collect(t, root, sub, out, depth + 1);
        } else if (S_ISREG(sb.st_mode)) {
            dr_buf b;
            dr_buf_init(&b, 0);
            if (out->n >= 2000 || (st = read_named_file(t, full, (size_t)4 << 20, &b))) {
                dr_buf_dispose(&b);
                st = st ? st : fail(t, EXIT_USAGE, "too many files under '%s'", root);
                break;
            }
            dr_file *nv = realloc(out->v, (out->n + 1) * sizeof(dr_file));
            if (!nv)
                abort();
            out->v = nv;
            char *path = malloc(strlen(sub) + 12);
            snprintf(path, strlen(sub) + 12, ".docroute/%s", sub);
            size_t len = b.len;
            out->v[out->n++] = (dr_file){path, dr_buf_detach(&b, NULL), len};
        }
    }
    closedir(d);
    return st;
}

static int find_in_list(void *ud, const char *rel, dr_buf *out)
{
    file_list *fl = ud;
    for (size_t i = 0; i < fl->n; i++)
        if (strcmp(fl->v[i].path + strlen(".docroute/"), rel) == 0)
            return dr_buf_put(out, fl->v[i].data, fl->v[i].len);
    return DR_ENOTFOUND;
}

/* Validates the config and calendars before anything is created. */
static int validate_genesis(tool *t, file_list *fl, int *offset)
{
    dr_config *cfg = NULL;
    dr_calendar *cal = NULL;
    dr_buf b;
    int rc, years = 0;
    dr_buf_init(&b, DR_CONFIG_MAX_BYTES);
    if (find_in_list(fl, "config.yaml", &b) != 0) {
        dr_buf_dispose(&b);
        return fail(t, EXIT_USAGE, "no config.yaml in the configuration given");
    }
    rc = dr_config_load(&cfg, &t->ctx, ".docroute/config.yaml", b.ptr, b.len, find_in_list, fl, 0);
    dr_buf_dispose(&b);
    if (!rc)
        rc = dr_calendar_new(&cal);
    for (size_t i = 0; !rc && i < fl->n; i++)
        if (strncmp(fl->v[i].path, ".docroute/calendar/", 19) == 0) {
            rc = dr_calendar_add_year(cal, &t->ctx, fl->v[i].path, fl->v[i].data, fl->v[i].len);
            years++;
        }
    if (!rc && years == 0)
        rc = dr_ctx_set(&t->ctx, DR_ECONFIG, "no calendar year files under calendar/");
    if (!rc)
        *offset = cfg->utc_offset;
    dr_config_free(cfg);
    dr_calendar_free(cal);
    return rc ? fail_ctx(t, rc == DR_EINVALID ? DR_ECONFIG : rc) : 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int cmd_init(tool *t, int argc, char **argv)
{
    const char *example = opt_get(OPT_EXAMPLE), *from = opt_get(OPT_FROM);
    /* Where: DIR, else -C, else $DOCROUTE_REPO, else here (as git -C DIR init). */
    const char *env = getenv("DOCROUTE_REPO");
    const char *path = argc ? argv[0] : t->repo_dir ? t->repo_dir : env && *env ? env : ".";
    bool bare = opt_get(OPT_BARE) != NULL, test_clock = opt_get(OPT_TEST_CLOCK) != NULL;
    file_list fl = {0};
    char src[4096], commit[41];
    int st, offset = 0;
    dr_time now;
    if (argc > 1 || (example && from) || (!example && !from))
        return fail(t, EXIT_USAGE, "init [DIR] needs --example NAME or --from DIR (a folder laid "
                                   "out like .docroute/: config.yaml, keys/, calendar/)");
    if (example) {
        if (strchr(example, '/') || example[0] == '.')
            return fail(t, EXIT_USAGE, "bad example name '%s'", example);
        char looked[4200];
        const char *data = data_dir(looked, sizeof(looked));
        if (!data)
            return fail(t, EXIT_USAGE, "cannot find docroute's data: looked in %s", looked);
        snprintf(src, sizeof(src), "%s/examples/%s/docroute", data, example);
        struct stat sb;
        if (stat(src, &sb) != 0)
            return fail(t, EXIT_USAGE, "no example '%s' in %s/examples", example, data);
    } else {
        snprintf(src, sizeof(src), "%s", from);
    }
    if ((st = collect(t, src, "", &fl, 0)) || (st = validate_genesis(t, &fl, &offset)))
        goto done;
    dr_file *nv = realloc(fl.v, (fl.n + 1) * sizeof(dr_file));
    if (!nv)
        abort();
    fl.v = nv;
    fl.v[fl.n++] = (dr_file){strdup(".gitattributes"),
                             strdup("# recorded bytes are never converted\n* -text\n"),
                             strlen("# recorded bytes are never converted\n* -text\n")};
    if ((st = clock_now(t, offset, &now)))
        goto done;
    dr_identity who = {"docroute", "docroute@localhost", now};
    struct stat before;
    bool existed = stat(path, &before) == 0;
    int rc = dr_store_init(&t->ctx, path, bare, fl.v, fl.n, &who, test_clock, commit);
    if (rc) {
        st = fail_ctx(t, rc);
        /* Nothing half-made: remove what this init created (never a folder that was there). */
        if (!existed && stat(path, &before) == 0)
            nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        goto done;
    }
    json_object_set_new(result(t), "path", json_string(path));
    json_object_set_new(result(t), "genesis", json_string(commit));
    json_object_set_new(result(t), "bare", json_boolean(bare));
    json_object_set_new(result(t), "test_clock", json_boolean(test_clock));
    if (!t->json && !t->quiet)
        printf("initialized %s document repository in %s (genesis %.12s)%s\n",
               bare ? "a bare" : "a", path, commit, test_clock ? "; test clock on" : "");
    st = EXIT_DONE;
done:
    files_dispose(&fl);
    return st;
}

/* ---- documents at the tip ---- */

typedef struct {
    dr_snapshot *snap;
    const dr_config *cfg;
    const dr_calendar *cal;
} repo_view;

static int open_view(tool *t, repo_view *v)
{
    int rc, st;
    memset(v, 0, sizeof(*v));
    if ((st = open_store(t)))
        return st;
    if ((rc = dr_store_tip(&v->snap, &t->ctx, t->store)) ||
        (rc = dr_snapshot_config(v->snap, &t->ctx, &v->cfg)) ||
        (rc = dr_snapshot_calendar(v->snap, &t->ctx, &v->cal)))
        return fail_ctx(t, rc == DR_ENOTFOUND ? DR_ECONFIG : rc);
    if (dr_snapshot_config_lasting(v->snap))
        t->cfg = v->cfg; /* the store's: it outlives the snapshot */
    return 0;
}

/* Loads a document's envelope; exit 4 when there is no such document. */
static int load_doc(tool *t, repo_view *v, const char *id, dr_envelope **env)
{
    return load_envelope(t, v->snap, id, env);
}

static const char *step_state_name(dr_step_state s)
{
    static const char *const n[] = {"pending", "open", "done", "skipped"};
    return n[s];
}

static const char *req_state_name(dr_req_state s)
{
    static const char *const n[] = {"open", "answered", "deemed", "cancelled", "superseded", "lapsed"};
    return n[s];
}

static json_t *holders_json(const dr_holder *h, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, h[i].acting_for ? json_pack("{s:s,s:s}", "person", h[i].person,
                                                             "acting_for", h[i].acting_for)
                                                 : json_pack("{s:s}", "person", h[i].person));
    return a;
}

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
                printf(" %s%s%s", holders_text(h, nh, who, sizeof(who)), due[0] ? "; due " : "", due);
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
                holders_text(h, nh, who, sizeof(who));
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

static int cmd_status(tool *t, int argc, char **argv)
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

static int cmd_log(tool *t, int argc, char **argv)
{
    repo_view v;
    dr_envelope *env = NULL;
    char prev[72];
    int st, bad = 0;
    if (argc != 1)
        return fail(t, EXIT_USAGE, "log needs one DOC");
    if ((st = open_view(t, &v)) || (st = load_doc(t, &v, argv[0], &env))) {
        dr_snapshot_free(v.snap);
        return st;
    }
    json_t *events = json_array();
    json_object_set_new(result(t), "doc", json_string(argv[0]));
    json_object_set_new(result(t), "events", events);
    dr_envelope_initial_digest(env, &t->ctx, prev);
    if (!t->json)
        printf("%s  %s\n", argv[0], dr_envelope_document(env)->title);
    for (size_t i = 0; i < dr_envelope_event_count(env); i++) {
        const dr_event *e = dr_envelope_event(env, i);
        char digest[72] = "";
        const char *why = NULL;
        /* The key named by the signature, as the config in force registers it. */
        char person[64] = "";
        int kid = 0;
        const char *slash = e->sig_key ? strrchr(e->sig_key, '/') : NULL;
        if (slash) {
            snprintf(person, sizeof(person), "%.*s", (int)(slash - e->sig_key), e->sig_key);
            kid = (int)strtol(slash + 1, NULL, 10);
        }
        const dr_person_key *pk = dr_config_person_key(dr_config_person(v.cfg, person), kid);
        if (strcmp(person, e->actor) != 0)
            why = "signed by someone other than the actor";
        else if (!pk || !pk->key)
            why = "signed with a key the config does not register";
        else if (dr_envelope_verify_event(env, &t->ctx, i, pk->key))
            why = "signature does not verify";
        else if (!dr_person_key_valid_on(pk, dr_time_date(e->at)))
            why = "key not valid on the event's date";
        if (!why && strcmp(e->prev, prev) != 0)
            why = "prev does not chain";
        if (dr_envelope_event_digest(env, &t->ctx, i, digest) == 0)
            memcpy(prev, digest, sizeof(prev));
        bad += why != NULL;
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
        if (why)
            json_object_set_new(je, "problem", json_string(why));
        json_array_append_new(events, je);
        if (!t->json)
            printf("  %3d %s %-20s %-10s%s%s%s%s%s%s\n", e->seq, e->at_text, e->act, e->actor, details,
                   *e->text ? " " DR_W_QUOTE_OPEN : "", e->text, *e->text ? DR_W_QUOTE_CLOSE : "",
                   why ? "  ✗ " : "  ✓", why ? why : "");
        if (why)
            fprintf(stderr, "%s: ENV-SIGNATURE: %s event %d: %s\n", t->name, argv[0], e->seq, why);
    }
    dr_envelope_free(env);
    dr_snapshot_free(v.snap);
    return bad ? EXIT_RULE : EXIT_DONE;
}

/* ---- workdays ---- */

static int cmd_workdays(tool *t, int argc, char **argv)
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
    holders_text(h, nh, it->who, sizeof(it->who));
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
                     dr_config_cite(f->v->cfg, rq->coordination ? "objection" : "countersign-period",
                                    route->cs_rule ? route->cs_rule : route->rule));
            free(h);
        }
        if (ss->state == DR_STEP_OPEN && !dr_step_countersigns(ss->step)) {
            dr_holder *h = NULL;
            size_t nh = 0;
            dr_route_step_holders(&h, &nh, &f->t->ctx, f->v->cfg, route, ss, d, today);
            /* What the due date comes from, as the catalog names it. */
            const char *why = ss->step->rule;
            const dr_rule *issue = dr_config_check(f->v->cfg, "issue-after-meeting");
            if (issue && !strcmp(ss->step->act, "register") && same_text(d->meeting_kind, issue->meeting) &&
                same_text(d->meeting_decision, "approved"))
                why = issue->id;
            else if (ss->step->before_meeting)
                why = dr_config_cite(f->v->cfg, "agenda-before-meeting", ss->step->rule);
            else if (strcmp(d->urgency, "normal"))
                why = dr_config_cite(f->v->cfg, "urgent", ss->step->rule);
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
    const char *overdue_rule = dr_config_cite(rules_of(t), "overdue", NULL);
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

static int cmd_overdue(tool *t, int argc, char **argv)
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

static const struct option inbox_opts[] = {
    {"as", required_argument, NULL, OPT_INBOX_AS},
    {"unit", required_argument, NULL, OPT_UNIT},
    {0},
};

static int cmd_inbox(tool *t, int argc, char **argv)
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

static const struct option sweep_opts[] = {
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {0},
};

typedef struct {
    tool *t;
    repo_view *v;
    dr_time now;
    char **due;
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
    if (route && route->cs_silence_consent &&
        dr_route_fold(&rs, &s->t->ctx, s->v->cfg, route, env, s->now) == 0) {
        for (size_t i = 0; i < rs->nsteps; i++)
            for (size_t k = 0; k < rs->steps[i].nrequests; k++) {
                const dr_request *rq = &rs->steps[i].requests[k];
                if (rq->state == DR_REQ_DEEMED && !rq->recorded &&
                    dr_route_request(&rs->steps[i], rq->unit) == rq) {
                    char due[11];
                    dr_date_format(rq->due, due);
                    const char *why = dr_config_cite(s->v->cfg, "silence",
                                                     route->cs_rule ? route->cs_rule : route->rule);
                    if (!s->t->json)
                        printf("%s  %s: consent deemed (due %s%s%s)\n", id, rq->unit, due,
                               why ? ", " : "", why ? why : "");
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
        s->due[s->ndue++] = strdup(id);
        json_t *arr = json_object_get(result(s->t), "deemed");
        json_array_append_new(arr, json_pack("{s:s,s:o}", "doc", id, "requests", units));
    } else {
        json_decref(units);
    }
    dr_route_state_free(rs);
    dr_envelope_free(env);
    return 0;
}

static int cmd_sweep(tool *t, int argc, char **argv)
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
            if (!st && commit[0])
                json_array_append_new(recorded, json_pack("{s:s,s:s}", "doc", s.due[i], "commit", commit));
            if (!st && !commit[0])
                note(t, "%s: answered or recorded meanwhile: nothing to deem", s.due[i]);
        }
        free(s.due[i]);
    }
    free(s.due);
    if (!t->json && s.ndue == 0)
        note(t, "nothing is due: every consent is recorded");
    return worst;
}

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

/* ---- check ---- */

static const struct option check_opts[] = {
    {"all", no_argument, NULL, OPT_ALL},
    {"format", required_argument, NULL, OPT_FORMAT},
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

static int check_each(void *ud, const char *commit)
{
    check_walk *w = ud;
    w->commits++;
    dr_ctx_init(&w->t->ctx);
    size_t before = w->f.n;
    int rc = dr_verify_commit(&w->f, &w->t->ctx, w->t->store, commit, w->opts);
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
        for (size_t i = before; !c->doc[0] && i < w->f.n; i++)
            snprintf(c->doc, sizeof(c->doc), "%s", w->f.v[i].doc);
        if (rc)
            snprintf(c->error, sizeof(c->error), "%.390s", w->t->ctx.msg[0] ? w->t->ctx.msg : dr_strerror(rc));
    }
    if (rc)
        w->failed = fail_ctx(w->t, rc);
    return 0; /* report everything: go on */
}

static int cmd_check(tool *t, int argc, char **argv)
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
    int rc = dr_store_walk(t->store, &t->ctx, argc ? argv[0] : NULL, check_each, &w);
    if (rc) {
        dr_findings_dispose(&w.f);
        free(numbers);
        free(w.list);
        return fail_ctx(t, rc);
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

/* ---- config acts ---- */

static int cmd_config(tool *t, int argc, char **argv)
{
    repo_view v;
    file_list fl = {0};
    char tree[41], subtree[41], commit[41], src[4200];
    dr_buf msg;
    int st, rc, offset = 0;
    dr_time now;
    dr_buf_init(&msg, 0);
    if (argc != 1 || strcmp(argv[0], "commit") != 0)
        return fail(t, EXIT_USAGE, "usage: docroute config commit --key K [--key K2]");
    if ((st = open_view(t, &v)))
        goto done;
    if (dr_store_is_bare(t->store)) {
        st = fail(t, EXIT_USAGE, "config commit records the .docroute/ of a work tree: run it in "
                                 "a clone with a work tree");
        goto done;
    }
    snprintf(src, sizeof(src), "%s.docroute", dr_store_path(t->store));
    if ((st = collect(t, src, "", &fl, 0)) || (st = validate_genesis(t, &fl, &offset)) ||
        (st = clock_now(t, offset, &now)))
        goto done;
    if ((rc = dr_store_replace_tree(t->store, &t->ctx, v.snap, ".docroute", fl.v, fl.n, tree, subtree))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    char old_sub[41];
    dr_snapshot_tree_id(v.snap, ".docroute", old_sub);
    if (!strcmp(old_sub, subtree)) {
        st = fail(t, EXIT_USAGE, ".docroute/ is as the branch has it: nothing to record");
        goto done;
    }
    /* Each signer: one whom acts: config names under the config in force (the previous one). */
    dr_buf bytes;
    dr_buf_init(&bytes, 0);
    dr_config_signed_bytes(dr_snapshot_commit(v.snap), subtree, &bytes);
    dr_buf_printf(&msg, "config: .docroute/ changed\n\nAct: config\n");
    const dr_person *first = NULL;
    if (t->nkeys == 0)
        t->keys[t->nkeys++] = getenv("DOCROUTE_KEY") ? getenv("DOCROUTE_KEY") : "";
    for (size_t i = 0; i < t->nkeys; i++) {
        signer sg;
        t->key_path = t->keys[i];
        t->as = NULL;
        if ((st = load_signer(t, v.cfg, dr_time_date(now), &sg)))
            break;
        bool admin = dr_config_may_sign_config(v.cfg, sg.person);
        if (!admin) {
            st = fail(t, EXIT_RULE, "ENV-CONFIG-IN-FORCE: '%s' may not sign config acts (acts: config)",
                      sg.person->id);
            signer_dispose(&sg);
            break;
        }
        dr_buf sig, b64;
        dr_buf_init(&sig, 0);
        dr_buf_init(&b64, 0);
        rc = dr_sign(&t->ctx, sg.key, bytes.ptr, bytes.len, &sig);
        if (!rc)
            rc = dr_base64_encode(&b64, sig.ptr, sig.len);
        if (!rc)
            dr_buf_printf(&msg, "Config-Signature: %s %s %s\n", sg.key_name,
                          dr_alg_name(dr_key_alg(sg.key)), b64.ptr);
        if (!first)
            first = sg.person;
        dr_buf_dispose(&sig);
        dr_buf_dispose(&b64);
        signer_dispose(&sg);
        if (rc) {
            st = fail_ctx(t, rc);
            break;
        }
    }
    dr_buf_dispose(&bytes);
    if (st)
        goto done;
    char email[200];
    snprintf(email, sizeof(email), "%s@%s", first->id, v.cfg->org_id);
    dr_identity who = {first->name, email, now};
    /* The act must pass what check will ask of it before the branch moves. */
    if ((rc = dr_store_make_commit(t->store, &t->ctx, v.snap, tree, msg.ptr, &who, &who, commit))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    dr_findings f;
    dr_findings_init(&f);
    dr_verify_commit(&f, &t->ctx, t->store, commit, NULL);
    for (size_t i = 0; i < f.n; i++)
        fprintf(stderr, "%s: %s: %s\n", t->name, f.v[i].rule, f.v[i].message);
    st = f.n ? EXIT_RULE : EXIT_DONE;
    dr_findings_dispose(&f);
    if (st)
        goto done; /* nothing recorded */
    if ((rc = dr_store_advance(t->store, &t->ctx, v.snap, commit))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    json_object_set_new(result(t), "commit", json_string(commit));
    if (!t->json)
        printf("config act %.12s\n", commit);
done:
    dr_buf_dispose(&msg);
    files_dispose(&fl);
    dr_snapshot_free(v.snap);
    return st;
}

/* ---- the server hook ---- */

static int cmd_hook(tool *t, int argc, char **argv)
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

static int cmd_sync(tool *t, int argc, char **argv)
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
    {"log", "DOC", "list a document's events, each signature and the hash chain verified",
     "Exit 1 when an event does not verify (ENV-SIGNATURE, ENV-CHAIN).\n", false, NULL, cmd_log},
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
    {"check", "[--all | RANGE] [--format text|json|junit|sarif]",
     "verify the record: every commit of the history (or of A..B) against the rules",
     "Each commit is judged by the config and calendar in force in its parent: the schema,\n"
     "textual append and the act's write-set, one act by its actor, every signature and its\n"
     "key's validity, the hash chain, monotonic time, the trailers, config acts signed by\n"
     "config-admin holders, and the act itself re-planned from the envelope before it\n"
     "(step order, eligibility, due dates re-derived, deemed consents only after their due\n"
     "date and only where silence counts). Exit 1 when anything is found.\n",
     false, check_opts, cmd_check},
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
