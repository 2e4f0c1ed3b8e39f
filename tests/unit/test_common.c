/* The library's basics (common.c, util.c): error codes and contexts, bounded buffers,
 * UTF-8, dates and times — their edges and their refusals. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_common__error_names_are_distinct(void **state)
{
    (void)state;
    static const int codes[] = {DR_OK,      DR_EINVALID, DR_ERULE,   DR_ENOTFOUND, DR_ECONFLICT,
                                DR_EVERIFY, DR_EIO,      DR_ECONFIG, DR_ENOMEM,    DR_EUSAGE,
                                DR_ELOCKED, DR_EWORKTREE};
    const size_t n = sizeof(codes) / sizeof(codes[0]);
    for (size_t i = 0; i < n; i++) {
        assert_string_not_equal(dr_strerror(codes[i]), dr_strerror(12345));
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(dr_strerror(codes[i]), dr_strerror(codes[k]));
    }
}

static void test_common__contexts(void **state)
{
    dr_ctx ctx;
    (void)state;
    /* no context: the code all the same */
    assert_int_equal(dr_ctx_set(NULL, DR_EIO, "x"), DR_EIO);
    assert_int_equal(dr_ctx_setpos(NULL, DR_EIO, "f", 1, 2, "x"), DR_EIO);
    assert_int_equal(dr_ctx_setrule(NULL, DR_ERULE, "R", "x"), DR_ERULE);
    dr_ctx_init(&ctx);
    assert_int_equal(dr_ctx_setpos(&ctx, DR_ECONFIG, NULL, 3, 4, "at %d", 7), DR_ECONFIG);
    assert_string_equal(ctx.file, "");
    assert_int_equal(ctx.line, 3);
    assert_int_equal(ctx.col, 4);
    assert_string_equal(ctx.msg, "at 7");
    assert_int_equal(dr_ctx_setrule(&ctx, DR_ERULE, NULL, "no"), DR_ERULE);
    assert_string_equal(ctx.rule, "");
    assert_int_equal(ctx.code, DR_ERULE);
    /* a new error keeps nothing of the one before: no stale file, line or rule */
    dr_ctx_setpos(&ctx, DR_EINVALID, "old.xml", 9, 2, "old");
    dr_ctx_setrule(&ctx, DR_ERULE, "R-OLD", "old rule");
    assert_int_equal(ctx.line, 0); /* setrule is a new error too */
    assert_string_equal(ctx.file, "");
    dr_ctx_setpos(&ctx, DR_EINVALID, "old.xml", 9, 2, "old");
    assert_string_equal(ctx.rule, "");
    assert_int_equal(dr_ctx_set(&ctx, DR_EIO, "new"), DR_EIO);
    assert_string_equal(ctx.file, "");
    assert_int_equal(ctx.line, 0);
    assert_int_equal(ctx.col, 0);
    assert_string_equal(ctx.rule, "");
    assert_string_equal(ctx.msg, "new");
    /* a message cut at the buffer's end never ends inside a UTF-8 sequence */
    char big[3000];
    for (size_t i = 0; i + 3 < sizeof(big); i += 3)
        memcpy(big + i, DR_W_COUNTERSIGN, 3); /* one 3-byte character */
    big[2997] = '\0';
    dr_ctx_set(&ctx, DR_EIO, "x%s", big);
    assert_true(strlen(ctx.msg) < sizeof(ctx.msg));
    assert_true(dr_utf8_valid(ctx.msg, strlen(ctx.msg)));
    assert_int_equal((strlen(ctx.msg) - 1) % 3, 0);
}

static void test_common__utf8_trim(void **state)
{
    (void)state;
    char s[16];
    /* a 3-byte character cut after 1 and after 2 bytes */
    snprintf(s, sizeof(s), "ab\xe4");
    dr_utf8_trim(s);
    assert_string_equal(s, "ab");
    snprintf(s, sizeof(s), "ab\xe4\xbc");
    dr_utf8_trim(s);
    assert_string_equal(s, "ab");
    /* whole: kept */
    snprintf(s, sizeof(s), "ab\xe4\xbc\x9a");
    dr_utf8_trim(s);
    assert_string_equal(s, "ab\xe4\xbc\x9a");
    /* a 4-byte character cut after 3 */
    snprintf(s, sizeof(s), "a\xf0\x9f\x98");
    dr_utf8_trim(s);
    assert_string_equal(s, "a");
    /* ASCII, empty and lone continuation bytes are left */
    snprintf(s, sizeof(s), "abc");
    dr_utf8_trim(s);
    assert_string_equal(s, "abc");
    s[0] = '\0';
    dr_utf8_trim(s);
    assert_string_equal(s, "");
    snprintf(s, sizeof(s), "\x80\x80");
    dr_utf8_trim(s);
    assert_int_equal(strlen(s), 2);
}

