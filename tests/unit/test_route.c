/* The route core (pure): selection, direction, folding, holders with
 * substitution, periods and the events that open steps. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static dr_config *cfg;
static dr_calendar *cal;

static int setup(void **state)
{
    (void)state;
    cfg = example_config();
    cal = example_calendar();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    dr_config_free(cfg);
    dr_calendar_free(cal);
    dr_envelope_global_cleanup();
    return 0;
}

/* A document built in memory. */
typedef struct {
    dr_document d;
    dr_doc_unit issuers[3], to[3], involves[3];
    dr_matter matter;
} doc;

static void mkdoc(doc *x, const char *type, const char *drafter, const char *issuer, const char *to)
{
    memset(x, 0, sizeof(*x));
    x->d.type = type;
    x->d.title = "t";
    x->d.drafter = drafter;
    x->issuers[0].unit = issuer;
    x->d.issuers = x->issuers;
    x->d.nissuers = 1;
    x->to[0].unit = to;
    x->d.to = x->to;
    x->d.nto = to ? 1 : 0;
    x->d.involves = x->involves;
    x->d.urgency = "normal";
    x->d.level = "none";
    x->matter = (dr_matter){"m1", "info", NULL, "x"};
    x->d.matters = &x->matter;
    x->d.nmatters = 1;
}

static const dr_step *step_of(const dr_route *r, const char *id)
{
    for (size_t i = 0; i < r->nsteps; i++)
        if (!strcmp(r->steps[i].id, id))
            return &r->steps[i];
    fail_msg("no step %s in %s", id, r->id);
    return NULL;
}

static const char *selected(doc *x)
{
    const dr_route *r = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    int rc = dr_route_select(&r, &ctx, cfg, &x->d);
    if (rc) {
        assert_int_equal(rc, DR_ERULE);
        assert_string_equal(ctx.rule, "R-ROUTE");
        return "(none)";
    }
    return r->id;
}

static void test_route__direction(void **state)
{
    doc x;
    (void)state;
    mkdoc(&x, "request", "finance", "finance", "district-gov");
    assert_string_equal(dr_route_direction(cfg, &x.d), "up");
    mkdoc(&x, "notice", "emergency", "district-gov", "town-fenghuang");
    assert_string_equal(dr_route_direction(cfg, &x.d), "down");
    mkdoc(&x, "letter", "finance", "finance", "water");
    assert_string_equal(dr_route_direction(cfg, &x.d), "across");
    mkdoc(&x, "request", "emergency", "district-gov", "city-gov");
    assert_string_equal(dr_route_direction(cfg, &x.d), "up");
    mkdoc(&x, "letter", "justice", "justice", "district-court");
    assert_string_equal(dr_route_direction(cfg, &x.d), "across");
    /* The office and the streets are siblings under the government: across. */
    mkdoc(&x, "notice", "emergency", "district-office", "street-gongyuan");
    assert_string_equal(dr_route_direction(cfg, &x.d), "across");
}

static void test_route__selection_is_first_match(void **state)
{
    doc x;
    (void)state;
    mkdoc(&x, "notice", "emergency", "district-gov", "town-fenghuang");
    assert_string_equal(selected(&x), "gov-outgoing");
    /* The government's own request upwards is still in the government's name. */
    mkdoc(&x, "request", "emergency", "district-gov", "city-gov");
    assert_string_equal(selected(&x), "gov-outgoing");
    mkdoc(&x, "notice", "supervision", "district-office", "street-gongyuan");
    assert_string_equal(selected(&x), "office-outgoing");
    mkdoc(&x, "request", "finance", "finance", "district-gov");
    assert_string_equal(selected(&x), "upward-request");
    mkdoc(&x, "report", "town-fenghuang", "town-fenghuang", "district-gov");
    assert_string_equal(selected(&x), "upward-report");
    mkdoc(&x, "minutes", "district-office", "district-gov", NULL);
    x.d.meeting_kind = "executive";
    assert_string_equal(selected(&x), "minutes-executive");
    x.d.meeting_kind = "topic";
    assert_string_equal(selected(&x), "minutes-topic");
    mkdoc(&x, "notice", "education", "education", "town-fenghuang");
    assert_string_equal(selected(&x), "dept-outgoing");
    mkdoc(&x, "letter", "finance", "finance", "water");
    assert_string_equal(selected(&x), "dept-outgoing");
    /* A bureau's report to the district committee fits no route: R-ROUTE. */
    mkdoc(&x, "report", "finance", "finance", "district-committee");
    assert_string_equal(selected(&x), "(none)");
    /* A request to the city from a bureau skips the district: no route either. */
    mkdoc(&x, "request", "finance", "finance", "city-gov");
    assert_string_equal(selected(&x), "(none)");
}

