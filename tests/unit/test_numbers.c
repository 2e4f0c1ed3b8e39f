/* 发文字号 and the register ledger as text (numbers.c), document ids (docid.c) and the
 * types' names (words.c): what is accepted, and each way a number, a ledger line or an
 * id is refused — without a repository. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define O DR_W_NUMBER_OPEN
#define C DR_W_NUMBER_CLOSE
#define S DR_W_NUMBER_SERIAL

static void test_numbers__parse_and_format(void **state)
{
    char prefix[64], out[64];
    int year = 0, serial = 0;
    (void)state;
    assert_int_equal(dr_number_parse("张政发" O "2026" C "17" S, prefix, sizeof(prefix), &year, &serial), 0);
    assert_string_equal(prefix, "张政发");
    assert_int_equal(year, 2026);
    assert_int_equal(serial, 17);
    assert_int_equal(dr_number_format(prefix, year, serial, out, sizeof(out)), 0);
    assert_string_equal(out, "张政发" O "2026" C "17" S);
    assert_int_equal(dr_number_parse("张" O "2026" C "999999" S, prefix, sizeof(prefix), &year, &serial), 0);
    assert_int_equal(serial, 999999);

    static const char *const bad[] = {
        NULL,
        "张政发2026-17" S,             /* no 〔 */
        O "2026" C "17" S,             /* no 代字 */
        "张政发" O "2026" "17" S,      /* no 〕 */
        "张政发" O "26" C "17" S,      /* a two-digit year */
        "张政发" O "20x6" C "17" S,    /* not digits */
        "张政发" O "2026" C S,         /* no serial */
        "张政发" O "2026" C "17",      /* no 号 */
        "张政发" O "2026" C "1x" S,    /* not digits */
        "张政发" O "2026" C "017" S,   /* a leading zero */
        "张政发" O "2026" C "1234567" S, /* seven digits */
        "张政发" O "2026" C "17号号",  /* 号 twice */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (dr_number_parse(bad[i], prefix, sizeof(prefix), &year, &serial) != DR_EINVALID)
            fail_msg("case %zu: '%s' parsed", i, bad[i] ? bad[i] : "(null)");
    /* a 代字 longer than the caller's buffer */
    assert_int_equal(dr_number_parse("张政发" O "2026" C "1" S, prefix, 4, &year, &serial), DR_EINVALID);
    /* a number longer than the caller's buffer */
    assert_int_equal(dr_number_format("张政发", 2026, 1, out, 8), DR_EINVALID);
}

static void test_numbers__ledger_paths(void **state)
{
    char path[200];
    (void)state;
    assert_int_equal(dr_ledger_path("张政发", 2026, path, sizeof(path)), 0);
    assert_string_equal(path, "registers/2026/张政发.txt");
    static const char *const bad[] = {NULL, "", ".hidden", "a/b", "a\\b", "a b", "a\tb", "a\x7f", "\xe5\xbc"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (dr_ledger_path(bad[i], 2026, path, sizeof(path)) != DR_EINVALID)
            fail_msg("case %zu: a ledger path for '%s'", i, bad[i] ? bad[i] : "(null)");
    char longp[80];
    memset(longp, 'a', 65);
    longp[65] = '\0';
    assert_int_equal(dr_ledger_path(longp, 2026, path, sizeof(path)), DR_EINVALID);
    longp[64] = '\0';
    assert_int_equal(dr_ledger_path(longp, 2026, path, sizeof(path)), 0);
    assert_int_equal(dr_ledger_path("a", 1899, path, sizeof(path)), DR_EINVALID);
    assert_int_equal(dr_ledger_path("a", 10000, path, sizeof(path)), DR_EINVALID);
    assert_int_equal(dr_ledger_path("张政发", 2026, path, 10), DR_EINVALID); /* does not fit */
}

static int ledger(dr_ctx *ctx, const char *text, int *last)
{
    dr_ctx_init(ctx);
    return dr_ledger_parse(ctx, "registers/2026/张政发.txt", text, strlen(text), "张政发", 2026, last);
}

static void test_numbers__ledger_lines(void **state)
{
    dr_ctx ctx;
    int last = -1;
    (void)state;
    assert_int_equal(ledger(&ctx, "", &last), 0);
    assert_int_equal(last, 0);
    assert_int_equal(ledger(&ctx,
                            "1 张政发" O "2026" C "1" S " 2026-zzf-0001\n"
                            "2 张政发" O "2026" C "2" S " 2026-czj-000123\n",
                            &last),
                     0);
    assert_int_equal(last, 2);

    static const struct {
        const char *text, *says;
        int line;
    } bad[] = {
        {"1 张政发" O "2026" C "1" S " 2026-zzf-0001", "the last line has no newline", 1},
        {"1 张政发" O "2026" C "1" S " 2026-zzf-0001\n3 张政发" O "2026" C "3" S " 2026-zzf-0002\n",
         "serial 3 follows 1: the ledger runs without gaps", 2},
        {"1 张政发" O "2026" C "2" S " 2026-zzf-0001\n", "'张政发" O "2026" C "2" S "' is not 张政发" O "2026" C "1" S, 1},
        {"1 张政发" O "2025" C "1" S " 2026-zzf-0001\n", "is not", 1},
        {"1 张政发" O "2026" C "1" S " not-an-id\n", "a ledger line is \"SERIAL NUMBER DOCUMENT\"", 1},
        {"1 张政发" O "2026" C "1" S "\n", "SERIAL NUMBER DOCUMENT", 1},
        {"1 张政发" O "2026" C "1" S " 2026-zzf-0001 extra\n", "SERIAL NUMBER DOCUMENT", 1},
        {"01 张政发" O "2026" C "1" S " 2026-zzf-0001\n", "SERIAL NUMBER DOCUMENT", 1},
        {" 1 张政发" O "2026" C "1" S " 2026-zzf-0001\n", "SERIAL NUMBER DOCUMENT", 1},
        {"\n", "SERIAL NUMBER DOCUMENT", 1},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = ledger(&ctx, bad[i].text, &last);
        if (rc != DR_EINVALID || !strstr(ctx.msg, bad[i].says) || ctx.line != bad[i].line ||
            strcmp(ctx.file, "registers/2026/张政发.txt"))
            fail_msg("case %zu: rc %d, %s:%d: %s", i, rc, ctx.file, ctx.line, ctx.msg);
    }
    /* a line longer than any ledger line */
    char longl[400];
    memset(longl, 'x', sizeof(longl) - 2);
    longl[sizeof(longl) - 2] = '\n';
    longl[sizeof(longl) - 1] = '\0';
    assert_int_equal(ledger(&ctx, longl, &last), DR_EINVALID);
    assert_string_equal(ctx.msg, "the line is too long");
    /* more than 16 MiB */
    size_t big = (16u << 20) + 1;
    char *b = malloc(big);
    assert_non_null(b);
    memset(b, '\n', big);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_ledger_parse(&ctx, "l.txt", b, big, "张政发", 2026, &last), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "the ledger is larger than"));
    free(b);
}

