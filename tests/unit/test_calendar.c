/* The calendar (SPEC §5) against the national calendar 2020–2026. */
#include "helpers.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int setup(void **state)
{
    *state = example_calendar();
    return 0;
}

static int teardown(void **state)
{
    dr_calendar_free(*state);
    return 0;
}

static bool work(const dr_calendar *cal, const char *iso)
{
    bool w = false;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_is_workday(cal, &ctx, D(iso), &w), 0);
    return w;
}

static const char *due(const dr_calendar *cal, const char *iso, int n)
{
    static char out[11];
    dr_date d;
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_add_workdays(cal, &ctx, D(iso), n, &d), 0);
    dr_date_format(d, out);
    return out;
}

/* Working days per year, as the State Council's notices make them. */
static void test_calendar__working_days_per_year(void **state)
{
    static const int expected[] = {249, 250, 249, 249, 251, 248, 248};
    dr_ctx ctx;
    dr_ctx_init(&ctx);
    for (int y = 2020; y <= 2026; y++) {
        int n = 0;
        assert_int_equal(dr_calendar_count_workdays(*state, &ctx, dr_date_from_ymd(y - 1, 12, 31),
                                                    dr_date_from_ymd(y, 12, 31), &n),
                         0);
        if (n != expected[y - 2020])
            fail_msg("%d: %d working days, expected %d", y, n, expected[y - 2020]);
    }
}

/* The shipped year files agree day by day with the cross-checked national data
 * (a copy of shared/data/cn_workcal_2020_2026.json in tests/fixtures). */
static void test_calendar__matches_the_national_data(void **state)
{
    dr_buf b;
    json_error_t jerr;
    int checked = 0;
    dr_buf_init(&b, 0);
    read_source_file("tests/fixtures/cn_workcal_2020_2026.json", &b);
    json_t *root = json_loadb(b.ptr, b.len, 0, &jerr);
    assert_non_null(root);
    for (int y = 2020; y <= 2026; y++) {
        char key[8];
        snprintf(key, sizeof(key), "%d", y);
        json_t *year = json_object_get(root, key);
        assert_non_null(year);
        /* Every day of the year: working iff (Mon–Fri and in no range) or a make-up day. */
        json_t *ranges = json_object_get(year, "holiday_ranges");
        json_t *makeups = json_object_get(year, "makeup_workdays");
        for (dr_date d = dr_date_from_ymd(y, 1, 1); d <= dr_date_from_ymd(y, 12, 31); d++) {
            char iso[11];
            bool expect = dr_date_weekday(d) < 5;
            size_t i;
            json_t *v;
            dr_date_format(d, iso);
            json_array_foreach(ranges, i, v) {
                if (strcmp(iso, json_string_value(json_object_get(v, "start"))) >= 0 &&
                    strcmp(iso, json_string_value(json_object_get(v, "end"))) <= 0)
                    expect = false;
            }
            json_array_foreach(makeups, i, v) {
                if (strcmp(iso, json_string_value(json_object_get(v, "date"))) == 0)
                    expect = true;
            }
            if (work(*state, iso) != expect)
                fail_msg("%s: the calendar says %s", iso, expect ? "holiday" : "working day");
            checked++;
        }
    }
    assert_int_equal(checked, 7 * 365 + 2);
    json_decref(root);
    dr_buf_dispose(&b);
}

static void test_calendar__makeup_saturdays_and_sundays_work(void **state)
{
    assert_true(work(*state, "2026-10-10"));  /* Saturday, 国庆节 make-up */
    assert_true(work(*state, "2026-09-20"));  /* Sunday */
    assert_true(work(*state, "2026-01-04"));  /* Sunday, 元旦 make-up */
    assert_false(work(*state, "2026-10-11")); /* an ordinary Sunday */
    assert_false(work(*state, "2026-10-05")); /* Monday inside 国庆节 */
    assert_true(work(*state, "2026-10-09"));  /* an ordinary Friday */
}

