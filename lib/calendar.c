#include "docroute/calendar.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

typedef struct {
    dr_date from, to;
    char *name;
} range;

typedef struct {
    dr_date date;
    char *name;
} makeup;

typedef struct {
    int year;
    char *notice;
    range *ranges;
    size_t nranges;
    makeup *makeups;
    size_t nmakeups;
    bool provisional; /* written before the State Council's notice */
} year_file;

struct dr_calendar {
    year_file *years;
    size_t n;
};

int dr_calendar_new(dr_calendar **out)
{
    *out = calloc(1, sizeof(**out));
    return *out ? 0 : DR_ENOMEM;
}

static void year_dispose(year_file *y)
{
    for (size_t i = 0; i < y->nranges; i++)
        free(y->ranges[i].name);
    for (size_t i = 0; i < y->nmakeups; i++)
        free(y->makeups[i].name);
    free(y->ranges);
    free(y->makeups);
    free(y->notice);
}

void dr_calendar_free(dr_calendar *cal)
{
    if (!cal)
        return;
    for (size_t i = 0; i < cal->n; i++)
        year_dispose(&cal->years[i]);
    free(cal->years);
    free(cal);
}

static const year_file *find_year(const dr_calendar *cal, int year)
{
    for (size_t i = 0; i < cal->n; i++)
        if (cal->years[i].year == year)
            return &cal->years[i];
    return NULL;
}

bool dr_calendar_year_provisional(const dr_calendar *cal, int year)
{
    const year_file *y = find_year(cal, year);
    return y && y->provisional;
}

bool dr_calendar_span_provisional(const dr_calendar *cal, dr_date from, dr_date to)
{
    int y0, y1, m, d;
    if (from == DR_DATE_NONE || to == DR_DATE_NONE)
        return false;
    dr_date_to_ymd(from < to ? from : to, &y0, &m, &d);
    dr_date_to_ymd(from < to ? to : from, &y1, &m, &d);
    for (int y = y0; y <= y1; y++)
        if (dr_calendar_year_provisional(cal, y))
            return true;
    return false;
}

bool dr_calendar_has_year(const dr_calendar *cal, int year)
{
    return find_year(cal, year) != NULL;
}

void dr_calendar_years(const dr_calendar *cal, int *first, int *last)
{
    *first = *last = 0;
    for (size_t i = 0; i < cal->n; i++) {
        int y = cal->years[i].year;
        if (!*first || y < *first)
            *first = y;
        if (y > *last)
            *last = y;
    }
}

