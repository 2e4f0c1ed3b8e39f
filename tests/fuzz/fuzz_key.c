/* libFuzzer target: keys. The input is read as a PEM public key (a config's key file,
 * .docroute/keys/NAME.pem, as dr_config_load reads each) and as a PEM private key (a
 * signer's key file, as dr_key_load_private_file reads it once it passes the file
 * checks); a key that parses signs and verifies, and is compared with the test keys.
 * Then the input is read as base64 (a signature's text) and as an algorithm name.
 *   scripts/fuzz.sh [SECONDS] fuzz_key */
#include "fuzz_common.h"

static const char msg[] = "docroute-event-v1\0" "2026-yjj-0001\0" "<event/>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dr_ctx ctx;
    dr_key *pub = NULL, *priv = NULL;
    dr_buf sig, dec;
    const char *text = (const char *)data;
    int rc;

    dr_ctx_init(&ctx);
    dr_buf_init(&sig, 0);
    dr_buf_init(&dec, 0);
    rc = dr_key_parse_public(&pub, &ctx, "keys/p-x-1.pem", text, size);
    fuzz_note("public key", rc, &ctx);
    if (rc == 0) {
        dr_key_alg(pub);
        dr_key_is_private(pub);
        dr_key_same_public(pub, fuzz_test_key("ed25519"));
        dr_key_same_public(pub, fuzz_test_key("sm2"));
        /* a signature that cannot be the key's */
        dr_verify(&ctx, pub, msg, sizeof(msg) - 1, "0123456789abcdef0123456789abcdef", 32);
        dr_sign(&ctx, pub, msg, sizeof(msg) - 1, &sig); /* refused: not a private key */
    }
    dr_ctx_init(&ctx);
    rc = dr_key_parse_private(&priv, &ctx, "keys/p-x-1.TEST-KEY.pem", text, size);
    fuzz_note("private key", rc, &ctx);
    if (rc == 0) {
        sig.len = 0;
        dr_key_same_public(priv, pub);
        if (dr_sign(&ctx, priv, msg, sizeof(msg) - 1, &sig) == 0 &&
            dr_verify(&ctx, priv, msg, sizeof(msg) - 1, sig.ptr, sig.len) != 0) {
            fprintf(stderr, "fuzz_key: a key's own signature does not verify: %s\n", ctx.msg);
            abort();
        }
    }
    dr_base64_decode(&dec, text, size);
    if (size < 64) {
        char *name = fuzz_cstr(text, size);
        if (name)
            dr_alg_name(dr_alg_parse(name));
        free(name);
    }
    dr_key_free(pub);
    dr_key_free(priv);
    dr_buf_dispose(&sig);
    dr_buf_dispose(&dec);
    return 0;
}
