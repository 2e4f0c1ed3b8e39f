/* A signed checkpoint kept outside the branch: check compares the branch against it,
 * so a rewrite that drops acts is found even without the server's hook. */
#include "docroute/checkpoint.h"
#include "docroute/config.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

static int signed_bytes(dr_buf *out, const char *commit, const char *signer, const char *at)
{
    static const char tag[] = "docroute-checkpoint-v1";
    int rc = dr_buf_put(out, tag, sizeof(tag)); /* with its NUL */
    return rc ? rc : dr_buf_printf(out, "%s\n%s\n%s", commit, signer, at);
}

int dr_checkpoint_make(dr_buf *out, dr_ctx *ctx, const char *commit, const char *key_name,
                       const dr_key *key, dr_time at)
{
    char when[26];
    dr_buf bytes, sig, b64;
    int rc;
    dr_time_format(at, when);
    dr_buf_init(&bytes, 0);
    dr_buf_init(&sig, 0);
    dr_buf_init(&b64, 0);
    if (!(rc = signed_bytes(&bytes, commit, key_name, when)) &&
        !(rc = dr_sign(ctx, key, bytes.ptr, bytes.len, &sig)) &&
        !(rc = dr_base64_encode(&b64, sig.ptr, sig.len)))
        rc = dr_buf_printf(out, "docroute-checkpoint 1\ncommit %s\nsigner %s\nat %s\nsignature %s %s\n",
                           commit, key_name, when, dr_alg_name(dr_key_alg(key)), b64.ptr);
    dr_buf_dispose(&bytes);
    dr_buf_dispose(&sig);
    dr_buf_dispose(&b64);
    return rc;
}

/* Line n of the file must be "key value": the value, copied; false otherwise. */
static bool field(const char **p, const char *end, const char *key, char *out, size_t size)
{
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    size_t kl = strlen(key);
    if (!nl || (size_t)(nl - *p) <= kl + 1 || strncmp(*p, key, kl) || (*p)[kl] != ' ' ||
        (size_t)(nl - *p) - kl - 1 >= size)
        return false;
    memcpy(out, *p + kl + 1, (size_t)(nl - *p) - kl - 1);
    out[nl - *p - kl - 1] = '\0';
    *p = nl + 1;
    return out[0] != '\0';
}

static bool hex40(const char *s)
{
    return strlen(s) == 40 && strspn(s, "0123456789abcdef") == 40;
}

int dr_checkpoint_check(dr_findings *out, dr_ctx *ctx, dr_store *st, const char *file,
                        const char *data, size_t len, const char *tip)
{
    char commit[48], signer[DR_ID_MAX + 16], at[40], sigline[400];
    const char *p = data, *end = data + len;
    static const char *const keys[] = {"commit", "signer", "at", "signature"};
    char *const vals[] = {commit, signer, at, sigline};
    const size_t sizes[] = {sizeof(commit), sizeof(signer), sizeof(at), sizeof(sigline)};
    if (len > DR_CHECKPOINT_MAX_BYTES || memchr(data, '\0', len))
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 0, 0, "not a checkpoint (over %d bytes, or binary)",
                             DR_CHECKPOINT_MAX_BYTES);
    static const char magic[] = "docroute-checkpoint 1\n";
    if (len < sizeof(magic) - 1 || memcmp(data, magic, sizeof(magic) - 1) != 0)
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 1, 0, "not a checkpoint: the first line is "
                                                           "'docroute-checkpoint 1'");
    p += sizeof(magic) - 1;
    for (int i = 0; i < 4; i++)
        if (!field(&p, end, keys[i], vals[i], sizes[i]))
            return dr_ctx_setpos(ctx, DR_EINVALID, file, i + 2, 0, "expected '%s VALUE'", keys[i]);
    if (p != end)
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 6, 0, "nothing follows the signature");
    dr_time when;
    char alg[16] = "", b64[360] = "";
    const char *sp = strchr(sigline, ' ');
    if (!hex40(commit))
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 2, 0, "'%s' is not a commit id", commit);
    if (dr_time_parse(&when, at))
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 4, 0, "'%s' is not a time", at);
    if (!sp || (size_t)(sp - sigline) >= sizeof(alg) || strchr(sp + 1, ' '))
        return dr_ctx_setpos(ctx, DR_EINVALID, file, 5, 0, "expected 'signature ALG BASE64'");
    memcpy(alg, sigline, (size_t)(sp - sigline));
    snprintf(b64, sizeof(b64), "%s", sp + 1);

    bool in = false;
    int rc = dr_store_contains(st, ctx, tip, commit, &in);
    if (rc)
        return rc;
    if (!in)
        return dr_findings_add(out, DR_ENV_HISTORY, DR_SEV_ERROR, "", false,
                               "%s: the checkpoint's commit %.12s (signed by %s at %s) is not in the "
                               "branch's history: the branch was rewritten after it",
                               file, commit, signer, at);
    /* The signer: one whom the config at that commit lets sign config acts. */
    dr_snapshot *snap = NULL;
    const dr_config *cfg = NULL;
    if ((rc = dr_store_snapshot(&snap, ctx, st, commit)) || (rc = dr_snapshot_config(snap, ctx, &cfg))) {
        dr_snapshot_free(snap);
        return rc;
    }
    char person[DR_ID_MAX + 16];
    snprintf(person, sizeof(person), "%s", signer);
    char *slash = strrchr(person, '/');
    int kid = slash ? (int)strtol(slash + 1, NULL, 10) : 0;
    if (slash)
        *slash = '\0';
    const dr_person *who = dr_config_person(cfg, person);
    const dr_person_key *pk = dr_config_person_key(who, kid);
    dr_buf bytes, raw;
    dr_ctx vctx;
    dr_ctx_init(&vctx);
    dr_buf_init(&bytes, 0);
    dr_buf_init(&raw, 0);
    int brc = signed_bytes(&bytes, commit, signer, at), drc = 0;
    if (brc)
        rc = dr_ctx_set(ctx, brc, "the checkpoint's signed bytes: %s", dr_strerror(brc));
    else if (!who || !dr_config_may_sign_config(cfg, who))
        rc = dr_findings_add(out, DR_ENV_HISTORY, DR_SEV_ERROR, "", false,
                             "%s: '%s' may not sign checkpoints (acts: config, at %.12s)", file, person, commit);
    else if (!pk || !pk->key || dr_alg_parse(alg) != dr_key_alg(pk->key) ||
             !dr_person_key_valid_on(pk, dr_time_date(when)))
        rc = dr_findings_add(out, DR_ENV_HISTORY, DR_SEV_ERROR, "", false,
                             "%s: '%s' is not a %s key of %s valid on %.10s", file, signer, alg, person, at);
    else if ((drc = dr_base64_decode(&raw, b64, strlen(b64))) == DR_ENOMEM)
        rc = dr_ctx_set(ctx, DR_ENOMEM, "the checkpoint's signature: %s", dr_strerror(drc));
    else if (drc || dr_verify(&vctx, pk->key, bytes.ptr, bytes.len, raw.ptr, raw.len))
        rc = dr_findings_add(out, DR_ENV_HISTORY, DR_SEV_ERROR, "", false,
                             "%s: the checkpoint's signature by '%s' does not verify", file, signer);
    dr_buf_dispose(&bytes);
    dr_buf_dispose(&raw);
    dr_snapshot_free(snap);
    return rc;
}