static void test_common__utf8_validity(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool ok;
    } cases[] = {
        {"plain", true},
        {"\xc3\xa9", true},               /* é */
        {"\xe4\xbc\x9a", true},           /* a CJK character */
        {"\xf0\x9f\x98\x80", true},       /* an emoji */
        {"\xc0\xaf", false},              /* overlong '/' */
        {"\xe0\x80\xaf", false},          /* overlong, 3 bytes */
        {"\xf0\x80\x80\xaf", false},      /* overlong, 4 bytes */
        {"\xed\xa0\x80", false},          /* a surrogate */
        {"\xf4\x90\x80\x80", false},      /* above U+10FFFF */
        {"\xff", false},                  /* never a lead byte */
        {"\x80", false},                  /* a lone continuation */
        {"\xe4\xbc", false},              /* cut short */
        {"\xe4\x41\x9a", false},          /* a continuation that is not */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (dr_utf8_valid(cases[i].s, strlen(cases[i].s)) != cases[i].ok)
            fail_msg("case %zu: expected %s", i, cases[i].ok ? "valid" : "invalid");
    /* a NUL inside is a byte like another */
    assert_true(dr_utf8_valid("a\0b", 3));
}

static void test_common__buffers_are_bounded(void **state)
{
    dr_buf b;
    (void)state;
    dr_buf_init(&b, 8);
    assert_int_equal(dr_buf_puts(&b, "12345678"), 0);
    assert_int_equal(b.len, 8);
    /* one byte more than the limit: refused, nothing written */
    assert_int_equal(dr_buf_puts(&b, "9"), DR_EINVALID);
    assert_int_equal(b.len, 8);
    assert_string_equal(b.ptr, "12345678");
    assert_int_equal(dr_buf_printf(&b, "%d", 9), DR_EINVALID);
    assert_int_equal(b.len, 8);
    /* an empty put always fits */
    assert_int_equal(dr_buf_put(&b, NULL, 0), 0);
    dr_buf_dispose(&b);
    dr_buf_dispose(&b); /* twice is harmless */
    dr_buf_dispose(NULL);
    dr_buf_dispose_secret(NULL);
    /* a formatted text longer than the small stack buffer */
    dr_buf_init(&b, 0);
    char word[2000];
    memset(word, 'x', sizeof(word) - 1);
    word[sizeof(word) - 1] = '\0';
    assert_int_equal(dr_buf_printf(&b, "<%s|%d>", word, 42), 0);
    assert_int_equal(b.len, strlen(word) + 5);
    assert_string_equal(b.ptr + b.len - 4, "|42>");
    /* and one over a limit */
    dr_buf small;
    dr_buf_init(&small, 1000);
    assert_int_equal(dr_buf_printf(&small, "%s", word), DR_EINVALID);
    assert_int_equal(small.len, 0);
    dr_buf_dispose(&small);
    /* detach: the caller owns the bytes, the buffer is empty */
    size_t len = 0;
    char *p = dr_buf_detach(&b, &len);
    assert_int_equal(len, strlen(word) + 5);
    assert_null(b.ptr);
    assert_int_equal(b.len, 0);
    free(p);
    p = dr_buf_detach(&b, &len);
    assert_non_null(p);
    assert_int_equal(len, 0);
    assert_string_equal(p, "");
    free(p);
    /* a secret is wiped and released */
    dr_buf_init(&b, 0);
    dr_buf_puts(&b, "secret");
    dr_buf_dispose_secret(&b);
    assert_null(b.ptr);
}

