/* The fold of a route's events (route.c, dr_route_fold_events) on events built in
 * memory — countersign requests, replies on time and late, deemed consent, extensions,
 * returns, revisions, classification, escalation, joint issuers, objections — and the
 * due dates a replaced calendar counts again (due.c). */
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
    return 0;
}

typedef struct {
    dr_document d;
    dr_doc_unit issuers[3], to[3], involves[3];
    dr_matter matter;
} doc;

/* The flood notice: the emergency bureau drafts for the district government; water and
 * housing are involved (route gov-outgoing, silence is consent). */
static void notice(doc *x)
{
    memset(x, 0, sizeof(*x));
    x->d.type = "notice";
    x->d.title = "t";
    x->d.drafter = "emergency";
    x->issuers[0].unit = "district-gov";
    x->d.issuers = x->issuers;
    x->d.nissuers = 1;
    x->to[0].unit = "town-fenghuang";
    x->d.to = x->to;
    x->d.nto = 1;
    x->involves[0].unit = "water";
    x->involves[1].unit = "housing";
    x->d.involves = x->involves;
    x->d.ninvolves = 2;
    x->d.urgency = "normal";
    x->d.level = "none";
    x->matter = (dr_matter){"m1", "info", NULL, "x"};
    x->d.matters = &x->matter;
    x->d.nmatters = 1;
}

/* A request of finance and water together to the district government (upward-request,
 * silence is not consent). */
static void joint_request(doc *x)
{
    notice(x);
    x->d.type = "request";
    x->d.drafter = "finance";
    x->issuers[0].unit = "finance";
    x->issuers[1].unit = "water";
    x->d.nissuers = 2;
    x->to[0].unit = "district-gov";
    x->d.ninvolves = 0;
    x->matter.kind = "request";
}

#define EV(seq_, act_, actor_, at_) (dr_fevent){.seq = (seq_), .act = (act_), .actor = (actor_), .at = T(at_)}

static dr_route_state *fold(const char *route, const doc *x, const dr_fevent *ev, size_t n, const char *now)
{
    dr_route_state *st = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    int rc = dr_route_fold_events(&st, &ctx, cfg, dr_config_route(cfg, route), &x->d, ev, n, T(now));
    if (rc)
        fail_msg("fold: %d %s", rc, ctx.msg);
    return st;
}

static dr_fevent request_of(int seq, const char *unit, const char *due, const char *at)
{
    dr_fevent e = EV(seq, "countersign-request", "p-chen", at);
    e.step = "countersign";
    e.unit = unit;
    e.due_date = due;
    return e;
}

static dr_fevent reply_of(int seq, const char *actor, const char *unit, const char *position, const char *at)
{
    dr_fevent e = EV(seq, "countersign", actor, at);
    e.step = "countersign";
    e.unit = unit;
    e.position = position;
    return e;
}

static void test_fold__an_unknown_step_is_refused(void **state)
{
    doc x;
    dr_route_state *st = NULL;
    dr_ctx ctx;
    (void)state;
    notice(&x);
    dr_fevent ev[] = {EV(1, "submit", "p-chen", "2026-09-29T09:00:00+08:00"),
                      EV(2, "sign", "p-feng", "2026-09-29T10:00:00+08:00")};
    ev[1].step = "no-such-step";
    dr_ctx_init(&ctx);
    assert_int_equal(dr_route_fold_events(&st, &ctx, cfg, dr_config_route(cfg, "gov-outgoing"), &x.d, ev, 2,
                                          T("2026-09-30T09:00:00+08:00")),
                     DR_EINVALID);
    assert_null(st);
    assert_string_equal(ctx.rule, "R-ROUTE"); /* the route check's rule in the catalog */
    assert_non_null(strstr(ctx.msg, "event 2 names step 'no-such-step', which route 'gov-outgoing' does not have"));
}

