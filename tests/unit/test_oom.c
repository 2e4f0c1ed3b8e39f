/* Allocation failures: every allocation the library makes itself (malloc, calloc and
 * realloc from lib/, wrapped at link time with -Wl,--wrap; libgit2, libxml2, libyaml and
 * OpenSSL allocate unwrapped) is made to fail, one at a time, inside each entry point a
 * tool calls: the config and calendar loaded, envelopes parsed and written, acts
 * planned, routes folded, slips rendered, commits verified and made. Each failure must
 * come back as DR_ENOMEM (nothing printed, nothing leaked: the ASan build's LeakSanitizer
 * checks the rest), or be absorbed with the very same answer as without it.
 *
 * Allocation sites, not allocation counts, are what matter: a first run without failures
 * records the stack of every allocation, and each distinct stack fails once, at its first
 * occurrence (failing each of thousands of dr_buf growths would take minutes).
 * OOM_SHOW=1 prints each deviation and goes on; OOM_ONLY=PATTERN runs the tests it matches;
 * OOM_TRACE=1 prints the stack of each failed allocation (addr2line -e test_oom). */
#include "history.h"

#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the wrapped allocator ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

#define STACK_DEPTH 8
#define MAX_SITES 20000

static long calls;      /* allocations since the counter was reset */
static long fail_at;    /* the allocation to fail (1-based), 0: none */
static bool failed;     /* fail_at was reached */
static bool recording;  /* collect the distinct stacks */
static bool in_record;  /* backtrace() may allocate: not counted */
static bool paused;     /* an operation's own preparation: not counted */
static uint64_t seen[MAX_SITES * 2]; /* open-addressed set of stack hashes */
static long firsts[MAX_SITES];       /* allocation numbers of each first occurrence */
static size_t nfirsts;

static void record_site(void)
{
    void *frames[STACK_DEPTH];
    in_record = true;
    int n = backtrace(frames, STACK_DEPTH);
    in_record = false;
    uint64_t h = 1469598103934665603u;
    for (int i = 1; i < n; i++) {
        h ^= (uint64_t)(uintptr_t)frames[i];
        h *= 1099511628211u;
    }
    h |= 1; /* 0 marks an empty slot */
    size_t slot = (size_t)(h % (MAX_SITES * 2));
    while (seen[slot] && seen[slot] != h)
        slot = (slot + 1) % (MAX_SITES * 2);
    if (seen[slot])
        return;
    if (nfirsts == MAX_SITES)
        fail_msg("more than %d allocation sites", MAX_SITES);
    seen[slot] = h;
    firsts[nfirsts++] = calls;
}

