/* The act planner's refusals and particulars beyond test_act.c (act.c,
 * act_countersign.c): replies, extensions, coordination notes, 加签, classify,
 * override, revise, return, close, withdraw and reproject — each refusal with its code,
 * its rule ID and what it says; each accepted act with the events it records. */
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

static dr_act_input in_(const dr_envelope *env, const char *act, const char *actor, const char *at)
{
    return plan_input(cfg, cal, env, act, actor, at);
}

/* Refused with code (and rule, when given), saying says. */
static void refused(const dr_act_input *in, int code, const char *rule, const char *says)
{
    dr_act_plan *p = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    int rc = dr_act_plan_make(&p, &ctx, in);
    if (rc != code || p || (rule && strcmp(ctx.rule, rule)) || !strstr(ctx.msg, says))
        fail_msg("%s by %s: rc %d (wanted %d), rule '%s' (wanted '%s'): %s (wanted '%s')", in->act,
                 in->actor, rc, code, ctx.rule, rule ? rule : "", ctx.msg, says);
}

static dr_act_plan *planned(const dr_act_input *in)
{
    dr_act_plan *p = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    int rc = dr_act_plan_make(&p, &ctx, in);
    if (rc)
        fail_msg("%s by %s: %d %s %s", in->act, in->actor, rc, ctx.rule, ctx.msg);
    return p;
}

/* Plans and records in one go. */
static dr_envelope *done(dr_envelope *env, const dr_act_input *in, const char *at)
{
    dr_act_plan *p = planned(in);
    env = plan_record(env, p, in->actor, at);
    dr_act_plan_free(p);
    return env;
}

static void test_act_more__countersign_replies(void **state)
{
    (void)state;
    dr_envelope *env = plan_vector();
    dr_act_input a = in_(env, "countersign", "p-he", "2026-10-08T10:00:00+08:00");
    a.position = "maybe";
    refused(&a, DR_EUSAGE, NULL, "countersign needs --agree or --object");
    a.position = "object";
    refused(&a, DR_EUSAGE, "R59-OBJECTION-RATIONALE", "--object needs --opinion: the objection's rationale");
    a.opinion = "";
    refused(&a, DR_EUSAGE, "R59-OBJECTION-RATIONALE", "--object needs --opinion");
    a.position = "agree";
    env = done(env, &a, "2026-10-08T10:00:00+08:00");
    a = in_(env, "countersign", "p-he", "2026-10-08T11:00:00+08:00");
    a.position = "object";
    a.opinion = "改主意了";
    refused(&a, DR_ERULE, "R-ROUTE", "'water' already answered 2026-yjj-0001 (event 4): the first effective reply wins");
    dr_envelope_free(env);
}

