#include "history.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the repository ---- */

static void add_file(dr_file *f, dr_buf *b, size_t *n, const char *repo_path, const char *rel)
{
    dr_buf_init(&b[*n], 0);
    read_source_file(rel, &b[*n]);
    f[*n] = (dr_file){strdup(repo_path), b[*n].ptr, b[*n].len};
    (*n)++;
}

size_t hist_config_files(dr_file *f, dr_buf *b, size_t max, const char *edit_from,
                         const char *edit_to)
{
    char rp[300], rel[400];
    size_t n = 0;
    add_file(f, b, &n, ".docroute/config.yaml", "examples/zhangdian/docroute/config.yaml");
    if (edit_from) {
        char *at = strstr(b[0].ptr, edit_from);
        if (!at)
            fail_msg("hist: '%s' is not in the example config", edit_from);
        dr_buf e;
        dr_buf_init(&e, 0);
        dr_buf_put(&e, b[0].ptr, (size_t)(at - b[0].ptr));
        dr_buf_puts(&e, edit_to);
        dr_buf_puts(&e, at + strlen(edit_from));
        dr_buf_dispose(&b[0]);
        b[0] = e;
        f[0].data = e.ptr;
        f[0].len = e.len;
    }
    for (int y = 2020; y <= 2026 && n < max; y++) {
        snprintf(rp, sizeof(rp), ".docroute/calendar/%d.yaml", y);
        snprintf(rel, sizeof(rel), "examples/zhangdian/docroute/calendar/%d.yaml", y);
        add_file(f, b, &n, rp, rel);
    }
    char dir[600];
    snprintf(dir, sizeof(dir), "%s/examples/zhangdian/docroute/keys", DR_SOURCE_DIR);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)) && n < max) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".pem"))
            continue;
        snprintf(rp, sizeof(rp), ".docroute/keys/%s", de->d_name);
        snprintf(rel, sizeof(rel), "examples/zhangdian/docroute/keys/%s", de->d_name);
        add_file(f, b, &n, rp, rel);
    }
    closedir(d);
    return n;
}

void hist_files_free(dr_file *f, dr_buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free((char *)f[i].path);
        dr_buf_dispose(&b[i]);
    }
}

void hist_init(hist *h, const char *path, const char *edit_from, const char *edit_to)
{
    dr_file f[80];
    dr_buf b[80];
    char commit[41];
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    memset(h, 0, sizeof(*h));
    snprintf(h->path, sizeof(h->path), "%s", path);
    size_t n = hist_config_files(f, b, 80, edit_from, edit_to);
    dr_identity id = {"genesis", "config-admin@zhangdian", T("2026-09-01T09:00:00+08:00")};
    if (dr_store_init(&ctx, path, true, f, n, &id, true, commit))
        fail_msg("init: %s", ctx.msg);
    hist_files_free(f, b, n);
    if (dr_store_open(&h->st, &ctx, path, 0))
        fail_msg("open: %s", ctx.msg);
}

void hist_free(hist *h)
{
    dr_store_free(h->st);
    h->st = NULL;
}

void hist_tip(hist *h, char out[41])
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_store_tip(&s, &ctx, h->st), 0);
    snprintf(out, 41, "%s", dr_snapshot_commit(s));
    dr_snapshot_free(s);
}

dr_envelope *hist_envelope(hist *h, const char *doc)
{
    dr_snapshot *s = NULL;
    dr_envelope *env = NULL;
    dr_ctx ctx;
    char path[200];
    dr_buf b;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    assert_int_equal(dr_store_tip(&s, &ctx, h->st), 0);
    assert_int_equal(dr_doc_envelope_path(doc, path, sizeof(path)), 0);
    assert_int_equal(dr_snapshot_read(s, &ctx, path, &b), 0);
    if (dr_envelope_parse(&env, &ctx, path, b.ptr, b.len, DR_FORM_RECORDED))
        fail_msg("%s", ctx.msg);
    dr_buf_dispose(&b);
    dr_snapshot_free(s);
    return env;
}

/* ---- signing ---- */

dr_key *hist_key(const char *person)
{
    char rel[300];
    dr_buf pem;
    dr_key *key = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    dr_buf_init(&pem, 0);
    snprintf(rel, sizeof(rel), "examples/zhangdian/keys/%s-1.TEST-KEY.pem", person);
    read_source_file(rel, &pem);
    if (dr_key_parse_private(&key, &ctx, person, pem.ptr, pem.len))
        fail_msg("key %s: %s", person, ctx.msg);
    dr_buf_dispose_secret(&pem);
    return key;
}