static void test_route__periods(void **state)
{
    doc x;
    (void)state;
    const dr_route *gov = dr_config_route(cfg, "gov-outgoing");
    const dr_step *cs = &gov->steps[0], *sign = &gov->steps[1];
    mkdoc(&x, "notice", "emergency", "district-gov", "town-fenghuang");
    x.involves[0] = (dr_doc_unit){"water", NULL, 0, NULL};
    x.involves[1] = (dr_doc_unit){"housing", NULL, 5, NULL};
    x.d.ninvolves = 2;
    assert_int_equal(dr_route_period(cfg, gov, cs, &x.d, "water"), 3);
    /* 除主办部门另有时限要求外: the lead unit's own period wins. */
    assert_int_equal(dr_route_period(cfg, gov, cs, &x.d, "housing"), 5);
    assert_int_equal(dr_route_period(cfg, gov, sign, &x.d, NULL), 0);
    x.d.urgency = "urgent";
    assert_int_equal(dr_route_period(cfg, gov, cs, &x.d, "water"), 2);
    assert_int_equal(dr_route_period(cfg, gov, sign, &x.d, NULL), 2);
    x.d.urgency = "extra-urgent";
    assert_int_equal(dr_route_period(cfg, gov, cs, &x.d, "water"), 1);
    assert_int_equal(dr_route_period(cfg, gov, sign, &x.d, NULL), 1);
}

static void test_route__steps_apply_by_flags_and_exceptions(void **state)
{
    doc x;
    (void)state;
    const dr_route *gov = dr_config_route(cfg, "gov-outgoing");
    const dr_route *req = dr_config_route(cfg, "upward-request");
    mkdoc(&x, "notice", "emergency", "district-gov", "town-fenghuang");
    assert_false(dr_route_step_applies(cfg, &gov->steps[2], &x.d)); /* legality */
    x.d.normative = true;
    assert_true(dr_route_step_applies(cfg, &gov->steps[2], &x.d));
    assert_false(dr_route_step_applies(cfg, &gov->steps[3], &x.d)); /* competition */
    x.d.contract = true;
    assert_true(dr_route_step_applies(cfg, &gov->steps[3], &x.d));
    const char *exc[] = {"emergency"};
    assert_true(dr_route_step_applies(cfg, step_of(req, "receive"), &x.d));
    x.d.exceptions = exc;
    x.d.nexceptions = 1;
    assert_false(dr_route_step_applies(cfg, step_of(req, "receive"), &x.d));
}

static bool holds(const dr_holder *h, size_t n, const char *person, const char *acting_for)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(h[i].person, person) == 0 &&
            ((!acting_for && !h[i].acting_for) ||
             (acting_for && h[i].acting_for && strcmp(h[i].acting_for, acting_for) == 0)))
            return true;
    return false;
}

static void test_route__holders_with_substitution(void **state)
{
    doc x;
    dr_ctx ctx;
    dr_holder *h = NULL;
    size_t n = 0;
    (void)state;
    dr_ctx_init(&ctx);
    const dr_route *gov = dr_config_route(cfg, "gov-outgoing");
    mkdoc(&x, "notice", "emergency", "district-gov", "town-fenghuang");
    /* The drafter's head, and nobody else, outside any absence. */
    assert_int_equal(dr_route_holders(&h, &n, &ctx, cfg, &gov->steps[1].by, &x.d, NULL, NULL, D("2026-10-16")), 0);
    assert_int_equal(n, 1);
    assert_true(holds(h, n, "p-feng", NULL));
    free(h), h = NULL, n = 0;
    /* p-feng is absent 2026-10-19..23: the standing substitute p-jiang acts for him. */
    assert_int_equal(dr_route_holders(&h, &n, &ctx, cfg, &gov->steps[1].by, &x.d, NULL, NULL, D("2026-10-19")), 0);
    assert_int_equal(n, 2);
    assert_true(holds(h, n, "p-feng", NULL)); /* the absent person may still act */
    assert_true(holds(h, n, "p-jiang", "p-feng"));
    free(h), h = NULL, n = 0;
    /* The mayor's absence names its own substitute. */
    assert_int_equal(dr_route_holders(&h, &n, &ctx, cfg, &gov->steps[6].by, &x.d, NULL, NULL, D("2026-10-12")), 0);
    assert_true(holds(h, n, "p-wang", "p-zhou"));
    free(h), h = NULL, n = 0;
    /* Overseer: the finance bureau is overseen by p-wang; p-zhang (water) absent → p-liu. */
    mkdoc(&x, "request", "water", "water", "district-gov");
    const dr_route *req = dr_config_route(cfg, "upward-request");
    assert_int_equal(dr_route_holders(&h, &n, &ctx, cfg, &step_of(req, "decide")->by, &x.d, NULL, NULL, D("2026-09-29")), 0);
    assert_int_equal(n, 2);
    assert_true(holds(h, n, "p-zhang", NULL));
    assert_true(holds(h, n, "p-liu", "p-zhang"));
    free(h), h = NULL, n = 0;
    /* One level only: p-liu's own standing substitute does not step in for p-zhang. */
    assert_false(holds(h, n, "p-zhao", "p-liu"));
    /* ROLE@requested binds the countersigned unit. */
    assert_int_equal(dr_route_holders(&h, &n, &ctx, cfg, &gov->cs_by, &x.d, "housing", NULL, D("2026-09-29")), 0);
    assert_int_equal(n, 1);
    assert_true(holds(h, n, "p-tang", NULL));
    free(h);
}

