/* Signatures (SPEC §3, §6) against fixed vectors made with the openssl CLI. */
#include "helpers.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static dr_key *key_from(const char *rel, bool priv)
{
    dr_buf b;
    dr_key *k = NULL;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    read_source_file(rel, &b);
    int rc = priv ? dr_key_parse_private(&k, &ctx, rel, b.ptr, b.len)
                  : dr_key_parse_public(&k, &ctx, rel, b.ptr, b.len);
    if (rc)
        fail_msg("%s: %s", rel, ctx.msg);
    dr_buf_dispose(&b);
    return k;
}

static void sig_from(const char *rel, dr_buf *raw)
{
    dr_buf b;
    dr_buf_init(&b, 0);
    read_source_file(rel, &b);
    assert_int_equal(dr_base64_decode(raw, b.ptr, b.len), 0);
    dr_buf_dispose(&b);
}

static void test_sign__ed25519_vector(void **state)
{
    (void)state;
    dr_key *priv = key_from("tests/fixtures/vectors/ed25519-private.pem", true);
    dr_key *pub = key_from("tests/fixtures/vectors/ed25519-public.pem", false);
    dr_buf msg, expected, sig, b64;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    dr_buf_init(&msg, 0);
    dr_buf_init(&expected, 0);
    dr_buf_init(&sig, 0);
    dr_buf_init(&b64, 0);
    read_source_file("tests/fixtures/vectors/message.bin", &msg);
    sig_from("tests/fixtures/vectors/ed25519.sig.b64", &expected);
    assert_int_equal(dr_key_alg(priv), DR_ALG_ED25519);
    assert_true(dr_key_same_public(priv, pub));
    /* Ed25519 is deterministic: our signature is the vector, byte for byte. */
    assert_int_equal(dr_sign(&ctx, priv, msg.ptr, msg.len, &sig), 0);
    assert_int_equal(sig.len, 64);
    assert_memory_equal(sig.ptr, expected.ptr, 64);
    assert_int_equal(dr_verify(&ctx, pub, msg.ptr, msg.len, expected.ptr, expected.len), 0);
    /* A forged signature, a changed message, a truncated signature: refused. */
    expected.ptr[10] ^= 1;
    assert_int_equal(dr_verify(&ctx, pub, msg.ptr, msg.len, expected.ptr, expected.len), DR_EVERIFY);
    expected.ptr[10] ^= 1;
    msg.ptr[msg.len - 3] ^= 1;
    assert_int_equal(dr_verify(&ctx, pub, msg.ptr, msg.len, expected.ptr, expected.len), DR_EVERIFY);
    msg.ptr[msg.len - 3] ^= 1;
    assert_int_equal(dr_verify(&ctx, pub, msg.ptr, msg.len, expected.ptr, 63), DR_EVERIFY);
    dr_buf_dispose(&msg);
    dr_buf_dispose(&expected);
    dr_buf_dispose(&sig);
    dr_buf_dispose(&b64);
    dr_key_free(priv);
    dr_key_free(pub);
}

/* The SM2 vectors were made by `openssl pkeyutl -digest sm3`, one with
 * `-pkeyopt distid:1234567812345678`, one without (OpenSSL 3.0's empty ID). */
static void test_sign__sm2_vector_uses_the_explicit_id(void **state)
{
    (void)state;
    dr_key *priv = key_from("tests/fixtures/vectors/sm2-private.pem", true);
    dr_key *pub = key_from("tests/fixtures/vectors/sm2-public.pem", false);
    dr_buf msg, with_id, without_id, sig;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    dr_buf_init(&msg, 0);
    dr_buf_init(&with_id, 0);
    dr_buf_init(&without_id, 0);
    dr_buf_init(&sig, 0);
    read_source_file("tests/fixtures/vectors/message.bin", &msg);
    sig_from("tests/fixtures/vectors/sm2.sig.b64", &with_id);
    sig_from("tests/fixtures/vectors/sm2-no-id.sig.b64", &without_id);
    assert_int_equal(dr_key_alg(pub), DR_ALG_SM2);
    assert_int_equal(dr_verify(&ctx, pub, msg.ptr, msg.len, with_id.ptr, with_id.len), 0);
    assert_int_equal(dr_verify(&ctx, pub, msg.ptr, msg.len, without_id.ptr, without_id.len),
                     DR_EVERIFY);
    /* Our own SM2 signatures verify, and a forged one does not. */
    assert_int_equal(dr_sign(&ctx, priv, msg.ptr, msg.len, &sig), 0);
    assert_int_equal(dr_verify(&ctx, pub, msg.ptr, msg.len, sig.ptr, sig.len), 0);
    sig.ptr[sig.len - 2] ^= 0x40;
    assert_int_equal(dr_verify(&ctx, pub, msg.ptr, msg.len, sig.ptr, sig.len), DR_EVERIFY);
    /* A signature by another key of the same algorithm is refused. */
    dr_key *other = key_from("examples/zhangdian/docroute/keys/p-wang-1.pem", false);
    assert_int_equal(dr_verify(&ctx, other, msg.ptr, msg.len, with_id.ptr, with_id.len), DR_EVERIFY);
    assert_false(dr_key_same_public(other, pub));
    dr_key_free(other);
    dr_buf_dispose(&msg);
    dr_buf_dispose(&with_id);
    dr_buf_dispose(&without_id);
    dr_buf_dispose(&sig);
    dr_key_free(priv);
    dr_key_free(pub);
}

static char tmpdir[256];

static int make_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/dr-sign-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmp(void **state)
{
    char cmd[400];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_key(const char *name, const char *rel, mode_t mode)
{
    static char path[512];
    dr_buf b;
    dr_buf_init(&b, 0);
    read_source_file(rel, &b);
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b.ptr, b.len), (ssize_t)b.len);
    close(fd);
    assert_int_equal(chmod(path, mode), 0);
    dr_buf_dispose(&b);
    return path;
}

