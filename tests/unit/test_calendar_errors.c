/* A year file that cannot be right is refused whole with the file, the line and what is
 * wrong (calendar.c, and the strict YAML reader under it, yamltree.c); the calendar's
 * queries at their edges: spans too long, a query without its year, years in any order. */
#include "helpers.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *text;
    const char *says; /* a phrase the message must carry */
    int line;         /* the line it names (0: none) */
} bad_year;

#define HEAD "year: 2030\nnotice: n\n"

static int add_year(dr_calendar *cal, dr_ctx *ctx, const char *text)
{
    dr_ctx_init(ctx);
    return dr_calendar_add_year(cal, ctx, "2030.yaml", text, strlen(text));
}

static void expect_refused(const bad_year *cases, size_t n)
{
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        dr_calendar *cal;
        dr_ctx ctx;
        assert_int_equal(dr_calendar_new(&cal), 0);
        int rc = add_year(cal, &ctx, cases[i].text);
        if (rc != DR_EINVALID || strcmp(ctx.file, "2030.yaml") || !strstr(ctx.msg, cases[i].says) ||
            ctx.line != cases[i].line) {
            print_message("case %zu: rc %d, %s:%d:%d: %s (wanted '%s' at line %d)\n", i, rc, ctx.file,
                          ctx.line, ctx.col, ctx.msg, cases[i].says, cases[i].line);
            failed++;
        }
        /* nothing of a refused file is kept */
        if (dr_calendar_has_year(cal, 2030)) {
            print_message("case %zu: the refused year is in the calendar\n", i);
            failed++;
        }
        dr_calendar_free(cal);
    }
    assert_int_equal(failed, 0);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_calendar_errors__the_year_and_its_notice(void **state)
{
    (void)state;
    static const bad_year cases[] = {
        {"notice: n\nholidays: []\n", "'year' must be a year like 2023", 1},
        {"year: [2030]\nnotice: n\nholidays: []\n", "'year' must be a year", 1},
        {"year: 2030x\nnotice: n\nholidays: []\n", "'year' must be a year", 1},
        {"year: 1899\nnotice: n\nholidays: []\n", "'year' must be a year", 1},
        {"year: 10000\nnotice: n\nholidays: []\n", "'year' must be a year", 1},
        {"year: 2030\nnotice: \"\"\nholidays: []\n", "'notice' must name the notice", 2},
        {"year: 2030\nnotice: [a]\nholidays: []\n", "'notice' must name the notice", 2},
        {HEAD "provisional: maybe\nholidays: []\n", "'provisional' is true or false", 3},
        {HEAD "provisional: [true]\nholidays: []\n", "'provisional' is true or false", 3},
        {"- year: 2030\n", "expected a mapping", 1},
        {HEAD, "'holidays' must be a list of ranges", 1},
        {HEAD "holidays: {a: b}\n", "'holidays' must be a list of ranges", 3},
    };
    expect_refused(cases, N(cases));
}

static void test_calendar_errors__holiday_ranges(void **state)
{
    (void)state;
    static const bad_year cases[] = {
        {HEAD "holidays:\n  - 2030-01-01\n", "expected a mapping", 4},
        {HEAD "holidays:\n  - {name: a, to: 2030-01-02}\n", "missing 'from'", 0},
        {HEAD "holidays:\n  - {name: a, from: 2030-01-01}\n", "missing 'to'", 0},
        {HEAD "holidays:\n  - {name: a, from: [2030-01-01], to: 2030-01-02}\n", "'from' must be a date", 4},
        {HEAD "holidays:\n  - {name: a, from: 2030-01-01, to: 2030-1-2}\n", "'to' must be a date", 4},
        {HEAD "holidays:\n  - {from: 2030-01-01, to: 2030-01-02}\n", "needs a 'name'", 4},
        {HEAD "holidays:\n  - {name: \"\", from: 2030-01-01, to: 2030-01-02}\n", "needs a 'name'", 4},
        {HEAD "holidays:\n  - {name: [a], from: 2030-01-01, to: 2030-01-02}\n", "needs a 'name'", 4},
        {HEAD "holidays:\n  - {name: a, from: 2030-01-03, to: 2030-01-02}\n", "holiday range 'a' is empty", 4},
        {HEAD "holidays:\n  - {name: a, from: 2030-01-01, to: 2030-02-02}\n", "too long", 4},
        {HEAD "holidays:\n  - {name: a, from: 2029-12-01, to: 2029-12-03}\n", "outside its year", 4},
        {HEAD "holidays:\n  - {name: a, from: 2031-01-01, to: 2031-01-03}\n", "outside its year", 4},
        {HEAD "holidays:\n  - {name: a, from: 2030-01-01, to: 2030-01-02, why: b}\n", "unknown key 'why'", 4},
    };
    expect_refused(cases, N(cases));
}

