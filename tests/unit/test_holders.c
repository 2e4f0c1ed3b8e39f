/* Who holds a selector (holders.c): the chair and the commissioner of a meeting,
 * overseers of the drafter and of an issuer, ROLE@issuer over joint issuers, substitutes
 * in an absence, a person's countersign and the holders as one line; and the names a
 * document's files may have (dr_envelope_href_ok). */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static dr_config *cfg;

static int setup(void **state)
{
    (void)state;
    cfg = example_config();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    dr_config_free(cfg);
    return 0;
}

typedef struct {
    dr_document d;
    dr_doc_unit issuers[3];
} doc;

static void mkdoc(doc *x, const char *drafter, const char *issuer1, const char *issuer2)
{
    memset(x, 0, sizeof(*x));
    x->d.type = "minutes";
    x->d.drafter = drafter;
    x->issuers[0].unit = issuer1;
    x->issuers[1].unit = issuer2;
    x->d.issuers = x->issuers;
    x->d.nissuers = issuer2 ? 2 : issuer1 ? 1 : 0;
}

/* The holders of the step's selector as one line. */
static const char *holders(const char *route, const char *step, const doc *x, const char *unit,
                           const char *issuer, const char *on)
{
    static char line[400];
    const dr_route *r = dr_config_route(cfg, route);
    const dr_selector *sel = NULL;
    for (size_t i = 0; r && i < r->nsteps; i++)
        if (!strcmp(r->steps[i].id, step))
            sel = &r->steps[i].by;
    if (!sel)
        fail_msg("no step %s in %s", step, route);
    dr_holder *h = NULL;
    size_t n = 0;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_route_holders(&h, &n, &ctx, cfg, sel, &x->d, unit, issuer, D(on)), 0);
    dr_holders_text(h, n, line, sizeof(line));
    free(h);
    return line;
}

static void test_holders__meeting_roles(void **state)
{
    doc x;
    (void)state;
    mkdoc(&x, "district-office", "district-gov", NULL);
    /* the chair signs a topic meeting's minutes; the commissioner approves */
    assert_string_equal(holders("minutes-topic", "issue-sign", &x, NULL, NULL, "2026-09-01"),
                        "nobody (check the config)");
    x.d.meeting_chair = "p-nobody";
    assert_string_equal(holders("minutes-topic", "issue-sign", &x, NULL, NULL, "2026-09-01"),
                        "nobody (check the config)");
    x.d.meeting_chair = "p-liu";
    assert_string_equal(holders("minutes-topic", "issue-sign", &x, NULL, NULL, "2026-09-01"), "p-liu");
    /* in an absence of p-zhang's: his substitute with him (2026-09-28 to 09-30) */
    x.d.meeting_chair = "p-zhang";
    assert_string_equal(holders("minutes-topic", "issue-sign", &x, NULL, NULL, "2026-09-29"),
                        "p-zhang, p-liu (" DR_W_ACTING_FOR " p-zhang)");
    assert_string_equal(holders("minutes-topic", "issue-sign", &x, NULL, NULL, "2026-10-01"), "p-zhang");
    assert_string_equal(holders("minutes-topic", "commissioner-approval", &x, NULL, NULL, "2026-09-01"),
                        "nobody (check the config)");
    x.d.meeting_commissioned_by = "p-ghost";
    assert_string_equal(holders("minutes-topic", "commissioner-approval", &x, NULL, NULL, "2026-09-01"),
                        "nobody (check the config)");
    x.d.meeting_commissioned_by = "p-zhao";
    assert_string_equal(holders("minutes-topic", "commissioner-approval", &x, NULL, NULL, "2026-09-01"), "p-zhao");
}

