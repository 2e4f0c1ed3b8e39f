/* check: a config act (a commit that changes .docroute/ alone) verified against the
 * config in force before it — valid, and signed by as many of those the previous
 * config lets sign config acts as it asks (more when keys, roles, routes or rules
 * change). Part of the verifier (verify.c). */
#include "docroute/check.h"
#include "docroute/sign.h"
#include "docroute/store.h"
#include "internal.h"
#include "verify_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

int dr_config_signed_bytes(const char *parent, const char *tree, dr_buf *out)
{
    static const char tag[] = "docroute-config-v1";
    int rc = dr_buf_put(out, tag, sizeof(tag)); /* with its NUL */
    if (!rc)
        rc = dr_buf_puts(out, parent);
    return rc ? rc : dr_buf_puts(out, tree);
}

/* Equal yaml subtrees (positions aside)? */
static bool same_yaml(const dr_ynode *a, const dr_ynode *b)
{
    if (!a || !b)
        return a == b;
    if (a->type != b->type || a->n != b->n)
        return false;
    if (a->type == DR_Y_SCALAR)
        return strcmp(a->str, b->str) == 0;
    for (size_t i = 0; i < a->n; i++)
        if (!same_yaml(a->kids[i], b->kids[i]))
            return false;
    return true;
}

/* Do keys, roles or routes differ? (two signers then) */
static bool sensitive_change(dr_snapshot *p, dr_snapshot *c, dr_ctx *ctx)
{
    dr_buf a, b;
    dr_ynode *ya = NULL, *yb = NULL;
    char ka[41], kb[41];
    bool changed = true;
    dr_buf_init(&a, DR_CONFIG_MAX_BYTES);
    dr_buf_init(&b, DR_CONFIG_MAX_BYTES);
    dr_snapshot_tree_id(p, ".docroute/keys", ka);
    dr_snapshot_tree_id(c, ".docroute/keys", kb);
    if (strcmp(ka, kb) != 0)
        goto done;
    if (dr_snapshot_read(p, ctx, ".docroute/config.yaml", &a) ||
        dr_snapshot_read(c, ctx, ".docroute/config.yaml", &b) ||
        dr__yaml_load(&ya, ctx, "a", a.ptr, a.len) || dr__yaml_load(&yb, ctx, "b", b.ptr, b.len))
        goto done;
    if (!same_yaml(dr__yaml_get(ya, "roles"), dr__yaml_get(yb, "roles")) ||
        !same_yaml(dr__yaml_get(ya, "routes"), dr__yaml_get(yb, "routes")) ||
        !same_yaml(dr__yaml_get(ya, "numbering"), dr__yaml_get(yb, "numbering")) ||
        /* who may act, which rules hold, who the recipients are, what kinds there are,
         * and how many sign: as sensitive as roles */
        !same_yaml(dr__yaml_get(ya, "acts"), dr__yaml_get(yb, "acts")) ||
        !same_yaml(dr__yaml_get(ya, "rules"), dr__yaml_get(yb, "rules")) ||
        !same_yaml(dr__yaml_get(ya, "groups"), dr__yaml_get(yb, "groups")) ||
        !same_yaml(dr__yaml_get(ya, "unit-kinds"), dr__yaml_get(yb, "unit-kinds")) ||
        !same_yaml(dr__yaml_get(ya, "meetings"), dr__yaml_get(yb, "meetings")) ||
        !same_yaml(dr__yaml_get(ya, "config-signatures"), dr__yaml_get(yb, "config-signatures")))
        goto done;
    /* people's roles and keys */
    const dr_ynode *pa = dr__yaml_get(ya, "people"), *pb = dr__yaml_get(yb, "people");
    if (!pa || !pb || pa->n != pb->n)
        goto done;
    for (size_t i = 0; i < pa->n; i++)
        if (!same_yaml(dr__yaml_get(pa->kids[i], "roles"), dr__yaml_get(pb->kids[i], "roles")) ||
            !same_yaml(dr__yaml_get(pa->kids[i], "keys"), dr__yaml_get(pb->kids[i], "keys")) ||
            !same_yaml(dr__yaml_get(pa->kids[i], "id"), dr__yaml_get(pb->kids[i], "id")))
            goto done;
    changed = false;
done:
    dr__yaml_free(ya);
    dr__yaml_free(yb);
    dr_buf_dispose(&a);
    dr_buf_dispose(&b);
    return changed;
}

