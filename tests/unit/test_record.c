/* The record's queries and derived data (store.c, snapconfig.c, cache.c, numbers.c) on a
 * real repository: snapshots of any commit, a document's history, ids and serials, the
 * 发文字号 ledger, and the derived cache — kept up to date, rebuilt when damaged or when
 * its commit left the branch. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OPEN DR_W_NUMBER_OPEN
#define CLOSE DR_W_NUMBER_CLOSE
#define SERIAL DR_W_NUMBER_SERIAL

static char tmp[256];
static hist h;
static char notice[64], request_id[64], report[64];
static char c_notice[41], c_request[41], c_withdrawn[41], c_registered[41], c_report[41];

static int setup(void **state)
{
    char path[400], c[41];
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-record-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    snprintf(path, sizeof(path), "%s/record.git", tmp);
    hist_init(&h, path, NULL, NULL);
    act a;
    hist_submit(&h, &a, "flood-notice", NULL, NULL, "p-chen", "2026-09-29T09:30:00+08:00", NULL);
    snprintf(notice, sizeof(notice), "%s", a.doc);
    act_record(&h, &a, c_notice);
    act_dispose(&a);
    hist_submit(&h, &a, "budget-request", NULL, NULL, "p-lv", "2026-09-29T10:15:00+08:00", NULL);
    snprintf(request_id, sizeof(request_id), "%s", a.doc);
    act_record(&h, &a, c_request);
    act_dispose(&a);
    dr_act_input in;
    dr_ctx ctx;
    memset(&in, 0, sizeof(in));
    in.act = "countersign";
    in.unit = "development";
    in.position = "agree";
    in.opinion = "agreed";
    dr_ctx_init(&ctx);
    assert_int_equal(hist_act(&h, &a, &ctx, request_id, &in, "p-song", "2026-10-12T14:00:00+08:00", NULL), 0);
    act_record(&h, &a, c);
    act_dispose(&a);
    hist_do(&h, request_id, "sign", "p-xu", "2026-10-12T15:00:00+08:00", "agreed", c);
    memset(&in, 0, sizeof(in));
    in.act = "register";
    assert_int_equal(hist_act(&h, &a, &ctx, request_id, &in, "p-lv", "2026-10-12T16:00:00+08:00", NULL), 0);
    act_record(&h, &a, c_registered);
    act_dispose(&a);
    hist_submit(&h, &a, "safety-report", NULL, NULL, "p-liang", "2026-10-13T09:00:00+08:00", NULL);
    snprintf(report, sizeof(report), "%s", a.doc);
    act_record(&h, &a, c_report);
    act_dispose(&a);
    memset(&in, 0, sizeof(in));
    in.act = "withdraw";
    in.reason = "drafted again";
    if (hist_act(&h, &a, &ctx, report, &in, "p-liang", "2026-10-13T10:00:00+08:00", NULL))
        fail_msg("withdraw: %s", ctx.msg);
    act_record(&h, &a, c_withdrawn);
    act_dispose(&a);
    return 0;
}

static int teardown(void **state)
{
    char cmd[400];
    (void)state;
    hist_free(&h);
    dr_envelope_global_cleanup();
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- numbers ---- */

