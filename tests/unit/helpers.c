#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void read_source_file(const char *rel, dr_buf *b)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s%s%s", rel[0] == '/' ? "" : DR_SOURCE_DIR,
             rel[0] == '/' ? "" : "/", rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open fixture %s", path);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_int_equal(dr_buf_put(b, chunk, n), 0);
    fclose(f);
    if (!b->ptr)
        dr_buf_put(b, "", 0);
}

dr_date D(const char *iso)
{
    dr_date d;
    if (dr_date_parse(&d, iso))
        fail_msg("bad date in test: %s", iso);
    return d;
}

dr_calendar *example_calendar(void)
{
    dr_calendar *cal;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_new(&cal), 0);
    for (int y = 2020; y <= 2026; y++) {
        char rel[128];
        dr_buf b;
        dr_buf_init(&b, 0);
        snprintf(rel, sizeof(rel), "examples/zhangdian/docroute/calendar/%d.yaml", y);
        read_source_file(rel, &b);
        int rc = dr_calendar_add_year(cal, &ctx, rel, b.ptr, b.len);
        if (rc)
            fail_msg("%s:%d:%d: %s", ctx.file, ctx.line, ctx.col, ctx.msg);
        dr_buf_dispose(&b);
    }
    return cal;
}

static int read_example_key(void *ud, const char *rel, dr_buf *out)
{
    char path[4096];
    (void)ud;
    snprintf(path, sizeof(path), "%s/examples/zhangdian/docroute/%s", DR_SOURCE_DIR, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return DR_ENOTFOUND;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        dr_buf_put(out, chunk, n);
    fclose(f);
    return 0;
}

int config_from_text(dr_config **out, dr_ctx *ctx, const char *text)
{
    return dr_config_load(out, ctx, "config.yaml", text, strlen(text), read_example_key, NULL, 0);
}

int example_config_edited(dr_config **out, dr_ctx *ctx, const char *from, const char *to)
{
    dr_buf b, e;
    dr_buf_init(&b, 0);
    dr_buf_init(&e, 0);
    read_source_file("examples/zhangdian/docroute/config.yaml", &b);
    const char *at = from ? strstr(b.ptr, from) : NULL;
    if (from && !at)
        fail_msg("test edit: '%s' is not in the example config", from);
    if (at) {
        dr_buf_put(&e, b.ptr, (size_t)(at - b.ptr));
        dr_buf_puts(&e, to);
        dr_buf_puts(&e, at + strlen(from));
    } else {
        dr_buf_put(&e, b.ptr, b.len);
    }
    int rc = config_from_text(out, ctx, e.ptr);
    dr_buf_dispose(&b);
    dr_buf_dispose(&e);
    return rc;
}

dr_config *example_config(void)
{
    dr_config *cfg = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    if (example_config_edited(&cfg, &ctx, NULL, NULL))
        fail_msg("%s:%d:%d: %s", ctx.file, ctx.line, ctx.col, ctx.msg);
    return cfg;
}

dr_time T(const char *iso)
{
    dr_time t;
    if (dr_time_parse(&t, iso))
        fail_msg("bad time in test: %s", iso);
    return t;
}

/* The example with the edit: one substring, or a whole top-level section. */
static int edited(dr_config **out, dr_ctx *ctx, const char *ex, const char *from, const char *to)
{
    const char *at = strstr(ex, from);
    if (!at)
        fail_msg("edit: '%s' is not in the example config", from);
    const char *end = at + strlen(from);
    size_t fl = strlen(from);
    if (at == ex || at[-1] == '\n') {
        if (fl > 1 && from[fl - 1] == '\n' && from[fl - 2] == ':' && !strncmp(to, from, fl - 1))
            /* the section's lines: up to the next line that starts in column 1 (not a comment) */
            for (; *end && !(end[-1] == '\n' && *end != ' ' && *end != '#' && *end != '\n'); end++)
                ;
    }
    dr_buf e;
    dr_buf_init(&e, 0);
    dr_buf_put(&e, ex, (size_t)(at - ex));
    dr_buf_puts(&e, to);
    dr_buf_puts(&e, end);
    int rc = config_from_text(out, ctx, e.ptr);
    dr_buf_dispose(&e);
    return rc;
}

static int line_of(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    int line = 1;
    for (const char *p = text; at && p < at; p++)
        line += *p == '\n';
    return at ? line : 0;
}

void config_expect_errors(const config_bad *cases, size_t n)
{
    dr_buf ex;
    dr_buf_init(&ex, 0);
    read_source_file("examples/zhangdian/docroute/config.yaml", &ex);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        const config_bad *c = &cases[i];
        dr_config *cfg = NULL;
        dr_ctx ctx;
        dr_ctx_init(&ctx);
        int rc = edited(&cfg, &ctx, ex.ptr, c->from, c->to);
        int edit_line = line_of(ex.ptr, c->from);
        if (rc != DR_ECONFIG || cfg || strcmp(ctx.file, "config.yaml") || !strstr(ctx.msg, c->says) ||
            ctx.line < 1) {
            print_message("case %zu: '%s' -> '%s': rc %d, %s:%d:%d: %s (wanted '%s')\n", i, c->from,
                          c->to, rc, ctx.file, ctx.line, ctx.col, ctx.msg, c->says);
            failed++;
        }
        /* the error is at the edit or after it (or names the item it is in, just above) */
        else if (ctx.line + 3 < edit_line) {
            print_message("case %zu: line %d is before the edit's %d\n", i, ctx.line, edit_line);
            failed++;
        }
        dr_config_free(cfg);
    }
    dr_buf_dispose(&ex);
    assert_int_equal(failed, 0);
}