static bool must_fail(void)
{
    if (in_record || paused)
        return false;
    calls++;
    if (recording)
        record_site();
    if (fail_at && calls == fail_at) {
        failed = true;
        if (getenv("OOM_TRACE")) {
            void *frames[STACK_DEPTH * 2];
            in_record = true;
            printf("allocation %ld fails in\n", calls);
            fflush(stdout);
            backtrace_symbols_fd(frames, backtrace(frames, STACK_DEPTH * 2), 1);
            in_record = false;
        }
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t n)
{
    return must_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return must_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return must_fail() ? NULL : __real_realloc(p, n);
}

/* ---- the sweep ---- */

/* An operation under test: returns the library's code; on success writes what it
 * computed to out (to be compared with the run without failures) and frees the rest. */
typedef int (*op_fn)(void *ud, dr_ctx *ctx, dr_buf *out);

static int run(op_fn op, void *ud, long at, dr_ctx *ctx, dr_buf *out)
{
    dr_ctx_init(ctx);
    dr_buf_init(out, 0);
    calls = 0;
    failed = false;
    fail_at = at;
    int rc = op(ud, ctx, out);
    fail_at = 0;
    return rc;
}

#define report(...)                                                                        \
    do {                                                                                   \
        if (getenv("OOM_SHOW"))                                                            \
            print_message(__VA_ARGS__);                                                    \
        else                                                                               \
            fail_msg(__VA_ARGS__);                                                         \
    } while (0)
/* Fails each allocation site of op once; returns how many failures came back. */
static size_t sweep(const char *what, op_fn op, void *ud)
{
    dr_ctx ctx;
    dr_buf want, got;
    size_t reported = 0;
    memset(seen, 0, sizeof(seen));
    nfirsts = 0;
    recording = true;
    int rc = run(op, ud, 0, &ctx, &want);
    recording = false;
    if (rc)
        fail_msg("%s: %s (%d) without a failure: %s", what, dr_strerror(rc), rc, ctx.msg);
    /* copy: the sites are overwritten by nothing, but keep the list stable anyway */
    size_t nsites = nfirsts;
    long *sites = malloc(nsites * sizeof(*sites));
    assert_non_null(sites);
    memcpy(sites, firsts, nsites * sizeof(*sites));
    for (size_t i = 0; i < nsites; i++) {
        rc = run(op, ud, sites[i], &ctx, &got);
        if (!failed)
            fail_msg("%s: allocation %ld was not reached again (the operation is not "
                     "deterministic)", what, sites[i]);
        if (rc == DR_ENOMEM) {
            reported++;
            /* the detail, when there is one, says the same */
            if (ctx.code)
                assert_int_equal(ctx.code, DR_ENOMEM);
        } else if (rc == 0) {
            /* absorbed: the same answer */
            if (got.len != want.len || (got.len && memcmp(got.ptr, want.ptr, got.len)))
            {
                size_t at = 0;
                while (at < got.len && at < want.len && got.ptr[at] == want.ptr[at])
                    at++;
                at = at > 80 ? at - 80 : 0;
                report("%s: allocation %ld failed, the call succeeded with another answer, "
                       "from byte %zu:\n%.300s\ninstead of\n%.300s\n", what, sites[i], at,
                       got.len > at ? got.ptr + at : "", want.len > at ? want.ptr + at : "");
            }
        } else {
            report("%s: allocation %ld failed: %s (%d) instead of out of memory: %s\n", what,
                     sites[i], dr_strerror(rc), rc, ctx.msg);
        }
        dr_buf_dispose(&got);
    }
    print_message("%s: %zu allocation sites, %zu reported out of memory\n", what, nsites,
                  reported);
    free(sites);
    dr_buf_dispose(&want);
    return reported;
}

/* ---- a record: the notice through issue and register, the request withdrawn ---- */

static char tmp[256];
static hist h;
static char notice[64], request_id[64];

/* The acts of the record, each planned (and swept) on the commit before it. */
typedef struct step {
    const char *doc; /* "notice" or "request" */
    const char *act, *actor, *at;
    const char *unit, *position, *opinion, *reason;
    char before[41], after[41];
} step;

static step steps[] = {
    {"notice", "countersign", "p-he", "2026-09-30T11:20:00+08:00", "water", "agree", "agreed", NULL, "", ""},
    {"notice", "deemed-consent", "system", "2026-10-10T00:15:00+08:00", NULL, NULL, NULL, NULL, "", ""},
    {"notice", "sign", "p-feng", "2026-10-12T09:10:00+08:00", NULL, NULL, "agreed", NULL, "", ""},
    {"notice", "review", "p-qian", "2026-10-12T10:30:00+08:00", NULL, NULL, "agreed", NULL, "", ""},
    {"notice", "review-sign", "p-sun", "2026-10-12T15:00:00+08:00", NULL, NULL, "agreed", NULL, "", ""},
    {"notice", "issue-sign", "p-wang", "2026-10-13T09:00:00+08:00", NULL, NULL, "issued", NULL, "", ""},
    {"notice", "register", "p-zheng", "2026-10-13T10:00:00+08:00", NULL, NULL, NULL, NULL, "", ""},
    {"request", "withdraw", "p-lv", "2026-10-14T10:00:00+08:00", NULL, NULL, NULL, "drafted again", "", ""},
};
#define NSTEPS (sizeof(steps) / sizeof(steps[0]))
static char notice_submitted[41], request_submitted[41];

static const char *doc_of(const step *s)
{
    return !strcmp(s->doc, "notice") ? notice : request_id;
}

static void step_input(const step *s, dr_act_input *in)
{
    memset(in, 0, sizeof(*in));
    in->act = s->act;
    in->unit = s->unit;
    in->position = s->position;
    in->opinion = s->opinion;
    in->reason = s->reason;
}

static int setup(void **state)
{
    char path[400];
    act a;
    dr_ctx ctx;
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-oom-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    snprintf(path, sizeof(path), "%s/oom.git", tmp);
    hist_init(&h, path, NULL, NULL);
    hist_submit(&h, &a, "flood-notice", NULL, NULL, "p-chen", "2026-09-29T09:30:00+08:00", NULL);
    snprintf(notice, sizeof(notice), "%s", a.doc);
    act_record(&h, &a, notice_submitted);
    act_dispose(&a);
    hist_submit(&h, &a, "budget-request", NULL, NULL, "p-lv", "2026-09-29T10:15:00+08:00", NULL);
    snprintf(request_id, sizeof(request_id), "%s", a.doc);
    act_record(&h, &a, request_submitted);
    act_dispose(&a);
    for (size_t i = 0; i < NSTEPS; i++) {
        dr_act_input in;
        step_input(&steps[i], &in);
        dr_ctx_init(&ctx);
        hist_tip(&h, steps[i].before);
        if (hist_act(&h, &a, &ctx, doc_of(&steps[i]), &in, steps[i].actor, steps[i].at, NULL))
            fail_msg("%s by %s: %s %s", in.act, steps[i].actor, ctx.rule, ctx.msg);
        act_record(&h, &a, steps[i].after);
        act_dispose(&a);
    }
    return 0;
}

static int teardown(void **state)
{
    char cmd[400];
    (void)state;
    hist_free(&h);
    dr_envelope_global_cleanup();
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* A document at a commit, read without failures: its envelope, the configs, the calendar. */
typedef struct view {
    dr_snapshot *snap;
    const dr_config *cfg, *rcfg;
    const dr_calendar *cal;
    const dr_route *route;
    dr_envelope *env;
    dr_buf bytes;
} view;

static void view_at(view *v, const char *commit, const char *id)
{
    dr_ctx ctx;
    char path[200];
    dr_ctx_init(&ctx);
    memset(v, 0, sizeof(*v));
    dr_buf_init(&v->bytes, 0);
    assert_int_equal(dr_store_snapshot(&v->snap, &ctx, h.st, commit), 0);
    assert_int_equal(dr_snapshot_config(v->snap, &ctx, &v->cfg), 0);
    assert_int_equal(dr_snapshot_calendar(v->snap, &ctx, &v->cal), 0);
    assert_int_equal(dr_doc_envelope_path(id, path, sizeof(path)), 0);
    assert_int_equal(dr_snapshot_read(v->snap, &ctx, path, &v->bytes), 0);
    assert_int_equal(dr_envelope_parse(&v->env, &ctx, path, v->bytes.ptr, v->bytes.len,
                                       DR_FORM_RECORDED),
                     0);
    assert_int_equal(dr_snapshot_config_at(v->snap, &ctx, dr_envelope_config_blob(v->env), &v->rcfg),
                     0);
    v->route = dr_config_route(v->rcfg, dr_envelope_route(v->env));
    assert_non_null(v->route);
}

static void view_dispose(view *v)
{
    dr_envelope_free(v->env);
    dr_snapshot_free(v->snap);
    dr_buf_dispose(&v->bytes);
}

/* ---- the config and the calendar ---- */

static int read_key(void *ud, const char *rel, dr_buf *out)
{
    char path[4096];
    (void)ud;
    snprintf(path, sizeof(path), "%s/examples/zhangdian/docroute/%s", DR_SOURCE_DIR, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return DR_ENOTFOUND;
    char chunk[4096];
    size_t n;
    int rc = 0;
    while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = dr_buf_put(out, chunk, n);
    fclose(f);
    return rc;
}

static int op_config(void *ud, dr_ctx *ctx, dr_buf *out)
{
    const dr_buf *text = ud;
    dr_config *cfg = NULL;
    int rc = dr_config_load(&cfg, ctx, "config.yaml", text->ptr, text->len, read_key, NULL, 0);
    if (!rc) {
        rc = dr_buf_printf(out, "%s %zu units %zu people %zu routes %zu rules %zu labels %s",
                           cfg->org_id, cfg->nunits, cfg->npeople, cfg->nroutes, cfg->nrules,
                           cfg->nlabels, dr_config_cite(cfg, "R61", "none"));
    }
    dr_config_free(cfg);
    return rc;
}

static void test_oom__config(void **state)
{
    dr_buf text;
    (void)state;
    dr_buf_init(&text, 0);
    read_source_file("examples/zhangdian/docroute/config.yaml", &text);
    assert_true(sweep("config", op_config, &text) > 0);
    dr_buf_dispose(&text);
}

static int op_catalog(void *ud, dr_ctx *ctx, dr_buf *out)
{
    dr_config *cfg = NULL;
    (void)ud;
    (void)out;
    int rc = dr_config_catalog(&cfg, ctx);
    dr_config_free(cfg);
    return rc;
}

static void test_oom__catalog(void **state)
{
    (void)state;
    assert_true(sweep("catalog", op_catalog, NULL) > 0);
}

static int op_calendar(void *ud, dr_ctx *ctx, dr_buf *out)
{
    const dr_buf *text = ud;
    dr_calendar *cal = NULL;
    dr_date due;
    int rc = dr_calendar_new(&cal);
    if (rc)
        rc = dr_ctx_set(ctx, rc, "calendar");
    if (!rc)
        rc = dr_calendar_add_year(cal, ctx, "calendar/2026.yaml", text->ptr, text->len);
    if (!rc)
        rc = dr_calendar_add_workdays(cal, ctx, D("2026-09-29"), 5, &due);
    if (!rc) {
        char iso[11];
        dr_date_format(due, iso);
        rc = dr_buf_puts(out, iso);
    }
    dr_calendar_free(cal);
    return rc;
}

static void test_oom__calendar(void **state)
{
    dr_buf text;
    (void)state;
    dr_buf_init(&text, 0);
    read_source_file("examples/zhangdian/docroute/calendar/2026.yaml", &text);
    sweep("calendar", op_calendar, &text);
    dr_buf_dispose(&text);
}

/* ---- envelopes: a draft recorded, an event signed and appended, digests ---- */

typedef struct env_case {
    dr_buf draft, body;
    char body_sha[65];
    dr_key *key;
} env_case;

static int op_envelope(void *ud, dr_ctx *ctx, dr_buf *out)
{
    env_case *c = ud;
    dr_envelope *draft = NULL, *env = NULL, *next = NULL;
    dr_buf rec, docxml, lines, appended, signed_bytes;
    char content[72], initial[72], digest[72], tip[72], docdigest[72];
    int rc;
    dr_buf_init(&rec, 0);
    dr_buf_init(&docxml, 0);
    dr_buf_init(&lines, 0);
    dr_buf_init(&appended, 0);
    dr_buf_init(&signed_bytes, 0);
    rc = dr_envelope_parse(&draft, ctx, "flood-notice.xml", c->draft.ptr, c->draft.len,
                           DR_FORM_DRAFT);
    if (rc)
        goto done;
    dr_attr files[1] = {{dr_envelope_document(draft)->body.href, c->body_sha}};
    if ((rc = dr_envelope_make_recorded(draft, ctx, "2026-zzf-0001", "notice-gov",
                                        "0123456789abcdef0123456789abcdef01234567", files, 1,
                                        &rec)) ||
        (rc = dr_envelope_document_xml(draft, ctx, files, 1, &docxml)) ||
        (rc = dr_document_xml_digest(docxml.ptr, ctx, docdigest)) ||
        (rc = dr_envelope_parse(&env, ctx, "envelope.xml", rec.ptr, rec.len, DR_FORM_RECORDED)) ||
        (rc = dr_envelope_content_digest(env, ctx, content)) ||
        (rc = dr_envelope_initial_digest(env, ctx, initial)))
        goto done;
    dr_attr attrs[] = {{"step", "countersign"}, {"unit", "water"}, {"due-date", "2026-10-09"}};
    dr_event_spec specs[2] = {
        {"submit", "p-chen", T("2026-09-29T09:30:00+08:00"), NULL, 0, NULL, NULL},
        {"countersign-request", "p-chen", T("2026-09-29T09:30:00+08:00"), attrs, 3, "please <see> & reply",
         NULL},
    };
    snprintf(tip, sizeof(tip), "%s", content);
    for (int i = 0; i < 2; i++)
        if ((rc = dr_event_build(&lines, ctx, "2026-zzf-0001", i + 1, tip, content, &specs[i],
                                 c->key, "p-chen/1", tip)))
            goto done;
    if ((rc = dr_envelope_append(env, ctx, lines.ptr, lines.len, &appended)) ||
        (rc = dr_envelope_parse(&next, ctx, "envelope.xml", appended.ptr, appended.len,
                                DR_FORM_RECORDED)) ||
        (rc = dr_envelope_signed_bytes(next, ctx, 1, &signed_bytes)) ||
        (rc = dr_envelope_event_digest(next, ctx, 1, digest)) ||
        (rc = dr_envelope_verify_event(next, ctx, 0, c->key)) ||
        (rc = dr_envelope_verify_event(next, ctx, 1, c->key)))
        goto done;
    rc = dr_buf_printf(out, "%s\n%s\n%s\n%s\n%s\n%zu\n", content, initial, docdigest, digest, tip,
                       signed_bytes.len);
    if (!rc)
        rc = dr_buf_put(out, appended.ptr, appended.len);
done:
    dr_envelope_free(draft);
    dr_envelope_free(env);
    dr_envelope_free(next);
    dr_buf_dispose(&rec);
    dr_buf_dispose(&docxml);
    dr_buf_dispose(&lines);
    dr_buf_dispose(&appended);
    dr_buf_dispose(&signed_bytes);
    return rc;
}

static void test_oom__envelope(void **state)
{
    env_case c;
    dr_buf pem;
    dr_ctx ctx;
    (void)state;
    dr_ctx_init(&ctx);
    dr_buf_init(&c.draft, 0);
    dr_buf_init(&c.body, 0);
    dr_buf_init(&pem, 0);
    read_source_file("examples/zhangdian/drafts/flood-notice.xml", &c.draft);
    read_source_file("examples/zhangdian/drafts/flood-notice.md", &c.body);
    dr_sha256_hex(c.body.ptr, c.body.len, c.body_sha);
    read_source_file("examples/zhangdian/keys/p-chen-1.TEST-KEY.pem", &pem);
    c.key = NULL;
    assert_int_equal(dr_key_parse_private(&c.key, &ctx, "p-chen", pem.ptr, pem.len), 0);
    assert_true(sweep("envelope", op_envelope, &c) > 0);
    dr_key_free(c.key);
    dr_buf_dispose_secret(&pem);
    dr_buf_dispose(&c.draft);
    dr_buf_dispose(&c.body);
}

/* The recorded envelopes of the record, parsed again. */
static int op_parse(void *ud, dr_ctx *ctx, dr_buf *out)
{
    view *v = ud;
    dr_envelope *env = NULL;
    char tip[72];
    int rc = dr_envelope_parse(&env, ctx, "envelope.xml", v->bytes.ptr, v->bytes.len,
                               DR_FORM_RECORDED);
    if (!rc)
        rc = dr_envelope_tip_digest(env, ctx, tip);
    if (!rc)
        rc = dr_buf_printf(out, "%zu %s", dr_envelope_event_count(env), tip);
    dr_envelope_free(env);
    return rc;
}

static void test_oom__recorded_envelopes(void **state)
{
    view v;
    (void)state;
    view_at(&v, steps[NSTEPS - 1].after, notice);
    assert_true(sweep("recorded notice", op_parse, &v) > 0);
    view_dispose(&v);
    view_at(&v, steps[NSTEPS - 1].after, request_id);
    assert_true(sweep("recorded request", op_parse, &v) > 0);
    view_dispose(&v);
}

/* ---- acts planned ---- */

typedef struct plan_case {
    view v;
    dr_act_input in;
} plan_case;

static int op_plan(void *ud, dr_ctx *ctx, dr_buf *out)
{
    plan_case *c = ud;
    dr_act_plan *plan = NULL;
    int rc = dr_act_plan_make(&plan, ctx, &c->in);
    if (!rc)
        rc = dr_buf_printf(out, "%s for %s\n", plan->summary ? plan->summary : "-",
                           plan->acting_for ? plan->acting_for : "-");
    for (size_t i = 0; !rc && i < plan->n; i++) {
        rc = dr_buf_printf(out, "%s %s", plan->events[i].act,
                           plan->events[i].text ? plan->events[i].text : "");
        for (size_t k = 0; !rc && k < plan->events[i].nattrs; k++)
            rc = dr_buf_printf(out, " %s=%s", plan->events[i].attrs[k].name,
                               plan->events[i].attrs[k].value);
        if (!rc)
            rc = dr_buf_puts(out, "\n");
    }
    dr_act_plan_free(plan);
    return rc;
}

static void test_oom__acts_planned(void **state)
{
    (void)state;
    for (size_t i = 0; i < NSTEPS; i++) {
        plan_case c;
        char what[100];
        if (!strcmp(steps[i].act, "register"))
            continue; /* the number is allocated by the tool, below */
        view_at(&c.v, steps[i].before, doc_of(&steps[i]));
        step_input(&steps[i], &c.in);
        c.in.cfg = c.v.cfg;
        c.in.route_cfg = c.v.rcfg;
        c.in.route = c.v.route;
        c.in.cal = c.v.cal;
        c.in.env = c.v.env;
        c.in.actor = steps[i].actor;
        c.in.at = T(steps[i].at);
        snprintf(what, sizeof(what), "plan %s", steps[i].act);
        sweep(what, op_plan, &c);
        view_dispose(&c.v);
    }
}

/* ---- routes folded, slips rendered ---- */

typedef struct fold_case {
    view v;
    dr_time now;
    bool render;
} fold_case;

static int op_fold(void *ud, dr_ctx *ctx, dr_buf *out)
{
    fold_case *c = ud;
    dr_route_state *st = NULL;
    dr_opening *ops = NULL;
    dr_reprojection *rp = NULL;
    dr_holder *holders = NULL;
    size_t nops = 0, nrp = 0, nh = 0;
    const dr_document *d = dr_envelope_document(c->v.env);
    int rc = dr_route_fold(&st, ctx, c->v.cfg, c->v.route, c->v.env, c->now);
    if (rc)
        goto done;
    if ((rc = dr_route_openings(&ops, &nops, ctx, c->v.cfg, c->v.cal, st, d, c->now)) ||
        (rc = dr_route_reprojections(&rp, &nrp, ctx, c->v.cfg, c->v.cal, st, d)))
        goto done;
    dr_step_status *open = dr_route_open_step(st);
    if (open && (rc = dr_route_step_holders(&holders, &nh, ctx, c->v.cfg, c->v.route, open, d,
                                            dr_time_date(c->now))))
        goto done;
    rc = dr_buf_printf(out, "%zu openings %zu reprojections %zu holders\n", nops, nrp, nh);
    for (size_t i = 0; !rc && i < nops; i++)
        rc = dr_buf_printf(out, "%s %s %s\n", ops[i].act, ops[i].step, ops[i].unit);
    if (!rc && c->render) {
        if ((rc = dr_render_html(out, ctx, c->v.cfg, c->v.env, st)))
            goto done;
        rc = dr_render_dot(out, ctx, c->v.cfg, c->v.env, st);
    }
done:
    free(ops);
    free(rp);
    free(holders);
    dr_route_state_free(st);
    return rc;
}

static void fold_all(bool render)
{
    for (size_t i = 0; i < NSTEPS; i++) {
        fold_case c;
        char what[100];
        view_at(&c.v, steps[i].after, doc_of(&steps[i]));
        c.now = T(steps[i].at);
        c.render = render;
        snprintf(what, sizeof(what), "%s after %s", render ? "render" : "fold", steps[i].act);
        assert_true(sweep(what, op_fold, &c) > 0);
        view_dispose(&c.v);
    }
}

static void test_oom__routes_folded(void **state)
{
    (void)state;
    fold_all(false);
}

/* The slip and the graph as well: a failed growth of any of their buffers is an error,
 * never a slip short of a row, a name or a cell. */
static void test_oom__slips_rendered(void **state)
{
    (void)state;
    fold_all(true);
}

static int findings_text(dr_buf *out, const dr_findings *f)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < f->n; i++)
        rc = dr_buf_printf(out, "%s %s\n", f->v[i].rule, f->v[i].message);
    return rc;
}

/* ---- commits verified; the store opened, read and written ---- */

static int op_verify(void *ud, dr_ctx *ctx, dr_buf *out)
{
    const char *commit = ud;
    dr_store *st = NULL;
    dr_findings f;
    dr_findings_init(&f);
    int rc = dr_store_open(&st, ctx, h.path, 0);
    if (!rc)
        rc = dr_verify_commit(&f, ctx, st, commit, NULL);
    if (!rc)
        rc = findings_text(out, &f);
    dr_findings_dispose(&f);
    dr_store_free(st);
    return rc;
}

static void test_oom__commits_verified(void **state)
{
    char genesis[41], what[100];
    dr_ctx ctx;
    (void)state;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_store_genesis(h.st, &ctx, genesis), 0);
    sweep("verify genesis", op_verify, genesis);
    sweep("verify submit", op_verify, notice_submitted);
    for (size_t i = 0; i < NSTEPS; i++) {
        snprintf(what, sizeof(what), "verify %s", steps[i].act);
        sweep(what, op_verify, steps[i].after);
    }
}