static void test_calendar_errors__makeup_days(void **state)
{
    (void)state;
    static const bad_year cases[] = {
        {HEAD "holidays: []\nworkdays: {date: 2030-01-05}\n", "'workdays' must be a list of at most 64", 4},
        {HEAD "holidays: []\nworkdays:\n  - 2030-01-05\n", "expected a mapping", 5},
        {HEAD "holidays: []\nworkdays:\n  - {for: x}\n", "missing 'date'", 0},
        {HEAD "holidays: []\nworkdays:\n  - {date: 2030-01-05, from: x}\n", "unknown key 'from'", 5},
        {HEAD "holidays:\n  - {name: 春节, from: 2030-02-02, to: 2030-02-09}\nworkdays:\n"
              "  - {date: 2030-02-03, for: 春节}\n",
         "make-up day falls inside the holiday '春节'", 6},
    };
    expect_refused(cases, N(cases));
}

/* The limits of one file: 64 ranges, 64 make-up days. */
static void test_calendar_errors__too_many_entries(void **state)
{
    dr_buf b;
    dr_calendar *cal;
    dr_ctx ctx;
    (void)state;
    assert_int_equal(dr_calendar_new(&cal), 0);
    dr_buf_init(&b, 0);
    dr_buf_puts(&b, HEAD "holidays:\n");
    for (int i = 0; i < DR_CALENDAR_MAX_RANGES; i++)
        dr_buf_printf(&b, "  - {name: h%d, from: 2030-01-01, to: 2030-01-01}\n", i);
    assert_int_equal(add_year(cal, &ctx, b.ptr), 0); /* 64: accepted */
    assert_true(dr_calendar_has_year(cal, 2030));
    dr_calendar_free(cal);

    assert_int_equal(dr_calendar_new(&cal), 0);
    dr_buf_puts(&b, "  - {name: one-more, from: 2030-01-01, to: 2030-01-01}\n");
    assert_int_equal(add_year(cal, &ctx, b.ptr), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "too many holiday ranges"));
    assert_int_equal(ctx.line, 4); /* where the list starts */

    /* 65 Saturdays and Sundays */
    b.len = 0;
    dr_buf_puts(&b, HEAD "holidays: []\nworkdays:\n");
    int days = 0;
    for (dr_date d = D("2030-01-01"); days <= DR_CALENDAR_MAX_WORKDAYS; d++) {
        char iso[11];
        if (dr_date_weekday(d) < 5)
            continue;
        dr_date_format(d, iso);
        dr_buf_printf(&b, "  - {date: %s}\n", iso);
        days++;
    }
    assert_int_equal(add_year(cal, &ctx, b.ptr), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "at most 64 make-up days"));
    assert_false(dr_calendar_has_year(cal, 2030));
    dr_calendar_free(cal);
    dr_buf_dispose(&b);
}

/* The YAML under a year file: one plain document of UTF-8, without aliases, tags,
 * repeated keys, NUL bytes, deep nesting or too many nodes. */
