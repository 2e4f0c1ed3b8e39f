/* The derived cache (cache.c): a cache of the tip is used as it is, one of an earlier
 * commit is brought up to date from the diff, and a damaged one — any line of it — is
 * rebuilt from the record, never believed. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[256], cache[400];
static hist h;
static char notice[64], request[64], first_tip[41];

static int setup(void **state)
{
    char path[400], c[41];
    act a;
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-cache-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    snprintf(path, sizeof(path), "%s/record.git", tmp);
    hist_init(&h, path, NULL, NULL);
    hist_submit(&h, &a, "flood-notice", NULL, NULL, "p-chen", "2026-09-29T09:30:00+08:00", NULL);
    snprintf(notice, sizeof(notice), "%s", a.doc);
    act_record(&h, &a, c);
    act_dispose(&a);
    hist_tip(&h, first_tip);
    hist_submit(&h, &a, "budget-request", NULL, NULL, "p-lv", "2026-09-29T10:30:00+08:00", NULL);
    snprintf(request, sizeof(request), "%s", a.doc);
    act_record(&h, &a, c);
    act_dispose(&a);
    const char *gd = dr_store_gitdir(h.st);
    snprintf(cache, sizeof(cache), "%s%sdocroute/cache", gd, gd[strlen(gd) - 1] == '/' ? "" : "/");
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    hist_free(&h);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static int add_id(void *ud, const char *id)
{
    return dr_buf_printf(ud, "%s ", id);
}

/* The active documents at the tip, as one line. */
static void active(dr_buf *out)
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    out->len = 0;
    dr_buf_puts(out, "");
    assert_int_equal(dr_store_tip(&s, &ctx, h.st), 0);
    if (dr_store_active_docs(h.st, &ctx, s, add_id, out))
        fail_msg("active: %s", ctx.msg);
    dr_snapshot_free(s);
}

static int next_number(const char *prefix)
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    int n = 0;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_store_tip(&s, &ctx, h.st), 0);
    assert_int_equal(dr_store_next_number(h.st, &ctx, s, prefix, 2026, &n), 0);
    dr_snapshot_free(s);
    return n;
}

static void write_cache(const char *text)
{
    FILE *f = fopen(cache, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void read_cache(dr_buf *out)
{
    out->len = 0;
    read_source_file(cache, out);
}

static void test_cache__built_and_used(void **state)
{
    dr_buf want, got, file;
    char tip[41], line[200];
    (void)state;
    dr_buf_init(&want, 0);
    dr_buf_init(&got, 0);
    dr_buf_init(&file, 0);
    unlink(cache);
    active(&want);
    dr_buf_printf(&got, "%s %s ", strcmp(notice, request) < 0 ? notice : request,
                  strcmp(notice, request) < 0 ? request : notice);
    assert_string_equal(want.ptr, got.ptr);
    /* written for the tip */
    hist_tip(&h, tip);
    read_cache(&file);
    snprintf(line, sizeof(line), "docroute-cache 1\ncommit %s\n", tip);
    assert_memory_equal(file.ptr, line, strlen(line));
    assert_non_null(strstr(file.ptr, "active "));
    /* a cache of the tip is believed as it is: a number noted there is the next one's base */
    snprintf(line, sizeof(line), "docroute-cache 1\ncommit %s\nactive %s\nnumber 张财 2026 41\n", tip, notice);
    write_cache(line);
    assert_int_equal(next_number("张财"), 42);
    assert_int_equal(next_number("张政发"), 1);
    active(&got);
    char only[80];
    snprintf(only, sizeof(only), "%s ", notice);
    assert_string_equal(got.ptr, only);
    dr_buf_dispose(&want);
    dr_buf_dispose(&got);
    dr_buf_dispose(&file);
}

/* A cache of the first commit: brought up to date with what changed since. */
static void test_cache__brought_up_to_date(void **state)
{
    dr_buf got, file;
    char line[200], tip[41];
    (void)state;
    dr_buf_init(&got, 0);
    dr_buf_init(&file, 0);
    snprintf(line, sizeof(line), "docroute-cache 1\ncommit %s\nactive %s\n", first_tip, notice);
    write_cache(line);
    active(&got);
    assert_non_null(strstr(got.ptr, notice));
    assert_non_null(strstr(got.ptr, request));
    hist_tip(&h, tip);
    read_cache(&file);
    assert_non_null(strstr(file.ptr, tip));
    dr_buf_dispose(&got);
    dr_buf_dispose(&file);
}

/* Every damage the reader refuses: the cache is rebuilt, and answers as the record does. */
static void test_cache__damaged_is_rebuilt(void **state)
{
    dr_buf want, got, file;
    char tip[41], ok[200];
    (void)state;
    dr_buf_init(&want, 0);
    dr_buf_init(&got, 0);
    dr_buf_init(&file, 0);
    unlink(cache);
    active(&want);
    hist_tip(&h, tip);
    snprintf(ok, sizeof(ok), "docroute-cache 1\ncommit %s\n", tip);
    const char *const tails[] = {
        "active 2026-zzf-9999\nnumber 张财 2026 41",    /* the last line has no newline */
        "colour red\n",                                   /* an unknown line */
        "active not-an-id\n",                             /* not a document id */
        "number 张财 2026\n",                             /* a field short */
        "number 张财 2026 x\n",                           /* not a number */
        "number 张财 20x6 41\n",                          /* a year that is not one */
        "number 张财 2026 1234567890\n",                  /* ten digits */
        "number 2026 41\n",                               /* no prefix field */
        "number " "张财张财张财张财张财张财张财张财张财张财张财张财张财张财张财张财张财" " 2026 41\n", /* too long */
    };
    for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
        char text[400];
        snprintf(text, sizeof(text), "%s%s", ok, tails[i]);
        write_cache(text);
        active(&got);
        if (strcmp(got.ptr, want.ptr))
            fail_msg("case %zu: '%s', wanted '%s'", i, got.ptr, want.ptr);
        read_cache(&file);
        if (strstr(file.ptr, "张财") || strstr(file.ptr, "2026-zzf-9999") || strstr(file.ptr, "colour"))
            fail_msg("case %zu: the damaged cache was kept:\n%s", i, file.ptr);
    }
    static const char *const heads[] = {
        "",
        "docroute-cache 2\ncommit 0123456789012345678901234567890123456789\n",
        "docroute-cache 1\n",
        "docroute-cache 1\ncommit 12345\n",
        "docroute-cache 1\nparent 0123456789012345678901234567890123456789\n",
        /* a commit the record does not have */
        "docroute-cache 1\ncommit 0123456789012345678901234567890123456789\nactive 2026-zzf-9999\n",
    };
    for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
        write_cache(heads[i]);
        active(&got);
        if (strcmp(got.ptr, want.ptr))
            fail_msg("head %zu: '%s', wanted '%s'", i, got.ptr, want.ptr);
        read_cache(&file);
        assert_non_null(strstr(file.ptr, tip));
    }
    assert_int_equal(next_number("张财"), 1);
    dr_buf_dispose(&want);
    dr_buf_dispose(&got);
    dr_buf_dispose(&file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cache__built_and_used),
        cmocka_unit_test(test_cache__brought_up_to_date),
        cmocka_unit_test(test_cache__damaged_is_rebuilt),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