static void test_record__numbers_parse_and_format(void **state)
{
    char prefix[96], out[200];
    int year, serial;
    (void)state;
    assert_int_equal(dr_number_format("X", 2026, 7, out, sizeof(out)), 0);
    assert_string_equal(out, "X" OPEN "2026" CLOSE "7" SERIAL);
    assert_int_equal(dr_number_parse(out, prefix, sizeof(prefix), &year, &serial), 0);
    assert_string_equal(prefix, "X");
    assert_int_equal(year, 2026);
    assert_int_equal(serial, 7);
    assert_int_equal(dr_number_format("X", 2026, 7, out, 5), DR_EINVALID);
    static const char *const bad[] = {
        OPEN "2026" CLOSE "7" SERIAL,            /* no prefix */
        "X" OPEN "26" CLOSE "7" SERIAL,          /* a short year */
        "X" OPEN "20x6" CLOSE "7" SERIAL,
        "X" OPEN "2026" CLOSE "07" SERIAL,       /* a leading zero */
        "X" OPEN "2026" CLOSE "7",               /* no serial mark */
        "X" OPEN "2026" CLOSE SERIAL,            /* no serial */
        "X" OPEN "2026" CLOSE "1234567" SERIAL,  /* over six digits */
        "X" OPEN "2026" CLOSE "7a" SERIAL,
        "X(2026)7",
        "X" OPEN "2026",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (dr_number_parse(bad[i], prefix, sizeof(prefix), &year, &serial) != DR_EINVALID)
            fail_msg("case %zu parsed", i);
    assert_int_equal(dr_number_parse(NULL, prefix, sizeof(prefix), &year, &serial), DR_EINVALID);
    /* a prefix longer than the caller's room */
    assert_int_equal(dr_number_parse("ABCDEFGH" OPEN "2026" CLOSE "1" SERIAL, prefix, 4, &year, &serial),
                     DR_EINVALID);
}

static void test_record__ledger_paths(void **state)
{
    char out[200];
    (void)state;
    assert_int_equal(dr_ledger_path("X", 2026, out, sizeof(out)), 0);
    assert_string_equal(out, DR_LEDGER_DIR "/2026/X.txt");
    static const char *const bad[] = {"", ".x", "a/b", "a\\b", "a b", "a\tb", "\xff\xfe"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(dr_ledger_path(bad[i], 2026, out, sizeof(out)), DR_EINVALID);
    assert_int_equal(dr_ledger_path(NULL, 2026, out, sizeof(out)), DR_EINVALID);
    char longp[80];
    memset(longp, 'a', 65);
    longp[65] = '\0';
    assert_int_equal(dr_ledger_path(longp, 2026, out, sizeof(out)), DR_EINVALID);
    assert_int_equal(dr_ledger_path("X", 1899, out, sizeof(out)), DR_EINVALID);
    assert_int_equal(dr_ledger_path("X", 10000, out, sizeof(out)), DR_EINVALID);
    assert_int_equal(dr_ledger_path("X", 2026, out, 10), DR_EINVALID);
}

static void test_record__ledgers_parse(void **state)
{
    dr_ctx ctx;
    int last = -1;
    (void)state;
    dr_ctx_init(&ctx);
    const char *good = "1 X" OPEN "2026" CLOSE "1" SERIAL " 2026-czj-0001\n"
                       "2 X" OPEN "2026" CLOSE "2" SERIAL " 2026-czj-0002\n";
    assert_int_equal(dr_ledger_parse(&ctx, "l", good, strlen(good), "X", 2026, &last), 0);
    assert_int_equal(last, 2);
    assert_int_equal(dr_ledger_parse(&ctx, "l", "", 0, "X", 2026, &last), 0);
    assert_int_equal(last, 0);
    static const struct {
        const char *text, *says;
        int line;
    } bad[] = {
        {"1 X" OPEN "2026" CLOSE "1" SERIAL " 2026-czj-0001", "no newline", 1},
        {"1 X" OPEN "2026" CLOSE "1" SERIAL " 2026-czj-0001\n3 X" OPEN "2026" CLOSE "3" SERIAL " 2026-czj-0002\n",
         "without gaps", 2},
        {"1 X" OPEN "2026" CLOSE "1" SERIAL " 2026-czj-0001\n1 X" OPEN "2026" CLOSE "1" SERIAL " 2026-czj-0002\n",
         "without gaps", 2},
        {"1 Y" OPEN "2026" CLOSE "1" SERIAL " 2026-czj-0001\n", "is not", 1},
        {"1 X" OPEN "2025" CLOSE "1" SERIAL " 2026-czj-0001\n", "is not", 1},
        {"1 X" OPEN "2026" CLOSE "1" SERIAL " nodoc\n", "SERIAL NUMBER DOCUMENT", 1},
        {"1 X" OPEN "2026" CLOSE "1" SERIAL "\n", "SERIAL NUMBER DOCUMENT", 1},
        {"1 X" OPEN "2026" CLOSE "1" SERIAL " 2026-czj-0001 extra\n", "SERIAL NUMBER DOCUMENT", 1},
        {"0 X" OPEN "2026" CLOSE "0" SERIAL " 2026-czj-0001\n", "SERIAL NUMBER DOCUMENT", 1},
        {" 1 X" OPEN "2026" CLOSE "1" SERIAL " 2026-czj-0001\n", "SERIAL NUMBER DOCUMENT", 1},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        dr_ctx_init(&ctx);
        int rc = dr_ledger_parse(&ctx, "l", bad[i].text, strlen(bad[i].text), "X", 2026, &last);
        if (rc != DR_EINVALID || !strstr(ctx.msg, bad[i].says) || ctx.line != bad[i].line)
            fail_msg("case %zu: rc %d, line %d: %s", i, rc, ctx.line, ctx.msg);
    }
    /* a line too long to be one */
    char longl[400];
    memset(longl, '1', sizeof(longl) - 2);
    longl[sizeof(longl) - 2] = '\n';
    longl[sizeof(longl) - 1] = '\0';
    dr_ctx_init(&ctx);
    assert_int_equal(dr_ledger_parse(&ctx, "l", longl, strlen(longl), "X", 2026, &last), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "too long"));
}

/* The next number comes from the ledger at the snapshot, after those the config says
 * were issued before adoption. */
static void test_record__numbers_from_the_record(void **state)
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    const dr_config *cfg;
    int last, next;
    bool ledger;
    (void)state;
    dr_ctx_init(&ctx);
    const char *prefix = NULL;
    assert_int_equal(dr_store_tip(&s, &ctx, h.st), 0);
    assert_int_equal(dr_snapshot_config(s, &ctx, &cfg), 0);
    prefix = dr_config_unit(cfg, "finance")->number_prefix;
    assert_int_equal(dr_numbers_last(s, &ctx, prefix, 2026, &last, &ledger), 0);
    assert_int_equal(last, 1);
    assert_true(ledger);
    assert_int_equal(dr_numbers_next(s, &ctx, cfg, prefix, 2026, &next), 0);
    assert_int_equal(next, 2);
    /* another year, another prefix: none yet */
    assert_int_equal(dr_numbers_last(s, &ctx, prefix, 2025, &last, &ledger), 0);
    assert_int_equal(last, 0);
    assert_false(ledger);
    assert_int_equal(dr_numbers_next(s, &ctx, cfg, dr_config_unit(cfg, "water")->number_prefix, 2026, &next), 0);
    assert_int_equal(next, 1);
    /* the derived cache agrees */
    assert_int_equal(dr_store_next_number(h.st, &ctx, s, prefix, 2026, &next), 0);
    assert_int_equal(next, 2);
    dr_snapshot_free(s);
    /* before the register: 1 */
    assert_int_equal(dr_store_snapshot(&s, &ctx, h.st, c_request), 0);
    assert_int_equal(dr_numbers_next(s, &ctx, cfg, prefix, 2026, &next), 0);
    assert_int_equal(next, 1);
    dr_snapshot_free(s);
    /* numbers issued before adoption */
    dr_config *before = NULL;
    char edit[300];
    snprintf(edit, sizeof(edit), "numbering: [{prefix: %s, year: 2026, issued-before: 40}]\nroutes:\n", prefix);
    assert_int_equal(example_config_edited(&before, &ctx, "routes:\n", edit), 0);
    assert_int_equal(dr_store_tip(&s, &ctx, h.st), 0);
    assert_int_equal(dr_numbers_next(s, &ctx, before, prefix, 2026, &next), 0);
    assert_int_equal(next, 41);
    dr_config_free(before);
    dr_snapshot_free(s);
}

