/* Records an earlier docroute made verify as they were made, and no laxer: a return to a
 * step recorded before a return opened its step again (2026-12) stands; one that opens
 * only part of it does not. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[256];

static void record(hist *h, const char *doc, dr_act_input *in, const char *actor, const char *at)
{
    act a;
    dr_ctx ctx;
    char c[41];
    dr_ctx_init(&ctx);
    if (hist_act(h, &a, &ctx, doc, in, actor, at, NULL))
        fail_msg("%s by %s: %s %s", in->act, actor, ctx.rule, ctx.msg);
    act_record(h, &a, c);
    act_dispose(&a);
}

static void countersign(hist *h, const char *doc, const char *unit, const char *actor, const char *at)
{
    dr_act_input in;
    memset(&in, 0, sizeof(in));
    in.act = "countersign";
    in.unit = unit;
    in.position = "agree";
    in.opinion = "agreed";
    record(h, doc, &in, actor, at);
}

/* The findings of the return to countersign, recorded with keep of its events (0: all). */
static size_t return_findings(hist *h, const char *doc, size_t keep, char commit[41], bool rec)
{
    dr_act_input in;
    tamper t = {.keep = keep};
    act a;
    dr_ctx ctx;
    dr_findings f;
    memset(&in, 0, sizeof(in));
    in.act = "return";
    in.to_step = "countersign";
    in.reason = "请重新核实数据";
    dr_ctx_init(&ctx);
    if (hist_act(h, &a, &ctx, doc, &in, "p-feng", "2026-10-08T12:00:00+08:00", &t))
        fail_msg("return: %s %s", ctx.rule, ctx.msg);
    if (rec)
        act_record(h, &a, commit);
    else
        act_make(h, &a, commit);
    act_dispose(&a);
    hist_verify(h, commit, &f);
    size_t n = f.n;
    if (n && (keep == 0 || keep == 1))
        print_findings(&f);
    if (n && keep == 2)
        assert_non_null(strstr(f.v[0].message, "records 2 events where the rules give 3"));
    dr_findings_dispose(&f);
    return n;
}

static void test_verify_compat__a_return_that_opened_nothing_stands(void **state)
{
    hist h;
    char path[400], c[41];
    act a;
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-compat-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    snprintf(path, sizeof(path), "%s/r.git", tmp);
    hist_init(&h, path, NULL, NULL);
    hist_submit(&h, &a, "flood-notice", NULL, NULL, "p-chen", "2026-09-29T09:30:00+08:00", NULL);
    char doc[64];
    snprintf(doc, sizeof(doc), "%s", a.doc);
    act_record(&h, &a, c);
    act_dispose(&a);
    countersign(&h, doc, "water", "p-he", "2026-10-08T09:00:00+08:00");
    countersign(&h, doc, "housing", "p-tang", "2026-10-08T10:00:00+08:00");
    /* as docroute recorded it before: the return alone */
    assert_int_equal(return_findings(&h, doc, 1, c, false), 0);
    /* a return that asks one unit of two again is no record any docroute made */
    assert_int_not_equal(return_findings(&h, doc, 2, c, false), 0);
    /* as it is recorded now: the countersigns asked again, and answered */
    assert_int_equal(return_findings(&h, doc, 0, c, true), 0);
    countersign(&h, doc, "water", "p-he", "2026-10-08T13:00:00+08:00");
    hist_free(&h);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_compat__a_return_that_opened_nothing_stands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