static const char fake_digest[] =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/* Signs specs (the act's events, in order) onto env's bytes into a->env; fills the
 * trailers' figures. */
static void sign_events(act *a, const dr_envelope *env, dr_event_spec *specs, size_t n,
                        const char *actor, const char *content_in, const tamper *t)
{
    static const tamper none;
    dr_ctx ctx;
    dr_buf lines;
    char prev[72], content[72];
    if (!t)
        t = &none;
    dr_ctx_init(&ctx);
    dr_buf_init(&lines, 0);
    const char *signer = t->sign_as ? t->sign_as : actor;
    char kname[100];
    snprintf(kname, sizeof(kname), "%s/1", signer);
    dr_key *key = hist_key(signer);
    if (dr_envelope_event_count(env))
        assert_int_equal(dr_envelope_tip_digest(env, &ctx, prev), 0);
    else
        snprintf(prev, sizeof(prev), "%s", content_in);
    snprintf(content, sizeof(content), "%s", content_in);
    size_t count = n - (t->drop_last && n > 1 ? 1 : 0);
    if (t->keep && t->keep < count)
        count = t->keep;
    size_t total = count + (t->duplicate_last ? 1 : 0);
    int seq0 = (int)dr_envelope_event_count(env) + 1 + t->seq_offset;
    for (size_t i = 0; i < total; i++) {
        dr_event_spec s = specs[i < count ? i : count - 1];
        dr_attr attrs[DR_ACT_MAX_ATTRS + 2];
        size_t na = 0;
        bool set = false;
        for (size_t k = 0; k < s.nattrs; k++) {
            if (t->set_name && t->set_event == (int)i + 1 && !strcmp(s.attrs[k].name, t->set_name)) {
                set = true;
                if (t->set_value)
                    attrs[na++] = (dr_attr){t->set_name, t->set_value};
                continue;
            }
            attrs[na++] = s.attrs[k];
        }
        if (t->set_name && t->set_event == (int)i + 1 && !set && t->set_value)
            attrs[na++] = (dr_attr){t->set_name, t->set_value};
        s.attrs = attrs;
        s.nattrs = na;
        s.actor = t->actor ? t->actor : actor;
        if (i > 0 && t->later_actor)
            s.actor = t->later_actor;
        if (i == 0 && t->act)
            s.act = t->act;
        if (i == 0 && t->text)
            s.text = t->text;
        if (i == 0)
            s.at.epoch += t->at_offset;
        else
            s.at.epoch += t->later_offset;
        bool first = i == 0;
        if (dr_event_build(&lines, &ctx, a->doc, seq0 + (int)i,
                           first && t->wrong_prev ? fake_digest : prev,
                           first && t->wrong_content ? fake_digest : content, &s, key,
                           t->key_name ? t->key_name : kname, prev))
            fail_msg("event_build: %s", ctx.msg);
    }
    if (dr_envelope_append(env, &ctx, lines.ptr, lines.len, &a->env))
        fail_msg("append: %s", ctx.msg);
    a->first = (int)dr_envelope_event_count(env) + 1;
    a->last = a->first + (int)total - 1;
    memcpy(a->digest, prev, sizeof(prev));
    dr_key_free(key);
    dr_buf_dispose(&lines);
}

static void message(act *a, const char *summary, const char *act_name, const char *actor,
                    const char *acting_for)
{
    dr_buf_printf(&a->msg, "%s\n\nDoc-Id: %s\nAct: %s\nActor: %s\n", summary, a->doc, act_name,
                  actor);
    if (acting_for)
        dr_buf_printf(&a->msg, "Acting-For: %s\n", acting_for);
    if (a->first == a->last)
        dr_buf_printf(&a->msg, "Events: %d\n", a->first);
    else
        dr_buf_printf(&a->msg, "Events: %d-%d\n", a->first, a->last);
    dr_buf_printf(&a->msg, "Event-Digest: %s\n", a->digest);
    snprintf(a->email, sizeof(a->email), "%s@zhangdian", actor);
}

static void act_init(act *a)
{
    memset(a, 0, sizeof(*a));
    dr_buf_init(&a->env, 0);
    dr_buf_init(&a->msg, 0);
}

void act_put(act *a, const char *path, const char *data, size_t len)
{
    size_t i = 0;
    while (i < a->nfiles && strcmp(a->paths[i], path))
        i++;
    if (i == a->nfiles) {
        assert_true(a->nfiles < HIST_MAX_FILES);
        a->paths[a->nfiles] = strdup(path);
        dr_buf_init(&a->data[a->nfiles], 0);
        a->nfiles++;
    }
    a->data[i].len = 0;
    dr_buf_put(&a->data[i], data ? data : "", len);
}

