/* What one document contributes to the derived index: its row (id, title, type,
 * issuer, drafter, 发文字号, state), its open work as time alone leaves it (a fold with
 * no time rule applied, so that a row stays true until a due date passes), its
 * number per 代字 and year, and its search text. */
#include "index_internal.h"
#include "docroute/numbers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

static const char *const statements[] = {
    "INSERT INTO docs(id, path, blob, year, unit, type, title, urgency, drafter, issuer, number, route, "
    "state, last_at, time_bound) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
    "ON CONFLICT(id) DO UPDATE SET path = ?2, blob = ?3, year = ?4, unit = ?5, type = ?6, title = ?7, "
    "urgency = ?8, drafter = ?9, issuer = ?10, number = ?11, route = ?12, state = ?13, last_at = ?14, "
    "time_bound = ?15, view_from = NULL, view_until = NULL RETURNING rowid",
    "DELETE FROM docs WHERE id = ?1 RETURNING rowid",
    "INSERT INTO items(doc, seq, step, unit, due, provisional, request, deems, rule, deem_rule, holders, view) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    "DELETE FROM items WHERE doc = ?1",
    "INSERT INTO numbers(prefix, year, max) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(prefix, year) DO UPDATE SET max = MAX(max, excluded.max)",
    "INSERT INTO search(rowid, text) VALUES (?1, ?2)",
    "DELETE FROM search WHERE rowid = ?1",
    "DELETE FROM items WHERE doc = ?1 AND view = 1",
    "UPDATE docs SET view_from = ?2, view_until = ?3 WHERE id = ?1",
};

int dr__sql_fail(dr_ctx *ctx, sqlite3 *db, const char *what)
{
    int code = sqlite3_errcode(db);
    int rc = code == SQLITE_NOMEM ? DR_ENOMEM : code == SQLITE_BUSY ? DR_ELOCKED : DR_EIO;
    return dr_ctx_set(ctx, rc, "the derived index: %s: %s", what, sqlite3_errmsg(db));
}

int dr__ixw_init(dr__ixw *w, dr_ctx *ctx, sqlite3 *db, dr_date day)
{
    sqlite3_stmt **slots[] = {&w->put_doc, &w->del_doc, &w->put_item, &w->del_items,
                              &w->put_number, &w->put_text, &w->del_text, &w->del_view, &w->set_view};
    memset(w, 0, sizeof(*w));
    w->db = db;
    w->day = day;
    for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
        if (sqlite3_prepare_v2(db, statements[i], -1, slots[i], NULL) != SQLITE_OK) {
            int rc = dr__sql_fail(ctx, db, "cannot prepare a statement");
            dr__ixw_dispose(w);
            return rc;
        }
    return 0;
}

void dr__ixw_dispose(dr__ixw *w)
{
    sqlite3_finalize(w->put_doc);
    sqlite3_finalize(w->del_doc);
    sqlite3_finalize(w->put_item);
    sqlite3_finalize(w->del_items);
    sqlite3_finalize(w->put_number);
    sqlite3_finalize(w->put_text);
    sqlite3_finalize(w->del_text);
    sqlite3_finalize(w->del_view);
    sqlite3_finalize(w->set_view);
    memset(w, 0, sizeof(*w));
}

bool dr__index_doc_of(const char *path, char id[64])
{
    const char *leaf = strrchr(path, '/');
    if (strncmp(path, "docs/", 5) != 0 || !leaf || strcmp(leaf, "/envelope.xml") != 0)
        return false;
    const char *start = leaf;
    while (start > path && start[-1] != '/')
        start--;
    size_t len = (size_t)(leaf - start);
    if (len >= 64)
        return false;
    memcpy(id, start, len);
    id[len] = '\0';
    return dr_doc_id_valid(id);
}

/* The length of the UTF-8 sequence at s that is a CJK ideograph (U+2E80 and up, not
 * the full-width forms), or 0. */
static size_t cjk_at(const unsigned char *s)
{
    if (s[0] >= 0xe2 && s[0] <= 0xef && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
        unsigned cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
        return cp >= 0x2e80 && cp < 0xff00 && !(cp >= 0x3000 && cp < 0x3040) ? 3 : 0;
    }
    if (s[0] >= 0xf0 && s[0] <= 0xf4 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
        (s[3] & 0xc0) == 0x80)
        return 4;
    return 0;
}