static void test_act_more__extensions(void **state)
{
    dr_act_plan *p;
    (void)state;
    dr_envelope *env = plan_vector();
    dr_act_input x = in_(env, "extend", "p-tang", "2026-10-08T10:00:00+08:00");
    refused(&x, DR_EUSAGE, NULL, "needs --until DATE");
    x.until = "2026-10-16";
    refused(&x, DR_EUSAGE, NULL, "needs --reason TEXT");
    x.reason = "需调阅档案";
    x.until = "2026-10-32";
    refused(&x, DR_EUSAGE, NULL, "bad date '2026-10-32' (expected YYYY-MM-DD)");
    x.until = "2026-10-09";
    refused(&x, DR_ERULE, "R63-AGREED-EXTENSION", "the new date 2026-10-09 must come after the due date");
    x.until = "2026-10-16";
    p = planned(&x);
    assert_int_equal(p->n, 1);
    assert_string_equal(p->events[0].act, "extend");
    assert_string_equal(plan_attr(&p->events[0], "unit"), "housing");
    assert_string_equal(plan_attr(&p->events[0], "until"), "2026-10-16");
    assert_string_equal(p->events[0].text, "需调阅档案");
    env = plan_record(env, p, "p-tang", "2026-10-08T10:00:00+08:00");
    dr_act_plan_free(p);
    /* a second ask while one is pending */
    x = in_(env, "extend", "p-tang", "2026-10-08T11:00:00+08:00");
    x.until = "2026-10-20";
    x.reason = "r";
    refused(&x, DR_ERULE, "R63-AGREED-EXTENSION", "the countersign asked of 'housing' is not open for an extension (one is pending)");

    /* the drafter's head answers it */
    dr_act_input acc = in_(env, "accept-extension", "p-feng", "2026-10-08T12:00:00+08:00");
    refused(&acc, DR_EUSAGE, NULL, "needs --unit U");
    acc.unit = "finance";
    refused(&acc, DR_ERULE, "R-ROUTE", "no countersign was asked of 'finance' on 2026-yjj-0001");
    acc.unit = "water";
    refused(&acc, DR_ERULE, "R63-AGREED-EXTENSION", "'water' has asked no extension on 2026-yjj-0001");
    acc.unit = "housing";
    acc.actor = "p-he";
    refused(&acc, DR_ERULE, "R63-AGREED-EXTENSION", "p-he");
    acc.actor = "p-feng";
    p = planned(&acc);
    assert_int_equal(p->n, 1);
    assert_string_equal(p->events[0].act, "accept-extension");
    assert_string_equal(plan_attr(&p->events[0], "due-date"), "2026-10-16");
    dr_act_plan_free(p);
    acc.act = "decline-extension";
    p = planned(&acc);
    assert_string_equal(p->events[0].act, "decline-extension");
    assert_null(plan_attr(&p->events[0], "due-date"));
    env = plan_record(env, p, "p-feng", "2026-10-08T12:00:00+08:00");
    dr_act_plan_free(p);
    /* declined: the old due date stands; past it, consent is deemed (silence: consent) */
    x = in_(env, "extend", "p-tang", "2026-10-12T09:00:00+08:00");
    x.until = "2026-10-20";
    x.reason = "r";
    refused(&x, DR_ERULE, "R63-AGREED-EXTENSION", "the countersign asked of 'housing' is not open for an extension (settled)");
    /* an answered request is settled */
    dr_act_input w = in_(env, "countersign", "p-he", "2026-10-08T13:00:00+08:00");
    w.position = "agree";
    env = done(env, &w, "2026-10-08T13:00:00+08:00");
    x = in_(env, "extend", "p-he", "2026-10-08T14:00:00+08:00");
    x.until = "2026-10-20";
    x.reason = "r";
    refused(&x, DR_ERULE, "R63-AGREED-EXTENSION", "not open for an extension (settled)");
    dr_envelope_free(env);
}

static void test_act_more__coordination_notes(void **state)
{
    dr_act_plan *p;
    (void)state;
    dr_envelope *env = plan_vector();
    dr_act_input o = in_(env, "countersign", "p-tang", "2026-10-08T10:00:00+08:00");
    o.position = "object";
    o.opinion = "涉及危房改造资金，需另行研究";
    env = done(env, &o, "2026-10-08T10:00:00+08:00");
    dr_act_input co = in_(env, "coordinate", "p-feng", "2026-10-08T11:00:00+08:00");
    refused(&co, DR_EUSAGE, NULL, "needs --note FILE");
    co.note_href = "note-5.md";
    refused(&co, DR_EUSAGE, NULL, "needs the note's sha256");
    co.note_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
    co.actor = "p-chen";
    refused(&co, DR_ERULE, "R59-OBJECTION-RATIONALE", "record the coordination note of 2026-yjj-0001 (its drafter's head)");
    co.actor = "p-feng";
    p = planned(&co);
    assert_int_equal(p->n, 2);
    assert_string_equal(p->events[0].act, "coordinate");
    assert_string_equal(plan_attr(&p->events[0], "note"), "note-5.md");
    assert_string_equal(p->events[1].act, "countersign-request");
    assert_string_equal(plan_attr(&p->events[1], "unit"), "housing");
    assert_string_equal(plan_attr(&p->events[1], "note"), "note-5.md");
    assert_string_equal(plan_attr(&p->events[1], "rule"), "R59-OBJECTION-RATIONALE");
    assert_string_equal(plan_attr(&p->events[1], "due-date"), "2026-10-12"); /* Fri, make-up Sat, Mon */
    assert_string_equal(p->summary, "coordinate 2026-yjj-0001: a note for 1 objecting unit");
    env = plan_record(env, p, "p-feng", "2026-10-08T11:00:00+08:00");
    dr_act_plan_free(p);
    /* the objection has its note: a second one finds none to answer */
    co = in_(env, "coordinate", "p-feng", "2026-10-08T12:00:00+08:00");
    co.note_href = "note-6.md";
    co.note_sha256 = "1111111111111111111111111111111111111111111111111111111111111111";
    refused(&co, DR_ERULE, "R59-OBJECTION-RATIONALE", "no objection on 2026-yjj-0001 awaits a coordination note");
    dr_envelope_free(env);
}