static void test_common__dates(void **state)
{
    dr_date d;
    char out[11];
    (void)state;
    static const char *const bad[] = {
        "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00",
        "1899-12-31", "2026-1-01",  "2026/01/01", "20260101",   "2026-01-01T", "abcd-ef-gh",
        "",           "2026-01-0x",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (dr_date_parse(&d, bad[i]) != DR_EINVALID)
            fail_msg("'%s' parsed as a date", bad[i]);
    assert_int_equal(dr_date_parse(&d, NULL), DR_EINVALID);
    static const char *const good[] = {"2000-02-29", "2024-02-29", "1900-01-01", "1969-12-31",
                                       "1970-01-01", "2026-12-31", "9999-12-31"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        assert_int_equal(dr_date_parse(&d, good[i]), 0);
        dr_date_format(d, out);
        assert_string_equal(out, good[i]);
    }
    /* the weekday of days before and after the epoch (Monday = 0) */
    assert_int_equal(dr_date_weekday(D("1970-01-01")), 3);
    assert_int_equal(dr_date_weekday(D("1969-12-29")), 0);
    assert_int_equal(dr_date_weekday(D("2026-10-01")), 3);
    assert_int_equal(dr_date_weekday(D("1900-01-01")), 0);
    /* every day of four years, round trip and one apart */
    dr_date prev = D("2023-12-31");
    for (dr_date x = D("2024-01-01"); x <= D("2027-12-31"); x++) {
        int y, m, dd;
        dr_date_to_ymd(x, &y, &m, &dd);
        assert_int_equal(dr_date_from_ymd(y, m, dd), x);
        assert_int_equal(x - prev, 1);
        prev = x;
    }
}

static void test_common__times_and_offsets(void **state)
{
    dr_time t;
    int off;
    char out[26];
    (void)state;
    assert_int_equal(dr_offset_parse(&off, "Z"), 0);
    assert_int_equal(off, 0);
    assert_int_equal(dr_offset_parse(&off, "-05:30"), 0);
    assert_int_equal(off, -330);
    assert_int_equal(dr_offset_parse(&off, "+14:00"), 0);
    assert_int_equal(off, 840);
    static const char *const bad_offsets[] = {"+15:00", "+08:60", "08:00", "+0800", "+08:0a", "", "z"};
    for (size_t i = 0; i < sizeof(bad_offsets) / sizeof(bad_offsets[0]); i++)
        assert_int_equal(dr_offset_parse(&off, bad_offsets[i]), DR_EINVALID);
    assert_int_equal(dr_offset_parse(&off, NULL), DR_EINVALID);
    static const char *const bad[] = {
        "2026-09-29 09:30:00+08:00", "2026-09-29T24:00:00+08:00", "2026-09-29T09:60:00+08:00",
        "2026-09-29T09:30:60+08:00", "2026-09-29T09:30:00",       "2026-09-29T09:30:00+8",
        "2026-09-29T09-30:00+08:00", "2026-02-30T09:30:00+08:00", "2026-09-29T0a:30:00Z",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (dr_time_parse(&t, bad[i]) != DR_EINVALID)
            fail_msg("'%s' parsed as a time", bad[i]);
    assert_int_equal(dr_time_parse(&t, NULL), DR_EINVALID);
    /* the same instant in three offsets */
    dr_time a = T("2026-09-29T09:30:00+08:00"), b = T("2026-09-29T01:30:00Z"),
            c = T("2026-09-28T20:00:00-05:30");
    assert_true(a.epoch == b.epoch && b.epoch == c.epoch);
    /* its local date depends on the offset */
    assert_int_equal(dr_time_date(a), D("2026-09-29"));
    assert_int_equal(dr_time_date(c), D("2026-09-28"));
    dr_time_format(c, out);
    assert_string_equal(out, "2026-09-28T20:00:00-05:30");
    dr_time_format(dr_time_at_offset(c, 480), out);
    assert_string_equal(out, "2026-09-29T09:30:00+08:00");
    /* before the epoch */
    dr_time old = T("1969-12-31T23:59:59Z");
    assert_int_equal(old.epoch, -1);
    assert_int_equal(dr_time_date(old), D("1969-12-31"));
    dr_time_format(old, out);
    assert_string_equal(out, "1969-12-31T23:59:59+00:00");
}

static void test_common__digests(void **state)
{
    char hex[65];
    (void)state;
    dr_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    dr_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_common__error_names_are_distinct),
        cmocka_unit_test(test_common__contexts),
        cmocka_unit_test(test_common__utf8_trim),
        cmocka_unit_test(test_common__utf8_validity),
        cmocka_unit_test(test_common__buffers_are_bounded),
        cmocka_unit_test(test_common__dates),
        cmocka_unit_test(test_common__times_and_offsets),
        cmocka_unit_test(test_common__digests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