int dr__index_grams(dr_buf *out, const char *text)
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    int rc = 0;
    while (*s && !rc) {
        size_t a = cjk_at(s);
        if (!a) {
            /* anything else is the tokenizer's: punctuation splits, words stay whole */
            rc = dr_buf_put(out, (const char *)s, 1);
            s++;
            continue;
        }
        size_t b = cjk_at(s + a);
        rc = dr_buf_put(out, " ", 1);
        if (!rc)
            rc = dr_buf_put(out, (const char *)s, a + b); /* the pair, or a lone character */
        if (!rc && !b)
            rc = dr_buf_put(out, " ", 1);
        s += a;
    }
    return rc;
}

static int bind_text(sqlite3_stmt *s, int i, const char *v)
{
    return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

static int bind_date(sqlite3_stmt *s, int i, dr_date v)
{
    return v == DR_DATE_NONE ? sqlite3_bind_null(s, i) : sqlite3_bind_int(s, i, v);
}

/* Steps a bound statement to its end; resets it for the next use. */
static int run(dr__ixw *w, dr_ctx *ctx, sqlite3_stmt *s, sqlite3_int64 *rowid)
{
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW)
        if (rowid)
            *rowid = sqlite3_column_int64(s, 0);
    int rc = r == SQLITE_DONE ? 0 : dr__sql_fail(ctx, w->db, "cannot write");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

/* The holders as one field: person, a tab and whom they act for, one a line. */
static int holders_field(dr_buf *out, const dr_item *it)
{
    int rc = 0;
    for (size_t i = 0; i < it->nholders && !rc; i++)
        rc = dr_buf_printf(out, "%s%s%s%s", i ? "\n" : "", it->holders[i].person,
                           it->holders[i].acting_for ? "\t" : "",
                           it->holders[i].acting_for ? it->holders[i].acting_for : "");
    return rc;
}

static int put_items(dr__ixw *w, dr_ctx *ctx, const char *id, const dr_items *items, int view)
{
    int rc = 0;
    for (size_t i = 0; i < items->n && !rc; i++) {
        const dr_item *it = &items->v[i];
        sqlite3_stmt *s = w->put_item;
        dr_buf h;
        dr_buf_init(&h, 0);
        if ((rc = holders_field(&h, it)))
            break;
        bind_text(s, 1, id);
        sqlite3_bind_int(s, 2, (int)i);
        bind_text(s, 3, it->step);
        bind_text(s, 4, it->unit);
        bind_date(s, 5, it->due);
        sqlite3_bind_int(s, 6, it->provisional);
        sqlite3_bind_int(s, 7, it->request);
        sqlite3_bind_int(s, 8, it->deems);
        bind_text(s, 9, it->rule);
        bind_text(s, 10, it->deem_rule);
        bind_text(s, 11, h.ptr ? h.ptr : "");
        sqlite3_bind_int(s, 12, view);
        rc = run(w, ctx, s, NULL);
        dr_buf_dispose(&h);
    }
    return rc;
}

typedef struct {
    dr_envelope *env;
    dr_route_state *rs;
    const dr_route *route;
} folded;

static void folded_dispose(folded *f)
{
    dr_route_state_free(f->rs);
    dr_envelope_free(f->env);
    memset(f, 0, sizeof(*f));
}

/* Reads, parses and folds a document as of at. */
static int fold_doc(folded *f, dr_ctx *ctx, dr_snapshot *snap, const dr_config *cfg, const char *path,
                    const git_oid *blob, dr_time at)
{
    dr_buf b;
    const dr_config *rcfg;
    int rc;
    memset(f, 0, sizeof(*f));
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES);
    rc = blob ? dr__read_blob(snap->st->repo, ctx, blob, path, &b) : dr_snapshot_read(snap, ctx, path, &b);
    if (!rc)
        rc = dr_envelope_parse(&f->env, ctx, path, b.ptr, b.len, DR_FORM_RECORDED);
    dr_buf_dispose(&b);
    if (!rc)
        rc = dr_snapshot_config_at(snap, ctx, dr_envelope_config_blob(f->env), &rcfg);
    if (!rc && !(f->route = dr_config_route(rcfg, dr_envelope_route(f->env))))
        rc = dr_ctx_set(ctx, DR_ECONFIG, "%s: no route '%s'", dr_envelope_id(f->env), dr_envelope_route(f->env));
    if (!rc)
        rc = dr_route_fold(&f->rs, ctx, cfg, f->route, f->env, at);
    if (rc)
        folded_dispose(f);
    return rc;
}

int dr__index_live(dr_items *out, dr_ctx *ctx, dr_snapshot *snap, const dr_config *cfg, const char *path,
                   dr_time now, dr_date *until)
{
    folded f;
    int rc = fold_doc(&f, ctx, snap, cfg, path, NULL, now);
    *until = DR_DATE_NONE;
    if (!rc && !f.rs->ended && !f.rs->finished) {
        rc = dr_route_items(out, ctx, cfg, f.route, f.rs, dr_envelope_id(f.env), dr_time_date(now));
        *until = dr_route_time_bound(f.rs, f.route);
    }
    folded_dispose(&f);
    return rc;
}

