/* The derived index (index.c, index_doc.c): an index of the tip is used as it is, one
 * of an earlier commit is brought up to date from what changed, a damaged one or one
 * of another schema is rebuilt from the record; its rows answer as a fold of every
 * envelope does, on any day; its search finds two-character terms. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

static char tmp[256], cache[400];
static hist h;
static char notice[64], request[64], first_tip[41];

static int setup(void **state)
{
    char path[400], c[41];
    act a;
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-index-XXXXXX");
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
    snprintf(cache, sizeof(cache), "%s%sdocroute/index.sqlite", gd, gd[strlen(gd) - 1] == '/' ? "" : "/");
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

/* Runs SQL on the index file (the way a forger, or another tool version, would). */
static void sql(const char *text)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    assert_int_equal(sqlite3_open(cache, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_exec(db, text, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", text, err);
    sqlite3_close(db);
}

/* One value the index holds, as text ("" when none). */
static void sql_value(const char *text, char *out, size_t size)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    out[0] = '\0';
    assert_int_equal(sqlite3_open(cache, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, text, -1, &s, NULL), SQLITE_OK);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void write_cache(const char *text)
{
    char side[500];
    FILE *f = fopen(cache, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    snprintf(side, sizeof(side), "%s-wal", cache);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", cache);
    unlink(side);
}

static void test_index__built_and_used(void **state)
{
    dr_buf want, got;
    char tip[41], v[100], q[300];
    (void)state;
    dr_buf_init(&want, 0);
    dr_buf_init(&got, 0);
    unlink(cache);
    active(&want);
    dr_buf_printf(&got, "%s %s ", strcmp(notice, request) < 0 ? notice : request,
                  strcmp(notice, request) < 0 ? request : notice);
    assert_string_equal(want.ptr, got.ptr);
    /* written for the tip, in the schema's version */
    hist_tip(&h, tip);
    sql_value("SELECT value FROM meta WHERE key = 'commit'", v, sizeof(v));
    assert_string_equal(v, tip);
    sql_value("PRAGMA user_version", v, sizeof(v));
    assert_int_equal(atoi(v), DR_INDEX_SCHEMA);
    sql_value("PRAGMA journal_mode", v, sizeof(v));
    assert_string_equal(v, "wal");
    snprintf(q, sizeof(q), "SELECT state || ' ' || title FROM docs WHERE id = '%s'", notice);
    sql_value(q, v, sizeof(v));
    assert_memory_equal(v, "open ", 5);
    /* an index of the tip is believed as it is: a number noted there is the next one's base */
    sql("INSERT INTO numbers(prefix, year, max) VALUES ('张财', 2026, 41)");
    snprintf(q, sizeof(q), "DELETE FROM docs WHERE id = '%s'", request);
    sql(q);
    assert_int_equal(next_number("张财"), 42);
    assert_int_equal(next_number("张政发"), 1);
    active(&got);
    char only[80];
    snprintf(only, sizeof(only), "%s ", notice);
    assert_string_equal(got.ptr, only);
    dr_buf_dispose(&want);
    dr_buf_dispose(&got);
}

/* An index of the first commit: brought up to date with what changed since. */
static void test_index__brought_up_to_date(void **state)
{
    dr_buf got;
    char q[300], tip[41], v[100];
    (void)state;
    dr_buf_init(&got, 0);
    unlink(cache);
    active(&got);
    snprintf(q, sizeof(q), "UPDATE meta SET value = '%s' WHERE key = 'commit'; DELETE FROM docs WHERE id = '%s'",
             first_tip, request);
    sql(q);
    active(&got);
    assert_non_null(strstr(got.ptr, notice));
    assert_non_null(strstr(got.ptr, request));
    hist_tip(&h, tip);
    sql_value("SELECT value FROM meta WHERE key = 'commit'", v, sizeof(v));
    assert_string_equal(v, tip);
    dr_buf_dispose(&got);
}

/* Every damage: the index is rebuilt, and answers as the record does. */
static void test_index__damaged_is_rebuilt(void **state)
{
    dr_buf want, got;
    char tip[41], v[100];
    (void)state;
    dr_buf_init(&want, 0);
    dr_buf_init(&got, 0);
    unlink(cache);
    active(&want);
    hist_tip(&h, tip);
    static const char *const forged[] = {
        "PRAGMA user_version = 0",                 /* another schema: an older tool's */
        "PRAGMA user_version = 99",                /* or a newer one's */
        "UPDATE meta SET value = '0123456789012345678901234567890123456789' WHERE key = 'commit'",
        "UPDATE meta SET value = 'short' WHERE key = 'commit'",
        "DELETE FROM meta",
        "DELETE FROM meta WHERE key = 'rules'",
    };
    for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
        sql("INSERT INTO numbers(prefix, year, max) VALUES ('张财', 2026, 41); DELETE FROM docs");
        sql(forged[i]);
        active(&got);
        if (strcmp(got.ptr, want.ptr))
            fail_msg("case %zu: '%s', wanted '%s'", i, got.ptr, want.ptr);
        sql_value("SELECT value FROM meta WHERE key = 'commit'", v, sizeof(v));
        assert_string_equal(v, tip);
        sql_value("SELECT count(*) FROM numbers", v, sizeof(v));
        if (strcmp(v, "0"))
            fail_msg("case %zu: the forged number was kept", i);
    }
    static const char *const files[] = {"", "not a database\n", "SQLite format 3"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        write_cache(files[i]);
        active(&got);
        if (strcmp(got.ptr, want.ptr))
            fail_msg("file %zu: '%s', wanted '%s'", i, got.ptr, want.ptr);
        sql_value("SELECT value FROM meta WHERE key = 'commit'", v, sizeof(v));
        assert_string_equal(v, tip);
    }
    /* a link in its place is not followed: the command answers all the same */
    unlink(cache);
    assert_int_equal(symlink("/etc/passwd", cache), 0);
    active(&got);
    assert_string_equal(got.ptr, want.ptr);
    unlink(cache);
    assert_int_equal(next_number("张财"), 1);
    dr_buf_dispose(&want);
    dr_buf_dispose(&got);
}

static int item_line(void *ud, const dr_item *it)
{
    dr_buf *b = ud;
    char who[400];
    dr_holders_text(it->holders, it->nholders, who, sizeof(who));
    return dr_buf_printf(b, "%s|%s|%s|%d|%d|%d|%d|%s|%s|%s\n", it->doc, it->step, it->unit ? it->unit : "-",
                         (int)it->due, it->provisional, it->request, it->deems, it->rule ? it->rule : "-",
                         it->deem_rule ? it->deem_rule : "-", who);
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of b, sorted. */
static void sort_lines(dr_buf *b)
{
    char *lines[64];
    size_t n = 0;
    dr_buf out;
    dr_buf_init(&out, 0);
    dr_buf_puts(&out, "");
    for (char *p = b->ptr, *nl; p && *p && n < 64; p = nl + 1) {
        nl = strchr(p, '\n');
        *nl = '\0';
        lines[n++] = p;
    }
    qsort(lines, n, sizeof(char *), cmp_lines);
    for (size_t i = 0; i < n; i++)
        dr_buf_printf(&out, "%s\n", lines[i]);
    dr_buf_dispose(b);
    *b = out;
}

typedef struct {
    dr_snapshot *snap;
    const dr_config *cfg;
    dr_time now;
    dr_buf *out;
} live;

/* What a fold of the envelope as of now says (the index must say the same). */
static int live_doc(void *ud, const char *id)
{
    live *l = ud;
    char path[160];
    dr_buf b;
    dr_envelope *env = NULL;
    dr_route_state *rs = NULL;
    const dr_config *rcfg;
    dr_items items;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    dr_items_init(&items);
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES);
    assert_int_equal(dr_doc_envelope_path(id, path, sizeof(path)), 0);
    assert_int_equal(dr_snapshot_read(l->snap, &ctx, path, &b), 0);
    assert_int_equal(dr_envelope_parse(&env, &ctx, path, b.ptr, b.len, DR_FORM_RECORDED), 0);
    assert_int_equal(dr_snapshot_config_at(l->snap, &ctx, dr_envelope_config_blob(env), &rcfg), 0);
    const dr_route *r = dr_config_route(rcfg, dr_envelope_route(env));
    assert_non_null(r);
    assert_int_equal(dr_route_fold(&rs, &ctx, l->cfg, r, env, l->now), 0);
    if (!rs->ended && !rs->finished)
        assert_int_equal(dr_route_items(&items, &ctx, l->cfg, r, rs, id, dr_time_date(l->now)), 0);
    for (size_t i = 0; i < items.n; i++)
        item_line(l->out, &items.v[i]);
    dr_items_dispose(&items);
    dr_route_state_free(rs);
    dr_envelope_free(env);
    dr_buf_dispose(&b);
    return 0;
}

/* On every day around the due dates and the absences, the rows (and the documents
 * folded again where a due date passed) say what a fold of every envelope says. */
static void test_index__rows_answer_as_the_fold(void **state)
{
    static const char *const days[] = {
        "2026-09-29T12:00:00+08:00", "2026-09-30T12:00:00+08:00", "2026-10-09T12:00:00+08:00",
        "2026-10-12T12:00:00+08:00", "2026-10-14T12:00:00+08:00", "2026-10-20T12:00:00+08:00",
        "2026-11-30T12:00:00+08:00", "2026-09-29T12:00:00+08:00",
    };
    dr_snapshot *s = NULL;
    dr_ctx ctx;
    (void)state;
    dr_ctx_init(&ctx);
    unlink(cache);
    assert_int_equal(dr_store_tip(&s, &ctx, h.st), 0);
    const dr_config *cfg;
    assert_int_equal(dr_snapshot_config(s, &ctx, &cfg), 0);
    size_t listed = 0, late = 0;
    for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
        dr_time now;
        dr_buf rows, folds, overdue;
        size_t unreadable = 9;
        assert_int_equal(dr_time_parse(&now, days[i]), 0);
        dr_buf_init(&rows, 0);
        dr_buf_init(&folds, 0);
        dr_buf_init(&overdue, 0);
        dr_buf_puts(&rows, "");
        dr_buf_puts(&folds, "");
        dr_buf_puts(&overdue, "");
        assert_int_equal(dr_store_items(h.st, &ctx, s, now, false, item_line, &rows, &unreadable), 0);
        assert_int_equal(unreadable, 0);
        live l = {s, cfg, now, &folds};
        assert_int_equal(dr_snapshot_each_doc(s, &ctx, live_doc, &l), 0);
        sort_lines(&rows);
        sort_lines(&folds);
        if (strcmp(rows.ptr, folds.ptr))
            fail_msg("%s: the index says\n%s\nthe fold says\n%s", days[i], rows.ptr, folds.ptr);
        listed += rows.len > 0;
        assert_int_equal(dr_store_items(h.st, &ctx, s, now, true, item_line, &overdue, NULL), 0);
        late += overdue.len > 0;
        dr_buf_dispose(&rows);
        dr_buf_dispose(&folds);
        dr_buf_dispose(&overdue);
    }
    /* the days are chosen so that something is open, and something late */
    assert_true(listed > 0);
    assert_true(late > 0);
    dr_snapshot_free(s);
}

/* The search text holds pairs of characters: 防汛 and 度汛 are found, a longer term
 * as the phrase of its pairs, a pair no title has is not. */
static void test_index__search_finds_two_characters(void **state)
{
    dr_buf got;
    char v[200], q[300];
    (void)state;
    dr_buf_init(&got, 0);
    unlink(cache);
    active(&got);
    static const struct {
        const char *term;
        const char *doc;
    } cases[] = {{"防汛", "request"}, {"度汛", "notice"}, {"物资 资储 储备", "request"}, {"汛防", NULL}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(q, sizeof(q),
                 "SELECT group_concat(d.id) FROM search JOIN docs d ON d.rowid = search.rowid "
                 "WHERE search MATCH '\"%s\"'",
                 cases[i].term);
        sql_value(q, v, sizeof(v));
        const char *want = !cases[i].doc ? "" : !strcmp(cases[i].doc, "request") ? request : notice;
        if (strcmp(v, want))
            fail_msg("'%s' finds '%s', wanted '%s'", cases[i].term, v, want);
    }
    dr_buf_dispose(&got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index__built_and_used),
        cmocka_unit_test(test_index__brought_up_to_date),
        cmocka_unit_test(test_index__damaged_is_rebuilt),
        cmocka_unit_test(test_index__rows_answer_as_the_fold),
        cmocka_unit_test(test_index__search_finds_two_characters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