static void edit(dr_buf *b, const char *from, const char *to)
{
    char *at = b->ptr ? strstr(b->ptr, from) : NULL;
    if (!at)
        fail_msg("edit: '%s' is not there", from);
    dr_buf e;
    dr_buf_init(&e, 0);
    dr_buf_put(&e, b->ptr, (size_t)(at - b->ptr));
    dr_buf_puts(&e, to);
    dr_buf_put(&e, at + strlen(from), b->len - (size_t)(at - b->ptr) - strlen(from));
    dr_buf_dispose(b);
    *b = e;
}

void act_msg_edit(act *a, const char *from, const char *to)
{
    edit(&a->msg, from, to);
}

void act_env_edit(act *a, const char *from, const char *to)
{
    edit(&a->env, from, to);
}

static size_t act_files(act *a, dr_file *f)
{
    char path[200];
    static char env_path[200];
    size_t n = 0;
    assert_int_equal(dr_doc_envelope_path(a->doc, path, sizeof(path)), 0);
    snprintf(env_path, sizeof(env_path), "%s", path);
    f[n++] = (dr_file){env_path, a->env.ptr, a->env.len};
    for (size_t i = 0; i < a->nfiles; i++)
        f[n++] = (dr_file){a->paths[i], a->data[i].ptr ? a->data[i].ptr : "", a->data[i].len};
    return n;
}

void act_make(hist *h, act *a, char commit[41])
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    dr_file f[HIST_MAX_FILES + 1];
    dr_ctx_init(&ctx);
    assert_int_equal(dr_store_snapshot(&s, &ctx, h->st, a->parent), 0);
    size_t n = act_files(a, f);
    dr_identity who = {"tester", a->email, a->at};
    if (dr_store_make_act(h->st, &ctx, s, f, n, a->msg.ptr, &who, &who, commit))
        fail_msg("make_act: %s", ctx.msg);
    dr_snapshot_free(s);
}

void act_record(hist *h, act *a, char commit[41])
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    act_make(h, a, commit);
    assert_int_equal(dr_store_snapshot(&s, &ctx, h->st, a->parent), 0);
    if (dr_store_advance(h->st, &ctx, s, commit))
        fail_msg("advance: %s", ctx.msg);
    dr_snapshot_free(s);
}

void act_dispose(act *a)
{
    dr_buf_dispose(&a->env);
    dr_buf_dispose(&a->msg);
    for (size_t i = 0; i < a->nfiles; i++) {
        free(a->paths[i]);
        dr_buf_dispose(&a->data[i]);
    }
    a->nfiles = 0;
}

/* ---- acts ---- */

static dr_envelope *read_draft(const char *name, const char *from, const char *to, dr_buf *body,
                               char body_sha[65])
{
    char rel[300];
    dr_buf b;
    dr_ctx ctx;
    dr_envelope *draft = NULL;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    snprintf(rel, sizeof(rel), "examples/zhangdian/drafts/%s.xml", name);
    read_source_file(rel, &b);
    if (from)
        edit(&b, from, to);
    if (dr_envelope_parse(&draft, &ctx, rel, b.ptr, b.len, DR_FORM_DRAFT))
        fail_msg("%s: %s", rel, ctx.msg);
    dr_buf_dispose(&b);
    snprintf(rel, sizeof(rel), "examples/zhangdian/drafts/%s", dr_envelope_document(draft)->body.href);
    read_source_file(rel, body);
    dr_sha256_hex(body->ptr, body->len, body_sha);
    return draft;
}