static void test_holders__overseers_and_issuers(void **state)
{
    doc x;
    (void)state;
    /* overseer(issuer): the named issuer's, else the first issuer's */
    mkdoc(&x, "finance", "finance", "water");
    assert_string_equal(holders("upward-request", "decide", &x, NULL, NULL, "2026-09-01"), "p-wang");
    assert_string_equal(holders("upward-request", "decide", &x, NULL, "water", "2026-09-01"), "p-zhang");
    /* an issuer without an overseer, or none at all */
    mkdoc(&x, "finance", "district-gov", NULL);
    assert_string_equal(holders("upward-request", "decide", &x, NULL, NULL, "2026-09-01"), "nobody (check the config)");
    mkdoc(&x, "finance", NULL, NULL);
    assert_string_equal(holders("upward-request", "decide", &x, NULL, NULL, "2026-09-01"), "nobody (check the config)");
    /* ROLE@issuer over joint issuers: every issuer's head, or the one named */
    mkdoc(&x, "finance", "finance", "water");
    assert_string_equal(holders("upward-request", "principal-sign", &x, NULL, NULL, "2026-09-01"), "p-he, p-xu");
    assert_string_equal(holders("upward-request", "principal-sign", &x, NULL, "finance", "2026-09-01"), "p-xu");
    /* {any-of: [mayor, overseer(drafter)]}: one each, the mayor's substitute in his absence */
    mkdoc(&x, "water", "district-office", NULL);
    assert_string_equal(holders("office-outgoing", "issue-sign", &x, NULL, NULL, "2026-09-01"), "p-zhou, p-zhang");
    assert_string_equal(holders("office-outgoing", "issue-sign", &x, NULL, NULL, "2026-10-13"),
                        "p-zhou, p-zhang, p-wang (" DR_W_ACTING_FOR " p-zhou)");
    /* a drafter without an overseer */
    mkdoc(&x, "district-office", "district-office", NULL);
    assert_string_equal(holders("office-outgoing", "issue-sign", &x, NULL, NULL, "2026-09-01"), "p-zhou");
    /* ROLE@requested without the unit: nobody */
    const dr_route *r = dr_config_route(cfg, "gov-outgoing");
    dr_holder *h = NULL;
    size_t n = 0;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_route_holders(&h, &n, &ctx, cfg, &r->cs_by, &x.d, NULL, NULL, D("2026-09-01")), 0);
    assert_int_equal(n, 0);
    free(h);
    assert_int_equal(dr_route_holders(&h, &n, &ctx, cfg, &r->cs_by, &x.d, "emergency", NULL, D("2026-10-20")), 0);
    char line[200];
    assert_string_equal(dr_holders_text(h, n, line, sizeof(line)), "p-feng, p-jiang (" DR_W_ACTING_FOR " p-feng)");
    /* cut to the buffer: whole names only */
    assert_string_equal(dr_holders_text(h, n, line, 12), "p-feng");
    free(h);
}

/* A person asked to countersign (a people: step): that person, and the substitute in an
 * absence; a person the config no longer knows holds nothing. */
static void test_holders__a_persons_request(void **state)
{
    doc x;
    dr_holder *h = NULL;
    size_t n = 0;
    dr_ctx ctx;
    char line[200];
    (void)state;
    mkdoc(&x, "emergency", "district-gov", NULL);
    const dr_route *r = dr_config_route(cfg, "gov-outgoing");
    dr_request rq = {.unit = "p-zhou", .person = true, .state = DR_REQ_OPEN};
    dr_ctx_init(&ctx);
    assert_int_equal(dr_route_request_holders(&h, &n, &ctx, cfg, r, &rq, &x.d, D("2026-10-12")), 0);
    assert_string_equal(dr_holders_text(h, n, line, sizeof(line)), "p-zhou, p-wang (" DR_W_ACTING_FOR " p-zhou)");
    free(h);
    h = NULL;
    n = 0;
    assert_int_equal(dr_route_request_holders(&h, &n, &ctx, cfg, r, &rq, &x.d, D("2026-10-20")), 0);
    assert_string_equal(dr_holders_text(h, n, line, sizeof(line)), "p-zhou");
    free(h);
    h = NULL;
    n = 0;
    rq.unit = "p-gone";
    assert_int_equal(dr_route_request_holders(&h, &n, &ctx, cfg, r, &rq, &x.d, D("2026-10-12")), 0);
    assert_int_equal(n, 0);
    free(h);
}

static void test_holders__file_names(void **state)
{
    (void)state;
    static const char *const good[] = {"body.md", "a", "A-1_b.pdf", "x.tar.gz", "0"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        if (!dr_envelope_href_ok(good[i]))
            fail_msg("'%s' refused", good[i]);
    char longest[102];
    memset(longest, 'a', 101);
    longest[101] = '\0';
    static const char *const bad[] = {NULL, "", "envelope.xml", ".hidden", "-x", "_x", "a b", "a/b",
                                      "a\\b", "\xe6\xad\xa3\xe6\x96\x87.md", "a:b", "a\n"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (dr_envelope_href_ok(bad[i]))
            fail_msg("case %zu: '%s' accepted", i, bad[i] ? bad[i] : "(null)");
    assert_false(dr_envelope_href_ok(longest));
    longest[100] = '\0';
    assert_true(dr_envelope_href_ok(longest));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_holders__meeting_roles),
        cmocka_unit_test(test_holders__overseers_and_issuers),
        cmocka_unit_test(test_holders__a_persons_request),
        cmocka_unit_test(test_holders__file_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