static int count_doc(void *ud, const char *id)
{
    dr_buf *out = ud;
    return dr_buf_printf(out, "%s\n", id);
}

/* What the tools read at the tip: the config, the calendar, the documents and the
 * derived cache (rebuilt from nothing each time), the next numbers. */
static int op_tip(void *ud, dr_ctx *ctx, dr_buf *out)
{
    dr_store *st = NULL;
    dr_snapshot *snap = NULL;
    const dr_config *cfg;
    const dr_calendar *cal;
    char cmd[600], blob[41];
    int serial = 0, number = 0, last = 0;
    bool active = false, ledger = false;
    (void)ud;
    paused = true;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s/docroute'", h.path);
    assert_int_equal(system(cmd), 0);
    paused = false;
    int rc = dr_store_open(&st, ctx, h.path, 0);
    if (rc || (rc = dr_store_tip(&snap, ctx, st)) || (rc = dr_snapshot_config(snap, ctx, &cfg)) ||
        (rc = dr_snapshot_calendar(snap, ctx, &cal)) ||
        (rc = dr_snapshot_config_blob(snap, ctx, blob)) ||
        (rc = dr_snapshot_next_serial(snap, ctx, 2026, "zzf", &serial)) ||
        (rc = dr_snapshot_doc_active(snap, ctx, notice, &active)) ||
        (rc = dr_snapshot_each_doc(snap, ctx, count_doc, out)) ||
        (rc = dr_store_active_docs(st, ctx, snap, count_doc, out)) ||
        (rc = dr_store_next_number(st, ctx, snap, "张政发", 2026, &number)) ||
        (rc = dr_numbers_last(snap, ctx, "张政发", 2026, &last, &ledger)))
        goto done;
    rc = dr_buf_printf(out, "%s serial %d number %d last %d active %d\n", blob, serial, number,
                       last, active);
done:
    dr_snapshot_free(snap);
    dr_store_free(st);
    return rc;
}