static void test_fold__late_replies_and_deemed_consent(void **state)
{
    doc x;
    (void)state;
    notice(&x);
    dr_fevent ev[] = {
        EV(1, "submit", "p-chen", "2026-09-29T09:00:00+08:00"),
        request_of(2, "water", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        request_of(3, "housing", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        reply_of(4, "p-he", "water", "agree", "2026-10-12T09:00:00+08:00"), /* past due */
        EV(5, "deemed-consent", "system", "2026-10-12T00:15:00+08:00"),
        reply_of(6, "p-tang", "housing", "object", "2026-10-12T10:00:00+08:00"), /* after the deemed */
        reply_of(7, "p-tang", "housing", "object", "2026-10-12T11:00:00+08:00"), /* kept: the first late one */
    };
    ev[4].step = "countersign";
    ev[4].unit = "housing";
    dr_route_state *st = fold("gov-outgoing", &x, ev, 7, "2026-10-12T12:00:00+08:00");
    const dr_step_status *cs = &st->steps[0];
    assert_int_equal(cs->nrequests, 2);
    /* water: late on a consent route, no effect; the time deems it */
    assert_int_equal(cs->requests[0].state, DR_REQ_DEEMED);
    assert_false(cs->requests[0].recorded);
    assert_int_equal(cs->requests[0].late_seq, 4);
    /* housing: recorded as deemed; the late objection after it takes no effect */
    assert_int_equal(cs->requests[1].state, DR_REQ_DEEMED);
    assert_true(cs->requests[1].recorded);
    assert_int_equal(cs->requests[1].answer_seq, 5);
    assert_int_equal(cs->requests[1].late_seq, 6);
    assert_string_equal(cs->requests[1].position, "agree");
    assert_int_equal(cs->state, DR_STEP_DONE);
    assert_int_equal(st->steps[1].state, DR_STEP_OPEN);
    assert_int_equal(st->nevents, 7);
    dr_route_state_free(st);

    /* before the due date passes, nothing is deemed */
    st = fold("gov-outgoing", &x, ev, 3, "2026-10-09T23:00:00+08:00");
    assert_int_equal(st->steps[0].requests[0].state, DR_REQ_OPEN);
    assert_int_equal(st->steps[0].state, DR_STEP_OPEN);
    assert_false(st->finished);
    dr_route_state_free(st);
}

static void test_fold__extensions(void **state)
{
    doc x;
    (void)state;
    notice(&x);
    dr_fevent ev[] = {
        EV(1, "submit", "p-chen", "2026-09-29T09:00:00+08:00"),
        request_of(2, "water", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        request_of(3, "housing", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        EV(4, "extend", "p-he", "2026-10-08T09:00:00+08:00"),
        EV(5, "accept-extension", "p-feng", "2026-10-08T10:00:00+08:00"),
        EV(6, "extend", "p-tang", "2026-10-08T11:00:00+08:00"),
        EV(7, "decline-extension", "p-feng", "2026-10-08T12:00:00+08:00"),
        EV(8, "accept-extension", "p-feng", "2026-10-08T13:00:00+08:00"), /* nothing pending */
        EV(9, "extend", "p-he", "2026-10-08T14:00:00+08:00"),               /* a second ask, pending */
    };
    ev[3].step = ev[4].step = ev[5].step = ev[6].step = ev[7].step = ev[8].step = "countersign";
    ev[3].unit = ev[4].unit = ev[8].unit = "water";
    ev[5].unit = ev[6].unit = ev[7].unit = "housing";
    ev[3].until = "2026-10-16";
    ev[5].until = "2026-10-20";
    ev[8].until = "2026-10-23";
    dr_route_state *st = fold("gov-outgoing", &x, ev, 9, "2026-10-13T09:00:00+08:00");
    const dr_request *w = &st->steps[0].requests[0], *h = &st->steps[0].requests[1];
    assert_int_equal(w->due, D("2026-10-16"));
    assert_true(w->due_agreed);
    assert_int_equal(w->ext_until, D("2026-10-23"));
    assert_int_equal(w->state, DR_REQ_OPEN); /* an extension pending: not deemed */
    assert_int_equal(h->due, D("2026-10-09"));
    assert_false(h->due_agreed);
    assert_int_equal(h->ext_until, DR_DATE_NONE);
    assert_int_equal(h->state, DR_REQ_DEEMED); /* declined: deemed from its own date */
    assert_int_equal(st->steps[0].state, DR_STEP_OPEN);

    /* none of them is re-projected: agreed, pending, settled */
    dr_reprojection *rp = NULL;
    size_t nrp = 9;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_route_reprojections(&rp, &nrp, &ctx, cfg, cal, st, &x.d), 0);
    assert_int_equal(nrp, 0);
    free(rp);
    dr_route_state_free(st);
}

static void test_fold__withdraw_close_and_return(void **state)
{
    doc x;
    (void)state;
    notice(&x);
    dr_fevent ev[] = {
        EV(1, "submit", "p-chen", "2026-09-29T09:00:00+08:00"),
        request_of(2, "water", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        reply_of(3, "p-he", "water", "agree", "2026-09-29T10:00:00+08:00"),
        request_of(4, "housing", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        EV(5, "withdraw", "p-chen", "2026-09-29T11:00:00+08:00"),
    };
    dr_route_state *st = fold("gov-outgoing", &x, ev, 5, "2026-09-30T09:00:00+08:00");
    assert_true(st->ended);
    assert_true(st->withdrawn);
    assert_false(st->finished);
    assert_int_equal(st->steps[0].requests[0].state, DR_REQ_ANSWERED);
    assert_int_equal(st->steps[0].requests[1].state, DR_REQ_CANCELLED);
    assert_int_equal(st->steps[0].requests[1].answer_seq, 5);
    for (size_t i = 0; i < st->nsteps; i++)
        assert_int_not_equal(st->steps[i].state, DR_STEP_OPEN);
    dr_route_state_free(st);

    ev[4].act = "close";
    st = fold("gov-outgoing", &x, ev, 5, "2026-09-30T09:00:00+08:00");
    assert_true(st->ended);
    assert_false(st->withdrawn);
    dr_route_state_free(st);

    /* returned to the drafter: everything redone, nothing open until a revise */
    dr_fevent rev[] = {
        EV(1, "submit", "p-chen", "2026-09-29T09:00:00+08:00"),
        request_of(2, "water", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        request_of(3, "housing", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        reply_of(4, "p-he", "water", "agree", "2026-09-29T10:00:00+08:00"),
        reply_of(5, "p-tang", "housing", "agree", "2026-09-29T10:00:00+08:00"),
        EV(6, "sign", "p-feng", "2026-09-29T11:00:00+08:00"),
        EV(7, "return", "p-qian", "2026-09-29T12:00:00+08:00"),
        EV(8, "revise", "p-chen", "2026-09-29T13:00:00+08:00"),
    };
    rev[5].step = "drafter-sign";
    st = fold("gov-outgoing", &x, rev, 7, "2026-09-29T12:30:00+08:00");
    assert_true(st->returned);
    assert_false(st->ended);
    assert_int_equal(st->steps[0].requests[0].state, DR_REQ_SUPERSEDED);
    assert_int_equal(st->steps[1].state, DR_STEP_PENDING);
    assert_null(st->steps[1].done_by);
    for (size_t i = 0; i < st->nsteps; i++)
        assert_int_not_equal(st->steps[i].state, DR_STEP_OPEN);
    dr_route_state_free(st);
    /* the revise: the countersign step asks again */
    st = fold("gov-outgoing", &x, rev, 8, "2026-09-29T13:30:00+08:00");
    assert_false(st->returned);
    assert_int_equal(st->revisions, 1);
    assert_int_equal(st->steps[0].state, DR_STEP_OPEN);
    dr_route_state_free(st);

    /* returned to a step: the steps from it are redone, the earlier ones stand */
    rev[6].to_step = "drafter-sign";
    st = fold("gov-outgoing", &x, rev, 7, "2026-09-29T12:30:00+08:00");
    assert_false(st->returned);
    assert_int_equal(st->steps[0].state, DR_STEP_DONE);
    assert_int_equal(st->steps[0].requests[0].state, DR_REQ_ANSWERED);
    assert_int_equal(st->steps[1].state, DR_STEP_OPEN);
    dr_route_state_free(st);

    /* an editorial revise keeps every signature */
    rev[6] = EV(7, "revise", "p-chen", "2026-09-29T12:00:00+08:00");
    rev[6].editorial = true;
    st = fold("gov-outgoing", &x, rev, 7, "2026-09-29T12:30:00+08:00");
    assert_int_equal(st->revisions, 0);
    assert_int_equal(st->steps[1].state, DR_STEP_DONE);
    assert_int_equal(st->steps[0].requests[1].state, DR_REQ_ANSWERED);
    dr_route_state_free(st);
}

static void test_fold__classify_and_override(void **state)
{
    doc x;
    (void)state;
    notice(&x);
    dr_fevent ev[] = {
        EV(1, "submit", "p-chen", "2026-09-29T09:00:00+08:00"),
        EV(2, "classify", "p-zheng", "2026-09-29T09:30:00+08:00"),
        EV(3, "classify", "p-zheng", "2026-09-29T09:40:00+08:00"),
        EV(4, "override", "p-zhou", "2026-09-29T09:50:00+08:00"),
    };
    ev[1].flags = "normative=true,major=true";
    ev[2].flags = "contract=maybe"; /* refused by the planner: an old record keeps what it says */
    ev[3].rule = "R53-NO-UNAGREED-TOPIC";
    dr_route_state *st = fold("gov-outgoing", &x, ev, 4, "2026-09-29T10:00:00+08:00");
    assert_true(st->doc.normative);
    assert_true(st->doc.major);
    assert_false(st->doc.contract);
    assert_false(x.d.normative); /* the document itself is not touched */
    assert_int_equal(st->steps[2].state, DR_STEP_PENDING); /* legality review applies now */
    assert_int_equal(st->steps[3].state, DR_STEP_SKIPPED); /* competition: not market, not a contract */
    assert_int_equal(st->noverrides, 1);
    assert_true(dr_route_overridden(st, "R53-NO-UNAGREED-TOPIC"));
    assert_false(dr_route_overridden(st, "R54-AGENDA-10WD"));
    dr_route_state_free(st);
}

static void test_fold__flags(void **state)
{
    doc x;
    (void)state;
    notice(&x);
    assert_int_equal(dr_route_apply_flags(&x.d, "major=true,normative=true,affects-market=true,contract=true,"
                                                "directive=true,reserved-subjects=true"),
                     0);
    assert_true(x.d.major && x.d.normative && x.d.affects_market && x.d.contract && x.d.directive &&
                x.d.reserved_subjects);
    assert_int_equal(dr_route_apply_flags(&x.d, "major=false,reserved-subjects=false"), 0);
    assert_false(x.d.major);
    assert_false(x.d.reserved_subjects);
    assert_true(x.d.contract);
    assert_int_equal(dr_route_apply_flags(&x.d, ""), 0);
    assert_int_equal(dr_route_apply_flags(&x.d, NULL), 0);
    static const char *const bad[] = {"major", "major=yes", "major=True", "majors=true", "=true",
                                      "major=true,,contract=false", "topic=true"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (dr_route_apply_flags(&x.d, bad[i]) != DR_EINVALID)
            fail_msg("'%s' accepted", bad[i]);
}

/* The upward request: two issuers each sign; the overseer's decision of a major matter
 * goes on to the mayor (R60-MAJOR-TO-MAYOR). */
static void test_fold__joint_issuers_and_escalation(void **state)
{
    doc x;
    (void)state;
    joint_request(&x);
    x.d.major = true;
    x.d.exceptions = (const char *[]){"emergency"};
    x.d.nexceptions = 1; /* the office's receive step is skipped */
    dr_fevent ev[] = {
        EV(1, "submit", "p-lv", "2026-09-29T09:00:00+08:00"),
        EV(2, "sign", "p-xu", "2026-09-29T10:00:00+08:00"),
        EV(3, "sign", "p-he", "2026-09-29T11:00:00+08:00"),
        EV(4, "register", "p-lv", "2026-09-29T12:00:00+08:00"),
        EV(5, "review", "p-qian", "2026-09-29T13:00:00+08:00"),
        EV(6, "decide", "p-liu", "2026-09-29T14:00:00+08:00"),
        EV(7, "decide", "p-zhou", "2026-09-29T15:00:00+08:00"),
    };
    ev[1].step = ev[2].step = "principal-sign";
    ev[1].issuer = "finance";
    ev[2].issuer = "water";
    ev[3].step = "register";
    ev[4].step = "office-review";
    ev[5].step = ev[6].step = "decide";
    const char *route = "upward-request";
    dr_route_state *st = fold(route, &x, ev, 2, "2026-09-29T10:30:00+08:00");
    const dr_step_status *ps = &st->steps[1];
    assert_string_equal(ps->step->id, "principal-sign");
    assert_int_equal(st->steps[0].state, DR_STEP_SKIPPED); /* nobody involved */
    assert_int_equal(ps->state, DR_STEP_OPEN);
    assert_int_equal(ps->ndone_issuers, 1);
    dr_route_state_free(st);
    st = fold(route, &x, ev, 3, "2026-09-29T11:30:00+08:00");
    assert_int_equal(st->steps[1].state, DR_STEP_DONE);
    assert_int_equal(st->steps[2].state, DR_STEP_OPEN);
    dr_route_state_free(st);
    st = fold(route, &x, ev, 6, "2026-09-29T14:30:00+08:00");
    assert_int_equal(st->steps[3].state, DR_STEP_SKIPPED); /* receive: the emergency exception */
    assert_int_equal(st->steps[5].state, DR_STEP_SKIPPED); /* file-committee: not a topic */
    const dr_step_status *dec = &st->steps[6];
    assert_int_equal(dec->state, DR_STEP_OPEN);
    assert_string_equal(dec->done_by, "p-liu");
    assert_false(st->finished);
    dr_route_state_free(st);
    st = fold(route, &x, ev, 7, "2026-09-29T15:30:00+08:00");
    assert_int_equal(st->steps[6].state, DR_STEP_DONE);
    assert_string_equal(st->steps[6].done_by, "p-zhou");
    assert_true(st->finished);
    dr_route_state_free(st);
    /* not major: the overseer decides alone */
    x.d.major = false;
    st = fold(route, &x, ev, 6, "2026-09-29T14:30:00+08:00");
    assert_int_equal(st->steps[6].state, DR_STEP_DONE);
    assert_true(st->finished);
    dr_route_state_free(st);
}

/* An objection holds the countersign step until a coordination note settles it; the
 * note's countersign past due lapses (未会签). */
static void test_fold__objections_and_coordination(void **state)
{
    doc x;
    (void)state;
    notice(&x);
    x.d.ninvolves = 1; /* water only */
    dr_fevent ev[] = {
        EV(1, "submit", "p-chen", "2026-09-29T09:00:00+08:00"),
        request_of(2, "water", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        reply_of(3, "p-he", "water", "object", "2026-09-29T10:00:00+08:00"),
        request_of(4, "water", "2026-10-12", "2026-09-30T09:00:00+08:00"),
        reply_of(5, "p-he", "water", "agree", "2026-09-30T10:00:00+08:00"),
    };
    ev[3].note = "note.md";
    dr_route_state *st = fold("gov-outgoing", &x, ev, 3, "2026-09-29T11:00:00+08:00");
    assert_int_equal(st->steps[0].state, DR_STEP_OPEN);
    assert_int_equal(st->blocked, DR_BLOCK_OBJECTION);
    assert_string_equal(st->blocked_rule, "R59-OBJECTION-RATIONALE");
    dr_route_state_free(st);
    /* the note asked: still held while it is open */
    st = fold("gov-outgoing", &x, ev, 4, "2026-09-30T09:30:00+08:00");
    assert_int_equal(st->steps[0].nrequests, 2);
    assert_true(st->steps[0].requests[1].coordination);
    assert_int_equal(st->steps[0].state, DR_STEP_OPEN);
    dr_route_state_free(st);
    /* answered: settled */
    st = fold("gov-outgoing", &x, ev, 5, "2026-09-30T10:30:00+08:00");
    assert_int_equal(st->steps[0].state, DR_STEP_DONE);
    assert_false(st->unagreed);
    dr_route_state_free(st);
    /* unanswered past its due date: lapsed, the step goes on, 未会签 */
    st = fold("gov-outgoing", &x, ev, 4, "2026-10-13T09:00:00+08:00");
    assert_int_equal(st->steps[0].requests[1].state, DR_REQ_LAPSED);
    assert_int_equal(st->steps[0].state, DR_STEP_DONE);
    assert_true(st->unagreed);
    dr_route_state_free(st);
    /* a request after the step was done reopens it (加签) */
    dr_fevent more[] = {
        EV(1, "submit", "p-chen", "2026-09-29T09:00:00+08:00"),
        request_of(2, "water", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        reply_of(3, "p-he", "water", "agree", "2026-09-29T10:00:00+08:00"),
        request_of(4, "housing", "2026-10-12", "2026-09-30T09:00:00+08:00"),
        reply_of(5, "p-he", "finance", "agree", "2026-09-30T10:00:00+08:00"), /* never asked */
        request_of(6, NULL, "2026-10-12", "2026-09-30T09:00:00+08:00"),       /* asks nobody */
    };
    st = fold("gov-outgoing", &x, more, 6, "2026-09-30T11:00:00+08:00");
    assert_int_equal(st->steps[0].nrequests, 2);
    assert_int_equal(st->steps[0].requests[1].state, DR_REQ_OPEN);
    assert_int_equal(st->steps[0].state, DR_STEP_OPEN);
    dr_route_state_free(st);
}

/* On a route where silence is not consent, a late reply counts (marked late) and an
 * unanswered request stays open. */
static void test_fold__silence_is_not_consent(void **state)
{
    doc x;
    (void)state;
    joint_request(&x);
    x.d.nissuers = 1;
    x.involves[0].unit = "development";
    x.d.ninvolves = 1;
    dr_fevent ev[] = {
        EV(1, "submit", "p-lv", "2026-09-29T09:00:00+08:00"),
        request_of(2, "development", "2026-10-09", "2026-09-29T09:00:00+08:00"),
        reply_of(3, "p-song", "development", "agree", "2026-10-12T09:00:00+08:00"),
    };
    dr_route_state *st = fold("upward-request", &x, ev, 2, "2026-10-20T09:00:00+08:00");
    assert_int_equal(st->steps[0].requests[0].state, DR_REQ_OPEN);
    assert_int_equal(st->steps[0].state, DR_STEP_OPEN);
    dr_route_state_free(st);
    st = fold("upward-request", &x, ev, 3, "2026-10-20T09:00:00+08:00");
    assert_int_equal(st->steps[0].requests[0].state, DR_REQ_ANSWERED);
    assert_true(st->steps[0].requests[0].late);
    assert_int_equal(st->steps[0].state, DR_STEP_DONE);
    dr_route_state_free(st);
}

/* A calendar replaced after due dates were counted: the open ones are counted again. */
static void test_fold__reprojections(void **state)
{
    doc x;
    dr_ctx ctx;
    (void)state;
    notice(&x);
    x.d.ninvolves = 1;
    dr_fevent ev[] = {
        EV(1, "submit", "p-chen", "2026-09-29T09:00:00+08:00"),
        request_of(2, "water", "2026-10-05", "2026-09-29T09:00:00+08:00"), /* counted on another calendar */
        reply_of(3, "p-he", "water", "agree", "2026-09-29T10:00:00+08:00"),
        EV(4, "sign", "p-feng", "2026-09-29T11:00:00+08:00"),
        EV(5, "open", "system", "2026-09-29T11:00:00+08:00"),
    };
    ev[3].step = "drafter-sign";
    ev[4].step = "office-review";
    ev[4].due_date = "2026-10-01";
    dr_route_state *st = fold("gov-outgoing", &x, ev, 2, "2026-09-29T09:30:00+08:00");
    dr_reprojection *rp = NULL;
    size_t n = 0;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_route_reprojections(&rp, &n, &ctx, cfg, cal, st, &x.d), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rp[0].step, "countersign");
    assert_string_equal(rp[0].unit, "water");
    assert_int_equal(rp[0].was, D("2026-10-05"));
    assert_int_equal(rp[0].due, D("2026-10-09")); /* 3 working days across National Day */
    assert_false(rp[0].provisional);
    free(rp);
    dr_route_state_free(st);

    /* the office review's period (the config gives review steps none: nothing to count) */
    st = fold("gov-outgoing", &x, ev, 5, "2026-09-29T12:00:00+08:00");
    assert_int_equal(st->steps[4].state, DR_STEP_OPEN);
    assert_int_equal(st->steps[4].due, D("2026-10-01"));
    assert_int_equal(dr_route_reprojections(&rp, &n, &ctx, cfg, cal, st, &x.d), 0);
    assert_int_equal(n, 0);
    free(rp);
    /* a reproject event moves the step's date */
    dr_route_state_free(st);
    dr_fevent re[6];
    memcpy(re, ev, sizeof(ev));
    re[5] = EV(6, "reproject", "p-ye", "2026-09-29T12:00:00+08:00");
    re[5].step = "office-review";
    re[5].due_date = "2026-10-09";
    re[5].provisional = "true";
    st = fold("gov-outgoing", &x, re, 6, "2026-09-29T12:30:00+08:00");
    assert_int_equal(st->steps[4].due, D("2026-10-09"));
    assert_true(st->steps[4].due_provisional);
    dr_route_state_free(st);
    /* and a request's, while it is open */
    re[2] = EV(3, "reproject", "p-ye", "2026-09-29T10:00:00+08:00");
    re[2].step = "countersign";
    re[2].unit = "water";
    re[2].due_date = "2026-10-09";
    st = fold("gov-outgoing", &x, re, 3, "2026-09-29T12:30:00+08:00");
    assert_int_equal(st->steps[0].requests[0].due, D("2026-10-09"));
    assert_int_equal(dr_route_reprojections(&rp, &n, &ctx, cfg, cal, st, &x.d), 0);
    assert_int_equal(n, 0); /* now as the calendar counts it */
    free(rp);
    dr_route_state_free(st);

    /* counted into a year without a calendar: the year is named, nothing handed out */
    re[1] = request_of(2, "water", "2027-01-04", "2026-12-30T09:00:00+08:00");
    st = fold("gov-outgoing", &x, re, 2, "2026-12-30T10:00:00+08:00");
    rp = (dr_reprojection *)&n; /* must be reset */
    assert_int_equal(dr_route_reprojections(&rp, &n, &ctx, cfg, cal, st, &x.d), DR_ECONFIG);
    assert_null(rp);
    assert_int_equal(n, 0);
    assert_non_null(strstr(ctx.msg, "2027"));
    dr_route_state_free(st);
}

/* The due date of a step with a meeting: filed N working days before it (R54), issued
 * within N working days after an approving executive meeting (R57). */
static void test_fold__due_dates_bounded_by_the_meeting(void **state)
{
    doc x;
    dr_ctx ctx;
    dr_date due;
    bool prov = true;
    (void)state;
    joint_request(&x);
    x.d.nissuers = 1;
    const dr_route *r = dr_config_route(cfg, "upward-request");
    const dr_step *file = &r->steps[5], *reg = &r->steps[2];
    assert_string_equal(file->id, "file-committee");
    assert_string_equal(reg->id, "register");
    dr_ctx_init(&ctx);
    /* no meeting: no period, no date */
    assert_int_equal(dr_route_due(&ctx, cfg, cal, r, file, &x.d, NULL, D("2026-09-01"), &due, &prov), 0);
    assert_int_equal(due, DR_DATE_NONE);
    assert_false(prov);
    x.d.meeting_kind = "topic";
    x.d.meeting_date = "2026-10-20";
    assert_int_equal(dr_route_due(&ctx, cfg, cal, r, file, &x.d, NULL, D("2026-09-01"), &due, &prov), 0);
    assert_int_equal(due, D("2026-10-15")); /* 3 working days before Tuesday 10-20 */
    /* an approving executive meeting bounds the register step: 5 working days after */
    x.d.meeting_kind = "executive";
    x.d.meeting_decision = "approved";
    assert_int_equal(dr_route_due(&ctx, cfg, cal, r, reg, &x.d, NULL, D("2026-10-21"), &due, &prov), 0);
    assert_int_equal(due, D("2026-10-27"));
    x.d.type = "minutes";
    assert_int_equal(dr_route_due(&ctx, cfg, cal, r, reg, &x.d, NULL, D("2026-10-21"), &due, &prov), 0);
    assert_int_equal(due, DR_DATE_NONE);
    /* the meeting in a year without a calendar */
    x.d.type = "request";
    x.d.meeting_date = "2028-03-01";
    assert_int_equal(dr_route_due(&ctx, cfg, cal, r, reg, &x.d, NULL, D("2026-10-21"), &due, &prov), DR_ECONFIG);
    x.d.meeting_decision = NULL;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_route_due(&ctx, cfg, cal, r, file, &x.d, NULL, D("2026-10-21"), &due, &prov), DR_ECONFIG);
    assert_non_null(strstr(ctx.msg, "2028"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold__an_unknown_step_is_refused),
        cmocka_unit_test(test_fold__late_replies_and_deemed_consent),
        cmocka_unit_test(test_fold__extensions),
        cmocka_unit_test(test_fold__withdraw_close_and_return),
        cmocka_unit_test(test_fold__classify_and_override),
        cmocka_unit_test(test_fold__flags),
        cmocka_unit_test(test_fold__joint_issuers_and_escalation),
        cmocka_unit_test(test_fold__objections_and_coordination),
        cmocka_unit_test(test_fold__silence_is_not_consent),
        cmocka_unit_test(test_fold__reprojections),
        cmocka_unit_test(test_fold__due_dates_bounded_by_the_meeting),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
