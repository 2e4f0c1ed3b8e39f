/* The config and calendar of a snapshot (snapconfig.c) on repositories made for the
 * purpose: none at all, a broken year file, a broken config, a config of another day by
 * its blob id, and the document folders the walk finds (and the ones it passes by). */
#include "history.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[256];
static int nrepo;

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-snapconfig-XXXXXX");
    return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* A bare repository whose genesis holds the files; its tip. */
static dr_store *repo(const dr_file *f, size_t n, dr_snapshot **tip)
{
    char path[400], commit[41];
    dr_ctx ctx;
    dr_store *st = NULL;
    dr_identity id = {"genesis", "config-admin@zhangdian", T("2026-09-01T09:00:00+08:00")};
    snprintf(path, sizeof(path), "%s/r%d.git", tmp, nrepo++);
    dr_ctx_init(&ctx);
    if (dr_store_init(&ctx, path, true, f, n, &id, true, commit) || dr_store_open(&st, &ctx, path, 0) ||
        dr_store_tip(tip, &ctx, st))
        fail_msg("repo: %s", ctx.msg);
    return st;
}

/* Appends each id and a space to a dr_buf. */
static int count_doc(void *ud, const char *id)
{
    return dr_buf_printf(ud, "%s ", id);
}

static int stop_at_first(void *ud, const char *id)
{
    (void)ud;
    (void)id;
    return 42;
}

static void test_snapconfig__a_repository_without_them(void **state)
{
    dr_snapshot *s = NULL;
    const dr_config *cfg = NULL;
    const dr_calendar *cal = NULL;
    dr_ctx ctx;
    char blob[41];
    dr_buf seen;
    int next = 0;
    (void)state;
    dr_buf_init(&seen, 0);
    dr_file f[] = {{"README.md", "a record\n", 9}};
    dr_store *st = repo(f, 1, &s);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_config(s, &ctx, &cfg), DR_ECONFIG);
    assert_string_equal(ctx.file, ".docroute/config.yaml");
    assert_string_equal(ctx.msg, "the repository has no .docroute/config.yaml");
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_config_blob(s, &ctx, blob), DR_ECONFIG);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_calendar(s, &ctx, &cal), DR_ECONFIG);
    assert_string_equal(ctx.file, ".docroute/calendar");
    assert_string_equal(ctx.msg, "the repository has no working-day calendar");
    /* no docs/: no documents, the first serial */
    assert_int_equal(dr_snapshot_each_doc(s, &ctx, count_doc, &seen), 0);
    assert_int_equal(seen.len, 0);
    dr_buf_dispose(&seen);
    assert_int_equal(dr_snapshot_next_serial(s, &ctx, 2026, "yjj", &next), 0);
    assert_int_equal(next, 1);
    dr_snapshot_free(s);
    dr_store_free(st);
}

static void test_snapconfig__a_broken_year_file(void **state)
{
    dr_file f[90];
    dr_buf b[90];
    dr_snapshot *s = NULL;
    const dr_calendar *cal = NULL;
    dr_ctx ctx;
    (void)state;
    size_t n = hist_config_files(f, b, 80, NULL, NULL);
    /* files that are not year files are passed by; a broken one is refused with its place */
    f[n++] = (dr_file){".docroute/calendar/README.txt", "not yaml", 8};
    f[n++] = (dr_file){".docroute/calendar/.yaml", "x: [", 4};
    dr_store *st = repo(f, n, &s);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_calendar(s, &ctx, &cal), 0);
    assert_true(dr_calendar_has_year(cal, 2026));
    const dr_calendar *again = NULL;
    assert_int_equal(dr_snapshot_calendar(s, &ctx, &again), 0);
    assert_ptr_equal(again, cal); /* loaded once */
    dr_snapshot_free(s);
    dr_store_free(st);

    f[n++] = (dr_file){".docroute/calendar/2027.yaml", "year: 2027\nnotice: n\nholidays: {a: b}\n", 38};
    st = repo(f, n, &s);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_calendar(s, &ctx, &cal), DR_ECONFIG);
    assert_int_equal(ctx.code, DR_ECONFIG);
    assert_string_equal(ctx.file, ".docroute/calendar/2027.yaml");
    assert_int_equal(ctx.line, 3);
    assert_non_null(strstr(ctx.msg, "'holidays' must be a list of ranges"));
    dr_snapshot_free(s);
    dr_store_free(st);
    hist_files_free(f, b, n - 3);
}

static void test_snapconfig__a_broken_config(void **state)
{
    dr_file f[90];
    dr_buf b[90];
    dr_snapshot *s = NULL;
    const dr_config *cfg = NULL;
    dr_ctx ctx;
    (void)state;
    size_t n = hist_config_files(f, b, 80, "organization: {", "organization: [");
    dr_store *st = repo(f, n, &s);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_config(s, &ctx, &cfg), DR_ECONFIG);
    assert_string_equal(ctx.file, ".docroute/config.yaml");
    assert_true(ctx.line > 1);
    dr_snapshot_free(s);
    dr_store_free(st);
    hist_files_free(f, b, n);

    /* a key file the config names and the record lacks */
    n = hist_config_files(f, b, 80, "file: keys/p-chen-1.pem", "file: keys/p-chen-9.pem");
    st = repo(f, n, &s);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_config(s, &ctx, &cfg), DR_ECONFIG);
    assert_non_null(strstr(ctx.msg, "p-chen-9.pem"));
    dr_snapshot_free(s);
    dr_store_free(st);
    hist_files_free(f, b, n);
}

