/* The derived cache (SPEC §2): active documents and the highest numbers, kept outside the
 * tree under $GIT_DIR/docroute/, brought up to date from the tree diff. Never evidence. */
#include "store_internal.h"
#include "docroute/envelope.h"
#include "docroute/numbers.h"
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

/* ---- the derived cache: active documents, highest numbers ---- */

int dr_snapshot_doc_active(dr_snapshot *snap, dr_ctx *ctx, const char *id, bool *active);

typedef struct {
    char prefix[96];
    int year, max;
} number_entry;

typedef struct {
    char commit[41];
    char **ids;
    size_t n;
    number_entry *nums;
    size_t nnums;
} cache_t;

static void cache_dispose(cache_t *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->ids[i]);
    free(c->ids);
    free(c->nums);
    memset(c, 0, sizeof(*c));
}

static int ids_add(cache_t *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->ids[i], id))
            return 0;
    char **slot = dr__push(&c->ids, &c->n, sizeof(char *));
    if (!slot || !(*slot = dr__strdup(id)))
        return DR_ENOMEM;
    return 0;
}

static void ids_remove(cache_t *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->ids[i], id)) {
            free(c->ids[i]);
            c->ids[i] = c->ids[--c->n];
            return;
        }
}

static int note_number(cache_t *c, const char *prefix, int year, int n)
{
    for (size_t i = 0; i < c->nnums; i++)
        if (c->nums[i].year == year && !strcmp(c->nums[i].prefix, prefix)) {
            if (n > c->nums[i].max)
                c->nums[i].max = n;
            return 0;
        }
    number_entry *e = dr__push(&c->nums, &c->nnums, sizeof(number_entry));
    if (!e)
        return DR_ENOMEM;
    snprintf(e->prefix, sizeof(e->prefix), "%s", prefix);
    e->year = year;
    e->max = n;
    return 0;
}

static int cmp_ids(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void cache_path(dr_store *st, char *out, size_t size, const char *leaf)
{
    snprintf(out, size, "%sdocroute/%s", git_repository_path(st->repo), leaf);
}

/* A whole field of 1-9 decimal digits. */
static bool small_int(const char *s, int *out)
{
    size_t n = strspn(s, "0123456789");
    if (n < 1 || n > 9 || s[n] != '\0')
        return false;
    *out = (int)strtol(s, NULL, 10);
    return true;
}

static bool cache_read(dr_store *st, cache_t *c)
{
    char path[4200], line[512];
    cache_path(st, path, sizeof(path), "cache");
    FILE *f = fopen(path, "r");
    bool ok = false;
    if (!f)
        return false;
    if (!fgets(line, sizeof(line), f) || strcmp(line, "docroute-cache 1\n") != 0)
        goto done;
    if (!fgets(line, sizeof(line), f) || strncmp(line, "commit ", 7) != 0 || strlen(line) != 48)
        goto done;
    memcpy(c->commit, line + 7, 40);
    c->commit[40] = '\0';
    while (fgets(line, sizeof(line), f)) {
        size_t n = strlen(line);
        if (!n || line[n - 1] != '\n')
            goto done;
        line[n - 1] = '\0';
        if (!strncmp(line, "active ", 7) && dr_doc_id_valid(line + 7)) {
            if (ids_add(c, line + 7))
                goto done;
        } else if (!strncmp(line, "number ", 7)) {
            char prefix[96];
            int year, max;
            char *sp = strrchr(line, ' ');
            if (!sp || !small_int(sp + 1, &max))
                goto done;
            *sp = '\0';
            char *sp2 = strrchr(line, ' ');
            if (!sp2 || !small_int(sp2 + 1, &year) || (size_t)(sp2 - line - 7) >= sizeof(prefix))
                goto done;
            *sp2 = '\0';
            memcpy(prefix, line + 7, (size_t)(sp2 - line - 7) + 1); /* length checked above */
            if (note_number(c, prefix, year, max))
                goto done;
        } else {
            goto done;
        }
    }
    ok = true;
done:
    fclose(f);
    if (!ok)
        cache_dispose(c);
    return ok;
}

static void cache_write(dr_store *st, cache_t *c)
{
    char dir[4200], path[4200], tmp[4300];
    cache_path(st, dir, sizeof(dir), "");
    cache_path(st, path, sizeof(path), "cache");
    snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return; /* a read-only repository: the cache is only an aid */
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;
    if (c->n)
        qsort(c->ids, c->n, sizeof(char *), cmp_ids);
    fprintf(f, "docroute-cache 1\ncommit %s\n", c->commit);
    for (size_t i = 0; i < c->n; i++)
        fprintf(f, "active %s\n", c->ids[i]);
    for (size_t i = 0; i < c->nnums; i++)
        fprintf(f, "number %s %d %d\n", c->nums[i].prefix, c->nums[i].year, c->nums[i].max);
    if (fclose(f) != 0 || rename(tmp, path) != 0)
        unlink(tmp);
}

/* Indexes one document: whether it is active, and the number it was given. */
static int index_doc(dr_snapshot *snap, dr_ctx *ctx, const char *id, cache_t *c)
{
    char path[160];
    dr_buf b;
    dr_envelope *env = NULL;
    bool active;
    int rc = dr_snapshot_doc_active(snap, ctx, id, &active);
    if (rc)
        return rc;
    if (active)
        rc = ids_add(c, id);
    else
        ids_remove(c, id);
    if (rc || dr_doc_envelope_path(id, path, sizeof(path)))
        return rc;
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES);
    /* read and parsed once already (dr_snapshot_doc_active): a failure now is an error */
    rc = dr_snapshot_read(snap, ctx, path, &b);
    if (rc == DR_ENOTFOUND)
        rc = 0;
    else if (!rc && !(rc = dr_envelope_parse(&env, ctx, path, b.ptr, b.len, DR_FORM_RECORDED))) {
        for (size_t i = 0; i < dr_envelope_event_count(env) && !rc; i++) {
            const char *num = dr_event_attr(env, i, "number");
            char prefix[96];
            int year, n;
            if (num && !strcmp(dr_envelope_event(env, i)->act, "register") &&
                dr_number_parse(num, prefix, sizeof(prefix), &year, &n) == 0)
                rc = note_number(c, prefix, year, n);
        }
    }
    dr_envelope_free(env);
    dr_buf_dispose(&b);
    return rc;
}

