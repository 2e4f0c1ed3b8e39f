/* The envelopes a store has parsed, by blob id: a small memo, the least recently used
 * version given up first. */
#include "envmemo.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

/* Enough for the documents in flight at once in a history's stretch of acts. */
#define MEMO_SLOTS 64

struct dr_envmemo {
    dr__memo_env slot[MEMO_SLOTS];
    unsigned long used[MEMO_SLOTS]; /* when each was last used; 0: empty */
    unsigned long clock;
};

void dr__memo_free(struct dr_envmemo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < MEMO_SLOTS; i++)
        dr_envelope_free((dr_envelope *)m->slot[i].env);
    free(m);
}

int dr__memo_envelope(dr__memo_env **out, dr_ctx *ctx, dr_snapshot *snap, const char *path,
                      dr_ctx *pctx, int *prc)
{
    git_tree_entry *e = NULL;
    dr_envelope *env = NULL;
    dr_buf b;
    int rc = 0;
    *out = NULL;
    *prc = 0;
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES);
    if (!snap->st->memo && !(snap->st->memo = calloc(1, sizeof(struct dr_envmemo))))
        return DR_ENOMEM;
    struct dr_envmemo *m = snap->st->memo;
    if (git_tree_entry_bypath(&e, snap->tree, path) < 0) {
        git_error_clear();
        rc = dr_ctx_setpos(ctx, DR_ENOTFOUND, path, 0, 0, "'%s' does not exist at %.12s", path,
                           snap->commit_hex);
        goto done;
    }
    if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
        rc = dr_ctx_setpos(ctx, DR_EINVALID, path, 0, 0, "'%s' is not a file", path);
        goto done;
    }
    const git_oid *id = git_tree_entry_id(e);
    size_t lru = 0;
    for (size_t i = 0; i < MEMO_SLOTS; i++) {
        if (m->used[i] && !memcmp(m->slot[i].id, id->id, 20)) {
            m->used[i] = ++m->clock;
            *out = &m->slot[i];
            goto done;
        }
        if (m->used[i] < m->used[lru])
            lru = i;
    }
    if ((rc = dr__read_blob(snap->st->repo, ctx, id, path, &b)))
        goto done;
    if ((*prc = dr_envelope_parse(&env, pctx, path, b.ptr ? b.ptr : "", b.len, DR_FORM_RECORDED)))
        goto done;
    dr_envelope_free((dr_envelope *)m->slot[lru].env);
    memset(&m->slot[lru], 0, sizeof(m->slot[lru]));
    memcpy(m->slot[lru].id, id->id, 20);
    m->slot[lru].env = env;
    m->used[lru] = ++m->clock;
    *out = &m->slot[lru];
done:
    git_tree_entry_free(e);
    dr_buf_dispose(&b);
    return rc;
}