static void test_sign__key_files_are_guarded(void **state)
{
    dr_key *k = NULL;
    dr_ctx ctx;
    char link[600];
    (void)state;
    dr_ctx_init(&ctx);
    const char *ok = write_key("ok.pem", "examples/zhangdian/keys/p-chen-1.TEST-KEY.pem", 0600);
    assert_int_equal(dr_key_load_private_file(&k, &ctx, ok), 0);
    assert_true(dr_key_is_private(k));
    dr_key_free(k);
    k = NULL;

    const char *group = write_key("group.pem", "examples/zhangdian/keys/p-chen-1.TEST-KEY.pem", 0640);
    assert_int_equal(dr_key_load_private_file(&k, &ctx, group), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "group or others"));
    assert_null(k);
    const char *other = write_key("other.pem", "examples/zhangdian/keys/p-chen-1.TEST-KEY.pem", 0604);
    assert_int_equal(dr_key_load_private_file(&k, &ctx, other), DR_EINVALID);

    snprintf(link, sizeof(link), "%s/link.pem", tmpdir);
    assert_int_equal(symlink(ok, link), 0);
    assert_int_equal(dr_key_load_private_file(&k, &ctx, link), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "symbolic link"));

    assert_int_equal(dr_key_load_private_file(&k, &ctx, tmpdir), DR_EINVALID);
    const char *pub = write_key("pub.pem", "tests/fixtures/vectors/ed25519-public.pem", 0600);
    assert_int_equal(dr_key_load_private_file(&k, &ctx, pub), DR_EINVALID);
    assert_int_equal(dr_key_load_private_file(&k, &ctx, "/nonexistent/key.pem"), DR_EINVALID);

    /* An oversize file is refused before it is parsed. */
    char big[600];
    snprintf(big, sizeof(big), "%s/big.pem", tmpdir);
    FILE *f = fopen(big, "w");
    for (int i = 0; i < DR_KEY_MAX_BYTES / 10 + 10; i++)
        fputs("AAAAAAAAA\n", f);
    fclose(f);
    chmod(big, 0600);
    assert_int_equal(dr_key_load_private_file(&k, &ctx, big), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "larger"));
}

static void test_sign__other_algorithms_are_refused(void **state)
{
    /* A P-256 key: neither ed25519 nor sm2. */
    static const char p256[] = "-----BEGIN PUBLIC KEY-----\n"
                               "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEVmkcIHEqJsfFXUQwsE2JErpsG65R\n"
                               "0BRJNX6OqTcqs9eoq0cy3Y4wl/K9dNyO6kP5fzKVs3nVt0vqSDAyoxLB9w==\n"
                               "-----END PUBLIC KEY-----\n";
    dr_key *k = NULL;
    dr_ctx ctx;
    (void)state;
    dr_ctx_init(&ctx);
    int rc = dr_key_parse_public(&k, &ctx, "p256.pem", p256, sizeof(p256) - 1);
    assert_int_not_equal(rc, 0);
    assert_null(k);
    assert_int_equal(dr_key_parse_public(&k, &ctx, "junk", "junk", 4), DR_EINVALID);
}

static void test_sign__private_key_halves_must_match(void **state)
{
    /* An SM2 private key whose scalar was changed: its public half still matches the
     * vector's public key, but what it signs would never verify with it. */
    dr_buf b;
    dr_key *k = NULL;
    dr_ctx ctx;
    (void)state;
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    read_source_file("tests/fixtures/bad/sm2-private-mismatched.pem", &b);
    assert_int_equal(dr_key_parse_private(&k, &ctx, "mismatched.pem", b.ptr, b.len), DR_EINVALID);
    assert_null(k);
    assert_non_null(strstr(ctx.msg, "does not match the public key it holds"));
    dr_buf_dispose(&b);
    /* the intact ones still load */
    dr_key_free(key_from("tests/fixtures/vectors/sm2-private.pem", true));
    dr_key_free(key_from("tests/fixtures/vectors/ed25519-private.pem", true));
}

static void test_sign__base64_is_strict(void **state)
{
    dr_buf b;
    (void)state;
    dr_buf_init(&b, 0);
    assert_int_equal(dr_base64_decode(&b, "aGVsbG8=", 8), 0);
    assert_int_equal(b.len, 5);
    assert_memory_equal(b.ptr, "hello", 5);
    b.len = 0;
    assert_int_equal(dr_base64_decode(&b, "aGVs bG8=\n", 10), 0);
    assert_int_equal(b.len, 5);
    assert_int_equal(dr_base64_decode(&b, "aGVsbG8", 7), DR_EINVALID);
    assert_int_equal(dr_base64_decode(&b, "aGV*bG8=", 8), DR_EINVALID);
    assert_int_equal(dr_base64_decode(&b, "aG=sbG8=", 8), DR_EINVALID);
    assert_int_equal(dr_base64_decode(&b, "", 0), DR_EINVALID);
    b.len = 0;
    assert_int_equal(dr_base64_encode(&b, "hello", 5), 0);
    assert_string_equal(b.ptr, "aGVsbG8=");
    dr_buf_dispose(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign__ed25519_vector),
        cmocka_unit_test(test_sign__sm2_vector_uses_the_explicit_id),
        cmocka_unit_test_setup_teardown(test_sign__key_files_are_guarded, make_tmp, remove_tmp),
        cmocka_unit_test(test_sign__other_algorithms_are_refused),
        cmocka_unit_test(test_sign__private_key_halves_must_match),
        cmocka_unit_test(test_sign__base64_is_strict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