void hist_submit(hist *h, act *a, const char *name, const char *from, const char *to,
                 const char *actor, const char *at, const tamper *t)
{
    dr_snapshot *snap = NULL;
    dr_ctx ctx;
    const dr_config *cfg;
    const dr_calendar *cal;
    const dr_route *route = NULL;
    char blob[41], body_sha[65], content[72];
    dr_buf body, rec;
    dr_envelope *draft, *env = NULL;
    dr_route_state *st = NULL;
    dr_opening *ops = NULL;
    size_t nops = 0;
    int y, m, d, serial;
    act_init(a);
    dr_ctx_init(&ctx);
    dr_buf_init(&body, 0);
    dr_buf_init(&rec, 0);
    a->at = T(at);
    draft = read_draft(name, from, to, &body, body_sha);
    assert_int_equal(dr_store_tip(&snap, &ctx, h->st), 0);
    snprintf(a->parent, sizeof(a->parent), "%s", dr_snapshot_commit(snap));
    assert_int_equal(dr_snapshot_config(snap, &ctx, &cfg), 0);
    assert_int_equal(dr_snapshot_calendar(snap, &ctx, &cal), 0);
    assert_int_equal(dr_snapshot_config_blob(snap, &ctx, blob), 0);
    const dr_document *doc = dr_envelope_document(draft);
    if (dr_route_select(&route, &ctx, cfg, doc))
        fail_msg("route: %s", ctx.msg);
    dr_date_to_ymd(dr_time_date(a->at), &y, &m, &d);
    assert_int_equal(dr_snapshot_next_serial(snap, &ctx, y, dr_config_unit(cfg, doc->drafter)->code,
                                             &serial),
                     0);
    snprintf(a->doc, sizeof(a->doc), "%04d-%s-%04d", y, dr_config_unit(cfg, doc->drafter)->code,
             serial);
    dr_attr files[1] = {{doc->body.href, body_sha}};
    if (dr_envelope_make_recorded(draft, &ctx, a->doc, route->id, blob, files, 1, &rec) ||
        dr_envelope_parse(&env, &ctx, "envelope.xml", rec.ptr, rec.len, DR_FORM_RECORDED) ||
        dr_envelope_content_digest(env, &ctx, content))
        fail_msg("recorded: %s", ctx.msg);
    if (dr_route_fold(&st, &ctx, cfg, route, env, a->at) ||
        dr_route_openings(&ops, &nops, &ctx, cfg, cal, st, dr_envelope_document(env), a->at))
        fail_msg("openings: %s", ctx.msg);
    dr_event_spec specs[32];
    dr_attr attrs[32][4];
    char dues[32][11];
    size_t n = 0;
    specs[n++] = (dr_event_spec){"submit", actor, a->at, NULL, 0, NULL, NULL};
    for (size_t i = 0; i < nops && n < 32; i++, n++) {
        dues[n][0] = '\0';
        if (ops[i].due != DR_DATE_NONE)
            dr_date_format(ops[i].due, dues[n]);
        size_t k = 0;
        attrs[n][k++] = (dr_attr){"step", ops[i].step};
        attrs[n][k++] = (dr_attr){ops[i].person ? "person" : "unit", ops[i].unit};
        if (dues[n][0])
            attrs[n][k++] = (dr_attr){"due-date", dues[n]};
        if (ops[i].provisional)
            attrs[n][k++] = (dr_attr){"provisional", "true"};
        specs[n] = (dr_event_spec){ops[i].act, actor, a->at, attrs[n], k, NULL, NULL};
    }
    sign_events(a, env, specs, n, actor, content, t);
    char dir[200], p[400], summary[300];
    dr_doc_dir(a->doc, dir, sizeof(dir));
    snprintf(p, sizeof(p), "%s/%s", dir, doc->body.href);
    /* as the tool: a classified document's body never enters the repository */
    if (!doc->level || !strcmp(doc->level, "none"))
        act_put(a, p, body.ptr, body.len);
    snprintf(summary, sizeof(summary), "submit %s", a->doc);
    message(a, summary, "submit", actor, NULL);
    free(ops);
    dr_route_state_free(st);
    dr_envelope_free(env);
    dr_envelope_free(draft);
    dr_buf_dispose(&rec);
    dr_buf_dispose(&body);
    dr_snapshot_free(snap);
}

static const char *revise_from, *revise_to;

void hist_revise_edit(const char *from, const char *to)
{
    revise_from = from;
    revise_to = to;
}

