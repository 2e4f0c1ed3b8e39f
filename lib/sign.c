#include "docroute/sign.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h" /* last: it poisons names the system headers use */

struct dr_key {
    EVP_PKEY *pkey;
    dr_alg alg;
    bool priv;
};

const char *dr_alg_name(dr_alg alg)
{
    return alg == DR_ALG_ED25519 ? "ed25519" : alg == DR_ALG_SM2 ? "sm2" : "none";
}

dr_alg dr_alg_parse(const char *name)
{
    if (dr__streq(name, "ed25519"))
        return DR_ALG_ED25519;
    if (dr__streq(name, "sm2"))
        return DR_ALG_SM2;
    return DR_ALG_NONE;
}

static int ossl_error(dr_ctx *ctx, int code, const char *what, const char *name)
{
    unsigned long e = ERR_get_error();
    char detail[256] = "";
    if (e)
        ERR_error_string_n(e, detail, sizeof(detail));
    ERR_clear_error();
    return dr_ctx_set(ctx, code, "%s '%s'%s%s", what, name, e ? ": " : "", detail);
}

static int wrap(dr_key **out, dr_ctx *ctx, const char *name, EVP_PKEY *pkey, bool priv)
{
    dr_alg alg = DR_ALG_NONE;
    if (EVP_PKEY_is_a(pkey, "ED25519"))
        alg = DR_ALG_ED25519;
    else if (EVP_PKEY_is_a(pkey, "SM2"))
        alg = DR_ALG_SM2;
    if (alg == DR_ALG_NONE) {
        EVP_PKEY_free(pkey);
        return dr_ctx_set(ctx, DR_EINVALID, "key '%s' is neither ed25519 nor sm2", name);
    }
    /* A private key file holds the public key too (SM2's PKCS#8 does): a damaged one whose
     * halves disagree would match the config's public key yet sign what never verifies. */
    if (priv) {
        EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
        int pair = pc ? EVP_PKEY_pairwise_check(pc) : -1;
        EVP_PKEY_CTX_free(pc);
        if (pair != 1) {
            EVP_PKEY_free(pkey);
            ERR_clear_error();
            return dr_ctx_set(ctx, DR_EINVALID,
                              "private key '%s' does not match the public key it holds", name);
        }
    }
    *out = calloc(1, sizeof(**out));
    if (!*out) {
        EVP_PKEY_free(pkey);
        return DR_ENOMEM;
    }
    (*out)->pkey = pkey;
    (*out)->alg = alg;
    (*out)->priv = priv;
    return 0;
}

static int parse(dr_key **out, dr_ctx *ctx, const char *name, const char *pem, size_t len, bool priv)
{
    *out = NULL;
    if (len > DR_KEY_MAX_BYTES)
        return dr_ctx_set(ctx, DR_EINVALID, "key '%s' is larger than %d bytes", name,
                          DR_KEY_MAX_BYTES);
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    if (!bio)
        return DR_ENOMEM;
    EVP_PKEY *pkey = priv ? PEM_read_bio_PrivateKey(bio, NULL, NULL, (void *)"")
                          : PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (!pkey)
        return ossl_error(ctx, DR_EINVALID, priv ? "cannot read private key" : "cannot read public key",
                          name);
    return wrap(out, ctx, name, pkey, priv);
}

int dr_key_parse_public(dr_key **out, dr_ctx *ctx, const char *name, const char *pem, size_t len)
{
    return parse(out, ctx, name, pem, len, false);
}

int dr_key_parse_private(dr_key **out, dr_ctx *ctx, const char *name, const char *pem, size_t len)
{
    return parse(out, ctx, name, pem, len, true);
}

int dr_key_load_private_file(dr_key **out, dr_ctx *ctx, const char *path)
{
    dr_buf b;
    struct stat st;
    int fd, rc = 0;
    char chunk[4096];

    *out = NULL;
    dr_buf_init(&b, DR_KEY_MAX_BYTES);
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK); /* no FIFO waits */
    if (fd < 0) {
        if (errno == ELOOP)
            return dr_ctx_set(ctx, DR_EINVALID, "key '%s' is a symbolic link: refused", path);
        return dr_ctx_set(ctx, DR_EINVALID, "cannot open key '%s': %s", path, strerror(errno));
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = dr_ctx_set(ctx, DR_EINVALID, "key '%s' is not a regular file", path);
        goto done;
    }
    if (st.st_uid != geteuid()) {
        /* as ssh does: a private key someone else owns is not this user's to sign with */
        rc = dr_ctx_set(ctx, DR_EINVALID, "key '%s' belongs to uid %u, not to the user signing (uid %u)",
                        path, (unsigned)st.st_uid, (unsigned)geteuid());
        goto done;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        rc = dr_ctx_set(ctx, DR_EINVALID,
                        "key '%s' is accessible by group or others (mode %03o): chmod 600 it",
                        path, (unsigned)(st.st_mode & 0777));
        goto done;
    }
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = dr_ctx_set(ctx, DR_EIO, "cannot read key '%s': %s", path, strerror(errno));
            goto done;
        }
        if (n == 0)
            break;
        if (dr_buf_put(&b, chunk, (size_t)n)) {
            rc = dr_ctx_set(ctx, DR_EINVALID, "key '%s' is larger than %d bytes", path,
                            DR_KEY_MAX_BYTES);
            goto done;
        }
    }
    rc = parse(out, ctx, path, b.ptr ? b.ptr : "", b.len, true);