/* N working days on: the starting day never counts, whatever its kind. */
static void test_calendar__due_dates(void **state)
{
    /* Sent the day before National Day (Wednesday 2026-09-30). */
    assert_string_equal(due(*state, "2026-09-30", 3), "2026-10-10");
    /* Sent on a make-up Saturday: the Saturday itself does not count. */
    assert_string_equal(due(*state, "2026-10-10", 1), "2026-10-12");
    /* Sent on a make-up Sunday (2026-09-20): Mon, Tue, Wed. */
    assert_string_equal(due(*state, "2026-09-20", 3), "2026-09-23");
    /* A third working day that is a make-up Sunday: 2025-09-25 (Thu) → Fri, Sun 28, Mon. */
    assert_string_equal(due(*state, "2025-09-25", 2), "2025-09-28");
    /* A start inside a holiday counts from its end. */
    assert_string_equal(due(*state, "2026-10-03", 1), "2026-10-08");
    assert_string_equal(due(*state, "2026-02-17", 3), "2026-02-26");
    /* Plain weeks. */
    assert_string_equal(due(*state, "2026-06-01", 3), "2026-06-04");
    assert_string_equal(due(*state, "2026-06-05", 3), "2026-06-10");
}

/* A range that reaches into the year before: the 2023 notice's 元旦 starts 2022-12-31. */
static void test_calendar__period_across_new_year(void **state)
{
    assert_false(work(*state, "2022-12-31"));
    assert_false(work(*state, "2023-01-02"));
    assert_string_equal(due(*state, "2022-12-29", 2), "2023-01-03");
    assert_string_equal(due(*state, "2025-12-30", 2), "2026-01-04"); /* make-up Sunday */
    /* Backwards (art. 54: materials 10 working days before a meeting). */
    assert_string_equal(due(*state, "2023-01-03", -1), "2022-12-30");
    assert_string_equal(due(*state, "2026-10-09", -10), "2026-09-18"); /* past 中秋节 */
}

/* The example's provisional 2027: counted, and known to be provisional. */
static void test_calendar__provisional_year(void **state)
{
    dr_calendar *cal = *state;
    dr_buf b;
    dr_ctx ctx;
    const char *rel = "examples/zhangdian/docroute/calendar/2027.yaml";
    dr_ctx_init(&ctx);
    dr_buf_init(&b, 0);
    read_source_file(rel, &b);
    assert_int_equal(dr_calendar_add_year(cal, &ctx, rel, b.ptr, b.len), 0);
    dr_buf_dispose(&b);
    assert_true(dr_calendar_year_provisional(cal, 2027));
    assert_false(dr_calendar_year_provisional(cal, 2026));
    assert_false(dr_calendar_year_provisional(cal, 2028)); /* no file: not provisional either */
    /* 3 working days after 2026-12-29 (Tue): 12-30, 12-31, then 2027-01-04 (元旦 on Fri). */
    assert_string_equal(due(cal, "2026-12-29", 3), "2027-01-04");
    assert_true(dr_calendar_span_provisional(cal, D("2026-12-29"), D("2027-01-04")));
    assert_true(dr_calendar_span_provisional(cal, D("2027-01-04"), D("2026-12-29")));
    assert_false(dr_calendar_span_provisional(cal, D("2026-12-01"), D("2026-12-31")));
    assert_false(dr_calendar_span_provisional(cal, DR_DATE_NONE, D("2027-01-04")));
    /* 春节 2027: 除夕 Friday 02-05 to 初三 Monday 02-08 */
    assert_false(work(cal, "2027-02-05"));
    assert_false(work(cal, "2027-02-08"));
    assert_true(work(cal, "2027-02-09"));
}