int hist_act(hist *h, act *a, dr_ctx *ctx, const char *doc, const dr_act_input *particulars,
             const char *actor, const char *at, const tamper *t)
{
    dr_snapshot *snap = NULL;
    const dr_config *cfg, *rcfg;
    const dr_calendar *cal;
    dr_envelope *env = NULL, *draft = NULL;
    dr_act_plan *plan = NULL;
    dr_buf b, docxml, body;
    dr_numbered numbered = {0};
    char path[200], content[72], body_sha[65];
    int rc;
    act_init(a);
    dr_buf_init(&b, 0);
    dr_buf_init(&docxml, 0);
    dr_buf_init(&body, 0);
    snprintf(a->doc, sizeof(a->doc), "%s", doc);
    a->at = T(at);
    assert_int_equal(dr_store_tip(&snap, ctx, h->st), 0);
    snprintf(a->parent, sizeof(a->parent), "%s", dr_snapshot_commit(snap));
    assert_int_equal(dr_doc_envelope_path(doc, path, sizeof(path)), 0);
    assert_int_equal(dr_snapshot_read(snap, ctx, path, &b), 0);
    assert_int_equal(dr_envelope_parse(&env, ctx, path, b.ptr, b.len, DR_FORM_RECORDED), 0);
    assert_int_equal(dr_snapshot_config(snap, ctx, &cfg), 0);
    assert_int_equal(dr_snapshot_calendar(snap, ctx, &cal), 0);
    assert_int_equal(dr_snapshot_config_at(snap, ctx, dr_envelope_config_blob(env), &rcfg), 0);
    dr_act_input in = *particulars;
    in.cfg = cfg;
    in.route_cfg = rcfg;
    in.route = dr_config_route(rcfg, dr_envelope_route(env));
    in.cal = cal;
    in.env = env;
    in.actor = actor;
    in.at = a->at;
    if (!strcmp(in.act, "register")) {
        const dr_document *d0 = dr_envelope_document(env);
        const dr_unit *lead = dr_config_unit(cfg, d0->issuers[0].unit);
        int y, m, dd;
        dr_date_to_ymd(dr_time_date(a->at), &y, &m, &dd);
        assert_non_null(lead);
        assert_non_null(lead->number_prefix);
        assert_int_equal(dr_numbers_register(snap, ctx, cfg, lead->number_prefix, y, doc, &numbered), 0);
        in.number = numbered.number;
    }
    if (in.document_xml) {
        /* in.document_xml names an example draft: its <document> with its body's hash */
        draft = read_draft(in.document_xml, revise_from, revise_to, &body, body_sha);
        revise_from = revise_to = NULL;
        dr_attr files[1] = {{dr_envelope_document(draft)->body.href, body_sha}};
        assert_int_equal(dr_envelope_document_xml(draft, ctx, files, 1, &docxml), 0);
        in.document_xml = docxml.ptr;
    }
    rc = dr_act_plan_make(&plan, ctx, &in);
    if (rc)
        goto done;
    assert_true(plan->n > 0);
    assert_int_equal(dr_envelope_content_digest(env, ctx, content), 0);
    if (plan->events[0].document_xml)
        assert_int_equal(dr_document_xml_digest(plan->events[0].document_xml, ctx, content), 0);
    dr_event_spec specs[32];
    size_t n = 0;
    for (size_t i = 0; i < plan->n && n < 32; i++)
        dr_act_plan_spec(plan, i, actor, a->at, &specs[n++]);
    sign_events(a, env, specs, n, actor, content, t);
    if (numbered.ledger_path[0])
        act_put(a, numbered.ledger_path, numbered.ledger.ptr, numbered.ledger.len);
    if (draft) {
        char dir[200], p[400];
        dr_buf old;
        dr_buf_init(&old, 0);
        dr_doc_dir(doc, dir, sizeof(dir));
        snprintf(p, sizeof(p), "%s/%s", dir, dr_envelope_document(draft)->body.href);
        if (dr_snapshot_read(snap, ctx, p, &old) == DR_ENOTFOUND)
            act_put(a, p, body.ptr, body.len);
        dr_buf_dispose(&old);
    }
    message(a, plan->summary ? plan->summary : in.act, in.act, actor, plan->acting_for);
done:
    dr_act_plan_free(plan);
    dr_envelope_free(draft);
    dr_envelope_free(env);
    dr_buf_dispose(&b);
    dr_buf_dispose(&docxml);
    dr_buf_dispose(&numbered.ledger);
    dr_buf_dispose(&body);
    dr_snapshot_free(snap);
    return rc;
}

void hist_do(hist *h, const char *doc, const char *act_name, const char *actor, const char *at,
             const char *opinion, char commit[41])
{
    act a;
    dr_ctx ctx;
    dr_act_input in;
    dr_ctx_init(&ctx);
    memset(&in, 0, sizeof(in));
    in.act = act_name;
    in.opinion = opinion;
    if (hist_act(h, &a, &ctx, doc, &in, actor, at, NULL))
        fail_msg("%s by %s: %s %s", act_name, actor, ctx.rule, ctx.msg);
    act_record(h, &a, commit);
    act_dispose(&a);
}

/* ---- verification ---- */

void hist_verify(hist *h, const char *commit, dr_findings *f)
{
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    dr_findings_init(f);
    if (dr_verify_commit(f, &ctx, h->st, commit, NULL))
        fail_msg("verify %s: %s", commit, ctx.msg);
}

bool has_rule(const dr_findings *f, const char *rule)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->v[i].rule, rule))
            return true;
    return false;
}

void print_findings(const dr_findings *f)
{
    for (size_t i = 0; i < f->n; i++)
        print_message("  finding %s (event %d): %s\n", f->v[i].rule, f->v[i].event, f->v[i].message);
}
