/* A snapshot's config and calendars: parsed once per .docroute tree (the store's bounded
 * cache), an older config by its blob; the documents of a snapshot, walked. */
#include "store_internal.h"
#include "docroute/envelope.h"
#include "docroute/route.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "banned.h" /* last: it poisons names the system headers use */

typedef struct {
    dr_snapshot *snap;
} reader_ud;

static int read_docroute_file(void *ud, const char *rel, dr_buf *out)
{
    char path[512];
    dr_ctx ignore;
    reader_ud *r = ud;
    if (snprintf(path, sizeof(path), ".docroute/%s", rel) >= (int)sizeof(path))
        return DR_EINVALID;
    dr_ctx_init(&ignore);
    return dr_snapshot_read(r->snap, &ignore, path, out);
}

static int load_config_blob(dr_snapshot *snap, dr_ctx *ctx, const git_oid *id, unsigned flags,
                            dr_config **out)
{
    dr_buf b;
    reader_ud r = {snap};
    dr_buf_init(&b, DR_CONFIG_MAX_BYTES);
    int rc = dr__read_blob(snap->st->repo, ctx, id, ".docroute/config.yaml", &b);
    if (!rc)
        rc = dr_config_load(out, ctx, ".docroute/config.yaml", b.ptr ? b.ptr : "", b.len,
                            read_docroute_file, &r, flags);
    if (rc == DR_EINVALID)
        rc = DR_ECONFIG;
    dr_buf_dispose(&b);
    return rc;
}

int dr_snapshot_config_blob(dr_snapshot *snap, dr_ctx *ctx, char out[41])
{
    git_tree_entry *e = NULL;
    if (git_tree_entry_bypath(&e, snap->tree, ".docroute/config.yaml") < 0) {
        git_error_clear();
        return dr_ctx_setpos(ctx, DR_ECONFIG, ".docroute/config.yaml", 0, 0,
                             "the repository has no .docroute/config.yaml");
    }
    git_oid_tostr(out, 41, git_tree_entry_id(e));
    git_tree_entry_free(e);
    return 0;
}

static parsed_entry *parsed_for(dr_snapshot *snap, bool add)
{
    dr_store *st = snap->st;
    char tree[41];
    dr_snapshot_tree_id(snap, ".docroute", tree);
    for (size_t i = 0; tree[0] && i < st->nparsed; i++)
        if (!strcmp(st->parsed[i].tree, tree))
            return &st->parsed[i];
    if (!add || !tree[0] || st->nparsed >= CONFIG_CACHE)
        return NULL;
    parsed_entry *e = &st->parsed[st->nparsed++];
    memset(e, 0, sizeof(*e));
    snprintf(e->tree, sizeof(e->tree), "%s", tree);
    return e;
}

int dr_snapshot_config(dr_snapshot *snap, dr_ctx *ctx, const dr_config **out)
{
    int rc;
    if (!snap->config) {
        git_oid id;
        if ((rc = dr_snapshot_config_blob(snap, ctx, snap->config_blob)))
            return rc;
        parsed_entry *e = parsed_for(snap, true);
        if (e && e->config) {
            snap->config = e->config;
            snap->config_shared = true;
        } else {
            git_oid_fromstr(&id, snap->config_blob);
            if ((rc = load_config_blob(snap, ctx, &id, 0, &snap->config)))
                return rc;
            if (e) {
                e->config = snap->config;
                snap->config_shared = true;
            }
        }
    }
    *out = snap->config;
    return 0;
}

int dr_snapshot_config_at(dr_snapshot *snap, dr_ctx *ctx, const char *blob, const dr_config **out)
{
    git_oid id;
    int rc;
    const dr_config *cur;
    if ((rc = dr_snapshot_config(snap, ctx, &cur)))
        return rc;
    if (strcmp(blob, snap->config_blob) == 0) {
        *out = cur;
        return 0;
    }
    for (size_t i = 0; i < snap->nold; i++)
        if (strcmp(snap->old[i].blob, blob) == 0) {
            *out = snap->old[i].cfg;
            return 0;
        }
    if (strlen(blob) != 40 || git_oid_fromstr(&id, blob) < 0)
        return dr_ctx_set(ctx, DR_EINVALID, "'%s' is not a blob id", blob);
    struct cached_cfg *slot = dr__push(&snap->old, &snap->nold, sizeof(*slot));
    if (!slot)
        return DR_ENOMEM;
    snprintf(slot->blob, sizeof(slot->blob), "%s", blob);
    if ((rc = load_config_blob(snap, ctx, &id, DR_CONFIG_NO_KEYS, &slot->cfg))) {
        snap->nold--;
        return rc;
    }
    *out = slot->cfg;
    return 0;
}

