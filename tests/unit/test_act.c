/* The act planner and the fold at an instant: what one act records, decided
 * from the envelope before it; what the time alone decides. */
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

/* The vector: a notice in the government's name, water and housing asked, due 2026-10-09. */
static dr_route_state *fold_at(const dr_envelope *env, const char *at)
{
    dr_route_state *st = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_route_fold(&st, &ctx, cfg, dr_config_route(cfg, dr_envelope_route(env)), env,
                                   T(at)),
                     0);
    return st;
}

/* Silence is consent from the end of the due date, whether or not cron has run. */
static void test_act__consent_follows_the_clock(void **state)
{
    (void)state;
    dr_envelope *env = plan_vector();
    dr_route_state *st = fold_at(env, "2026-10-09T23:59:59+08:00");
    assert_int_equal(st->steps[0].requests[1].state, DR_REQ_OPEN);
    assert_int_equal(st->steps[0].state, DR_STEP_OPEN);
    dr_route_state_free(st);
    st = fold_at(env, "2026-10-10T00:00:00+08:00");
    assert_int_equal(st->steps[0].requests[0].state, DR_REQ_DEEMED);
    assert_false(st->steps[0].requests[0].recorded);
    assert_int_equal(st->steps[0].state, DR_STEP_DONE);
    assert_int_equal(st->steps[1].state, DR_STEP_OPEN);
    dr_route_state_free(st);
    dr_envelope_free(env);
}

static void test_act__a_reply_and_its_lateness(void **state)
{
    dr_act_plan *p = NULL;
    dr_ctx ctx;
    (void)state;
    dr_ctx_init(&ctx);
    dr_envelope *env = plan_vector();
    dr_act_input in = plan_input(cfg, cal, env, "countersign", "p-he", "2026-10-09T18:00:00+08:00");
    in.position = "agree";
    assert_int_equal(dr_act_plan_make(&p, &ctx, &in), 0);
    assert_int_equal(p->n, 1);
    assert_string_equal(p->events[0].act, "countersign");
    assert_string_equal(plan_attr(&p->events[0], "unit"), "water");
    assert_null(plan_attr(&p->events[0], "late"));
    assert_false(p->late);
    env = plan_record(env, p, "p-he", "2026-10-09T18:00:00+08:00");
    dr_act_plan_free(p);
    /* housing replies after midnight: late, no effect on this consent route. */
    dr_act_input late = plan_input(cfg, cal, env, "countersign", "p-tang", "2026-10-10T00:00:00+08:00");
    late.position = "object";
    late.opinion = "迟到的反对";
    assert_int_equal(dr_act_plan_make(&p, &ctx, &late), 0);
    assert_true(p->late);
    assert_true(p->no_effect);
    assert_string_equal(plan_attr(&p->events[0], "late"), "true");
    /* Recording it changes nothing: housing is deemed, no objection blocks. */
    env = plan_record(env, p, "p-tang", "2026-10-10T00:00:00+08:00");
    dr_act_plan_free(p);
    dr_route_state *st = fold_at(env, "2026-10-10T09:00:00+08:00");
    assert_int_equal(st->steps[0].requests[1].state, DR_REQ_DEEMED);
    assert_null(st->blocked_rule);
    assert_int_equal(st->steps[1].state, DR_STEP_OPEN);
    dr_route_state_free(st);
    /* The sweep deems it once; then there is nothing more to deem. */
    dr_act_input sw = plan_input(cfg, cal, env, "deemed-consent", "system", "2026-10-10T09:00:00+08:00");
    assert_int_equal(dr_act_plan_make(&p, &ctx, &sw), 0);
    assert_int_equal(p->n, 1);
    assert_string_equal(plan_attr(&p->events[0], "unit"), "housing");
    assert_string_equal(plan_attr(&p->events[0], "rule"), "R63-SILENCE-IS-CONSENT");
    env = plan_record(env, p, "system", "2026-10-10T09:00:00+08:00");
    dr_act_plan_free(p);
    sw = plan_input(cfg, cal, env, "deemed-consent", "system", "2026-10-10T09:30:00+08:00");
    assert_int_equal(dr_act_plan_make(&p, &ctx, &sw), 0);
    assert_int_equal(p->n, 0);
    dr_act_plan_free(p);
    /* Nobody but system deems. */
    dr_act_input not_system = plan_input(cfg, cal, env, "deemed-consent", "p-zhou", "2026-10-10T09:00:00+08:00");
    assert_int_equal(dr_act_plan_make(&p, &ctx, &not_system), DR_ERULE);
    assert_string_equal(ctx.rule, "R63-SILENCE-IS-CONSENT");
    dr_envelope_free(env);
}