/* ---- snapshots ---- */

typedef struct {
    char v[16][64];
    size_t n;
} idlist;

static int collect_id(void *ud, const char *id)
{
    idlist *l = ud;
    if (l->n < 16)
        snprintf(l->v[l->n++], sizeof(l->v[0]), "%s", id);
    return 0;
}

static int count_commit(void *ud, const char *commit)
{
    idlist *l = ud;
    if (l->n < 16)
        snprintf(l->v[l->n++], sizeof(l->v[0]), "%s", commit);
    return 0;
}

static int stop_at_first(void *ud, const char *id)
{
    (void)ud;
    (void)id;
    return 42;
}

static void test_record__snapshots(void **state)
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    dr_buf b;
    char tree[41];
    int serial;
    (void)state;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    /* a commit that is not one */
    assert_int_not_equal(dr_store_snapshot(&s, &ctx, h.st, "0123456789012345678901234567890123456789"), 0);
    assert_int_not_equal(dr_store_snapshot(&s, &ctx, h.st, "no-such-rev"), 0);
    assert_int_equal(dr_store_snapshot(&s, &ctx, h.st, c_request), 0);
    assert_string_equal(dr_snapshot_commit(s), c_request);
    assert_true(dr_snapshot_commit_time(s) > 0);
    assert_non_null(strstr(dr_snapshot_message(s), "Doc-Id: "));
    /* a folder is not a file */
    assert_int_equal(dr_snapshot_read(s, &ctx, "docs", &b), DR_EINVALID);
    assert_int_equal(dr_snapshot_read(s, &ctx, "docs/none/x", &b), DR_ENOTFOUND);
    assert_int_equal(dr_snapshot_tree_id(s, "docs/none", tree), 0);
    assert_string_equal(tree, "");
    assert_int_equal(dr_snapshot_tree_id(s, "docs", tree), 0);
    assert_int_equal(strlen(tree), 40);
    /* a file larger than the reader's limit */
    dr_buf tiny;
    dr_buf_init(&tiny, 16);
    assert_int_equal(dr_snapshot_read(s, &ctx, ".docroute/config.yaml", &tiny), DR_EINVALID);
    dr_buf_dispose(&tiny);
    /* the ids, in path order, and the next serial of each code */
    idlist l = {0};
    assert_int_equal(dr_snapshot_each_doc(s, &ctx, collect_id, &l), 0);
    assert_int_equal(l.n, 2);
    assert_true(strcmp(l.v[0], l.v[1]) < 0);
    assert_int_equal(dr_snapshot_each_doc(s, &ctx, stop_at_first, NULL), 42);
    assert_int_equal(dr_snapshot_next_serial(s, &ctx, 2026, "yjj", &serial), 0);
    assert_int_equal(serial, 2);
    assert_int_equal(dr_snapshot_next_serial(s, &ctx, 2027, "yjj", &serial), 0);
    assert_int_equal(serial, 1);
    /* still in progress */
    bool active = false;
    assert_int_equal(dr_snapshot_doc_active(s, &ctx, request_id, &active), 0);
    assert_true(active);
    /* no such document: not active */
    active = true;
    assert_int_equal(dr_snapshot_doc_active(s, &ctx, "2026-czj-0099", &active), 0);
    assert_false(active);
    dr_snapshot_free(s);
    assert_int_equal(dr_store_snapshot(&s, &ctx, h.st, c_withdrawn), 0);
    assert_int_equal(dr_snapshot_doc_active(s, &ctx, report, &active), 0);
    assert_false(active);
    assert_int_equal(dr_snapshot_doc_active(s, &ctx, request_id, &active), 0);
    assert_true(active);
    dr_snapshot_free(s);
    dr_buf_dispose(&b);
}

