/* docroute — working days (SPEC §5).
 *
 * A calendar is built from year files (YAML: holiday ranges, make-up working
 * days, the notice they come from). A date is a working day iff it is a listed
 * make-up day, or Monday–Friday outside every holiday range. Lookups see the
 * neighbouring years' files too (the 2023 notice's 元旦 starts 2022-12-31). A
 * lookup in a year without a file fails with DR_ECONFIG naming the year. */
#ifndef DOCROUTE_CALENDAR_H
#define DOCROUTE_CALENDAR_H

#include "docroute/common.h"
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dr_calendar dr_calendar;

/* The limits of one year file. */
#define DR_CALENDAR_MAX_RANGES 64
#define DR_CALENDAR_MAX_WORKDAYS 64
/* A due date more than this many working days away is refused. */
#define DR_CALENDAR_MAX_SPAN 1000

/* Makes an empty calendar; free it with dr_calendar_free(). */
int dr_calendar_new(dr_calendar **out);
void dr_calendar_free(dr_calendar *cal);
/* Parses one year file (file names it in messages); a second file for the same
 * year is refused. The calendar keeps no pointer into data. */
int dr_calendar_add_year(dr_calendar *cal, dr_ctx *ctx, const char *file, const char *data,
                         size_t len);
bool dr_calendar_has_year(const dr_calendar *cal, int year);
/* A year file marked provisional: true (written before the State Council's notice). */
bool dr_calendar_year_provisional(const dr_calendar *cal, int year);
/* True when a count of working days between the two dates runs through a provisional year. */
bool dr_calendar_span_provisional(const dr_calendar *cal, dr_date from, dr_date to);
/* The first and last year with a file (0 when empty). */
void dr_calendar_years(const dr_calendar *cal, int *first, int *last);

int dr_calendar_is_workday(const dr_calendar *cal, dr_ctx *ctx, dr_date date, bool *out);
/* The n-th working day strictly after from (n > 0), or strictly before it
 * (n < 0); n = 0 answers from itself. The starting day never counts. */
int dr_calendar_add_workdays(const dr_calendar *cal, dr_ctx *ctx, dr_date from, int n,
                             dr_date *out);
/* The number of working days in (from, to]; negative when to < from. */
int dr_calendar_count_workdays(const dr_calendar *cal, dr_ctx *ctx, dr_date from, dr_date to,
                               int *out);
/* The holiday's or make-up day's name for a date, or NULL; *makeup says which. */
const char *dr_calendar_day_name(const dr_calendar *cal, dr_date date, bool *makeup);

#ifdef __cplusplus
}
#endif
#endif