static void test_act_more__office_acts_at_countersigning(void **state)
{
    (void)state;
    dr_envelope *env = plan_vector();
    /* 加签 and classify are the office's, at its review */
    dr_act_input add = in_(env, "request-countersign", "p-zheng", "2026-10-08T10:00:00+08:00");
    refused(&add, DR_EUSAGE, NULL, "needs --unit U");
    add.unit = "finance";
    refused(&add, DR_ERULE, "R-ROUTE", "is made at the office's review");
    refused(&add, DR_ERULE, "R-ROUTE", "the open step of 2026-yjj-0001 is countersign");
    add.actor = "p-chen";
    refused(&add, DR_ERULE, "R-ROUTE", "p-chen");
    dr_act_input cl = in_(env, "classify", "p-zheng", "2026-10-08T10:00:00+08:00");
    refused(&cl, DR_EUSAGE, NULL, "needs --flag NAME=VALUE");
    cl.flags = "major=yes";
    refused(&cl, DR_EUSAGE, NULL, "bad flags 'major=yes': NAME=true|false");
    cl.flags = "major=true";
    refused(&cl, DR_ERULE, "R-ROUTE", "the office corrects the flags at its review");
    cl.actor = "p-he";
    refused(&cl, DR_ERULE, "R-ROUTE", "correct the routing flags of 2026-yjj-0001");
    /* a return is not made at countersigning: the drafter withdraws */
    dr_act_input ret = in_(env, "return", "p-qian", "2026-10-08T10:00:00+08:00");
    refused(&ret, DR_EUSAGE, NULL, "needs --reason TEXT");
    ret.reason = "r";
    refused(&ret, DR_ERULE, "R-ROUTE", "2026-yjj-0001 is at countersigning: its drafter withdraws it, nobody returns it");
    /* close ends only a returned document */
    dr_act_input close = in_(env, "close", "p-feng", "2026-10-08T10:00:00+08:00");
    close.reason = "不再办理";
    refused(&close, DR_ERULE, "R-ROUTE", "close ends a document returned to its drafter; 2026-yjj-0001 is not");
    dr_envelope_free(env);
}

