/* docroute — signing keys and signatures (SPEC §3, §6).
 *
 * Ed25519 (raw 64-byte signatures) and SM2 with SM3 and the distinguishing ID
 * "1234567812345678" set explicitly (GM/T 0009; DER signatures), through
 * OpenSSL 3's EVP API. */
#ifndef DOCROUTE_SIGN_H
#define DOCROUTE_SIGN_H

#include "docroute/common.h"
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { DR_ALG_NONE = 0, DR_ALG_ED25519 = 1, DR_ALG_SM2 = 2 } dr_alg;

#define DR_SM2_ID "1234567812345678"
/* A key file larger than this is refused. */
#define DR_KEY_MAX_BYTES 16384

typedef struct dr_key dr_key;

const char *dr_alg_name(dr_alg alg);
dr_alg dr_alg_parse(const char *name);

/* Parses a PEM public key ("PUBLIC KEY"); name is used in messages. */
int dr_key_parse_public(dr_key **out, dr_ctx *ctx, const char *name, const char *pem, size_t len);
/* Parses a PEM private key held in memory (tests, vectors). */
int dr_key_parse_private(dr_key **out, dr_ctx *ctx, const char *name, const char *pem, size_t len);
/* Loads a private key file: opened with O_NOFOLLOW, refused when it is not a
 * regular file, is readable or writable by group or others, or is larger than
 * DR_KEY_MAX_BYTES; the bytes read are wiped before returning. */
int dr_key_load_private_file(dr_key **out, dr_ctx *ctx, const char *path);
/* Frees a key (private material is freed by OpenSSL, which clears it). Accepts NULL. */
void dr_key_free(dr_key *key);
dr_alg dr_key_alg(const dr_key *key);
bool dr_key_is_private(const dr_key *key);
/* True when both keys hold the same public key. */
bool dr_key_same_public(const dr_key *a, const dr_key *b);

/* Signs msg; appends the raw signature bytes to sig. */
int dr_sign(dr_ctx *ctx, const dr_key *key, const void *msg, size_t len, dr_buf *sig);
/* 0 when sig is key's valid signature of msg, DR_EVERIFY otherwise. */
int dr_verify(dr_ctx *ctx, const dr_key *key, const void *msg, size_t len, const void *sig,
              size_t siglen);

/* Base64 without line breaks. */
int dr_base64_encode(dr_buf *out, const void *data, size_t len);
/* Strict base64 (whitespace ignored); DR_EINVALID on anything else. */
int dr_base64_decode(dr_buf *out, const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