static void test_record__histories(void **state)
{
    dr_ctx ctx;
    char range[100], dir[200];
    (void)state;
    dr_ctx_init(&ctx);
    /* the whole branch, oldest first: genesis and seven acts */
    idlist all = {0};
    assert_int_equal(dr_store_walk(h.st, &ctx, NULL, count_commit, &all), 0);
    assert_int_equal(all.n, 8);
    assert_string_equal(all.v[1], c_notice);
    assert_string_equal(all.v[7], c_withdrawn);
    /* a range: what came after the notice */
    snprintf(range, sizeof(range), "%s..%s", c_notice, c_withdrawn);
    idlist some = {0};
    assert_int_equal(dr_store_walk(h.st, &ctx, range, count_commit, &some), 0);
    assert_int_equal(some.n, 6);
    assert_string_equal(some.v[0], c_request);
    assert_int_not_equal(dr_store_walk(h.st, &ctx, "nothing..here", count_commit, &some), 0);
    /* a document's own commits */
    assert_int_equal(dr_doc_dir(notice, dir, sizeof(dir)), 0);
    idlist mine = {0};
    assert_int_equal(dr_store_walk_path(h.st, &ctx, dir, count_commit, &mine), 0);
    assert_int_equal(mine.n, 1);
    assert_string_equal(mine.v[0], c_notice);
    assert_int_equal(dr_doc_dir(request_id, dir, sizeof(dir)), 0);
    idlist theirs = {0};
    assert_int_equal(dr_store_walk_path(h.st, &ctx, dir, count_commit, &theirs), 0);
    assert_int_equal(theirs.n, 4);
    /* the ledger's path: the register only */
    idlist reg = {0};
    assert_int_equal(dr_store_walk_path(h.st, &ctx, DR_LEDGER_DIR, count_commit, &reg), 0);
    assert_int_equal(reg.n, 1);
    assert_string_equal(reg.v[0], c_registered);
    char g[41];
    assert_int_equal(dr_store_genesis(h.st, &ctx, g), 0);
    assert_string_equal(g, all.v[0]);
}