static void test_act_more__override(void **state)
{
    dr_act_plan *p;
    (void)state;
    dr_envelope *env = plan_vector();
    dr_act_input o = in_(env, "override", "p-zhou", "2026-10-08T10:00:00+08:00");
    refused(&o, DR_EUSAGE, NULL, "needs --rule ID");
    o.rule = "R54-AGENDA-10WD";
    refused(&o, DR_EUSAGE, NULL, "needs --reason TEXT");
    o.reason = "紧急议题";
    o.rule = "R-ROUTE";
    refused(&o, DR_EUSAGE, NULL,
            "'R-ROUTE' may not be set aside: only the rules the config marks overridable may "
            "(R53-NO-UNAGREED-TOPIC, R57-ISSUE-5WD, R54-AGENDA-10WD)");
    o.rule = "R-NOWHERE";
    refused(&o, DR_EUSAGE, NULL, "'R-NOWHERE' may not be set aside");
    o.rule = "R54-AGENDA-10WD";
    o.actor = "p-chen";
    refused(&o, DR_ERULE, "R54-AGENDA-10WD", "set aside R54-AGENDA-10WD on 2026-yjj-0001");
    o.actor = "p-zhou";
    p = planned(&o);
    assert_int_equal(p->n, 1);
    assert_string_equal(p->events[0].act, "override");
    assert_string_equal(plan_attr(&p->events[0], "rule"), "R54-AGENDA-10WD");
    assert_string_equal(p->events[0].text, "紧急议题");
    assert_string_equal(p->summary, "override 2026-yjj-0001: R54-AGENDA-10WD set aside");
    dr_act_plan_free(p);
    dr_envelope_free(env);
}

/* The vector's <document> with one substring replaced (free it). */
static char *document_xml(const char *from, const char *to)
{
    dr_buf b, out;
    dr_buf_init(&b, 0);
    dr_buf_init(&out, 0);
    read_source_file("tests/fixtures/vectors/envelope-ed25519.xml", &b);
    const char *s = strstr(b.ptr, "<document>"), *e = strstr(b.ptr, "</document>");
    assert_non_null(s);
    assert_non_null(e);
    e += strlen("</document>");
    const char *at = from ? strstr(s, from) : NULL;
    if (from && (!at || at > e))
        fail_msg("'%s' is not in the document", from);
    if (at) {
        dr_buf_put(&out, s, (size_t)(at - s));
        dr_buf_puts(&out, to);
        dr_buf_put(&out, at + strlen(from), (size_t)(e - at - strlen(from)));
    } else {
        dr_buf_put(&out, s, (size_t)(e - s));
    }
    dr_buf_dispose(&b);
    return dr_buf_detach(&out, NULL);
}

static void test_act_more__revise(void **state)
{
    dr_act_plan *p;
    (void)state;
    dr_envelope *env = plan_vector();
    dr_act_input r = in_(env, "revise", "p-chen", "2026-10-08T10:00:00+08:00");
    refused(&r, DR_EUSAGE, NULL, "needs the new document");
    char *same = document_xml("部署秋冬季", "部署今冬明春"), *other = document_xml("<type>notice</type>", "<type>bulletin</type>"),
         *broken = document_xml("</title>", "");
    r.document_xml = same;
    r.actor = "p-he";
    refused(&r, DR_ERULE, "C25-REVISE-RESIGN", "revise 2026-yjj-0001 (its drafter's)");
    r.actor = "p-chen";
    r.document_xml = other;
    refused(&r, DR_ERULE, "R-ROUTE", "a revision keeps the type, drafter and issuers that fixed the route of 2026-yjj-0001");
    r.document_xml = broken;
    refused(&r, DR_EINVALID, NULL, "not well-formed");
    r.document_xml = same;
    r.editorial = true;
    p = planned(&r);
    assert_int_equal(p->n, 1);
    assert_string_equal(p->events[0].act, "revise");
    assert_string_equal(plan_attr(&p->events[0], "editorial"), "true");
    assert_non_null(strstr(p->events[0].document_xml, "部署今冬明春"));
    assert_string_equal(p->summary, "revise 2026-yjj-0001 (editorial: signatures kept)");
    dr_act_plan_free(p);
    r.editorial = false;
    p = planned(&r);
    assert_null(plan_attr(&p->events[0], "editorial"));
    assert_string_equal(p->summary, "revise 2026-yjj-0001 (substantive: signatures void, countersigns asked anew)");
    /* the countersigns asked anew, in the same act */
    assert_int_equal(p->n, 3);
    assert_string_equal(p->events[1].act, "countersign-request");
    assert_string_equal(p->events[2].act, "countersign-request");
    dr_act_plan_free(p);
    free(same);
    free(other);
    free(broken);
    dr_envelope_free(env);
}