int dr__index_view(dr__ixw *w, dr_ctx *ctx, const char *id, const dr_items *items, dr_date from, dr_date until)
{
    int rc;
    bind_text(w->del_view, 1, id);
    if ((rc = run(w, ctx, w->del_view, NULL)) || (rc = put_items(w, ctx, id, items, 1)))
        return rc;
    bind_text(w->set_view, 1, id);
    sqlite3_bind_int(w->set_view, 2, from);
    bind_date(w->set_view, 3, until);
    return run(w, ctx, w->set_view, NULL);
}

static const char *state_of(const dr_route_state *rs)
{
    return rs->ended ? "ended" : rs->finished ? "finished" : rs->returned ? "returned" : "open";
}

int dr__index_doc(dr__ixw *w, dr_ctx *ctx, dr_snapshot *snap, const dr_config *cfg, const char *path,
                  const git_oid *blob)
{
    folded f;
    dr_items items;
    dr_buf text;
    char id[64], oid[41] = "", number[128] = "";
    sqlite3_int64 rowid = 0;
    int rc;
    if (!dr__index_doc_of(path, id))
        return 0;
    dr_items_init(&items);
    dr_buf_init(&text, 0);
    /* No time rule: what the events alone say, true until a due date passes. */
    if ((rc = fold_doc(&f, ctx, snap, cfg, path, blob, (dr_time){0, 0})))
        goto done;
    const dr_envelope *env = f.env;
    const dr_document *d = &f.rs->doc;
    bool open = !f.rs->ended && !f.rs->finished;
    for (size_t i = 0; i < dr_envelope_event_count(env) && !rc; i++) {
        const char *num = dr_event_attr(env, i, "number");
        char prefix[96];
        int year, n;
        if (num && !strcmp(dr_envelope_event(env, i)->act, "register") &&
            dr_number_parse(num, prefix, sizeof(prefix), &year, &n) == 0) {
            snprintf(number, sizeof(number), "%s", num);
            bind_text(w->put_number, 1, prefix);
            sqlite3_bind_int(w->put_number, 2, year);
            sqlite3_bind_int(w->put_number, 3, n);
            rc = run(w, ctx, w->put_number, NULL);
        }
    }
    if (!rc && open)
        rc = dr_route_items(&items, ctx, cfg, f.route, f.rs, id, w->day);
    if (rc)
        goto done;
    if (blob)
        git_oid_tostr(oid, sizeof(oid), blob);
    sqlite3_stmt *s = w->put_doc;
    size_t nev = dr_envelope_event_count(env);
    const char *dash = strrchr(id, '-');
    char unit[32];
    snprintf(unit, sizeof(unit), "%.*s", (int)(dash - id - 5), id + 5);
    bind_text(s, 1, id);
    bind_text(s, 2, path);
    bind_text(s, 3, oid);
    sqlite3_bind_int(s, 4, (int)strtol(id, NULL, 10));
    bind_text(s, 5, unit);
    bind_text(s, 6, d->type);
    bind_text(s, 7, d->title);
    bind_text(s, 8, d->urgency);
    bind_text(s, 9, d->drafter);
    bind_text(s, 10, d->nissuers ? d->issuers[0].unit : NULL);
    bind_text(s, 11, number[0] ? number : NULL);
    bind_text(s, 12, dr_envelope_route(env));
    bind_text(s, 13, state_of(f.rs));
    sqlite3_bind_int64(s, 14, nev ? dr_envelope_event(env, nev - 1)->at.epoch : 0);
    bind_date(s, 15, open ? dr_route_time_bound(f.rs, f.route) : DR_DATE_NONE);
    if ((rc = run(w, ctx, s, &rowid)))
        goto done;
    bind_text(w->del_items, 1, id);
    if ((rc = run(w, ctx, w->del_items, NULL)) || (rc = put_items(w, ctx, id, &items, 0)))
        goto done;
    /* the search text: the title and the matters, as pairs of characters */
    rc = dr__index_grams(&text, d->title);
    for (size_t i = 0; i < d->nmatters && !rc; i++)
        if (!(rc = dr_buf_put(&text, " ", 1)))
            rc = dr__index_grams(&text, d->matters[i].text);
    sqlite3_bind_int64(w->del_text, 1, rowid);
    if (!rc && !(rc = run(w, ctx, w->del_text, NULL))) {
        sqlite3_bind_int64(w->put_text, 1, rowid);
        bind_text(w->put_text, 2, text.ptr ? text.ptr : "");
        rc = run(w, ctx, w->put_text, NULL);
    }
done:
    dr_buf_dispose(&text);
    dr_items_dispose(&items);
    folded_dispose(&f);
    return rc;
}