int dr_snapshot_calendar(dr_snapshot *snap, dr_ctx *ctx, const dr_calendar **out)
{
    git_tree_entry *e = NULL;
    git_tree *dir = NULL;
    dr_calendar *cal = NULL;
    dr_buf b;
    int rc = 0;
    if (snap->calendar) {
        *out = snap->calendar;
        return 0;
    }
    parsed_entry *cached = parsed_for(snap, false);
    if (cached && cached->calendar) {
        snap->calendar = cached->calendar;
        snap->calendar_shared = true;
        *out = snap->calendar;
        return 0;
    }
    dr_buf_init(&b, DR_YAML_MAX_BYTES);
    if ((rc = dr_calendar_new(&cal)))
        goto done;
    if (git_tree_entry_bypath(&e, snap->tree, ".docroute/calendar") < 0 ||
        git_tree_lookup(&dir, snap->st->repo, git_tree_entry_id(e)) < 0) {
        git_error_clear();
        rc = dr_ctx_setpos(ctx, DR_ECONFIG, ".docroute/calendar", 0, 0,
                           "the repository has no working-day calendar");
        goto done;
    }
    for (size_t i = 0; i < git_tree_entrycount(dir); i++) {
        const git_tree_entry *ce = git_tree_entry_byindex(dir, i);
        const char *name = git_tree_entry_name(ce);
        size_t nl = strlen(name);
        char path[300];
        if (nl < 6 || strcmp(name + nl - 5, ".yaml") != 0)
            continue;
        snprintf(path, sizeof(path), ".docroute/calendar/%s", name);
        b.len = 0;
        if ((rc = dr__read_blob(snap->st->repo, ctx, git_tree_entry_id(ce), path, &b)))
            goto done;
        if ((rc = dr_calendar_add_year(cal, ctx, path, b.ptr ? b.ptr : "", b.len))) {
            if (rc != DR_ENOMEM) {
                rc = DR_ECONFIG;
                if (ctx)
                    ctx->code = rc;
            }
            goto done;
        }
    }
    snap->calendar = cal;
    cal = NULL;
    parsed_entry *pe = parsed_for(snap, true);
    if (pe && !pe->calendar) {
        pe->calendar = snap->calendar;
        snap->calendar_shared = true;
    }
    *out = snap->calendar;
done:
    dr_buf_dispose(&b);
    dr_calendar_free(cal);
    git_tree_free(dir);
    git_tree_entry_free(e);
    return rc;
}

int dr_snapshot_next_serial(dr_snapshot *snap, dr_ctx *ctx, int year, const char *code, int *out)
{
    char path[128], prefix[64];
    git_tree_entry *e = NULL;
    git_tree *dir = NULL;
    int max = 0;
    snprintf(path, sizeof(path), "docs/%04d/%s", year, code);
    snprintf(prefix, sizeof(prefix), "%04d-%s-", year, code);
    if (git_tree_entry_bypath(&e, snap->tree, path) == 0 &&
        git_tree_lookup(&dir, snap->st->repo, git_tree_entry_id(e)) == 0) {
        for (size_t i = 0; i < git_tree_entrycount(dir); i++) {
            const char *name = git_tree_entry_name(git_tree_entry_byindex(dir, i));
            if (strncmp(name, prefix, strlen(prefix)) == 0) {
                long v = strtol(name + strlen(prefix), NULL, 10);
                if (v > max && v < 1000000)
                    max = (int)v;
            }
        }
    }
    git_error_clear();
    git_tree_free(dir);
    git_tree_entry_free(e);
    if (max >= 999999)
        return dr_ctx_set(ctx, DR_EINVALID, "no serial left for %s in %d", code, year);
    *out = max + 1;
    return 0;
}

int dr__each_level(dr_snapshot *snap, dr_ctx *ctx, const git_tree *t, int depth,
                      int (*fn)(void *, const char *), void *ud)
{
    for (size_t i = 0; i < git_tree_entrycount(t); i++) {
        const git_tree_entry *e = git_tree_entry_byindex(t, i);
        if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
            continue;
        if (depth == 2) {
            if (dr_doc_id_valid(git_tree_entry_name(e))) {
                int rc = fn(ud, git_tree_entry_name(e));
                if (rc)
                    return rc;
            }
            continue;
        }
        git_tree *sub = NULL;
        if (git_tree_lookup(&sub, snap->st->repo, git_tree_entry_id(e)) < 0)
            return dr__git_fail(ctx, DR_EIO, "cannot read a tree");
        int rc = dr__each_level(snap, ctx, sub, depth + 1, fn, ud);
        git_tree_free(sub);
        if (rc)
            return rc;
    }
    return 0;
}

int dr_snapshot_each_doc(dr_snapshot *snap, dr_ctx *ctx, int (*fn)(void *ud, const char *id),
                         void *ud)
{
    git_tree_entry *e = NULL;
    git_tree *docs = NULL;
    int rc = 0;
    if (git_tree_entry_bypath(&e, snap->tree, "docs") < 0) {
        git_error_clear();
        return 0;
    }
    if (git_tree_lookup(&docs, snap->st->repo, git_tree_entry_id(e)) < 0)
        rc = dr__git_fail(ctx, DR_EIO, "cannot read docs/");
    else
        rc = dr__each_level(snap, ctx, docs, 0, fn, ud);
    git_tree_free(docs);
    git_tree_entry_free(e);
    return rc;
}