static void test_numbers__document_ids(void **state)
{
    char out[32], dir[64];
    (void)state;
    static const char *const good[] = {"2026-zzf-0001", "2026-a-0001", "2026-0123456789abcdef-999999",
                                       "0000-x9-0000"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        if (!dr_doc_id_valid(good[i]))
            fail_msg("'%s' refused", good[i]);
    static const char *const bad[] = {
        NULL,           "",               "2026-zzf-001",    "2026-zzf-1234567", "2026-zzf-00a1",
        "20x6-zzf-0001", "2026_zzf-0001", "2026--0001",      "2026-ZZF-0001",    "2026-z_f-0001",
        "2026-0123456789abcdefg-0001",    "2026-0001-zzf", "2026-zzf0001x", "2026-zzf-0001-",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (dr_doc_id_valid(bad[i]))
            fail_msg("case %zu: '%s' accepted", i, bad[i] ? bad[i] : "(null)");
    assert_int_equal(dr_doc_id_make(out, sizeof(out), 2026, "zzf", 7), 0);
    assert_string_equal(out, "2026-zzf-0007");
    assert_int_equal(dr_doc_dir(out, dir, sizeof(dir)), 0);
    assert_string_equal(dir, "docs/2026/zzf/2026-zzf-0007");
    assert_int_equal(dr_doc_envelope_path(out, dir, sizeof(dir)), 0);
    assert_string_equal(dir, "docs/2026/zzf/2026-zzf-0007/envelope.xml");
    /* what does not fit, or is not an id, leaves an empty string */
    assert_int_equal(dr_doc_envelope_path(out, dir, 20), DR_EINVALID);
    assert_int_equal(dr_doc_dir(out, dir, 10), DR_EINVALID);
    assert_int_equal(dr_doc_dir("nope", dir, sizeof(dir)), DR_EINVALID);
    assert_int_equal(dr_doc_envelope_path("nope", dir, sizeof(dir)), DR_EINVALID);
    assert_int_equal(dr_doc_id_make(out, sizeof(out), 2026, NULL, 7), DR_EINVALID);
    assert_string_equal(out, "");
    assert_int_equal(dr_doc_id_make(out, sizeof(out), 2026, "ZZF", 7), DR_EINVALID);
    assert_int_equal(dr_doc_id_make(out, 8, 2026, "zzf", 7), DR_EINVALID);
    assert_string_equal(out, "");
    assert_int_equal(dr_doc_id_make(out, 0, 2026, "zzf", 7), DR_EINVALID);
    assert_int_equal(dr_doc_id_make(out, sizeof(out), 2026, "zzf", 1234567), DR_EINVALID);
}

static void test_numbers__type_names(void **state)
{
    dr_config *cfg = example_config();
    (void)state;
    assert_true(dr_type_known("minutes"));
    assert_false(dr_type_known("memo"));
    assert_false(dr_type_known(NULL));
    assert_string_equal(dr_type_name(cfg, "request"), "请示");
    assert_string_equal(dr_type_name(cfg, "minutes"), "纪要");
    assert_null(dr_type_name(cfg, "memo"));
    assert_null(dr_type_name(cfg, NULL));
    dr_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers__parse_and_format),
        cmocka_unit_test(test_numbers__ledger_paths),
        cmocka_unit_test(test_numbers__ledger_lines),
        cmocka_unit_test(test_numbers__document_ids),
        cmocka_unit_test(test_numbers__type_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