static void test_record__store_open_and_config(void **state)
{
    dr_store *st = NULL;
    dr_ctx ctx;
    char path[400];
    (void)state;
    dr_ctx_init(&ctx);
    snprintf(path, sizeof(path), "%s/nothing-here", tmp);
    assert_int_equal(dr_store_open(&st, &ctx, path, 0), DR_ENOTFOUND);
    assert_null(st);
    /* a git repository without the routing branch */
    assert_int_equal(dr_store_set_config(h.st, &ctx, "docroute.test", "yes"), 0);
    assert_string_equal(dr_store_config_string(h.st, "docroute.test"), "yes");
    assert_null(dr_store_config_string(h.st, "docroute.absent"));
    assert_false(dr_store_config_bool(h.st, "docroute.absent"));
    assert_true(dr_store_is_bare(h.st));
    assert_non_null(dr_store_gitdir(h.st));
    assert_non_null(dr_store_path(h.st));
    /* a second genesis on the same repository is refused */
    dr_file f[80];
    dr_buf b[80];
    char commit[41];
    size_t n = hist_config_files(f, b, 80, NULL, NULL);
    dr_identity id = {"genesis", "x@y", T("2026-09-01T09:00:00+08:00")};
    assert_int_not_equal(dr_store_init(&ctx, h.path, true, f, n, &id, false, commit), 0);
    hist_files_free(f, b, n);
    /* a lock that is not the repository's */
    dr_lock_state ls;
    assert_int_equal(dr_store_stale_lock(h.st, &ctx, "/etc/passwd", 600, 0, &ls), DR_EUSAGE);
}

/* ---- the derived cache ---- */

static size_t active_docs(dr_snapshot *s, idlist *l)
{
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    memset(l, 0, sizeof(*l));
    assert_int_equal(dr_store_active_docs(h.st, &ctx, s, collect_id, l), 0);
    return l->n;
}

static bool has(const idlist *l, const char *id)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], id))
            return true;
    return false;
}

