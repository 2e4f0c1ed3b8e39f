/* Signed checkpoints (checkpoint.h): made by one who may sign config acts, checked
 * against the branch; every damaged line refused with its line number, every forgery
 * an ENV-HISTORY finding. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[256];
static hist h;
static char tip[41];

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/dr-checkpoint-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    char path[400];
    snprintf(path, sizeof(path), "%s/r.git", tmp);
    hist_init(&h, path, NULL, NULL);
    hist_tip(&h, tip);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    hist_free(&h);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd);
}

/* A checkpoint of commit signed by person's test key, named key_name. */
static void make(dr_buf *out, const char *commit, const char *person, const char *key_name,
                 const char *at)
{
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    dr_key *key = hist_key(person);
    dr_buf_init(out, 0);
    assert_int_equal(dr_checkpoint_make(out, &ctx, commit, key_name, key, T(at)), 0);
    dr_key_free(key);
}

/* Checks text: the code; ctx and the findings filled. */
static int check(const char *text, dr_ctx *ctx, dr_findings *f)
{
    dr_ctx_init(ctx);
    dr_findings_init(f);
    return dr_checkpoint_check(f, ctx, h.st, "cp.txt", text, strlen(text), tip);
}

/* text with line n (1-based) replaced by line (NULL: removed); free it. */
static char *with_line(const char *text, int n, const char *line)
{
    size_t len = strlen(text) + (line ? strlen(line) : 0) + 2;
    char *out = malloc(len), *o = out;
    const char *p = text;
    assert_non_null(out);
    for (int i = 1; *p; i++) {
        const char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) + 1 : strlen(p);
        if (i != n) {
            memcpy(o, p, l);
            o += l;
        } else if (line) {
            o += sprintf(o, "%s\n", line);
        }
        p += l;
    }
    *o = '\0';
    return out;
}

static void test_checkpoint__made_and_checked(void **state)
{
    dr_buf cp;
    dr_ctx ctx;
    dr_findings f;
    (void)state;
    make(&cp, tip, "p-ye", "p-ye/1", "2026-11-02T11:00:00+08:00");
    assert_int_equal(check(cp.ptr, &ctx, &f), 0);
    assert_int_equal(f.n, 0);
    dr_findings_dispose(&f);
    dr_buf_dispose(&cp);
}

static void test_checkpoint__damaged_lines_are_refused_with_their_line(void **state)
{
    dr_buf cp;
    dr_ctx ctx;
    dr_findings f;
    (void)state;
    make(&cp, tip, "p-ye", "p-ye/1", "2026-11-02T11:00:00+08:00");
    static const struct {
        int line;
        const char *with; /* NULL: the line removed */
        int at;           /* the line the error names */
        const char *says;
    } cases[] = {
        {1, "docroute-checkpoint 2", 1, "not a checkpoint"},
        {2, NULL, 2, "expected 'commit VALUE'"},
        {2, "commit", 2, "expected 'commit VALUE'"},
        {2, "commit ", 2, "expected 'commit VALUE'"},
        {2, "commits 0123", 2, "expected 'commit VALUE'"},
        {2, "commit 0123456789012345678901234567890123456789012345678901234567890", 2,
         "expected 'commit VALUE'"},
        {2, "commit 0123456789abcdef", 2, "is not a commit id"},
        {2, "commit 0123456789ABCDEF0123456789ABCDEF01234567", 2, "is not a commit id"},
        {3, "signer", 3, "expected 'signer VALUE'"},
        {4, NULL, 4, "expected 'at VALUE'"},
        {4, "at yesterday", 4, "is not a time"},
        {5, "signature", 5, "expected 'signature VALUE'"},
        {5, "signature SM2", 5, "expected 'signature ALG BASE64'"},
        {5, "signature ALGORITHMTOOLONGFORIT AAAA", 5, "expected 'signature ALG BASE64'"},
        {5, "signature SM2 AAAA BBBB", 5, "expected 'signature ALG BASE64'"},
        {6, "more", 6, "nothing follows the signature"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *text = with_line(cp.ptr, cases[i].line, cases[i].with);
        if (cases[i].line == 6) {
            char *more = malloc(strlen(text) + 8);
            sprintf(more, "%smore\n", text);
            free(text);
            text = more;
        }
        int rc = check(text, &ctx, &f);
        if (rc != DR_EINVALID || ctx.line != cases[i].at || !strstr(ctx.msg, cases[i].says))
            fail_msg("case %zu: rc %d, line %d: %s", i, rc, ctx.line, ctx.msg);
        assert_string_equal(ctx.file, "cp.txt");
        dr_findings_dispose(&f);
        free(text);
    }
    /* Too short for its first line, binary, or too big. */
    assert_int_equal(check("docroute", &ctx, &f), DR_EINVALID);
    assert_int_equal(ctx.line, 1);
    const char bin[] = "docroute-checkpoint 1\n\0commit";
    dr_ctx_init(&ctx);
    assert_int_equal(dr_checkpoint_check(&f, &ctx, h.st, "cp.txt", bin, sizeof(bin) - 1, tip),
                     DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "binary"));
    char *big = malloc(DR_CHECKPOINT_MAX_BYTES + 2);
    memset(big, 'a', DR_CHECKPOINT_MAX_BYTES + 1);
    big[DR_CHECKPOINT_MAX_BYTES + 1] = '\0';
    assert_int_equal(check(big, &ctx, &f), DR_EINVALID);
    free(big);
    dr_buf_dispose(&cp);
}

static void test_checkpoint__forgeries_are_env_history(void **state)
{
    dr_buf cp;
    dr_ctx ctx;
    dr_findings f;
    (void)state;
    make(&cp, tip, "p-ye", "p-ye/1", "2026-11-02T11:00:00+08:00");
    static const struct {
        int line;
        const char *with;
        const char *says;
    } cases[] = {
        /* a commit the branch never held */
        {2, "commit 0123456789abcdef0123456789abcdef01234567", NULL},
        /* a signer who is no admin, an unknown one, a key id they do not have */
        {3, "signer p-chen/1", "may not sign checkpoints"},
        {3, "signer nobody/1", "may not sign checkpoints"},
        {3, "signer p-ye/7", "is not a"},
        {3, "signer p-du/1", "is not a sm2 key of p-du"},
        /* another algorithm than the key's, a date before the key */
        {5, "signature ed25519 AAAA", "is not a ed25519 key"},
        {4, "at 2019-06-01T11:00:00+08:00", "valid on 2019-06-01"},
        /* a signature that is not base64, or another's */
        {5, "signature sm2 !!!!", "does not verify"}, {5, "signature sm2 AAAA", "does not verify"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *text = with_line(cp.ptr, cases[i].line, cases[i].with);
        if (check(text, &ctx, &f) != 0)
            fail_msg("case %zu: %s", i, ctx.msg);
        if (f.n != 1 || strcmp(f.v[0].rule, DR_ENV_HISTORY) ||
            (cases[i].says && !strstr(f.v[0].message, cases[i].says)))
            fail_msg("case %zu: %zu findings: %s", i, f.n, f.n ? f.v[0].message : "");
        if (!cases[i].says)
            assert_non_null(strstr(f.v[0].message, "is not in the branch's history"));
        dr_findings_dispose(&f);
        free(text);
    }
    dr_buf_dispose(&cp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checkpoint__made_and_checked),
        cmocka_unit_test(test_checkpoint__damaged_lines_are_refused_with_their_line),
        cmocka_unit_test(test_checkpoint__forgeries_are_env_history),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