/* Past countersigning: a return by the open step's holder, to the drafter or to a step done. */
static void test_act_more__returns_and_withdrawals(void **state)
{
    dr_act_plan *p;
    (void)state;
    dr_envelope *env = plan_vector();
    /* once someone outside the drafting unit acts, the drafter withdraws no more */
    dr_act_input a = in_(env, "countersign", "p-he", "2026-10-08T10:00:00+08:00");
    a.position = "agree";
    env = done(env, &a, "2026-10-08T10:00:00+08:00");
    dr_act_input wd = in_(env, "withdraw", "p-chen", "2026-10-08T10:30:00+08:00");
    wd.reason = "r";
    refused(&wd, DR_ERULE, "R-ROUTE", "'p-he' has acted on 2026-yjj-0001 (event 4, countersign): a withdrawal comes before anyone else acts");
    a = in_(env, "countersign", "p-tang", "2026-10-08T11:00:00+08:00");
    a.position = "agree";
    env = done(env, &a, "2026-10-08T11:00:00+08:00");
    /* the drafter's head holds drafter-sign */
    dr_act_input ret = in_(env, "return", "p-he", "2026-10-08T12:00:00+08:00");
    ret.reason = "请重新核实数据";
    refused(&ret, DR_ERULE, "R63-DRAFTER-HEAD", "return 2026-yjj-0001 (only the holder of its open step 'drafter-sign')");
    ret.actor = "p-feng";
    ret.to_step = "nope";
    refused(&ret, DR_ERULE, "R-ROUTE", "'nope' is not a step of 2026-yjj-0001 done before 'drafter-sign'");
    ret.to_step = "office-review";
    refused(&ret, DR_ERULE, "R-ROUTE", "'office-review' is not a step of 2026-yjj-0001 done before 'drafter-sign'");
    ret.to_step = "countersign";
    p = planned(&ret);
    assert_int_equal(p->n, 1 + 2); /* and the countersigns asked again */
    assert_int_equal(p->n_act, 1);  /* the return its own event, the openings after */
    assert_string_equal(plan_attr(&p->events[0], "step"), "drafter-sign");
    assert_string_equal(plan_attr(&p->events[0], "to-step"), "countersign");
    assert_string_equal(p->summary, "return 2026-yjj-0001 to countersign");
    assert_string_equal(p->events[1].act, "countersign-request");
    assert_string_equal(plan_attr(&p->events[1], "unit"), "water");
    assert_string_equal(plan_attr(&p->events[2], "unit"), "housing");
    /* recorded, the units countersign again */
    {
        size_t len;
        const char *bytes = dr_envelope_bytes(env, &len);
        dr_envelope *again = NULL;
        dr_ctx ctx;
        dr_ctx_init(&ctx);
        assert_int_equal(dr_envelope_parse(&again, &ctx, "again.xml", bytes, len, DR_FORM_RECORDED), 0);
        again = plan_record(again, p, "p-feng", "2026-10-08T12:00:00+08:00");
        dr_act_input cs = in_(again, "countersign", "p-he", "2026-10-08T13:00:00+08:00");
        cs.position = "agree";
        dr_act_plan *q = planned(&cs);
        assert_string_equal(plan_attr(&q->events[0], "unit"), "water");
        dr_act_plan_free(q);
        dr_envelope_free(again);
    }
    dr_act_plan_free(p);
    ret.to_step = NULL;
    p = planned(&ret);
    assert_int_equal(p->n, 1);
    assert_null(plan_attr(&p->events[0], "to-step"));
    assert_string_equal(p->summary, "return 2026-yjj-0001 to the drafter");
    env = plan_record(env, p, "p-feng", "2026-10-08T12:00:00+08:00");
    dr_act_plan_free(p);
    /* returned: nothing is open to return; the drafter closes it */
    ret = in_(env, "return", "p-feng", "2026-10-08T13:00:00+08:00");
    ret.reason = "r";
    refused(&ret, DR_ERULE, "R-ROUTE", "nothing of 2026-yjj-0001 is open to return");
    dr_act_input close = in_(env, "close", "p-feng", "2026-10-08T13:00:00+08:00");
    close.reason = "不再办理";
    p = planned(&close);
    assert_int_equal(p->n, 1);
    assert_string_equal(p->events[0].act, "close");
    assert_string_equal(p->summary, "close 2026-yjj-0001");
    env = plan_record(env, p, "p-feng", "2026-10-08T13:00:00+08:00");
    dr_act_plan_free(p);
    /* closed: no act any more */
    dr_act_input late = in_(env, "sign", "p-feng", "2026-10-08T14:00:00+08:00");
    refused(&late, DR_ERULE, NULL, "closed");
    dr_envelope_free(env);
}