static int bad(dr_ctx *ctx, const char *file, const dr_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int bad(dr_ctx *ctx, const char *file, const dr_ynode *n, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    return dr_ctx_setpos(ctx, DR_EINVALID, file, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

static int scalar_date(dr_ctx *ctx, const char *file, const dr_ynode *n, const char *key,
                       dr_date *out)
{
    if (!n)
        return bad(ctx, file, n, "missing '%s'", key);
    if (n->type != DR_Y_SCALAR || dr_date_parse(out, n->str))
        return bad(ctx, file, n, "'%s' must be a date YYYY-MM-DD", key);
    return 0;
}

static int check_keys(dr_ctx *ctx, const char *file, const dr_ynode *map, const char *const *keys)
{
    if (!map || map->type != DR_Y_MAP)
        return bad(ctx, file, map, "%s", "expected a mapping");
    for (size_t i = 0; i < map->n; i += 2) {
        const char *k = map->kids[i]->str;
        size_t j = 0;
        while (keys[j] && strcmp(keys[j], k) != 0)
            j++;
        if (!keys[j]) {
            dr_ynode *kn = map->kids[i];
            return dr_ctx_setpos(ctx, DR_EINVALID, file, kn->line, kn->col, "unknown key '%s'", k);
        }
    }
    return 0;
}

int dr_calendar_add_year(dr_calendar *cal, dr_ctx *ctx, const char *file, const char *data,
                         size_t len)
{
    static const char *const top_keys[] = {"year",     "notice",   "source",
                                           "holidays", "workdays", "provisional", NULL};
    static const char *const range_keys[] = {"name", "from", "to", NULL};
    static const char *const wd_keys[] = {"date", "for", NULL};
    dr_ynode *root = NULL, *n;
    year_file y = {0};
    int rc;

    if ((rc = dr__yaml_load(&root, ctx, file, data, len)))
        goto done;
    if ((rc = check_keys(ctx, file, root, top_keys)))
        goto done;
    n = dr__yaml_get(root, "year");
    char *end = NULL;
    long yv = (n && n->type == DR_Y_SCALAR) ? strtol(n->str, &end, 10) : 0;
    if (!n || n->type != DR_Y_SCALAR || !end || *end || yv < 1900 || yv > 9999) {
        rc = bad(ctx, file, n ? n : root, "%s", "'year' must be a year like 2023");
        goto done;
    }
    y.year = (int)yv;
    if (find_year(cal, y.year)) {
        rc = bad(ctx, file, n, "a second calendar file for year %s", n->str);
        goto done;
    }
    n = dr__yaml_get(root, "notice");
    if (!n || n->type != DR_Y_SCALAR || !*n->str) {
        rc = bad(ctx, file, n ? n : root, "%s", "'notice' must name the notice the year comes from");
        goto done;
    }
    if (!(y.notice = dr__strdup(n->str))) {
        rc = DR_ENOMEM;
        goto done;
    }
    n = dr__yaml_get(root, "provisional");
    if (n && (n->type != DR_Y_SCALAR || (strcmp(n->str, "true") && strcmp(n->str, "false")))) {
        rc = bad(ctx, file, n, "%s", "'provisional' is true or false");
        goto done;
    }
    y.provisional = n && !strcmp(n->str, "true");
    dr_date year_start = dr_date_from_ymd(y.year, 1, 1), year_end = dr_date_from_ymd(y.year, 12, 31);

    dr_ynode *hs = dr__yaml_get(root, "holidays");
    if (!hs || hs->type != DR_Y_SEQ) {
        rc = bad(ctx, file, hs ? hs : root, "%s", "'holidays' must be a list of ranges");
        goto done;
    }
    if (hs->n > DR_CALENDAR_MAX_RANGES) {
        rc = bad(ctx, file, hs, "%s", "too many holiday ranges");
        goto done;
    }
    for (size_t i = 0; i < hs->n; i++) {
        dr_ynode *h = hs->kids[i];
        range r = {0};
        if ((rc = check_keys(ctx, file, h, range_keys)) ||
            (rc = scalar_date(ctx, file, dr__yaml_get(h, "from"), "from", &r.from)) ||
            (rc = scalar_date(ctx, file, dr__yaml_get(h, "to"), "to", &r.to)))
            goto done;
        dr_ynode *name = dr__yaml_get(h, "name");
        if (!name || name->type != DR_Y_SCALAR || !*name->str) {
            rc = bad(ctx, file, name ? name : h, "%s", "a holiday range needs a 'name'");
            goto done;
        }
        /* A range may reach into the year before (or after), never lie outside its year. */
        if (r.to < r.from || r.to - r.from > 31 || r.to < year_start || r.from > year_end) {
            rc = bad(ctx, file, h, "holiday range '%s' is empty, too long or outside its year",
                     name->str);
            goto done;
        }
        range *slot = dr__push(&y.ranges, &y.nranges, sizeof(range));
        if (!slot) {
            rc = DR_ENOMEM;
            goto done;
        }
        *slot = r;
        if (!(slot->name = dr__strdup(name->str))) {
            rc = DR_ENOMEM;
            goto done;
        }
    }
    dr_ynode *ws = dr__yaml_get(root, "workdays");
    if (ws && (ws->type != DR_Y_SEQ || ws->n > DR_CALENDAR_MAX_WORKDAYS)) {
        rc = bad(ctx, file, ws, "%s", "'workdays' must be a list of at most 64 make-up days");
        goto done;
    }
    for (size_t i = 0; ws && i < ws->n; i++) {
        dr_ynode *w = ws->kids[i];
        makeup m = {0};
        if ((rc = check_keys(ctx, file, w, wd_keys)) ||
            (rc = scalar_date(ctx, file, dr__yaml_get(w, "date"), "date", &m.date)))
            goto done;
        if (dr_date_weekday(m.date) < 5) {
            rc = bad(ctx, file, w, "%s", "a make-up working day must be a Saturday or Sunday");
            goto done;
        }
        for (size_t k = 0; k < y.nranges; k++)
            if (m.date >= y.ranges[k].from && m.date <= y.ranges[k].to) {
                rc = bad(ctx, file, w, "make-up day falls inside the holiday '%s'",
                         y.ranges[k].name);
                goto done;
            }
        dr_ynode *f = dr__yaml_get(w, "for");
        makeup *slot = dr__push(&y.makeups, &y.nmakeups, sizeof(makeup));
        if (!slot) {
            rc = DR_ENOMEM;
            goto done;
        }
        slot->date = m.date;
        if (!(slot->name = dr__strdup(f && f->type == DR_Y_SCALAR ? f->str : ""))) {
            rc = DR_ENOMEM;
            goto done;
        }
    }
    year_file *slot = dr__push(&cal->years, &cal->n, sizeof(year_file));
    if (!slot) {
        rc = DR_ENOMEM;
        goto done;
    }
    *slot = y;
    memset(&y, 0, sizeof(y));
done:
    year_dispose(&y);
    dr__yaml_free(root);
    return rc;
}

static int year_of(dr_date d)
{
    int y, m, dd;
    dr_date_to_ymd(d, &y, &m, &dd);
    return y;
}

/* What the files of the year and its neighbours say of a date: 1 make-up day,
 * -1 holiday, 0 nothing. */
static int listed(const dr_calendar *cal, dr_date d, const char **name)
{
    int y = year_of(d);
    for (int k = y - 1; k <= y + 1; k++) {
        const year_file *f = find_year(cal, k);
        for (size_t i = 0; f && i < f->nmakeups; i++)
            if (f->makeups[i].date == d) {
                *name = f->makeups[i].name;
                return 1;
            }
    }
    for (int k = y - 1; k <= y + 1; k++) {
        const year_file *f = find_year(cal, k);
        for (size_t i = 0; f && i < f->nranges; i++)
            if (d >= f->ranges[i].from && d <= f->ranges[i].to) {
                *name = f->ranges[i].name;
                return -1;
            }
    }
    return 0;
}

int dr_calendar_is_workday(const dr_calendar *cal, dr_ctx *ctx, dr_date date, bool *out)
{
    const char *name = NULL;
    int y = year_of(date);
    if (!find_year(cal, y)) {
        return dr_ctx_set(ctx, DR_ECONFIG,
                          "no working-day calendar for year %d (an admin adds its year file)", y);
    }
    int l = listed(cal, date, &name);
    *out = l == 1 || (l == 0 && dr_date_weekday(date) < 5);
    return 0;
}

const char *dr_calendar_day_name(const dr_calendar *cal, dr_date date, bool *is_makeup)
{
    const char *name = NULL;
    int l = listed(cal, date, &name);
    if (is_makeup)
        *is_makeup = l == 1;
    return l ? name : NULL;
}

int dr_calendar_add_workdays(const dr_calendar *cal, dr_ctx *ctx, dr_date from, int n,
                             dr_date *out)
{
    int step = n < 0 ? -1 : 1, left = n < 0 ? -n : n;
    dr_date d = from;
    if (left > DR_CALENDAR_MAX_SPAN)
        return dr_ctx_set(ctx, DR_EINVALID, "%d working days is too far", n);
    while (left > 0) {
        bool work;
        d += step;
        int rc = dr_calendar_is_workday(cal, ctx, d, &work);
        if (rc)
            return rc;
        if (work)
            left--;
    }
    *out = d;
    return 0;
}

int dr_calendar_count_workdays(const dr_calendar *cal, dr_ctx *ctx, dr_date from, dr_date to,
                               int *out)
{
    int sign = to < from ? -1 : 1, count = 0;
    dr_date lo = to < from ? to : from, hi = to < from ? from : to;
    if (hi - lo > 4 * DR_CALENDAR_MAX_SPAN)
        return dr_ctx_set(ctx, DR_EINVALID, "range of %d days is too long", (int)(hi - lo));
    for (dr_date d = lo + 1; d <= hi; d++) {
        bool work;
        int rc = dr_calendar_is_workday(cal, ctx, d, &work);
        if (rc)
            return rc;
        count += work;
    }
    *out = sign * count;
    return 0;
}