static void test_calendar_errors__strict_yaml(void **state)
{
    (void)state;
    static const bad_year cases[] = {
        {"", "empty yaml document", 1},
        {"# only a comment\n", "empty yaml document", 1},
        {HEAD "holidays: []\n---\nyear: 2031\n", "only one yaml document", 4},
        {"year: !!int 2030\nnotice: n\nholidays: []\n", "yaml tags are not accepted", 1},
        {HEAD "holidays: !!seq []\n", "yaml tags are not accepted", 3},
        {HEAD "holidays: []\nworkdays: !!map {}\n", "yaml tags are not accepted", 4},
        {HEAD "holidays: []\n[a]: 1\n", "a mapping key must be a plain scalar", 4},
        {HEAD "holidays: []\nsource: \"a\\0b\"\n", "NUL byte in a scalar", 4},
        {HEAD "holidays: []\nyear: 2031\n", "duplicate key 'year'", 4},
        {HEAD "holidays: [\n", "did not find expected node content", 4},
        {HEAD "holidays: [a\nb: c\n", "while parsing a flow sequence", 4},
    };
    expect_refused(cases, N(cases));

    /* Bytes that are not UTF-8 text, with and without a NUL */
    dr_calendar *cal;
    dr_ctx ctx;
    assert_int_equal(dr_calendar_new(&cal), 0);
    static const char latin1[] = HEAD "holidays: []\nsource: caf\xe9\n";
    assert_int_equal(dr_calendar_add_year(cal, &ctx, "2030.yaml", latin1, sizeof(latin1) - 1), DR_EINVALID);
    assert_string_equal(ctx.msg, "not valid UTF-8");
    static const char nul[] = HEAD "holidays: []\n\0\n";
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_add_year(cal, &ctx, "2030.yaml", nul, sizeof(nul) - 1), DR_EINVALID);
    assert_string_equal(ctx.msg, "NUL byte in file");
    assert_string_equal(ctx.file, "2030.yaml");
    assert_false(dr_calendar_has_year(cal, 2030));
    dr_calendar_free(cal);
}

static void test_calendar_errors__yaml_limits(void **state)
{
    dr_buf b;
    dr_calendar *cal;
    dr_ctx ctx;
    (void)state;
    assert_int_equal(dr_calendar_new(&cal), 0);
    dr_buf_init(&b, 0);

    /* 32 levels below the root are read; 33 are not */
    dr_buf_puts(&b, HEAD "holidays: []\nsource: ");
    for (int i = 0; i < 32; i++)
        dr_buf_puts(&b, "[");
    for (int i = 0; i < 32; i++)
        dr_buf_puts(&b, "]");
    dr_buf_puts(&b, "\n");
    assert_int_equal(add_year(cal, &ctx, b.ptr), 0);
    dr_calendar_free(cal);
    assert_int_equal(dr_calendar_new(&cal), 0);
    b.len = 0;
    dr_buf_puts(&b, HEAD "holidays: []\nsource: ");
    for (int i = 0; i < 33; i++)
        dr_buf_puts(&b, "[");
    for (int i = 0; i < 33; i++)
        dr_buf_puts(&b, "]");
    dr_buf_puts(&b, "\n");
    assert_int_equal(add_year(cal, &ctx, b.ptr), DR_EINVALID);
    assert_string_equal(ctx.msg, "nesting deeper than 32 levels");
    assert_int_equal(ctx.line, 4);
    assert_int_equal(ctx.col, 9 + 32);

    /* more nodes than the cap */
    b.len = 0;
    dr_buf_puts(&b, HEAD "holidays: []\nsource: [");
    for (int i = 0; i < 200000; i++) /* the cap of nodes (200 000), with the map and keys above */
        dr_buf_puts(&b, "1,");
    dr_buf_puts(&b, "1]\n");
    assert_int_equal(add_year(cal, &ctx, b.ptr), DR_EINVALID);
    assert_string_equal(ctx.msg, "too many yaml nodes");
    assert_int_equal(ctx.line, 4);

    /* more bytes than the cap */
    b.len = 0;
    dr_buf_puts(&b, HEAD "holidays: []\n");
    while (b.len <= (4u << 20))
        dr_buf_puts(&b, "# a comment line that pads the file past its size limit ..........\n");
    assert_int_equal(add_year(cal, &ctx, b.ptr), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "larger than"));
    assert_false(dr_calendar_has_year(cal, 2030));
    dr_calendar_free(cal);
    dr_buf_dispose(&b);
}

