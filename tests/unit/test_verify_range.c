/* dr_verify_range: a history verified on two threads says what dr_verify_commit says of
 * each commit in turn — the same findings in the same order, register numbers checked
 * in the history's order. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-vrange-XXXXXX");
    return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[400];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static void record_in(hist *h, const char *id, const dr_act_input *in, const char *actor,
                      const char *at, const char *msg_from, const char *msg_to, char commit[41])
{
    act a;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    if (hist_act(h, &a, &ctx, id, in, actor, at, NULL))
        fail_msg("%s by %s: %s %s", in->act, actor, ctx.rule, ctx.msg);
    if (msg_from)
        act_msg_edit(&a, msg_from, msg_to);
    act_record(h, &a, commit);
    act_dispose(&a);
}

/* A notice routed to its register; tampered: its review's Actor trailer lies. */
static void notice(hist *h, bool tampered)
{
    act a;
    char c[41], id[64];
    dr_act_input in;
    hist_submit(h, &a, "flood-notice", NULL, NULL, "p-chen", "2026-09-29T09:30:00+08:00", NULL);
    snprintf(id, sizeof(id), "%s", a.doc);
    act_record(h, &a, c);
    act_dispose(&a);
    memset(&in, 0, sizeof(in));
    in.act = "countersign";
    in.unit = "water";
    in.position = "agree";
    in.opinion = "agreed";
    record_in(h, id, &in, "p-he", "2026-09-30T11:20:00+08:00", NULL, NULL, c);
    memset(&in, 0, sizeof(in));
    in.act = "deemed-consent";
    record_in(h, id, &in, "system", "2026-10-10T00:15:00+08:00", NULL, NULL, c);
    hist_do(h, id, "sign", "p-feng", "2026-10-12T09:10:00+08:00", "agreed", c);
    memset(&in, 0, sizeof(in));
    in.act = "review";
    in.opinion = "agreed";
    record_in(h, id, &in, "p-qian", "2026-10-12T10:30:00+08:00", tampered ? "Actor: p-qian" : NULL,
              "Actor: p-sun", c);
    hist_do(h, id, "review-sign", "p-sun", "2026-10-12T15:00:00+08:00", "agreed", c);
    hist_do(h, id, "issue-sign", "p-wang", "2026-10-13T09:00:00+08:00", "agreed", c);
    memset(&in, 0, sizeof(in));
    in.act = "register";
    record_in(h, id, &in, "p-zheng", "2026-10-13T10:00:00+08:00", NULL, NULL, c);
}

typedef struct {
    hist *h;
    dr_verify_opts *o;
    dr_findings f;
    size_t commits;
} walk;

static int verify_each(void *ud, const char *commit)
{
    walk *w = ud;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_verify_commit(&w->f, &ctx, w->h->st, commit, w->o), 0);
    w->commits++;
    return 0;
}

static void same(const dr_findings *a, const dr_findings *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(a->v[i].rule, b->v[i].rule);
        assert_string_equal(a->v[i].message, b->v[i].message);
        assert_string_equal(a->v[i].commit, b->v[i].commit);
        assert_string_equal(a->v[i].doc, b->v[i].doc);
        assert_int_equal(a->v[i].event, b->v[i].event);
    }
}

static void test_verify_range__two_threads_say_what_one_commit_after_another_says(void **state)
{
    hist h;
    char path[400], g[41];
    dr_ctx ctx;
    (void)state;
    snprintf(path, sizeof(path), "%s/range.git", tmp);
    hist_init(&h, path, NULL, NULL);
    for (int i = 0; i < 4; i++)
        notice(&h, i == 2);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_store_genesis(h.st, &ctx, g), 0);

    dr_number_seen *numbers = NULL;
    size_t nnumbers = 0;
    dr_verify_opts o = {.root = g, .numbers = &numbers, .nnumbers = &nnumbers};
    walk w = {&h, &o, {0}, 0};
    dr_findings_init(&w.f);
    assert_int_equal(dr_store_walk(h.st, &ctx, NULL, verify_each, &w), 0);
    assert_int_equal(w.commits, 33);
    assert_true(has_rule(&w.f, "ENV-ONE-ACT"));
    assert_int_equal(nnumbers, 1);
    assert_int_equal(numbers[0].last, 4);

    for (int threads = 1; threads <= 2; threads++) {
        dr_number_seen *nums = NULL;
        size_t nnums = 0;
        dr_verify_opts o2 = {.root = g, .numbers = &nums, .nnumbers = &nnums};
        dr_findings f;
        dr_verified *v = NULL;
        size_t n = 0, total = 0;
        dr_findings_init(&f);
        assert_int_equal(dr_verify_range(&f, &v, &n, &ctx, h.st, NULL, &o2, threads), 0);
        assert_int_equal(n, 33);
        same(&w.f, &f);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(v[i].rc, 0);
            assert_int_equal(v[i].first, total);
            total += v[i].count;
        }
        assert_int_equal(total, f.n);
        /* every register seen, in order: the numbers ran 1 to 4 */
        assert_int_equal(nnums, 1);
        assert_int_equal(nums[0].last, 4);
        dr_verified_free(v, n);
        dr_findings_dispose(&f);
        free(nums);
    }
    /* a range, as the hook checks a push */
    dr_findings f;
    dr_verified *v = NULL;
    size_t n = 0;
    dr_findings_init(&f);
    assert_int_equal(dr_verify_range(&f, &v, &n, &ctx, h.st, "main~3..main", NULL, 2), 0);
    assert_int_equal(n, 3);
    dr_verified_free(v, n);
    dr_findings_dispose(&f);
    dr_findings_dispose(&w.f);
    free(numbers);
    hist_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_range__two_threads_say_what_one_commit_after_another_says),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