typedef struct {
    dr_snapshot *snap;
    dr_ctx *ctx;
    cache_t *c;
} rebuild_ud;

static int rebuild_one(void *ud, const char *id)
{
    rebuild_ud *r = ud;
    return index_doc(r->snap, r->ctx, id, r->c);
}

/* The document ids whose envelope changed between two trees. */
static int changed_docs(dr_store *st, dr_ctx *ctx, git_tree *old, git_tree *now, cache_t *out)
{
    git_diff *diff = NULL;
    git_diff_options opts;
    char *spec[] = {"docs"};
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.pathspec.strings = spec;
    opts.pathspec.count = 1;
    if (git_diff_tree_to_tree(&diff, st->repo, old, now, &opts) < 0)
        return dr__git_fail(ctx, DR_EIO, "cannot diff the trees for the cache");
    int rc = 0;
    for (size_t i = 0; i < git_diff_num_deltas(diff) && !rc; i++) {
        const git_diff_delta *d = git_diff_get_delta(diff, i);
        const char *p = d->new_file.path ? d->new_file.path : d->old_file.path;
        const char *leaf = strrchr(p, '/');
        if (!leaf || strcmp(leaf, "/envelope.xml") != 0)
            continue;
        const char *start = leaf;
        while (start > p && start[-1] != '/')
            start--;
        char id[64];
        size_t len = (size_t)(leaf - start);
        if (len >= sizeof(id))
            continue;
        memcpy(id, start, len);
        id[len] = '\0';
        if (dr_doc_id_valid(id))
            rc = ids_add(out, id);
    }
    git_diff_free(diff);
    return rc;
}

/* Brings the cache up to the snapshot: from the diff since the commit it
 * indexed, or from scratch when that commit is not an ancestor. */
static int cache_refresh(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, cache_t *c)
{
    cache_t changed = {0};
    git_oid old_id;
    git_commit *old = NULL;
    git_tree *old_tree = NULL;
    int rc = 0;
    bool fresh = cache_read(st, c) && git_oid_fromstr(&old_id, c->commit) == 0 &&
                 git_commit_lookup(&old, st->repo, &old_id) == 0 &&
                 (git_oid_equal(&old_id, git_commit_id(snap->commit)) ||
                  git_graph_descendant_of(st->repo, git_commit_id(snap->commit), &old_id) == 1);
    git_error_clear();
    if (fresh && git_oid_equal(&old_id, git_commit_id(snap->commit)))
        goto done;
    if (fresh) {
        if (git_commit_tree(&old_tree, old) < 0) {
            rc = dr__git_fail(ctx, DR_EIO, "cannot read the cache's commit");
            goto done;
        }
        if ((rc = changed_docs(st, ctx, old_tree, snap->tree, &changed)))
            goto done;
        for (size_t i = 0; i < changed.n && !rc; i++)
            rc = index_doc(snap, ctx, changed.ids[i], c);
    } else {
        cache_dispose(c);
        rebuild_ud r = {snap, ctx, c};
        rc = dr_snapshot_each_doc(snap, ctx, rebuild_one, &r);
    }
    if (!rc) {
        snprintf(c->commit, sizeof(c->commit), "%s", snap->commit_hex);
        cache_write(st, c);
    }
done:
    git_tree_free(old_tree);
    git_commit_free(old);
    cache_dispose(&changed);
    return rc;
}

int dr_store_active_docs(dr_store *st, dr_ctx *ctx, dr_snapshot *snap,
                         int (*fn)(void *ud, const char *id), void *ud)
{
    cache_t c = {0};
    int rc = cache_refresh(st, ctx, snap, &c);
    if (!rc) {
        if (c.n)
            qsort(c.ids, c.n, sizeof(char *), cmp_ids);
        for (size_t i = 0; i < c.n && !rc; i++)
            rc = fn(ud, c.ids[i]);
    }
    cache_dispose(&c);
    return rc;
}

int dr_store_next_number(dr_store *st, dr_ctx *ctx, dr_snapshot *snap, const char *prefix, int year,
                         int *out)
{
    cache_t c = {0};
    int rc = cache_refresh(st, ctx, snap, &c);
    *out = 1;
    for (size_t i = 0; !rc && i < c.nnums; i++)
        if (c.nums[i].year == year && !strcmp(c.nums[i].prefix, prefix))
            *out = c.nums[i].max + 1;
    cache_dispose(&c);
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