/* What a good file may leave out or say differently. */
static void test_calendar_errors__optional_parts(void **state)
{
    dr_calendar *cal;
    dr_ctx ctx;
    bool mk = true;
    (void)state;
    assert_int_equal(dr_calendar_new(&cal), 0);
    /* provisional: false, no 'for' on a make-up day, a range reaching into the next year */
    assert_int_equal(add_year(cal, &ctx,
                              HEAD "provisional: false\nholidays:\n"
                                   "  - {name: 元旦, from: 2030-12-31, to: 2031-01-01}\n"
                                   "workdays:\n  - {date: 2030-01-05}\n  - {date: 2030-01-06, for: [x]}\n"),
                     0);
    assert_false(dr_calendar_year_provisional(cal, 2030));
    assert_string_equal(dr_calendar_day_name(cal, D("2030-01-05"), &mk), "");
    assert_true(mk);
    assert_string_equal(dr_calendar_day_name(cal, D("2030-01-06"), NULL), "");
    assert_string_equal(dr_calendar_day_name(cal, D("2030-12-31"), &mk), "元旦");
    assert_false(mk);
    assert_null(dr_calendar_day_name(cal, D("2030-01-07"), &mk));
    assert_false(mk);
    /* a second file for the year is refused, naming it */
    assert_int_equal(add_year(cal, &ctx, HEAD "holidays: []\n"), DR_EINVALID);
    assert_string_equal(ctx.msg, "a second calendar file for year 2030");
    assert_int_equal(ctx.line, 1);
    dr_calendar_free(cal);
}

static void test_calendar_errors__years_in_any_order(void **state)
{
    dr_calendar *cal;
    dr_ctx ctx;
    int first = -1, last = -1;
    (void)state;
    assert_int_equal(dr_calendar_new(&cal), 0);
    dr_calendar_years(cal, &first, &last);
    assert_int_equal(first, 0);
    assert_int_equal(last, 0);
    assert_int_equal(add_year(cal, &ctx, "year: 2031\nnotice: n\nholidays: []\n"), 0);
    assert_int_equal(add_year(cal, &ctx, "year: 2029\nnotice: n\nholidays: []\n"), 0);
    assert_int_equal(add_year(cal, &ctx, "year: 2030\nnotice: n\nholidays: []\n"), 0);
    dr_calendar_years(cal, &first, &last);
    assert_int_equal(first, 2029);
    assert_int_equal(last, 2031);
    assert_false(dr_calendar_span_provisional(cal, D("2030-01-01"), DR_DATE_NONE));
    dr_calendar_free(cal);
}

static void test_calendar_errors__spans_too_long(void **state)
{
    dr_calendar *cal = example_calendar();
    dr_ctx ctx;
    dr_date d = 0;
    int n = 0;
    (void)state;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_add_workdays(cal, &ctx, D("2024-01-01"), DR_CALENDAR_MAX_SPAN + 1, &d),
                     DR_EINVALID);
    assert_string_equal(ctx.msg, "1001 working days is too far");
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_add_workdays(cal, &ctx, D("2024-01-01"), -DR_CALENDAR_MAX_SPAN - 1, &d),
                     DR_EINVALID);
    assert_string_equal(ctx.msg, "-1001 working days is too far");
    /* 0 answers the day itself, whatever it is */
    assert_int_equal(dr_calendar_add_workdays(cal, &ctx, D("2026-10-01"), 0, &d), 0);
    assert_int_equal(d, D("2026-10-01"));
    /* counting backwards is negative; more than 4000 days is refused */
    assert_int_equal(dr_calendar_count_workdays(cal, &ctx, D("2026-10-09"), D("2026-09-30"), &n), 0);
    assert_int_equal(n, -2); /* 10-09 and 10-08 (the range is (to, from]) */
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_count_workdays(cal, &ctx, D("2010-01-01"), D("2026-01-01"), &n),
                     DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "is too long"));
    /* a count into a year without a file names it */
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_count_workdays(cal, &ctx, D("2026-12-30"), D("2027-01-05"), &n),
                     DR_ECONFIG);
    assert_non_null(strstr(ctx.msg, "year 2027"));
    dr_calendar_free(cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar_errors__the_year_and_its_notice),
        cmocka_unit_test(test_calendar_errors__holiday_ranges),
        cmocka_unit_test(test_calendar_errors__makeup_days),
        cmocka_unit_test(test_calendar_errors__too_many_entries),
        cmocka_unit_test(test_calendar_errors__strict_yaml),
        cmocka_unit_test(test_calendar_errors__yaml_limits),
        cmocka_unit_test(test_calendar_errors__optional_parts),
        cmocka_unit_test(test_calendar_errors__years_in_any_order),
        cmocka_unit_test(test_calendar_errors__spans_too_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
