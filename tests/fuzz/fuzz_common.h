/* What the libFuzzer targets share: splitting one input into parts, a NUL-terminated
 * copy, the test public keys, and a note of why an input was refused (with
 * DR_FUZZ_VERBOSE=1 in the environment, when running a target on a few files by hand:
 * build-fuzz/bin/fuzz_draft tests/fuzz/corpus/fuzz_draft/big-body). Not built by default:
 * scripts/fuzz.sh [SECONDS] [TARGET...] (clang's libFuzzer, ASan + UBSan). */
#ifndef DOCROUTE_FUZZ_COMMON_H
#define DOCROUTE_FUZZ_COMMON_H

#include <docroute/docroute.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Between the parts of an input that holds more than one file (a draft and its body,
 * calendar years). */
#define FUZZ_SEP "\n--8<--\n"

/* The first part of [*data, *data + *size) before FUZZ_SEP (or all of it); *data and
 * *size then describe the rest. */
static inline void fuzz_next_part(const char **data, size_t *size, const char **part,
                                  size_t *len)
{
    size_t sl = sizeof(FUZZ_SEP) - 1;
    const char *p = *data, *end = *data + *size;
    *part = p;
    for (const char *q = p; q + sl <= end; q++)
        if (memcmp(q, FUZZ_SEP, sl) == 0) {
            *len = (size_t)(q - p);
            *data = q + sl;
            *size = (size_t)(end - *data);
            return;
        }
    *len = *size;
    *data = end;
    *size = 0;
}

/* A NUL-terminated copy (free()), or NULL when out of memory. */
static inline char *fuzz_cstr(const char *data, size_t len)
{
    char *s = malloc(len + 1);
    if (s) {
        memcpy(s, data, len);
        s[len] = '\0';
    }
    return s;
}

/* Says why an input was refused, when DR_FUZZ_VERBOSE is set (not while fuzzing). */
static inline void fuzz_note(const char *what, int rc, const dr_ctx *ctx)
{
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("DR_FUZZ_VERBOSE") != NULL;
    if (verbose)
        fprintf(stderr, "fuzz: %s: %s%s%s\n", what, rc ? dr_strerror(rc) : "ok",
                rc && ctx->msg[0] ? ": " : "", rc ? ctx->msg : "");
}

/* The example's test public keys of p-chen/1 (Ed25519) and p-lv/1 (SM2), who sign the
 * vectors' envelopes (tests/fixtures/vectors/envelope-*.xml). */
static const char fuzz_pub_ed25519[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA9IiEpMzry3YJ3fCNbZPMpPGnPTSF9HMz+uP48jQfvwc=\n"
    "-----END PUBLIC KEY-----\n";
static const char fuzz_pub_sm2[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEQwaj1J/p3wVVIQffcwE+OMPh6//I\n"
    "M68/eWNt+TxE04ogdZpZvxGCHPq7tVyb43wgElApYhPw4/y/7dplSgp4+A==\n"
    "-----END PUBLIC KEY-----\n";

/* The test key of the algorithm alg names ("ed25519", "sm2"), parsed once and kept
 * for the process; NULL for any other. */
static inline const dr_key *fuzz_test_key(const char *alg)
{
    static dr_key *keys[3];
    dr_alg a = alg ? dr_alg_parse(alg) : DR_ALG_NONE;
    if (a != DR_ALG_ED25519 && a != DR_ALG_SM2)
        return NULL;
    if (!keys[a]) {
        dr_ctx ctx;
        const char *pem = a == DR_ALG_ED25519 ? fuzz_pub_ed25519 : fuzz_pub_sm2;
        dr_ctx_init(&ctx);
        if (dr_key_parse_public(&keys[a], &ctx, "test key", pem, strlen(pem)))
            abort(); /* the harness itself is broken */
    }
    return keys[a];
}

#endif