int dr__index_forget(dr__ixw *w, dr_ctx *ctx, const char *id)
{
    sqlite3_int64 rowid = 0;
    int rc;
    bind_text(w->del_doc, 1, id);
    if ((rc = run(w, ctx, w->del_doc, &rowid)))
        return rc;
    bind_text(w->del_items, 1, id);
    if ((rc = run(w, ctx, w->del_items, NULL)) || !rowid)
        return rc;
    sqlite3_bind_int64(w->del_text, 1, rowid);
    return run(w, ctx, w->del_text, NULL);
}

/* docs/YYYY/CODE/ holds documents (ID/) and shards of them (NNN/ID/). */
static int walk(dr__ixw *w, dr_ctx *ctx, dr_snapshot *snap, const dr_config *cfg, const git_tree *t,
                char *path, size_t len, int depth)
{
    int rc = 0;
    for (size_t i = 0; i < git_tree_entrycount(t) && !rc; i++) {
        const git_tree_entry *e = git_tree_entry_byindex(t, i);
        const char *name = git_tree_entry_name(e);
        size_t n = strlen(name);
        if (git_tree_entry_type(e) != GIT_OBJECT_TREE || len + n + 16 >= 512)
            continue;
        memcpy(path + len, "/", 1);
        memcpy(path + len + 1, name, n + 1);
        bool doc = depth >= 2 && dr_doc_id_valid(name);
        if (depth >= 3 && !doc)
            continue;
        git_tree *sub = NULL;
        if (git_tree_lookup(&sub, snap->st->repo, git_tree_entry_id(e)) < 0)
            return dr__git_fail(ctx, DR_EIO, "cannot read a tree");
        if (doc) {
            const git_tree_entry *env = git_tree_entry_byname(sub, "envelope.xml");
            if (env && git_tree_entry_type(env) == GIT_OBJECT_BLOB) {
                memcpy(path + len + 1 + n, "/envelope.xml", 14);
                rc = dr__index_doc(w, ctx, snap, cfg, path, git_tree_entry_id(env));
            }
        } else {
            rc = walk(w, ctx, snap, cfg, sub, path, len + 1 + n, depth + 1);
        }
        git_tree_free(sub);
    }
    return rc;
}

int dr__index_all(dr__ixw *w, dr_ctx *ctx, dr_snapshot *snap, const dr_config *cfg)
{
    git_tree_entry *e = NULL;
    git_tree *docs = NULL;
    char path[512] = "docs";
    int rc = 0;
    if (git_tree_entry_bypath(&e, snap->tree, "docs") < 0) {
        git_error_clear();
        return 0;
    }
    if (git_tree_lookup(&docs, snap->st->repo, git_tree_entry_id(e)) < 0)
        rc = dr__git_fail(ctx, DR_EIO, "cannot read docs/");
    else
        rc = walk(w, ctx, snap, cfg, docs, path, 4, 0);
    git_tree_free(docs);
    git_tree_entry_free(e);
    return rc;
}

int dr_snapshot_doc_active(dr_snapshot *snap, dr_ctx *ctx, const char *id, bool *active)
{
    char path[160];
    dr_buf b;
    dr_envelope *env = NULL;
    dr_route_state *rs = NULL;
    const dr_config *rcfg;
    int rc;
    *active = false;
    if (dr_doc_envelope_path(id, path, sizeof(path)))
        return 0;
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES);
    rc = dr_snapshot_read(snap, ctx, path, &b);
    if (rc == DR_ENOTFOUND) {
        dr_buf_dispose(&b);
        return 0;
    }
    if (!rc)
        rc = dr_envelope_parse(&env, ctx, path, b.ptr, b.len, DR_FORM_RECORDED);
    dr_buf_dispose(&b);
    if (!rc)
        rc = dr_snapshot_config_at(snap, ctx, dr_envelope_config_blob(env), &rcfg);
    if (!rc) {
        const dr_route *r = dr_config_route(rcfg, dr_envelope_route(env));
        size_t n = dr_envelope_event_count(env);
        dr_time at = n ? dr_envelope_event(env, n - 1)->at : (dr_time){0, 0};
        if (!r)
            rc = dr_ctx_set(ctx, DR_ECONFIG, "%s: no route '%s'", id, dr_envelope_route(env));
        else if (!(rc = dr_route_fold(&rs, ctx, rcfg, r, env, at)))
            *active = !rs->ended && !rs->finished;
    }
    dr_route_state_free(rs);
    dr_envelope_free(env);
    return rc;
}