static void test_snapconfig__a_config_of_another_day(void **state)
{
    dr_file f[90];
    dr_buf b[90];
    dr_snapshot *s = NULL;
    const dr_config *cur = NULL, *old = NULL, *again = NULL;
    dr_ctx ctx;
    char blob[41], oldblob[41];
    git_oid oid;
    (void)state;
    size_t n = hist_config_files(f, b, 80, NULL, NULL);
    /* the same config under another name, for an older organization name */
    dr_buf o;
    dr_buf_init(&o, 0);
    const char *name = "name: 淄博市张店区人民政府, utc-offset";
    const char *at = strstr(f[0].data, name);
    assert_non_null(at);
    dr_buf_put(&o, f[0].data, (size_t)(at - f[0].data));
    dr_buf_puts(&o, "name: 张店区人民政府（旧）, utc-offset");
    dr_buf_puts(&o, at + strlen(name));
    f[n++] = (dr_file){"notes/config-2025.yaml", o.ptr, o.len};
    assert_int_equal(git_odb_hash(&oid, o.ptr, o.len, GIT_OBJECT_BLOB), 0);
    git_oid_tostr(oldblob, sizeof(oldblob), &oid);
    dr_store *st = repo(f, n, &s);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_config(s, &ctx, &cur), 0);
    assert_int_equal(dr_snapshot_config_blob(s, &ctx, blob), 0);
    assert_int_equal(dr_snapshot_config_at(s, &ctx, blob, &again), 0);
    assert_ptr_equal(again, cur);
    assert_int_equal(dr_snapshot_config_at(s, &ctx, oldblob, &old), 0);
    assert_ptr_not_equal(old, cur);
    assert_string_equal(old->org_name, "张店区人民政府（旧）");
    assert_int_equal(dr_snapshot_config_at(s, &ctx, oldblob, &again), 0);
    assert_ptr_equal(again, old); /* read once */
    /* what is not a blob id, or no blob of the record */
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_config_at(s, &ctx, "xyz", &again), DR_EINVALID);
    assert_string_equal(ctx.msg, "'xyz' is not a blob id");
    assert_int_equal(dr_snapshot_config_at(s, &ctx, "gggggggggggggggggggggggggggggggggggggggg", &again), DR_EINVALID);
    dr_ctx_init(&ctx);
    assert_int_not_equal(dr_snapshot_config_at(s, &ctx, "0123456789012345678901234567890123456789", &again), 0);
    assert_true(ctx.msg[0] != '\0');
    /* and after a failed read the good ones are still there */
    assert_int_equal(dr_snapshot_config_at(s, &ctx, oldblob, &again), 0);
    assert_ptr_equal(again, old);
    dr_snapshot_free(s);
    dr_store_free(st);
    dr_buf_dispose(&o);
    hist_files_free(f, b, n - 1);
}

static void test_snapconfig__document_folders(void **state)
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    dr_buf seen;
    int next = 0;
    (void)state;
    dr_buf_init(&seen, 0);
    dr_file f[] = {
        {"docs/README.md", "x", 1},
        {"docs/2026/yjj/notes/a.txt", "x", 1},
        {"docs/2026/yjj/2026-yjj-0007/envelope.xml", "x", 1},
        {"docs/2026/yjj/2026-yjj-0002/envelope.xml", "x", 1},
        {"docs/2026/yjj/2026-yjj-0003.txt", "x", 1},
        {"docs/2026/zzf/2026-zzf-0001/envelope.xml", "x", 1},
        {"docs/2026/czj/2026-czj-999999/envelope.xml", "x", 1},
    };
    dr_store *st = repo(f, sizeof(f) / sizeof(f[0]), &s);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_each_doc(s, &ctx, count_doc, &seen), 0);
    assert_string_equal(seen.ptr, "2026-czj-999999 2026-yjj-0002 2026-yjj-0007 2026-zzf-0001 ");
    dr_buf_dispose(&seen);
    assert_int_equal(dr_snapshot_each_doc(s, &ctx, stop_at_first, NULL), 42);
    assert_int_equal(dr_snapshot_next_serial(s, &ctx, 2026, "yjj", &next), 0);
    assert_int_equal(next, 8);
    assert_int_equal(dr_snapshot_next_serial(s, &ctx, 2025, "yjj", &next), 0);
    assert_int_equal(next, 1);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_snapshot_next_serial(s, &ctx, 2026, "czj", &next), DR_EINVALID);
    assert_string_equal(ctx.msg, "no serial left for czj in 2026");
    dr_snapshot_free(s);
    dr_store_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snapconfig__a_repository_without_them),
        cmocka_unit_test(test_snapconfig__a_broken_year_file),
        cmocka_unit_test(test_snapconfig__a_broken_config),
        cmocka_unit_test(test_snapconfig__a_config_of_another_day),
        cmocka_unit_test(test_snapconfig__document_folders),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
