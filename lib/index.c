/* The derived index (SPEC §2) in SQLite, under $GIT_DIR/docroute/index.sqlite: the
 * documents (id, title, type, issuer, drafter, 发文字号, state), their open work with due
 * dates and holders, the numbers per 代字 and year, search text, and the commit it
 * indexes. Brought up to a snapshot from what changed since that commit, in one
 * transaction (WAL: readers and writers side by side; a crash leaves the old state or
 * the new). Rebuilt at will; never evidence: check and the hook do not read it. */
#include "index_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h" /* last: it poisons names the system headers use */

static const char schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    /* one row a document; state: open, returned, finished, ended */
    "CREATE TABLE docs(id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, blob TEXT NOT NULL, year INT, unit TEXT,"
    " type TEXT, title TEXT, urgency TEXT, drafter TEXT, issuer TEXT, number TEXT, route TEXT,"
    " state TEXT NOT NULL, last_at INT, time_bound INT, view_from INT, view_until INT);"
    "CREATE INDEX docs_open ON docs(time_bound) WHERE state IN ('open', 'returned');"
    "CREATE INDEX docs_number ON docs(number) WHERE number IS NOT NULL;"
    "CREATE INDEX docs_unit_year ON docs(unit, year);"
    /* open work: a step, or a countersign request (later kinds: assignments, ledger
     * items, circulation) with its due date and its holders ("person\\tfor" lines);
     * view 0: as the events alone leave it (true up to docs.time_bound), view 1: as
     * the time left it from docs.view_from to docs.view_until (NULL: for ever) */
    "CREATE TABLE items(doc TEXT NOT NULL, view INT NOT NULL, seq INT NOT NULL, step TEXT, unit TEXT,"
    " due INT, provisional INT NOT NULL, request INT NOT NULL, deems INT NOT NULL, rule TEXT,"
    " deem_rule TEXT, holders TEXT NOT NULL, PRIMARY KEY(doc, view, seq)) WITHOUT ROWID;"
    "CREATE INDEX items_due ON items(due);"
    "CREATE TABLE numbers(prefix TEXT NOT NULL, year INT NOT NULL, max INT NOT NULL,"
    " PRIMARY KEY(prefix, year)) WITHOUT ROWID;"
    /* titles and matters as pairs of CJK characters: 防汛 and 度汛 are terms (rowid: docs') */
    "CREATE VIRTUAL TABLE search USING fts5(text, tokenize = 'unicode61');";

static void index_path(dr_store *st, char *out, size_t size, const char *leaf)
{
    snprintf(out, size, "%sdocroute/%s", git_repository_path(st->repo), leaf);
}

static int run_sql(dr_ctx *ctx, sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : dr__sql_fail(ctx, db, "cannot run");
}

static int user_version(sqlite3 *db, int *out)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
    if (r == SQLITE_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        *out = sqlite3_column_int(s, 0);
        r = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return r;
}

/* Drops whatever tables there are and makes the schema (in the caller's transaction). */
static int make_schema(dr_ctx *ctx, sqlite3 *db)
{
    char sql[128];
    int rc = run_sql(ctx, db, "DROP TABLE IF EXISTS search; DROP TABLE IF EXISTS items;"
                           "DROP TABLE IF EXISTS numbers; DROP TABLE IF EXISTS docs;"
                           "DROP TABLE IF EXISTS meta;");
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", DR_INDEX_SCHEMA);
    if (!rc)
        rc = run_sql(ctx, db, schema);
    return rc ? rc : run_sql(ctx, db, sql);
}

