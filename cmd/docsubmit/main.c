/* docsubmit — drafts in, documents out: init, check, submit. */
#include "common.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_TYPE = OPT_FIRST_COMMAND, OPT_DRAFTER, OPT_ISSUER, OPT_TO, OPT_BODY, OPT_ATTACH, OPT_REASON, OPT_EDITORIAL };

#define BODY_MAX ((size_t)16 << 20)

/* ---- init ---- */

static const struct option init_opts[] = {
    {"type", required_argument, NULL, OPT_TYPE},
    {"drafter", required_argument, NULL, OPT_DRAFTER},
    {"issuer", required_argument, NULL, OPT_ISSUER},
    {"to", required_argument, NULL, OPT_TO},
    {0},
};

static int xml_attr_ok(const char *s)
{
    for (; s && *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

static int cmd_init(tool *t, int argc, char **argv)
{
    const char *type = opt_get(OPT_TYPE), *drafter = opt_get(OPT_DRAFTER);
    const char *issuer = opt_get(OPT_ISSUER), *to = opt_get(OPT_TO);
    if (argc)
        return fail(t, EXIT_USAGE, "init takes no arguments");
    if (!type || !drafter)
        return fail(t, EXIT_USAGE, "init needs --type TYPE and --drafter UNIT");
    const char *zh = dr_type_name_zh(type);
    if (!zh)
        return fail(t, EXIT_USAGE, "unknown type '%s' (one of the 15 of 条例第八条: resolution, "
                                   "decision, order, communique, announcement, circular, opinion, "
                                   "notice, bulletin, report, request, reply, motion, letter, "
                                   "minutes)",
                    type);
    if (!xml_attr_ok(drafter) || !xml_attr_ok(issuer) || !xml_attr_ok(to))
        return fail(t, EXIT_USAGE, "unit ids are letters, digits, '-', '_' and '.'");
    dr_buf b;
    dr_buf_init(&b, 0);
    dr_buf_printf(&b,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<!-- A draft %s (%s). Replace the title and the matter, check the flags,\n"
                  "     put the body beside it as body.md, then: docsubmit check FILE and\n"
                  "     docsubmit submit FILE -->\n"
                  "<envelope xmlns=\"" DR_ENVELOPE_NS "\">\n"
                  "  <document>\n"
                  "    <type>%s</type>\n"
                  "    <title>%s</title>\n"
                  "    <drafter unit=\"%s\"/>\n"
                  "    <issuer unit=\"%s\"/>\n",
                  type, zh, type, DR_TITLE_PLACEHOLDER, drafter, issuer ? issuer : drafter);
    if (to)
        dr_buf_printf(&b, "    <to unit=\"%s\"/>\n", to);
    dr_buf_printf(&b,
                  "    <classification level=\"none\"/>\n"
                  "    <urgency>normal</urgency>\n"
                  "    <disclosure>active</disclosure>\n"
                  "    <flags major=\"false\" normative=\"false\" affects-market=\"false\" "
                  "contract=\"false\"\n"
                  "           directive=\"false\" reserved-subjects=\"false\"/>\n"
                  "    <matter id=\"m1\" kind=\"%s\">%s</matter>\n"
                  "    <body href=\"body.md\"/>\n"
                  "  </document>\n"
                  "</envelope>\n",
                  strcmp(type, "request") == 0 ? "request" : "info", DR_MATTER_PLACEHOLDER);
    if (t->json)
        json_object_set_new(result(t), "draft", json_string(b.ptr));
    else
        fputs(b.ptr, stdout);
    dr_buf_dispose(&b);
    return EXIT_DONE;
}

/* ---- check ---- */

/* Reads and parses a draft; on failure reports it and returns the exit status. */
static int load_draft(tool *t, const char *path, dr_buf *bytes, dr_envelope **env)
{
    dr_ctx_init(&t->ctx);
    int st = read_named_file(t, path, DR_ENVELOPE_MAX_BYTES, bytes);
    if (st)
        return st;
    int rc = dr_envelope_parse(env, &t->ctx, path, bytes->ptr, bytes->len, DR_FORM_DRAFT);
    if (rc) {
        add_finding(t, t->ctx.rule[0] ? t->ctx.rule : "ENV-SCHEMA", "error", NULL, path,
                    t->ctx.line, t->ctx.col, t->ctx.msg);
        return fail_ctx(t, rc);
    }
    return 0;
}

/* The config in force, when a repository is at hand (check works without one). */
static const dr_config *config_if_any(tool *t, dr_snapshot **snap)
{
    const dr_config *cfg = NULL;
    const char *dir = t->repo_dir ? t->repo_dir : getenv("DOCROUTE_REPO");
    dr_ctx quiet;
    dr_ctx_init(&quiet);
    if (!t->store && dr_store_open(&t->store, &quiet, dir && *dir ? dir : ".", DR_STORE_DISCOVER))
        return NULL;
    /* Not a document repository (no branch, no .docroute/): check without a config. */
    if (dr_store_tip(snap, &quiet, t->store) || !dr_snapshot_exists(*snap, ".docroute/config.yaml"))
        return NULL;
    if (dr_snapshot_config(*snap, &t->ctx, &cfg))
        return NULL;
    return cfg;
}

/* The body's text, when the body is textual (.md, .txt) and valid UTF-8. */
static const char *textual(const char *href, const dr_buf *body)
{
    size_t n = href ? strlen(href) : 0;
    bool text = (n > 3 && !strcmp(href + n - 3, ".md")) || (n > 4 && !strcmp(href + n - 4, ".txt"));
    if (!text || !body || !body->ptr || memchr(body->ptr, '\0', body->len) ||
        !dr_utf8_valid(body->ptr, body->len))
        return NULL;
    return body->ptr;
}

/* Every submission finding of a document: its route (R-ROUTE when none fits),
 * then the rules. *route is the route it takes, or NULL. */
static void judge(tool *t, const dr_config *cfg, const dr_document *d, const char *body,
                  const dr_route **route, dr_findings *f)
{
    dr_ctx rctx;
    dr_ctx_init(&rctx);
    *route = NULL;
    if (cfg && dr_route_select(route, &rctx, cfg, d) != 0)
        dr_findings_add(f, "R-ROUTE", DR_SEV_ERROR, "document", false, "%s", rctx.msg);
    (void)t;
    dr_check_submission(f, cfg, d, body, *route);
}

/* Reports findings; returns the worst exit status they call for. */
static int report(tool *t, const char *file, const dr_findings *f)
{
    int st = EXIT_DONE;
    for (size_t i = 0; i < f->n; i++) {
        const dr_finding *x = &f->v[i];
        add_finding(t, x->rule, dr_severity_name(x->severity), NULL, file, 0, 0, x->message);
        if (!t->quiet || x->severity == DR_SEV_ERROR)
            fprintf(stderr, "%s: %s: %s %s (%s, <%s>): %s\n", t->name, file, x->rule,
                    dr_severity_name(x->severity), dr_rule_article(x->rule), x->element, x->message);
        if (x->severity == DR_SEV_ERROR) {
            int s = x->input_error ? EXIT_USAGE : EXIT_RULE;
            if (s > st)
                st = s;
        }
    }
    return st;
}

static int cmd_check(tool *t, int argc, char **argv)
{
    dr_snapshot *snap = NULL;
    int worst = EXIT_DONE;
    if (argc < 1)
        return fail(t, EXIT_USAGE, "check needs at least one FILE");
    const dr_config *cfg = config_if_any(t, &snap);
    if (!cfg && t->ctx.code == DR_ECONFIG) {
        int st = fail_ctx(t, DR_ECONFIG);
        dr_snapshot_free(snap);
        return st;
    }
    for (int i = 0; i < argc; i++) {
        dr_buf bytes;
        dr_envelope *env = NULL;
        dr_findings f;
        dr_buf_init(&bytes, 0);
        dr_findings_init(&f);
        int st = load_draft(t, argv[i], &bytes, &env);
        if (!st) {
            /* The body beside the draft, when there is one (lint: a missing body is fine). */
            const dr_document *d = dr_envelope_document(env);
            const dr_route *route;
            dr_buf body;
            char path[4300], dir[4096];
            dr_buf_init(&body, BODY_MAX);
            snprintf(dir, sizeof(dir), "%s", argv[i]);
            snprintf(path, sizeof(path), "%s/%s", dirname(dir), d->body.href);
            FILE *bf = fopen(path, "rb");
            if (bf) {
                char chunk[65536];
                size_t n;
                while ((n = fread(chunk, 1, sizeof(chunk), bf)) > 0 && !dr_buf_put(&body, chunk, n))
                    ;
                fclose(bf);
            }
            judge(t, cfg, d, textual(d->body.href, &body), &route, &f);
            dr_buf_dispose(&body);
            st = report(t, argv[i], &f);
            if (st == EXIT_DONE)
                note(t, "%s: no errors (%zu warnings)", argv[i], dr_findings_count(&f, DR_SEV_WARNING));
        }
        if (st > worst)
            worst = st;
        dr_findings_dispose(&f);
        dr_envelope_free(env);
        dr_buf_dispose(&bytes);
    }
    dr_snapshot_free(snap);
    return worst;
}

/* ---- submit ---- */

static const struct option submit_opts[] = {
    {"body", required_argument, NULL, OPT_BODY},
    {"attach", required_argument, NULL, OPT_ATTACH},
    {0},
};

typedef struct {
    const char *draft_path;
    dr_envelope *draft;
    dr_buf body;
    char body_href[128], body_sha[65];
    struct {
        char href[128], sha[65];
        dr_buf data;
    } att[16];
    size_t natt;
    char id[64];
} submission;

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void sha_hex(const dr_buf *b, char out[65])
{
    dr_sha256_hex(b->ptr ? b->ptr : "", b->len, out);
}

static char *memdup(const dr_buf *b)
{
    char *p = malloc(b->len + 1);
    if (p) {
        memcpy(p, b->ptr ? b->ptr : "", b->len);
        p[b->len] = '\0';
    }
    return p;
}

/* Reads the body and attachments the draft names, checking any sha256 it states. */
static int gather_files(tool *t, submission *s)
{
    const dr_document *d = dr_envelope_document(s->draft);
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", s->draft_path);
    char *dn = dirname(dir);
    const char *body_path = opt_get(OPT_BODY);
    char path[4300];
    if (!body_path) {
        snprintf(path, sizeof(path), "%s/%s", dn, d->body.href);
        body_path = path;
    }
    int st = read_named_file(t, body_path, BODY_MAX, &s->body);
    if (st)
        return st;
    const char *body_name = opt_get(OPT_BODY) ? base_name(body_path) : d->body.href;
    int n = snprintf(s->body_href, sizeof(s->body_href), "%s", body_name);
    if (n < 0 || (size_t)n >= sizeof(s->body_href) || !dr_envelope_href_ok(s->body_href))
        return fail(t, EXIT_USAGE, "body file name '%s' is not usable as a document file name "
                                   "(letters, digits, '.', '_', '-')",
                    s->body_href);
    sha_hex(&s->body, s->body_sha);
    if (d->body.sha256 && strcmp(d->body.sha256, s->body_sha) != 0)
        return fail(t, EXIT_USAGE, "%s: the body's sha256 in the draft does not match '%s'",
                    s->draft_path, body_path);
    if (d->nattachments > 16)
        return fail(t, EXIT_USAGE, "at most 16 attachments");
    for (size_t i = 0; i < opt_count(OPT_ATTACH); i++) {
        const char *a = opt_nth(OPT_ATTACH, i);
        bool named = false;
        for (size_t k = 0; k < d->nattachments; k++)
            named |= strcmp(d->attachments[k].href, base_name(a)) == 0;
        if (!named)
            return fail(t, EXIT_USAGE, "--attach '%s': the draft has no <attachment href=\"%s\">", a,
                        base_name(a));
    }
    for (size_t k = 0; k < d->nattachments; k++) {
        const char *href = d->attachments[k].href, *file = NULL;
        for (size_t i = 0; i < opt_count(OPT_ATTACH); i++)
            if (strcmp(base_name(opt_nth(OPT_ATTACH, i)), href) == 0)
                file = opt_nth(OPT_ATTACH, i);
        if (!file) {
            snprintf(path, sizeof(path), "%s/%s", dn, href);
            file = path;
        }
        if (strcmp(href, s->body_href) == 0 || strcmp(href, "envelope.xml") == 0)
            return fail(t, EXIT_USAGE, "attachment '%s' clashes with another file name", href);
        dr_buf_init(&s->att[k].data, BODY_MAX);
        s->natt = k + 1;
        if ((st = read_named_file(t, file, BODY_MAX, &s->att[k].data)))
            return st;
        snprintf(s->att[k].href, sizeof(s->att[k].href), "%s", href);
        sha_hex(&s->att[k].data, s->att[k].sha);
        if (d->attachments[k].sha256 && strcmp(d->attachments[k].sha256, s->att[k].sha) != 0)
            return fail(t, EXIT_USAGE, "%s: attachment '%s': the sha256 in the draft does not "
                                       "match '%s'",
                        s->draft_path, href, file);
    }
    return 0;
}

/* May the signer do a non-step act (the config's `acts`) on this document? */
static int may_do(tool *t, const dr_config *cfg, const char *act, const dr_document *d,
                  const signer *sg, dr_date on, const char **acting_for)
{
    const dr_act_rule *rule = dr_config_act(cfg, act);
    dr_selector defaults[2];
    dr_holder *h = NULL;
    size_t nh = 0;
    char who[600];
    *acting_for = NULL;
    memset(defaults, 0, sizeof(defaults));
    defaults[0] = (dr_selector){.kind = DR_SEL_ROLE, .role = "clerk", .rel = DR_REL_DRAFTER,
                                .text = "clerk@drafter"};
    defaults[1] = (dr_selector){.kind = DR_SEL_ROLE, .role = "unit-head", .rel = DR_REL_DRAFTER,
                                .text = "unit-head@drafter"};
    const dr_selector *sels = rule ? rule->by : defaults;
    size_t nsels = rule ? rule->nby : 2;
    for (size_t i = 0; i < nsels; i++)
        if (dr_route_holders(&h, &nh, &t->ctx, cfg, &sels[i], d, NULL, NULL, on)) {
            free(h);
            return fail_ctx(t, DR_ENOMEM);
        }
    int st = EXIT_RULE;
    for (size_t i = 0; i < nh; i++)
        if (strcmp(h[i].person, sg->person->id) == 0) {
            if (h[i].acting_for && t->acting_for && strcmp(t->acting_for, h[i].acting_for) != 0)
                continue;
            *acting_for = h[i].acting_for;
            st = EXIT_DONE;
            if (!h[i].acting_for)
                break;
        }
    if (st != EXIT_DONE) {
        snprintf(t->ctx.rule, sizeof(t->ctx.rule), "R-ROUTE");
        fail(t, EXIT_RULE, "R-ROUTE: '%s' may not %s a document drafted by '%s'; who may: %s",
             sg->person->id, act, d->drafter, holders_text(h, nh, who, sizeof(who)));
    }
    free(h);
    return st;
}

static int plan_submit(tool *t, dr_snapshot *snap, dr_time now, act_plan *plan, void *ud)
{
    submission *s = ud;
    const dr_config *cfg;
    const dr_calendar *cal;
    const dr_document *d = dr_envelope_document(s->draft);
    const dr_route *route;
    dr_findings f;
    signer sg;
    dr_envelope *rec = NULL;
    dr_route_state *st = NULL;
    dr_opening *ops = NULL;
    size_t nops = 0;
    char blob[41], prev[72], content[72], dir[128];
    const char *acting_for = NULL;
    int status, rc, y, m, dd;
    dr_buf recorded, lines;

    dr_findings_init(&f);
    dr_buf_init(&recorded, DR_ENVELOPE_MAX_BYTES);
    dr_buf_init(&lines, DR_ENVELOPE_MAX_BYTES);
    memset(&sg, 0, sizeof(sg));
    if ((rc = dr_snapshot_config(snap, &t->ctx, &cfg)) || (rc = dr_snapshot_calendar(snap, &t->ctx, &cal)) ||
        (rc = dr_snapshot_config_blob(snap, &t->ctx, blob))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    /* Nothing is written before every check has passed. */
    judge(t, cfg, d, textual(s->body_href, &s->body), &route, &f);
    if ((rc = dr_check_deadlines(&f, &t->ctx, cal, d, dr_time_date(now)))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    if ((status = report(t, s->draft_path, &f)))
        goto done;
    dr_date today = dr_time_date(now);
    if ((status = load_signer(t, cfg, today, &sg)))
        goto done;
    if ((status = may_do(t, cfg, "submit", d, &sg, today, &acting_for)))
        goto done;
    const dr_unit *du = dr_config_unit(cfg, d->drafter);
    int serial;
    dr_date_to_ymd(today, &y, &m, &dd);
    if ((rc = dr_snapshot_next_serial(snap, &t->ctx, y, du->code, &serial))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    snprintf(s->id, sizeof(s->id), "%04d-%s-%04d", y, du->code, serial);

    /* The recorded form, then the submission's events appended to it. */
    dr_attr hashes[17];
    size_t nh = 0;
    hashes[nh++] = (dr_attr){s->body_href, s->body_sha};
    for (size_t i = 0; i < s->natt; i++)
        hashes[nh++] = (dr_attr){s->att[i].href, s->att[i].sha};
    if ((rc = dr_envelope_make_recorded(s->draft, &t->ctx, s->id, route->id, blob, hashes, nh,
                                        &recorded)) ||
        (rc = dr_envelope_parse(&rec, &t->ctx, "envelope.xml", recorded.ptr, recorded.len,
                                DR_FORM_RECORDED)) ||
        (rc = dr_envelope_content_digest(rec, &t->ctx, content))) {
        status = fail_ctx(t, rc == DR_EINVALID ? DR_EIO : rc);
        goto done;
    }
    memcpy(prev, content, sizeof(prev));
    if ((rc = dr_route_fold(&st, &t->ctx, cfg, route, rec, now)) ||
        (rc = dr_route_openings(&ops, &nops, &t->ctx, cfg, cal, st, dr_envelope_document(rec), now))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    int seq = 1;
    dr_attr sub_attrs[1] = {{"acting-for", acting_for}};
    dr_event_spec spec = {"submit", sg.person->id, now, sub_attrs, 1, NULL, NULL};
    if ((rc = dr_event_build(&lines, &t->ctx, s->id, seq++, prev, content, &spec, sg.key,
                             sg.key_name, prev))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    for (size_t i = 0; i < nops; i++) {
        char due[11] = "";
        if (ops[i].due != DR_DATE_NONE)
            dr_date_format(ops[i].due, due);
        dr_attr attrs[3] = {{"step", ops[i].step}, {"unit", ops[i].unit}, {"due-date", due[0] ? due : NULL}};
        dr_event_spec os = {ops[i].act, sg.person->id, now, attrs, 3, NULL, NULL};
        if ((rc = dr_event_build(&lines, &t->ctx, s->id, seq++, prev, content, &os, sg.key,
                                 sg.key_name, prev))) {
            status = fail_ctx(t, rc);
            goto done;
        }
    }
    if ((rc = dr_envelope_append(rec, &t->ctx, lines.ptr, lines.len, &plan->envelope))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    /* What is recorded must parse back as a valid envelope. */
    dr_envelope *check = NULL;
    rc = dr_envelope_parse(&check, &t->ctx, "envelope.xml", plan->envelope.ptr, plan->envelope.len,
                           DR_FORM_RECORDED);
    dr_envelope_free(check);
    if (rc) {
        status = fail_ctx(t, DR_EIO);
        goto done;
    }
    snprintf(plan->doc_id, sizeof(plan->doc_id), "%s", s->id);
    snprintf(plan->act, sizeof(plan->act), "submit");
    snprintf(plan->actor, sizeof(plan->actor), "%s", sg.person->id);
    if (acting_for)
        snprintf(plan->acting_for, sizeof(plan->acting_for), "%s", acting_for);
    plan->first_event = 1;
    plan->last_event = seq - 1;
    memcpy(plan->last_digest, prev, sizeof(prev));
    plan->at = now;
    snprintf(plan->summary, sizeof(plan->summary), "submit %s: %.200s", s->id, d->title);
    /* ENV-CLASSIFIED: a classified document's body and attachments never enter the
     * repository; only their hashes, in the envelope. */
    if (d->level && strcmp(d->level, "none") != 0) {
        status = 0;
        goto done;
    }
    dr_doc_dir(s->id, dir, sizeof(dir));
    char p[300];
    snprintf(p, sizeof(p), "%s/%s", dir, s->body_href);
    plan->extra[plan->nextra++] = (dr_file){strdup(p), memdup(&s->body), s->body.len};
    for (size_t i = 0; i < s->natt; i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, s->att[i].href);
        plan->extra[plan->nextra++] =
            (dr_file){strdup(p), memdup(&s->att[i].data), s->att[i].data.len};
    }
    status = 0;
done:
    free(ops);
    dr_route_state_free(st);
    dr_envelope_free(rec);
    dr_buf_dispose(&recorded);
    dr_buf_dispose(&lines);
    dr_findings_dispose(&f);
    signer_dispose(&sg);
    return status;
}

static int cmd_submit(tool *t, int argc, char **argv)
{
    submission s;
    dr_buf bytes;
    char commit[41];
    int st;
    memset(&s, 0, sizeof(s));
    dr_buf_init(&bytes, 0);
    dr_buf_init(&s.body, BODY_MAX);
    if (argc != 1) {
        st = fail(t, EXIT_USAGE, "submit needs exactly one FILE");
        goto done;
    }
    s.draft_path = argv[0];
    if ((st = load_draft(t, argv[0], &bytes, &s.draft)) || (st = gather_files(t, &s)) ||
        (st = open_store(t)))
        goto done;
    if ((st = run_act(t, plan_submit, &s, commit)))
        goto done;
    json_object_set_new(result(t), "id", json_string(s.id));
    json_object_set_new(result(t), "commit", json_string(commit));
    if (!t->json)
        printf("%s\n", s.id);
done:
    for (size_t i = 0; i < s.natt; i++)
        dr_buf_dispose(&s.att[i].data);
    dr_buf_dispose(&s.body);
    dr_envelope_free(s.draft);
    dr_buf_dispose(&bytes);
    return st;
}

/* ---- revise ---- */

static const struct option revise_opts[] = {
    {"body", required_argument, NULL, OPT_BODY},
    {"attach", required_argument, NULL, OPT_ATTACH},
    {"editorial", no_argument, NULL, OPT_EDITORIAL},
    {"reason", required_argument, NULL, OPT_REASON},
    {0},
};

static int cmd_revise(tool *t, int argc, char **argv)
{
    submission s;
    dr_buf bytes;
    doc_act da;
    dr_snapshot *snap = NULL;
    dr_findings f;
    int st;
    memset(&s, 0, sizeof(s));
    memset(&da, 0, sizeof(da));
    dr_buf_init(&bytes, 0);
    dr_buf_init(&s.body, BODY_MAX);
    dr_findings_init(&f);
    if (argc != 2) {
        st = fail(t, EXIT_USAGE, "revise needs DOC and FILE (a draft with the new document)");
        goto done;
    }
    s.draft_path = argv[1];
    if ((st = load_draft(t, argv[1], &bytes, &s.draft)) || (st = gather_files(t, &s)) ||
        (st = open_store(t)))
        goto done;
    /* The new document passes the submission rules as a new one would. */
    const dr_config *cfg = NULL;
    const dr_route *route;
    int rc;
    if ((rc = dr_store_tip(&snap, &t->ctx, t->store)) || (rc = dr_snapshot_config(snap, &t->ctx, &cfg))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    judge(t, cfg, dr_envelope_document(s.draft), textual(s.body_href, &s.body), &route, &f);
    if ((st = report(t, s.draft_path, &f)))
        goto done;
    da.doc_id = argv[0];
    da.in.act = "revise";
    da.in.reason = opt_get(OPT_REASON);
    da.in.editorial = opt_get(OPT_EDITORIAL) != NULL;
    da.draft = s.draft;
    snprintf(da.files[0].name, sizeof(da.files[0].name), "%s", s.body_href);
    snprintf(da.files[0].sha, sizeof(da.files[0].sha), "%s", s.body_sha);
    da.files[0].data = &s.body;
    for (size_t i = 0; i < s.natt; i++) {
        snprintf(da.files[i + 1].name, sizeof(da.files[i + 1].name), "%s", s.att[i].href);
        snprintf(da.files[i + 1].sha, sizeof(da.files[i + 1].sha), "%s", s.att[i].sha);
        da.files[i + 1].data = &s.att[i].data;
    }
    da.nfiles = s.natt + 1;
    st = run_doc_act(t, &da);
done:
    dr_findings_dispose(&f);
    dr_snapshot_free(snap);
    for (size_t i = 0; i < s.natt; i++)
        dr_buf_dispose(&s.att[i].data);
    dr_buf_dispose(&s.body);
    dr_envelope_free(s.draft);
    dr_buf_dispose(&bytes);
    return st;
}

/* ---- withdraw, close ---- */

static const struct option reason_opts[] = {
    {"reason", required_argument, NULL, OPT_REASON},
    {0},
};

static int cmd_end(tool *t, int argc, char **argv)
{
    doc_act da;
    memset(&da, 0, sizeof(da));
    if (argc != 1 || !opt_get(OPT_REASON) || !*opt_get(OPT_REASON))
        return fail(t, EXIT_USAGE, "%s needs DOC and --reason TEXT", t->cmd->name);
    da.doc_id = argv[0];
    da.in.act = t->cmd->name;
    da.in.reason = opt_get(OPT_REASON);
    return run_doc_act(t, &da);
}

static const command commands[] = {
    {"init", "--type TYPE --drafter UNIT [--issuer UNIT] [--to UNIT]",
     "write a draft envelope (the template) on stdout",
     "options:\n"
     "  --type TYPE      one of the 15 types of 条例第八条 (notice, request, report, …)\n"
     "  --drafter UNIT   the unit that drafts and leads (主办)\n"
     "  --issuer UNIT    the organ in whose name it goes out (default: the drafter)\n"
     "  --to UNIT        the primary recipient (主送)\n",
     false, init_opts, cmd_init},
    {"check", "FILE...", "lint drafts: the schema and the submission rules; exit 1 on any error",
     "Reports every finding of every file (rule ID, severity, element, article). Uses the\n"
     "config of the repository at hand, when there is one, to check unit references.\n",
     false, NULL, cmd_check},
    {"submit", "FILE [--body F] [--attach F]...",
     "submit a draft: assign its id, select its route, record the first events",
     "options:\n"
     "  --body F         the body file (default: the draft's <body href>, beside the draft)\n"
     "  --attach F       an attachment the draft names by file name (repeatable)\n"
     "\nPrints the new document id alone on stdout. 'docsubmit FILE' is the same.\n",
     true, submit_opts, cmd_submit},
    {"revise", "DOC FILE [--body F] [--attach F]... [--editorial] [--reason TEXT]",
     "a new <document> for DOC, from a draft FILE (C25-REVISE-RESIGN)",
     "A substantive revision (the default) voids the signatures made on the old content:\n"
     "its steps open again from the first, and every countersign is asked anew with a new\n"
     "due date. --editorial keeps them. The type, drafter and issuers stay as they were; a\n"
     "revised body that changes gets a new file name beside the old one.\n",
     true, revise_opts, cmd_revise},
    {"withdraw", "DOC --reason TEXT", "撤回: the drafting unit withdraws a document nobody else has acted on",
     "Open countersign requests are cancelled; nothing more is recorded on it.\n", true,
     reason_opts, cmd_end},
    {"close", "DOC --reason TEXT", "the drafting unit's head ends a document returned to it", "",
     true, reason_opts, cmd_end},
    {0},
};

int main(int argc, char **argv)
{
    tool t = {.name = "docsubmit", .commands = commands};
    return tool_main(&t, argc, argv,
                     "docsubmit — write, lint and submit official documents (公文) as envelopes.");
}