static void test_act_more__reproject(void **state)
{
    dr_act_plan *p;
    (void)state;
    dr_envelope *env = plan_vector();
    dr_act_input r = in_(env, "reproject", "p-ye", "2026-10-08T10:00:00+08:00");
    refused(&r, DR_EUSAGE, NULL, "needs --reason TEXT (the calendar change it follows)");
    r.reason = "2026年日历更正";
    r.actor = "p-chen";
    refused(&r, DR_ERULE, "R-ROUTE", "reproject the due dates of 2026-yjj-0001");
    r.actor = "p-ye";
    /* counted on the calendar in force: nothing moves */
    p = planned(&r);
    assert_int_equal(p->n, 0);
    assert_string_equal(p->summary, "reproject 2026-yjj-0001: 0 due dates counted again");
    dr_act_plan_free(p);
    /* a calendar that says 2026-10-08 is a holiday too: both requests (3 working days
     * from Tuesday 09-29: 09-30, then 10-09 and the make-up Saturday 10-10) move a day */
    dr_calendar *other;
    dr_ctx ctx;
    dr_buf b;
    assert_int_equal(dr_calendar_new(&other), 0);
    dr_ctx_init(&ctx);
    for (int y = 2025; y <= 2027; y++) {
        char rel[80];
        dr_buf_init(&b, 0);
        snprintf(rel, sizeof(rel), "examples/zhangdian/docroute/calendar/%d.yaml", y);
        read_source_file(rel, &b);
        if (y == 2026) {
            char *at = strstr(b.ptr, "to: 2026-10-07}");
            assert_non_null(at);
            at[13] = '8';
        }
        assert_int_equal(dr_calendar_add_year(other, &ctx, rel, b.ptr, b.len), 0);
        dr_buf_dispose(&b);
    }
    r.cal = other;
    p = planned(&r);
    assert_int_equal(p->n, 2);
    assert_string_equal(p->events[0].act, "reproject");
    assert_string_equal(plan_attr(&p->events[0], "unit"), "water");
    assert_string_equal(plan_attr(&p->events[0], "due-date"), "2026-10-10");
    assert_string_equal(plan_attr(&p->events[1], "unit"), "housing");
    assert_null(plan_attr(&p->events[1], "provisional"));
    assert_string_equal(p->summary, "reproject 2026-yjj-0001: 2 due dates counted again");
    dr_act_plan_free(p);
    dr_calendar_free(other);
    dr_envelope_free(env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_act_more__countersign_replies),
        cmocka_unit_test(test_act_more__extensions),
        cmocka_unit_test(test_act_more__coordination_notes),
        cmocka_unit_test(test_act_more__office_acts_at_countersigning),
        cmocka_unit_test(test_act_more__override),
        cmocka_unit_test(test_act_more__revise),
        cmocka_unit_test(test_act_more__returns_and_withdrawals),
        cmocka_unit_test(test_act_more__reproject),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