/* Appends an event signed by a person's example test key. */
static dr_envelope *append(dr_envelope *env, const char *who, const char *act, const dr_attr *attrs,
                           size_t nattrs, const char *at_text)
{
    dr_ctx ctx;
    dr_buf pem, lines, out;
    dr_key *key = NULL;
    char tip[72], content[72], digest[72], path[200], kname[64];
    dr_time at;
    dr_envelope *next = NULL;
    dr_ctx_init(&ctx);
    dr_buf_init(&pem, 0);
    dr_buf_init(&lines, 0);
    dr_buf_init(&out, 0);
    snprintf(path, sizeof(path), "examples/zhangdian/keys/%s-1.TEST-KEY.pem", who);
    snprintf(kname, sizeof(kname), "%s/1", who);
    read_source_file(path, &pem);
    assert_int_equal(dr_key_parse_private(&key, &ctx, who, pem.ptr, pem.len), 0);
    dr_envelope_tip_digest(env, &ctx, tip);
    dr_envelope_content_digest(env, &ctx, content);
    dr_time_parse(&at, at_text);
    dr_event_spec spec = {act, who, at, attrs, nattrs, NULL, NULL};
    assert_int_equal(dr_event_build(&lines, &ctx, dr_envelope_id(env),
                                    (int)dr_envelope_event_count(env) + 1, tip, content, &spec, key,
                                    kname, digest),
                     0);
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

static void test_route__fold_and_openings(void **state)
{
    dr_envelope *env = NULL;
    dr_route_state *st = NULL;
    dr_opening *ops = NULL;
    size_t nops;
    dr_ctx ctx;
    dr_buf b;
    dr_time at;
    (void)state;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    read_source_file("tests/fixtures/vectors/envelope-ed25519.xml", &b);
    assert_int_equal(dr_envelope_parse(&env, &ctx, "v.xml", b.ptr, b.len, DR_FORM_RECORDED), 0);
    dr_buf_dispose(&b);
    const dr_route *gov = dr_config_route(cfg, dr_envelope_route(env));
    assert_string_equal(gov->id, "gov-outgoing");

    assert_int_equal(dr_route_fold(&st, &ctx, cfg, gov, env, T("2026-09-30T18:00:00+08:00")), 0);
    assert_int_equal(st->steps[0].state, DR_STEP_OPEN);
    assert_int_equal(st->steps[0].nrequests, 2);
    assert_string_equal(st->steps[0].requests[0].unit, "water");
    assert_int_equal(st->steps[0].requests[0].due, D("2026-10-09"));
    assert_int_equal(st->steps[1].state, DR_STEP_PENDING);
    assert_int_equal(st->steps[2].state, DR_STEP_SKIPPED);
    assert_int_equal(st->steps[3].state, DR_STEP_SKIPPED);
    assert_false(st->finished);
    /* Nothing new to open: the requests are out. */
    dr_time_parse(&at, "2026-09-30T10:00:00+08:00");
    assert_int_equal(dr_route_openings(&ops, &nops, &ctx, cfg, cal, st, dr_envelope_document(env), at), 0);
    assert_int_equal(nops, 0);
    free(ops);
    dr_route_state_free(st);

    /* One reply: still open. Both: the countersign step is done, the drafter's head is next. */
    dr_attr water[] = {{"step", "countersign"}, {"unit", "water"}, {"position", "agree"}};
    env = append(env, "p-he", "countersign", water, 3, "2026-09-30T10:00:00+08:00");
    assert_int_equal(dr_route_fold(&st, &ctx, cfg, gov, env, T("2026-09-30T18:00:00+08:00")), 0);
    assert_int_equal(st->steps[0].state, DR_STEP_OPEN);
    assert_int_equal(st->steps[0].requests[0].state, DR_REQ_ANSWERED);
    assert_int_equal(st->steps[0].requests[1].state, DR_REQ_OPEN);
    dr_route_state_free(st);
    dr_attr housing[] = {{"step", "countersign"}, {"unit", "housing"}, {"position", "agree"}};
    env = append(env, "p-tang", "countersign", housing, 3, "2026-09-30T11:00:00+08:00");
    assert_int_equal(dr_route_fold(&st, &ctx, cfg, gov, env, T("2026-09-30T18:00:00+08:00")), 0);
    assert_int_equal(st->steps[0].state, DR_STEP_DONE);
    assert_int_equal(st->steps[1].state, DR_STEP_OPEN);
    assert_int_equal(st->steps[4].state, DR_STEP_PENDING);
    dr_holder *h = NULL;
    size_t nh = 0;
    assert_int_equal(dr_route_step_holders(&h, &nh, &ctx, cfg, gov, &st->steps[1],
                                           dr_envelope_document(env), D("2026-09-30")),
                     0);
    assert_int_equal(nh, 1);
    assert_string_equal(h[0].person, "p-feng");
    free(h);
    dr_route_state_free(st);
    /* The drafter's head signs: the office review opens. */
    dr_attr sign[] = {{"step", "drafter-sign"}};
    env = append(env, "p-feng", "sign", sign, 1, "2026-09-30T15:00:00+08:00");
    assert_int_equal(dr_route_fold(&st, &ctx, cfg, gov, env, T("2026-09-30T18:00:00+08:00")), 0);
    assert_int_equal(st->steps[1].state, DR_STEP_DONE);
    assert_int_equal(st->steps[4].state, DR_STEP_OPEN);
    dr_route_state_free(st);
    dr_envelope_free(env);
}

/* An urgent document: every step gets the short period; a countersign step
 * with nobody to ask is skipped and the next step opens at once. */
static void test_route__openings_of_an_urgent_document(void **state)
{
    dr_envelope *env = NULL;
    dr_route_state *st = NULL;
    dr_opening *ops = NULL;
    size_t nops;
    dr_ctx ctx;
    dr_buf b;
    dr_time at;
    (void)state;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    read_source_file("examples/zhangdian/drafts/budget-request.xml", &b);
    /* urgent, and no countersign */
    char *s = b.ptr;
    char *u = strstr(s, "<urgency>normal</urgency>");
    memcpy(u, "<urgency>urgent</urgency>", strlen("<urgency>urgent</urgency>"));
    memmove(u + strlen("<urgency>urgent</urgency>"), u + strlen("<urgency>normal</urgency>"),
            strlen(u + strlen("<urgency>normal</urgency>")) + 1);
    char *inv = strstr(s, "    <involves unit=\"development\"/>\n");
    memmove(inv, inv + strlen("    <involves unit=\"development\"/>\n"),
            strlen(inv + strlen("    <involves unit=\"development\"/>\n")) + 1);
    assert_int_equal(dr_envelope_parse(&env, &ctx, "d.xml", s, strlen(s), DR_FORM_DRAFT), 0);
    dr_buf_dispose(&b);
    const dr_route *req = dr_config_route(cfg, "upward-request");
    assert_int_equal(dr_route_fold(&st, &ctx, cfg, req, env, T("2026-09-30T18:00:00+08:00")), 0);
    assert_int_equal(st->steps[0].state, DR_STEP_SKIPPED);
    assert_int_equal(st->steps[1].state, DR_STEP_OPEN);
    /* Sent on Wednesday 2026-09-30: 2 working days → 2026-10-09 across National Day. */
    dr_time_parse(&at, "2026-09-30T17:00:00+08:00");
    assert_int_equal(dr_route_openings(&ops, &nops, &ctx, cfg, cal, st, dr_envelope_document(env), at), 0);
    assert_int_equal(nops, 1);
    assert_string_equal(ops[0].act, "open");
    assert_string_equal(ops[0].step, "principal-sign");
    assert_int_equal(ops[0].due, D("2026-10-09"));
    free(ops);
    /* The same at a year without a calendar: the year is named. */
    dr_time_parse(&at, "2027-03-01T09:00:00+08:00");
    assert_int_equal(dr_route_openings(&ops, &nops, &ctx, cfg, cal, st, dr_envelope_document(env), at),
                     DR_ECONFIG);
    assert_non_null(strstr(ctx.msg, "2027"));
    assert_null(ops);
    dr_route_state_free(st);
    dr_envelope_free(env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route__direction),
        cmocka_unit_test(test_route__selection_is_first_match),
        cmocka_unit_test(test_route__periods),
        cmocka_unit_test(test_route__steps_apply_by_flags_and_exceptions),
        cmocka_unit_test(test_route__holders_with_substitution),
        cmocka_unit_test(test_route__fold_and_openings),
        cmocka_unit_test(test_route__openings_of_an_urgent_document),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