static void test_oom__tip_read(void **state)
{
    (void)state;
    assert_true(sweep("tip", op_tip, NULL) > 0);
}

/* An act's commit made (nothing moves): the safety report submitted. */
typedef struct make_case {
    act a;
} make_case;

static int op_make(void *ud, dr_ctx *ctx, dr_buf *out)
{
    make_case *c = ud;
    dr_store *st = NULL;
    dr_snapshot *snap = NULL;
    dr_file f[HIST_MAX_FILES + 1];
    char path[200], commit[41];
    size_t n = 0;
    assert_int_equal(dr_doc_envelope_path(c->a.doc, path, sizeof(path)), 0);
    f[n++] = (dr_file){path, c->a.env.ptr, c->a.env.len};
    for (size_t i = 0; i < c->a.nfiles; i++)
        f[n++] = (dr_file){c->a.paths[i], c->a.data[i].ptr, c->a.data[i].len};
    dr_identity who = {"tester", c->a.email, c->a.at};
    int rc = dr_store_open(&st, ctx, h.path, 0);
    if (!rc && !(rc = dr_store_snapshot(&snap, ctx, st, c->a.parent)) &&
        !(rc = dr_store_make_act(st, ctx, snap, f, n, c->a.msg.ptr, &who, &who, commit)))
        rc = dr_buf_puts(out, commit);
    dr_snapshot_free(snap);
    dr_store_free(st);
    return rc;
}

static void test_oom__act_committed(void **state)
{
    make_case c;
    (void)state;
    hist_submit(&h, &c.a, "safety-report", NULL, NULL, "p-liang", "2026-10-15T09:00:00+08:00", NULL);
    assert_true(sweep("make act", op_make, &c) > 0);
    act_dispose(&c.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom__catalog),
        cmocka_unit_test(test_oom__calendar),
        cmocka_unit_test(test_oom__envelope),
        cmocka_unit_test(test_oom__recorded_envelopes),
        cmocka_unit_test(test_oom__routes_folded),
        cmocka_unit_test(test_oom__act_committed),
        cmocka_unit_test(test_oom__config),
        cmocka_unit_test(test_oom__tip_read),
        cmocka_unit_test(test_oom__acts_planned),
        cmocka_unit_test(test_oom__commits_verified),
        cmocka_unit_test(test_oom__slips_rendered),
    };
    if (getenv("OOM_ONLY"))
        cmocka_set_test_filter(getenv("OOM_ONLY"));
    return cmocka_run_group_tests(tests, setup, teardown);
}