done:
    OPENSSL_cleanse(chunk, sizeof(chunk));
    dr_buf_dispose_secret(&b);
    close(fd);
    return rc;
}

void dr_key_free(dr_key *key)
{
    if (!key)
        return;
    EVP_PKEY_free(key->pkey);
    free(key);
}

dr_alg dr_key_alg(const dr_key *key)
{
    return key->alg;
}

bool dr_key_is_private(const dr_key *key)
{
    return key->priv;
}

bool dr_key_same_public(const dr_key *a, const dr_key *b)
{
    return a && b && EVP_PKEY_eq(a->pkey, b->pkey) == 1;
}

/* A digest context set up for the key's algorithm, sign or verify. The pkey
 * context set on it (SM2's ID) is not owned by it: *pctx_out is freed after. */
static EVP_MD_CTX *md_ctx(const dr_key *key, bool sign, EVP_PKEY_CTX **pctx_out)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    int ok = 0;
    *pctx_out = NULL;
    if (!md)
        return NULL;
    if (key->alg == DR_ALG_ED25519) {
        ok = sign ? EVP_DigestSignInit(md, NULL, NULL, NULL, key->pkey)
                  : EVP_DigestVerifyInit(md, NULL, NULL, NULL, key->pkey);
    } else {
        /* OpenSSL 3.0's default SM2 ID is empty; GM/T 0009 wants 1234567812345678. */
        pctx = EVP_PKEY_CTX_new(key->pkey, NULL);
        if (pctx && EVP_PKEY_CTX_set1_id(pctx, DR_SM2_ID, strlen(DR_SM2_ID)) > 0) {
            EVP_MD_CTX_set_pkey_ctx(md, pctx);
            ok = sign ? EVP_DigestSignInit(md, NULL, EVP_sm3(), NULL, key->pkey)
                      : EVP_DigestVerifyInit(md, NULL, EVP_sm3(), NULL, key->pkey);
        }
    }
    if (ok != 1) {
        EVP_MD_CTX_free(md);
        EVP_PKEY_CTX_free(pctx);
        return NULL;
    }
    *pctx_out = pctx;
    return md;
}

static void md_free(EVP_MD_CTX *md, EVP_PKEY_CTX *pctx)
{
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pctx);
}

int dr_sign(dr_ctx *ctx, const dr_key *key, const void *msg, size_t len, dr_buf *sig)
{
    unsigned char out[160];
    size_t outlen = sizeof(out);
    int rc = 0;
    if (!key->priv)
        return dr_ctx_set(ctx, DR_EUSAGE, "cannot sign with a public key");
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *md = md_ctx(key, true, &pctx);
    if (!md)
        return ossl_error(ctx, DR_EIO, "cannot set up signing with", dr_alg_name(key->alg));
    if (EVP_DigestSign(md, out, &outlen, msg, len) != 1)
        rc = ossl_error(ctx, DR_EIO, "signing failed with", dr_alg_name(key->alg));
    else
        rc = dr_buf_put(sig, out, outlen);
    md_free(md, pctx);
    return rc;
}

int dr_verify(dr_ctx *ctx, const dr_key *key, const void *msg, size_t len, const void *sig,
              size_t siglen)
{
    int rc = 0;
    if (key->alg == DR_ALG_ED25519 && siglen != 64)
        return dr_ctx_set(ctx, DR_EVERIFY, "an ed25519 signature has 64 bytes, not %zu", siglen);
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *md = md_ctx(key, false, &pctx);
    if (!md)
        return ossl_error(ctx, DR_EIO, "cannot set up verification with", dr_alg_name(key->alg));
    if (EVP_DigestVerify(md, sig, siglen, msg, len) != 1)
        rc = dr_ctx_set(ctx, DR_EVERIFY, "%s signature does not verify", dr_alg_name(key->alg));
    ERR_clear_error();
    md_free(md, pctx);
    return rc;
}

int dr_base64_encode(dr_buf *out, const void *data, size_t len)
{
    if (len > (size_t)1 << 28)
        return DR_EINVALID;
    size_t need = 4 * ((len + 2) / 3);
    char *tmp = malloc(need + 1);
    if (!tmp)
        return DR_ENOMEM;
    int n = EVP_EncodeBlock((unsigned char *)tmp, data, (int)len);
    int rc = dr_buf_put(out, tmp, (size_t)n);
    free(tmp);
    return rc;
}

int dr_base64_decode(dr_buf *out, const char *text, size_t len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *clean = malloc(len + 1);
    size_t n = 0, pad = 0;
    int rc = DR_EINVALID;
    if (!clean)
        return DR_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '=') {
            pad++;
        } else if (pad || !c || !strchr(alphabet, c)) {
            goto done;
        }
        clean[n++] = c;
    }
    if (n == 0 || n % 4 || pad > 2)
        goto done;
    unsigned char *raw = malloc(n / 4 * 3 + 1);
    if (!raw) {
        rc = DR_ENOMEM;
        goto done;
    }
    int m = EVP_DecodeBlock(raw, (unsigned char *)clean, (int)n);
    if (m >= 0)
        rc = dr_buf_put(out, raw, (size_t)m - pad);
    free(raw);
done:
    free(clean);
    return rc;
}