static int configure(dr_ctx *ctx, sqlite3 *db, bool memory)
{
    sqlite3_busy_timeout(db, 60000);
    sqlite3_extended_result_codes(db, 0);
    return run_sql(ctx, db, memory ? "PRAGMA journal_mode = MEMORY"
                                : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
}

/* Opens the index, or one in memory where the repository cannot hold one (read-only):
 * then it is built for this command alone. A damaged file is thrown away. */
static int index_open(dr_store *st, dr_ctx *ctx, sqlite3 **out)
{
    char dir[4200], path[4200], side[4300];
    sqlite3 *db = NULL;
    int version = -1;
    *out = NULL;
    index_path(st, dir, sizeof(dir), "");
    index_path(st, path, sizeof(path), "index.sqlite");
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        goto memory;
    for (int attempt = 0; attempt < 2; attempt++) {
        int r = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                                NULL);
        if (r == SQLITE_OK && configure(NULL, db, false))
            r = sqlite3_errcode(db);
        if (r == SQLITE_OK && (r = user_version(db, &version)) == SQLITE_OK) {
            *out = db;
            return 0;
        }
        sqlite3_close(db);
        db = NULL;
        if (r == SQLITE_NOMEM)
            return dr_ctx_set(ctx, DR_ENOMEM, "out of memory");
        if (r == SQLITE_BUSY || r == SQLITE_LOCKED)
            return dr_ctx_set(ctx, DR_ELOCKED, "the derived index '%s' is locked", path);
        if (r != SQLITE_CORRUPT && r != SQLITE_NOTADB)
            break;
        /* damaged: it is only a cache */
        unlink(path);
        snprintf(side, sizeof(side), "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof(side), "%s-shm", path);
        unlink(side);
    }
memory:
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return dr_ctx_set(ctx, DR_ENOMEM, "out of memory");
    }
    int rc = configure(ctx, db, true);
    if (rc) {
        sqlite3_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

static bool meta_get(sqlite3 *db, const char *key, char *out, size_t size)
{
    sqlite3_stmt *s = NULL;
    bool ok = false;
    out[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(s, 0));
        ok = true;
    }
    sqlite3_finalize(s);
    return ok;
}

static int meta_put(dr_ctx *ctx, sqlite3 *db, const char *key, const char *value)
{
    sqlite3_stmt *s = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", -1, &s, NULL) !=
            SQLITE_OK ||
        sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC) != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE)
        rc = dr__sql_fail(ctx, db, "cannot write its state");
    sqlite3_finalize(s);
    return rc;
}

/* Do the holders of day a still hold on day b: the same absences in force? */
static bool same_absences(const dr_config *cfg, dr_date a, dr_date b)
{
    for (size_t i = 0; i < cfg->nabsences; i++) {
        const dr_absence *x = &cfg->absences[i];
        if ((a != DR_DATE_NONE && a >= x->from && a <= x->to) != (b != DR_DATE_NONE && b >= x->from && b <= x->to))
            return false;
    }
    return true;
}

typedef struct {
    dr__ixw *w;
    dr_ctx *ctx;
    dr_snapshot *snap;
    const dr_config *cfg;
} changes;

static int changed(void *ud, const char *path, char status)
{
    changes *c = ud;
    char id[64];
    if (!dr__index_doc_of(path, id))
        return 0;
    return status == 'D' ? dr__index_forget(c->w, c->ctx, id) : dr__index_doc(c->w, c->ctx, c->snap, c->cfg, path, NULL);
}

/* Indexes again every document with open work (the config or the day changed). */
static int reindex_open(dr__ixw *w, dr_ctx *ctx, dr_snapshot *snap, const dr_config *cfg)
{
    sqlite3_stmt *s = NULL;
    char **paths = NULL;
    size_t n = 0;
    int rc = 0;
    if (sqlite3_prepare_v2(w->db, "SELECT path FROM docs WHERE state IN ('open', 'returned')", -1, &s, NULL) !=
        SQLITE_OK)
        return dr__sql_fail(ctx, w->db, "cannot read");
    while (!rc && sqlite3_step(s) == SQLITE_ROW) {
        char **slot = dr__push(&paths, &n, sizeof(char *));
        if (!slot || !(*slot = dr__strdup((const char *)sqlite3_column_text(s, 0))))
            rc = dr_ctx_set(ctx, DR_ENOMEM, "out of memory");
        if (slot && !*slot)
            n--;
    }
    sqlite3_finalize(s);
    for (size_t i = 0; i < n && !rc; i++)
        rc = dr__index_doc(w, ctx, snap, cfg, paths[i], NULL);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return rc;
}

/* The index brought up to the snapshot, the holders those of today (DR_DATE_NONE: any
 * day the index already has). */
