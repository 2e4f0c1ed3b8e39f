/* libFuzzer target: calendar year files (.docroute/calendar/<year>.yaml), as a
 * snapshot's calendar is built: the input holds one year file, or several joined by
 * FUZZ_SEP, added in turn to one calendar; then every day of the years it holds is
 * asked about, and working days are counted and added across them (periods that run
 * over a year's end included).
 *   scripts/fuzz.sh [SECONDS] fuzz_calendar */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dr_ctx ctx;
    dr_calendar *cal = NULL;
    const char *rest = (const char *)data, *part;
    size_t left = size, len;
    int added = 0;

    if (dr_calendar_new(&cal))
        return 0;
    for (int i = 0; i < 8 && (i == 0 || left > 0); i++) {
        fuzz_next_part(&rest, &left, &part, &len);
        dr_ctx_init(&ctx);
        int rc = dr_calendar_add_year(cal, &ctx, "calendar/year.yaml", part, len);
        fuzz_note("year", rc, &ctx);
        added += rc == 0;
    }
    if (added) {
        int y0, y1;
        bool w, makeup;
        dr_date d;
        int n;
        dr_calendar_years(cal, &y0, &y1);
        dr_date first = dr_date_from_ymd(y0, 1, 1), last = dr_date_from_ymd(y1, 12, 31);
        for (int y = y0; y <= y1; y++) {
            if (!dr_calendar_has_year(cal, y))
                continue; /* the years held, not the span between them (at most 8) */
            dr_calendar_year_provisional(cal, y);
            for (dr_date day = dr_date_from_ymd(y, 1, 1); day <= dr_date_from_ymd(y, 12, 31);
                 day++) {
                dr_calendar_is_workday(cal, &ctx, day, &w);
                dr_calendar_day_name(cal, day, &makeup);
            }
        }
        dr_calendar_span_provisional(cal, first, last);
        dr_calendar_count_workdays(cal, &ctx, first, last, &n);
        dr_calendar_add_workdays(cal, &ctx, first, 30, &d);
        dr_calendar_add_workdays(cal, &ctx, dr_date_from_ymd(y1, 12, 20), 15, &d);
        dr_calendar_add_workdays(cal, &ctx, last, 400, &d);
    }
    dr_calendar_free(cal);
    return 0;
}
