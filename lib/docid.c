/* Document ids and where a document lives in the tree: an id is YYYY-CODE-NNNN (its
 * year, its drafting unit's code, the year's serial), its folder docs/YYYY/CODE/ID/. */
#include "docroute/store.h"

#include <stdio.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

bool dr_doc_id_valid(const char *id)
{
    /* YYYY-code-NNNN: code 1-16 [a-z0-9], serial 4-6 digits. */
    size_t n = id ? strlen(id) : 0;
    if (n < 11 || n > 4 + 1 + 16 + 1 + 6)
        return false;
    for (int i = 0; i < 4; i++)
        if (id[i] < '0' || id[i] > '9')
            return false;
    if (id[4] != '-')
        return false;
    const char *dash = strrchr(id, '-');
    if (dash == id + 4)
        return false;
    for (const char *c = id + 5; c < dash; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
            return false;
    size_t serial = strlen(dash + 1);
    if (serial < 4 || serial > 6 || dash - (id + 5) > 16)
        return false;
    for (const char *c = dash + 1; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    return true;
}

int dr_doc_dir(const char *id, char *out, size_t size)
{
    if (!dr_doc_id_valid(id))
        return DR_EINVALID;
    const char *dash = strrchr(id, '-');
    int n = snprintf(out, size, "docs/%.4s/%.*s/%s", id, (int)(dash - id - 5), id + 5, id);
    return n < 0 || (size_t)n >= size ? DR_EINVALID : 0;
}

int dr_doc_envelope_path(const char *id, char *out, size_t size)
{
    char dir[128];
    if (dr_doc_dir(id, dir, sizeof(dir)))
        return DR_EINVALID;
    int n = snprintf(out, size, "%s/envelope.xml", dir);
    return n < 0 || (size_t)n >= size ? DR_EINVALID : 0;
}

int dr_doc_id_make(char *out, size_t size, int year, const char *code, int serial)
{
    int n = snprintf(out, size, "%04d-%s-%04d", year, code ? code : "", serial);
    if (n < 0 || (size_t)n >= size || !dr_doc_id_valid(out)) {
        if (size)
            out[0] = '\0';
        return DR_EINVALID;
    }
    return 0;
}

int dr_doc_file_name(dr_snapshot *snap, dr_ctx *ctx, const char *doc, const char *name,
                     const char *sha, bool may_rename, char *out, size_t size, bool *write)
{
    char dir[128], full[400];
    const char *dot = strrchr(name, '.');
    size_t stem = dot ? (size_t)(dot - name) : strlen(name);
    *write = false;
    if (dr_doc_dir(doc, dir, sizeof(dir)))
        return dr_ctx_set(ctx, DR_EINVALID, "'%s' is not a document id", doc);
    int n = snprintf(out, size, "%s", name);
    for (int k = 2; k < 100; k++) {
        if (n < 0 || (size_t)n >= size || snprintf(full, sizeof(full), "%s/%s", dir, out) >= (int)sizeof(full))
            return dr_ctx_set(ctx, DR_EINVALID, "file name '%s' is too long", name);
        dr_buf old;
        char osha[65] = "";
        dr_buf_init(&old, (size_t)64 << 20);
        int rc = dr_snapshot_read(snap, ctx, full, &old);
        if (rc == 0)
            dr_sha256_hex(old.ptr ? old.ptr : "", old.len, osha);
        dr_buf_dispose(&old);
        if (rc == DR_ENOTFOUND) {
            dr_ctx_init(ctx);
            *write = true;
            return 0;
        }
        if (rc)
            return rc;
        if (!strcmp(osha, sha))
            return 0; /* the same bytes: not written again */
        if (!may_rename)
            return dr_ctx_set(ctx, DR_EINVALID, "attachment '%s' exists in %s with other bytes: give "
                                                "the revised one another name",
                              name, doc);
        n = snprintf(out, size, "%.*s-r%d%s", (int)stem, name, k, dot ? dot : "");
    }
    return dr_ctx_set(ctx, DR_EINVALID, "'%s' has been revised too often in %s", name, doc);
}