static int refresh(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, dr_date today, sqlite3 **out)
{
    sqlite3 *db = NULL;
    const dr_config *cfg;
    char commit[64], rules[64], day_text[16], rules_now[41];
    dr__ixw w = {0};
    bool began = false, have_day;
    int version = -1, rc;
    *out = NULL;
    if ((rc = dr_snapshot_config(snap, ctx, &cfg)) || (rc = index_open(st, ctx, &db)))
        return rc;
    dr_snapshot_tree_id(snap, ".docroute", rules_now);
    for (int pass = 0; pass < 2; pass++) {
        if (user_version(db, &version) != SQLITE_OK) {
            rc = dr__sql_fail(ctx, db, "cannot read its version");
            goto done;
        }
        bool ok = version == DR_INDEX_SCHEMA && meta_get(db, "commit", commit, sizeof(commit)) &&
                  meta_get(db, "rules", rules, sizeof(rules));
        have_day = ok && meta_get(db, "day", day_text, sizeof(day_text));
        dr_date day = have_day && day_text[0] ? (dr_date)strtol(day_text, NULL, 10) : DR_DATE_NONE;
        bool day_ok = today == DR_DATE_NONE || same_absences(cfg, day, today);
        if (ok && !strcmp(commit, snap->commit_hex) && !strcmp(rules, rules_now) && day_ok)
            break; /* as it is */
        git_oid old, branch;
        git_commit *known = NULL;
        /* a commit the record does not have is never walked (libgit2 1.5 leaks there) */
        ok = ok && git_oid_fromstr(&old, commit) == 0 && git_commit_lookup(&known, st->repo, &old) == 0;
        git_commit_free(known);
        git_error_clear();
        if (ok && git_graph_descendant_of(st->repo, &old, git_commit_id(snap->commit)) == 1 &&
            git_reference_name_to_id(&branch, st->repo, st->ref) == 0 &&
            (git_oid_equal(&branch, &old) || git_graph_descendant_of(st->repo, &branch, &old) == 1))
            break; /* another command indexed a later tip of the branch: it answers for this one too */
        git_error_clear();
        if (pass == 0) {
            /* the write lock first, then look again: another may have done it meanwhile */
            if ((rc = run_sql(ctx, db, "BEGIN IMMEDIATE")))
                goto done;
            began = true;
            continue;
        }
        dr_date use = today != DR_DATE_NONE ? today : day;
        dr_snapshot *was = NULL;
        bool incremental = ok && git_graph_descendant_of(st->repo, git_commit_id(snap->commit), &old) == 1 &&
                           dr_store_snapshot(&was, NULL, st, commit) == 0;
        git_error_clear();
        if (!incremental)
            rc = make_schema(ctx, db);
        if (!rc)
            rc = dr__ixw_init(&w, ctx, db, use);
        if (!rc && incremental) {
            changes c = {&w, ctx, snap, cfg};
            rc = dr_snapshot_diff(was, snap, ctx, changed, &c);
            if (!rc && (strcmp(rules, rules_now) || !day_ok || use != day))
                rc = reindex_open(&w, ctx, snap, cfg);
        } else if (!rc) {
            rc = dr__index_all(&w, ctx, snap, cfg);
        }
        dr_snapshot_free(was);
        if (!rc) {
            char d[16] = "";
            if (use != DR_DATE_NONE)
                snprintf(d, sizeof(d), "%d", (int)use);
            if (!(rc = meta_put(ctx, db, "commit", snap->commit_hex)) && !(rc = meta_put(ctx, db, "rules", rules_now)))
                rc = meta_put(ctx, db, "day", d);
        }
        if (!rc) {
            rc = run_sql(ctx, db, "COMMIT");
            began = rc != 0;
        }
        break;
    }
    if (began && !rc) {
        rc = run_sql(ctx, db, "COMMIT");
        began = rc != 0;
    }
done:
    dr__ixw_dispose(&w);
    if (began)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (rc) {
        sqlite3_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

/* ---- answers ---- */

/* The holders field back: person, tab, whom they act for; one a line. */
static int parse_holders(dr_items *l, dr_item *it, const char *field)
{
    size_t n = 0;
    for (const char *p = field; *p; p++)
        n += *p == '\n';
    it->holders = NULL;
    it->nholders = 0;
    if (!*field)
        return 0;
    dr_holder *h = calloc(n + 1, sizeof(dr_holder));
    char *copy = dr__strdup(field);
    char **slot = copy ? dr__push(&l->strings, &l->nstrings, sizeof(char *)) : NULL;
    if (!h || !slot) {
        free(h);
        free(copy);
        return DR_ENOMEM;
    }
    *slot = copy;
    size_t k = 0;
    for (char *line = copy; line && k <= n; k++) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *tab = strchr(line, '\t');
        if (tab)
            *tab++ = '\0';
        h[k].person = line;
        h[k].acting_for = tab;
        line = next;
    }
    it->holders = h;
    it->nholders = k;
    return 0;
}

static const char *col(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

static dr_date col_date(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? DR_DATE_NONE : (dr_date)sqlite3_column_int(s, i);
}

/* Items from rows: doc, title, urgency, step, unit, due, provisional, request, deems,
 * rule, deem_rule, holders. */
static int row_items(dr_ctx *ctx, sqlite3 *db, sqlite3_stmt *s, int (*fn)(void *, const dr_item *), void *ud)
{
    int r, rc = 0;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        dr_items l;
        dr_item it = {
            .doc = col(s, 0), .title = col(s, 1), .urgency = col(s, 2), .step = col(s, 3), .unit = col(s, 4),
            .due = col_date(s, 5), .provisional = sqlite3_column_int(s, 6), .request = sqlite3_column_int(s, 7),
            .deems = sqlite3_column_int(s, 8), .rule = col(s, 9), .deem_rule = col(s, 10),
        };
        dr_items_init(&l);
        if ((rc = parse_holders(&l, &it, col(s, 11) ? col(s, 11) : "")))
            rc = dr_ctx_set(ctx, rc, "out of memory");
        else
            rc = fn(ud, &it);
        free(it.holders);
        dr_items_dispose(&l);
    }
    if (!rc && r != SQLITE_DONE)
        rc = dr__sql_fail(ctx, db, "cannot read");
    return rc;
}

static int prepare(dr_ctx *ctx, sqlite3 *db, const char *sql, sqlite3_stmt **s)
{
    return sqlite3_prepare_v2(db, sql, -1, s, NULL) == SQLITE_OK ? 0 : dr__sql_fail(ctx, db, "cannot query");
}

#define ITEM_COLUMNS                                                                               \
    "SELECT d.id, d.title, d.urgency, i.step, i.unit, i.due, i.provisional, i.request, i.deems, " \
    "i.rule, i.deem_rule, i.holders FROM items i JOIN docs d ON d.id = i.doc "

/* What a command found by folding documents again as of today: kept as their view 1,
 * for the days after (written only if the index still indexes the snapshot). */
typedef struct {
    char *id;
    dr_items items;
    dr_date until;
} live_doc;

static void keep_views(dr_ctx *ctx, sqlite3 *db, dr_snapshot *snap, dr_date today, live_doc *v, size_t n)
{
    dr__ixw w = {0};
    char commit[64];
    int rc = 0;
    if (!n || run_sql(ctx, db, "BEGIN IMMEDIATE"))
        return;
    if (meta_get(db, "commit", commit, sizeof(commit)) && !strcmp(commit, snap->commit_hex) &&
        !dr__ixw_init(&w, ctx, db, today))
        for (size_t i = 0; i < n && !rc; i++)
            rc = dr__index_view(&w, ctx, v[i].id, &v[i].items, today, v[i].until);
    dr__ixw_dispose(&w);
    if (rc || run_sql(ctx, db, "COMMIT"))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

#define VIEW_VALID "d.view_from <= ?1 AND (d.view_until IS NULL OR d.view_until >= ?1)"

int dr_store_items(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, dr_time now, bool only_overdue,
                   int (*fn)(void *ud, const dr_item *it), void *ud, size_t *unreadable)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    const dr_config *cfg;
    dr_date today = dr_time_date(now);
    live_doc *lv = NULL;
    size_t nlv = 0;
    int rc;
    if (unreadable)
        *unreadable = 0;
    if ((rc = dr_snapshot_config(snap, ctx, &cfg)) || (rc = refresh(st, ctx, snap, today, &db)))
        return rc;
    /* the rows, where the time has changed nothing since they were written */
    if (!(rc = prepare(ctx, db,
                       only_overdue ? ITEM_COLUMNS "WHERE ((i.view = 0 AND (d.time_bound IS NULL OR d.time_bound >= ?1)) "
                                                   "OR (i.view = 1 AND d.time_bound < ?1 AND " VIEW_VALID ")) AND "
                                                   "i.due < ?1 ORDER BY i.doc, i.seq"
                                    : ITEM_COLUMNS "WHERE (i.view = 0 AND (d.time_bound IS NULL OR d.time_bound >= ?1)) "
                                                   "OR (i.view = 1 AND d.time_bound < ?1 AND " VIEW_VALID ") "
                                                   "ORDER BY i.doc, i.seq",
                       &s))) {
        sqlite3_bind_int(s, 1, today);
        rc = row_items(ctx, db, s, fn, ud);
    }
    sqlite3_finalize(s);
    s = NULL;
    /* the documents a due date passed on since: folded again, as of now */
    if (!rc && !(rc = prepare(ctx, db,
                              "SELECT d.id, d.path FROM docs d WHERE d.state IN ('open', 'returned') AND "
                              "d.time_bound < ?1 AND NOT coalesce(" VIEW_VALID ", 0) ORDER BY d.id",
                              &s))) {
        sqlite3_bind_int(s, 1, today);
        while (!rc && sqlite3_step(s) == SQLITE_ROW) {
            dr_items l;
            dr_ctx quiet;
            dr_date until;
            dr_ctx_init(&quiet);
            dr_items_init(&l);
            int r = dr__index_live(&l, &quiet, snap, cfg, col(s, 1), now, &until);
            if (r == DR_ENOMEM)
                rc = dr_ctx_set(ctx, r, "out of memory");
            else if (r && unreadable)
                ++*unreadable;
            for (size_t i = 0; !r && !rc && i < l.n; i++)
                if (!only_overdue || (l.v[i].due != DR_DATE_NONE && l.v[i].due < today))
                    rc = fn(ud, &l.v[i]);
            live_doc *slot = !r && !rc ? dr__push(&lv, &nlv, sizeof(live_doc)) : NULL;
            if (slot && (slot->id = dr__strdup(col(s, 0)))) {
                slot->items = l;
                slot->until = until;
            } else {
                if (slot)
                    nlv--;
                dr_items_dispose(&l);
            }
        }
    }
    sqlite3_finalize(s);
    if (!rc)
        keep_views(NULL, db, snap, today, lv, nlv);
    for (size_t i = 0; i < nlv; i++) {
        free(lv[i].id);
        dr_items_dispose(&lv[i].items);
    }
    free(lv);
    sqlite3_close(db);
    return rc;
}

int dr_store_deemed(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, dr_time now,
                    int (*fn)(void *ud, const dr_item *it), void *ud)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int rc = refresh(st, ctx, snap, DR_DATE_NONE, &db);
    if (!rc && !(rc = prepare(ctx, db,
                              ITEM_COLUMNS "WHERE i.view = 0 AND i.request AND i.deems AND i.due < ?1 ORDER BY i.doc, i.seq",
                              &s))) {
        sqlite3_bind_int(s, 1, dr_time_date(now));
        rc = row_items(ctx, db, s, fn, ud);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return rc;
}

int dr_store_active_docs(dr_store *st, dr_ctx *ctx, dr_snapshot *snap,
                         int (*fn)(void *ud, const char *id), void *ud)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int r = SQLITE_DONE, rc = refresh(st, ctx, snap, DR_DATE_NONE, &db);
    if (!rc && !(rc = prepare(ctx, db, "SELECT id FROM docs WHERE state IN ('open', 'returned') ORDER BY id", &s)))
        while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW)
            rc = fn(ud, col(s, 0));
    if (!rc && s && r != SQLITE_DONE)
        rc = dr__sql_fail(ctx, db, "cannot read");
    sqlite3_finalize(s);
    sqlite3_close(db);
    return rc;
}

int dr_store_next_number(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, const char *prefix, int year,
                         int *out)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int rc = refresh(st, ctx, snap, DR_DATE_NONE, &db);
    *out = 1;
    if (!rc && !(rc = prepare(ctx, db, "SELECT max FROM numbers WHERE prefix = ?1 AND year = ?2", &s))) {
        sqlite3_bind_text(s, 1, prefix, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, year);
        if (sqlite3_step(s) == SQLITE_ROW)
            *out = sqlite3_column_int(s, 0) + 1;
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return rc;
}

int dr_store_reindex(dr_store *st, dr_ctx *ctx, dr_snapshot *snap)
{
    sqlite3 *db = NULL;
    int rc = index_open(st, ctx, &db);
    if (!rc && !(rc = run_sql(ctx, db, "BEGIN IMMEDIATE"))) {
        rc = run_sql(ctx, db, "PRAGMA user_version = 0");
        rc = rc ? rc : run_sql(ctx, db, "COMMIT");
        if (rc)
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_close(db);
    if (!rc && !(rc = refresh(st, ctx, snap, DR_DATE_NONE, &db)))
        sqlite3_close(db);
    return rc;
}