/* ---- the act planner on the test vector (test_act_more.c) ---- */

dr_envelope *plan_vector(void)
{
    dr_envelope *env = NULL;
    dr_ctx ctx;
    dr_buf b;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    read_source_file("tests/fixtures/vectors/envelope-ed25519.xml", &b);
    if (dr_envelope_parse(&env, &ctx, "v.xml", b.ptr, b.len, DR_FORM_RECORDED))
        fail_msg("the vector: %s", ctx.msg);
    dr_buf_dispose(&b);
    return env;
}

dr_act_input plan_input(const dr_config *cfg, const dr_calendar *cal, const dr_envelope *env,
                        const char *act, const char *actor, const char *at)
{
    dr_act_input in;
    memset(&in, 0, sizeof(in));
    in.cfg = in.route_cfg = cfg;
    in.route = dr_config_route(cfg, dr_envelope_route(env));
    in.cal = cal;
    in.env = env;
    in.act = act;
    in.actor = actor;
    in.at = T(at);
    return in;
}

const char *plan_attr(const dr_planned_event *e, const char *name)
{
    for (size_t i = 0; i < e->nattrs; i++)
        if (!strcmp(e->attrs[i].name, name))
            return e->attrs[i].value;
    return NULL;
}

dr_envelope *plan_record(dr_envelope *env, const dr_act_plan *p, const char *actor, const char *at)
{
    dr_ctx ctx;
    dr_buf pem, lines, out;
    dr_key *key = NULL;
    char prev[72], content[72], path[200], kname[64];
    dr_envelope *next = NULL;
    dr_ctx_init(&ctx);
    dr_buf_init(&pem, 0);
    dr_buf_init(&lines, 0);
    dr_buf_init(&out, 0);
    snprintf(path, sizeof(path), "examples/zhangdian/keys/%s-1.TEST-KEY.pem", actor);
    snprintf(kname, sizeof(kname), "%s/1", actor);
    read_source_file(path, &pem);
    assert_int_equal(dr_key_parse_private(&key, &ctx, actor, pem.ptr, pem.len), 0);
    dr_envelope_tip_digest(env, &ctx, prev);
    dr_envelope_content_digest(env, &ctx, content);
    for (size_t i = 0; i < p->n; i++) {
        dr_event_spec spec;
        dr_act_plan_spec(p, i, actor, T(at), &spec);
        assert_int_equal(dr_event_build(&lines, &ctx, dr_envelope_id(env),
                                        (int)(dr_envelope_event_count(env) + i + 1), prev, content,
                                        &spec, key, kname, prev),
                         0);
    }
    assert_int_equal(dr_envelope_append(env, &ctx, lines.ptr, lines.len, &out), 0);
    if (dr_envelope_parse(&next, &ctx, "e.xml", out.ptr, out.len, DR_FORM_RECORDED))
        fail_msg("%s", ctx.msg);
    dr_envelope_free(env);
    dr_key_free(key);
    dr_buf_dispose(&pem);
    dr_buf_dispose(&lines);
    dr_buf_dispose(&out);
    return next;
}