static void cache_file(char *out, size_t size)
{
    snprintf(out, size, "%s/docroute/index.sqlite", dr_store_gitdir(h.st));
    /* the git directory may or may not end with '/' */
    char *dd = strstr(out, "//");
    if (dd)
        memmove(dd, dd + 1, strlen(dd));
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_record__the_derived_cache(void **state)
{
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    idlist l;
    char path[600];
    (void)state;
    dr_ctx_init(&ctx);
    cache_file(path, sizeof(path));
    unlink(path);
    /* at the request's submission: both documents open */
    assert_int_equal(dr_store_snapshot(&s, &ctx, h.st, c_request), 0);
    assert_int_equal(active_docs(s, &l), 2);
    dr_snapshot_free(s);
    assert_int_equal(access(path, R_OK), 0);
    /* brought forward by the diff: the report, submitted and withdrawn since, is not */
    assert_int_equal(dr_store_snapshot(&s, &ctx, h.st, c_report), 0);
    assert_int_equal(active_docs(s, &l), 3);
    dr_snapshot_free(s);
    assert_int_equal(dr_store_snapshot(&s, &ctx, h.st, c_withdrawn), 0);
    assert_int_equal(active_docs(s, &l), 2);
    assert_true(!has(&l, report) && has(&l, notice) && has(&l, request_id));
    /* again, at the same commit: the same */
    assert_int_equal(active_docs(s, &l), 2);
    int next;
    const dr_config *cfg;
    assert_int_equal(dr_snapshot_config(s, &ctx, &cfg), 0);
    const char *prefix = dr_config_unit(cfg, "finance")->number_prefix;
    assert_int_equal(dr_store_next_number(h.st, &ctx, s, prefix, 2026, &next), 0);
    assert_int_equal(next, 2);
    /* damaged caches are rebuilt from the record, never believed */
    static const char *const damaged[] = {
        "",
        "not a cache\n",
        "docroute-cache 1\n",
        "docroute-cache 1\ncommit short\n",
        "docroute-cache 1\ncommit 0123456789012345678901234567890123456789\n",
        "docroute-cache 1\ncommit @C\nnumber x\n",
        "docroute-cache 1\ncommit @C\nnumber x 2026\n",
        "docroute-cache 1\ncommit @C\nsomething else\n",
        "docroute-cache 1\ncommit @C\nactive 2026-yjj-0001",         /* no newline */
    };
    for (size_t i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
        char text[400];
        const char *at = strstr(damaged[i], "@C");
        if (at)
            snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - damaged[i]), damaged[i], c_request, at + 2);
        else
            snprintf(text, sizeof(text), "%s", damaged[i]);
        write_file(path, text);
        if (active_docs(s, &l) != 2 || has(&l, report))
            fail_msg("damaged cache %zu: %zu active", i, l.n);
    }
    /* a cache of a commit that is not on the branch any more: rebuilt */
    act a;
    hist_submit(&h, &a, "flood-notice", NULL, NULL, "p-chen", "2026-10-14T09:00:00+08:00", NULL);
    char side[41];
    act_make(&h, &a, side);
    act_dispose(&a);
    dr_snapshot *ss = NULL;
    assert_int_equal(dr_store_snapshot(&ss, &ctx, h.st, side), 0);
    assert_int_equal(active_docs(ss, &l), 3);
    dr_snapshot_free(ss);
    assert_int_equal(active_docs(s, &l), 2);
    unlink(path);
    assert_int_equal(dr_store_next_number(h.st, &ctx, s, prefix, 2026, &next), 0);
    assert_int_equal(next, 2);
    dr_snapshot_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record__numbers_parse_and_format),
        cmocka_unit_test(test_record__ledger_paths),
        cmocka_unit_test(test_record__ledgers_parse),
        cmocka_unit_test(test_record__numbers_from_the_record),
        cmocka_unit_test(test_record__snapshots),
        cmocka_unit_test(test_record__histories),
        cmocka_unit_test(test_record__store_open_and_config),
        cmocka_unit_test(test_record__the_derived_cache),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