static void test_act__refusals_name_their_rule(void **state)
{
    dr_act_plan *p = NULL;
    dr_ctx ctx;
    (void)state;
    dr_envelope *env = plan_vector();
    /* Not the requested head. */
    dr_ctx_init(&ctx);
    dr_act_input in = plan_input(cfg, cal, env, "countersign", "p-xu", "2026-10-01T10:00:00+08:00");
    in.position = "agree";
    assert_int_equal(dr_act_plan_make(&p, &ctx, &in), DR_ERULE);
    assert_string_equal(ctx.rule, "R59-COUNTERSIGN-BY-HEAD");
    /* A step out of order: the route's rule, the open step and who holds it. */
    dr_ctx_init(&ctx);
    dr_act_input sign = plan_input(cfg, cal, env, "issue-sign", "p-zhou", "2026-10-01T10:00:00+08:00");
    assert_int_equal(dr_act_plan_make(&p, &ctx, &sign), DR_ERULE);
    assert_string_equal(ctx.rule, "R-ROUTE");
    assert_non_null(strstr(ctx.msg, "countersigning"));
    /* An extension after the due date. */
    dr_ctx_init(&ctx);
    dr_act_input ext = plan_input(cfg, cal, env, "extend", "p-he", "2026-10-12T10:00:00+08:00");
    ext.until = "2026-10-20";
    ext.reason = "x";
    assert_int_equal(dr_act_plan_make(&p, &ctx, &ext), DR_ERULE);
    assert_string_equal(ctx.rule, "R63-AGREED-EXTENSION");
    /* A coordination note with no objection. */
    dr_ctx_init(&ctx);
    dr_act_input co = plan_input(cfg, cal, env, "coordinate", "p-feng", "2026-10-01T10:00:00+08:00");
    co.note_href = "note-4.md";
    co.note_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
    assert_int_equal(dr_act_plan_make(&p, &ctx, &co), DR_ERULE);
    assert_string_equal(ctx.rule, "R59-OBJECTION-RATIONALE");
    /* An act the planner does not know; an act that needs a reason. */
    dr_act_input bad = plan_input(cfg, cal, env, "frobnicate", "p-feng", "2026-10-01T10:00:00+08:00");
    assert_int_equal(dr_act_plan_make(&p, &ctx, &bad), DR_EUSAGE);
    dr_act_input wd = plan_input(cfg, cal, env, "withdraw", "p-chen", "2026-10-01T10:00:00+08:00");
    assert_int_equal(dr_act_plan_make(&p, &ctx, &wd), DR_EUSAGE);
    /* The clock behind the record. */
    dr_act_input early = plan_input(cfg, cal, env, "countersign", "p-he", "2026-09-01T10:00:00+08:00");
    early.position = "agree";
    assert_int_equal(dr_act_plan_make(&p, &ctx, &early), DR_ECONFLICT);
    assert_null(p);
    dr_envelope_free(env);
}

/* An urgent document: the act that completes countersigning opens the next
 * step with its short period, in the same act. */
static void test_act__an_act_records_what_it_opens(void **state)
{
    dr_act_plan *p = NULL;
    dr_ctx ctx;
    dr_buf b;
    dr_envelope *env = NULL;
    (void)state;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    read_source_file("tests/fixtures/vectors/envelope-ed25519.xml", &b);
    char *u = strstr(b.ptr, "<urgency>normal</urgency>");
    memcpy(u, "<urgency>urgent</urgency>", 25); /* same length: only the content changes */
    assert_int_equal(dr_envelope_parse(&env, &ctx, "u.xml", b.ptr, b.len, DR_FORM_RECORDED), 0);
    dr_buf_dispose(&b);
    dr_act_input a = plan_input(cfg, cal, env, "countersign", "p-he", "2026-09-30T10:00:00+08:00");
    a.position = "agree";
    assert_int_equal(dr_act_plan_make(&p, &ctx, &a), 0);
    assert_int_equal(p->n, 1); /* housing still out */
    env = plan_record(env, p, "p-he", "2026-09-30T10:00:00+08:00");
    dr_act_plan_free(p);
    dr_act_input h = plan_input(cfg, cal, env, "countersign", "p-tang", "2026-09-30T11:00:00+08:00");
    h.position = "agree";
    assert_int_equal(dr_act_plan_make(&p, &ctx, &h), 0);
    assert_int_equal(p->n, 2);
    assert_string_equal(p->events[1].act, "open");
    assert_string_equal(plan_attr(&p->events[1], "step"), "drafter-sign");
    /* Wednesday 09-30 + 2 working days, across National Day. */
    assert_string_equal(plan_attr(&p->events[1], "due-date"), "2026-10-09");
    dr_act_plan_free(p);
    dr_envelope_free(env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_act__consent_follows_the_clock),
        cmocka_unit_test(test_act__a_reply_and_its_lateness),
        cmocka_unit_test(test_act__refusals_name_their_rule),
        cmocka_unit_test(test_act__an_act_records_what_it_opens),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