int verify_config_act(sink *k, dr_ctx *ctx, dr_snapshot *p, dr_snapshot *c,
                             const changes *ch)
{
    const dr_config *old_cfg, *new_cfg;
    char tree[41], value[600];
    const char *cursor = NULL;
    int signers = 0, rc;
    for (size_t i = 0; i < ch->n; i++)
        if (strncmp(ch->v[i].path, ".docroute/", 10) != 0)
            add(k, DR_ENV_CONFIG_IN_FORCE, 0, "a config act changes nothing but .docroute/, not '%s'",
                ch->v[i].path);
    dr_ctx cctx;
    dr_ctx_init(&cctx);
    if ((rc = dr_snapshot_config(p, ctx, &old_cfg)))
        return rc;
    if ((rc = dr_snapshot_config(c, &cctx, &new_cfg)) && !nomem(k, rc))
        add(k, DR_ENV_CONFIG_IN_FORCE, 0, "the new config is invalid: %s:%d:%d: %s", cctx.file,
            cctx.line, cctx.col, cctx.msg);
    const dr_calendar *cal;
    dr_ctx_init(&cctx);
    if ((rc = dr_snapshot_calendar(c, &cctx, &cal)) && !nomem(k, rc))
        add(k, DR_ENV_CONFIG_IN_FORCE, 0, "the new calendar is invalid: %s", cctx.msg);
    dr_snapshot_tree_id(c, ".docroute", tree);
    char parents[1][41];
    size_t np;
    dr_snapshot_parents(c, parents, 1, &np);
    dr_buf bytes;
    dr_buf_init(&bytes, 0);
    if ((rc = dr_config_signed_bytes(parents[0], tree, &bytes))) {
        dr_buf_dispose(&bytes);
        return dr_ctx_set(ctx, rc, "a config act's signed bytes: %s", dr_strerror(rc));
    }
    dr_time when = {dr_snapshot_author_time(c), old_cfg->utc_offset};
    char seen[8][DR_ID_MAX + 8];
    int nseen = 0;
    while (trailer(dr_snapshot_message(c), "Config-Signature", value, sizeof(value), &cursor)) {
        char who[DR_ID_MAX + 8], alg[16], b64[300];
        char *const f[3] = {who, alg, b64};
        const size_t fsize[3] = {sizeof(who), sizeof(alg), sizeof(b64)};
        if (split_fields(value, f, fsize, 3) != 0) {
            add(k, DR_ENV_CONFIG_IN_FORCE, 0, "a malformed Config-Signature trailer");
            continue;
        }
        char *slash = strrchr(who, '/');
        int kid = slash ? (int)strtol(slash + 1, NULL, 10) : 0;
        if (slash)
            *slash = '\0';
        const dr_person *person = dr_config_person(old_cfg, who);
        const dr_person_key *pk = dr_config_person_key(person, kid);
        bool admin = dr_config_may_sign_config(old_cfg, person);
        dr_buf raw;
        dr_buf_init(&raw, 0);
        dr_ctx vctx;
        dr_ctx_init(&vctx);
        if (!admin)
            add(k, DR_ENV_CONFIG_IN_FORCE, 0, "'%s' may not sign config acts under the previous config (acts: config)", who);
        else if (!pk || !pk->key || dr_alg_parse(alg) != dr_key_alg(pk->key))
            add(k, DR_ENV_CONFIG_IN_FORCE, 0, "'%s/%d' is not a registered %s key", who, kid, alg);
        else if (!dr_person_key_valid_on(pk, dr_time_date(when)))
            add(k, DR_ENV_CONFIG_IN_FORCE, 0, "'%s/%d' is not valid on the act's date", who, kid);
        else if (nomem(k, rc = dr_base64_decode(&raw, b64, strlen(b64)))) {
            /* no verdict: dr_verify_commit returns DR_ENOMEM */
        } else if (rc || dr_verify(&vctx, pk->key, bytes.ptr, bytes.len, raw.ptr, raw.len))
            add(k, DR_ENV_CONFIG_IN_FORCE, 0, "the config signature by '%s/%d' does not verify", who, kid);
        else {
            bool dup = false;
            for (int j = 0; j < nseen; j++)
                dup |= !strcmp(seen[j], who);
            if (!dup && nseen < 8)
                snprintf(seen[nseen++], sizeof(seen[0]), "%s", who);
            signers += !dup;
        }
        dr_buf_dispose(&raw);
    }
    dr_buf_dispose(&bytes);
    bool sensitive = sensitive_change(p, c, ctx);
    int need = sensitive ? old_cfg->config_sigs_sensitive : old_cfg->config_sigs;
    if (signers < need)
        add(k, DR_ENV_CONFIG_IN_FORCE, 0,
            "a config change needs %d signature%s of those acts: config names under the previous "
            "config%s; it has %d",
            need, need > 1 ? "s" : "", sensitive ? " (keys, roles, routes, acts, rules or numbering change)" : "",
            signers);
    return 0;
}