static void test_calendar__missing_year_is_an_error_naming_it(void **state)
{
    dr_ctx ctx;
    dr_date d;
    bool w;
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_is_workday(*state, &ctx, D("2027-01-04"), &w), DR_ECONFIG);
    assert_non_null(strstr(ctx.msg, "2027"));
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_add_workdays(*state, &ctx, D("2026-12-30"), 3, &d), DR_ECONFIG);
    assert_non_null(strstr(ctx.msg, "2027"));
    dr_ctx_init(&ctx);
    assert_int_equal(dr_calendar_add_workdays(*state, &ctx, D("2020-01-03"), -3, &d), DR_ECONFIG);
    assert_non_null(strstr(ctx.msg, "2019"));
}

static int year_error(const char *text, dr_ctx *ctx)
{
    dr_calendar *cal;
    dr_calendar_new(&cal);
    dr_ctx_init(ctx);
    int rc = dr_calendar_add_year(cal, ctx, "2030.yaml", text, strlen(text));
    dr_calendar_free(cal);
    return rc;
}

static void test_calendar__bad_year_files_are_refused_with_position(void **state)
{
    dr_ctx ctx;
    (void)state;
    assert_int_equal(year_error("year: 2030\nnotice: n\nholidays: []\nextra: 1\n", &ctx), DR_EINVALID);
    assert_int_equal(ctx.line, 4);
    assert_non_null(strstr(ctx.msg, "unknown key 'extra'"));
    assert_int_equal(year_error("year: 2030\nnotice: n\nholidays:\n  - {name: x, from: 2030-02-30, to: 2030-03-01}\n", &ctx),
                     DR_EINVALID);
    assert_int_equal(ctx.line, 4);
    assert_int_equal(year_error("year: 2030\nnotice: n\nholidays: []\nworkdays:\n  - {date: 2030-01-02}\n", &ctx),
                     DR_EINVALID); /* a Wednesday cannot be a make-up day */
    assert_non_null(strstr(ctx.msg, "Saturday or Sunday"));
    assert_int_equal(year_error("year: 2030\nholidays: []\n", &ctx), DR_EINVALID); /* no notice */
    assert_int_equal(year_error("year: 2030\nnotice: &a n\nholidays: *a\n", &ctx), DR_EINVALID);
    assert_non_null(strstr(ctx.msg, "alias"));
    assert_int_equal(year_error("year: [2030\n", &ctx), DR_EINVALID);
    assert_true(ctx.line >= 1);
}

static void test_calendar__dates_round_trip(void **state)
{
    char out[11];
    dr_time t;
    char ts[26];
    (void)state;
    for (dr_date d = D("1999-12-25"); d < D("2031-01-10"); d += 17) {
        dr_date back;
        dr_date_format(d, out);
        assert_int_equal(dr_date_parse(&back, out), 0);
        assert_int_equal(back, d);
    }
    assert_int_equal(dr_date_weekday(D("2026-11-26")), 3); /* Thursday */
    assert_int_equal(dr_time_parse(&t, "2026-09-30T23:59:59+08:00"), 0);
    assert_int_equal(dr_time_date(t), D("2026-09-30"));
    assert_int_equal(dr_time_date(dr_time_at_offset(t, 0)), D("2026-09-30"));
    dr_time_format(t, ts);
    assert_string_equal(ts, "2026-09-30T23:59:59+08:00");
    assert_int_equal(dr_time_parse(&t, "2026-09-30T24:00:00+08:00"), DR_EINVALID);
    assert_int_equal(dr_time_parse(&t, "2026-02-29T10:00:00+08:00"), DR_EINVALID);
    assert_int_equal(dr_date_parse(&(dr_date){0}, "2026-1-01"), DR_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_calendar__working_days_per_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendar__matches_the_national_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendar__makeup_saturdays_and_sundays_work, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendar__due_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendar__period_across_new_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendar__missing_year_is_an_error_naming_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendar__provisional_year, setup, teardown),
        cmocka_unit_test(test_calendar__bad_year_files_are_refused_with_position),
        cmocka_unit_test(test_calendar__dates_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
