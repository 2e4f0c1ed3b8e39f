/* Due dates: a step's period counted in working days on the calendar, bounded by the
 * document's meeting; and the open due dates a replaced calendar counts otherwise. */
#include "docroute/route.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

int dr_route_due(dr_ctx *ctx, const dr_config *cfg, const dr_calendar *cal, const dr_route *route,
                 const dr_step *s, const dr_document *d, const char *unit, dr_date start,
                 dr_date *due, bool *provisional)
{
    int rc;
    *due = DR_DATE_NONE;
    *provisional = false;
    if (dr_step_countersigns(s)) {
        int period = dr_route_period(cfg, route, s, d, unit);
        if (period && (rc = dr_calendar_add_workdays(cal, ctx, start, period, due)))
            return rc;
        *provisional = period && dr_calendar_span_provisional(cal, start, *due);
        return 0;
    }
    int period = dr_route_period(cfg, route, s, d, NULL);
    dr_date meeting = DR_DATE_NONE;
    if (d->meeting_date)
        dr_date_parse(&meeting, d->meeting_date);
    if (period && (rc = dr_calendar_add_workdays(cal, ctx, start, period, due)))
        return rc;
    /* R54-AGENDA-10WD: filed with the committee N working days before the meeting. */
    if (s->before_meeting && meeting != DR_DATE_NONE) {
        dr_date b;
        if ((rc = dr_calendar_add_workdays(cal, ctx, meeting, -s->before_meeting, &b)))
            return rc;
        if (*due == DR_DATE_NONE || b < *due)
            *due = b;
    }
    /* issue-after-meeting (R57-ISSUE-5WD in the default catalog): a document the rule's
     * meeting approved is issued within `within` working days of it. */
    const dr_rule *issue = dr_config_check(cfg, DR_CHECK_ISSUE_AFTER_MEETING);
    if (issue && !strcmp(s->act, "register") && meeting != DR_DATE_NONE &&
        dr__streq(d->meeting_kind, issue->meeting) && dr__streq(d->meeting_decision, "approved") &&
        !dr__streq(d->type, "minutes")) {
        dr_date b;
        if ((rc = dr_calendar_add_workdays(cal, ctx, meeting, issue->within, &b)))
            return rc;
        if (*due == DR_DATE_NONE || b < *due)
            *due = b;
    }
    if (*due != DR_DATE_NONE)
        *provisional = dr_calendar_span_provisional(cal, start, *due) ||
                       (meeting != DR_DATE_NONE && dr_calendar_span_provisional(cal, meeting, *due));
    return 0;
}

static int push(dr_reprojection **out, size_t *n, const char *step, const char *unit, dr_date was,
                dr_date due, bool prov)
{
    dr_reprojection *r = dr__push(out, n, sizeof(dr_reprojection));
    if (!r)
        return DR_ENOMEM;
    *r = (dr_reprojection){step, unit, was, due, prov};
    return 0;
}

int dr_route_reprojections(dr_reprojection **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                           const dr_calendar *cal, const dr_route_state *st,
                           const dr_document *d)
{
    int rc = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < st->nsteps && !rc; i++) {
        const dr_step_status *ss = &st->steps[i];
        dr_date due;
        bool prov;
        for (size_t k = 0; k < ss->nrequests && !rc; k++) {
            const dr_request *rq = &ss->requests[k];
            if (rq->state != DR_REQ_OPEN || rq->due == DR_DATE_NONE || rq->due_agreed ||
                rq->ext_until != DR_DATE_NONE || rq->due_start == DR_DATE_NONE ||
                dr_route_request(ss, rq->unit) != rq)
                continue;
            if (!(rc = dr_route_due(ctx, cfg, cal, st->route, ss->step, d, rq->unit, rq->due_start,
                                    &due, &prov)) &&
                due != DR_DATE_NONE && (due != rq->due || prov != rq->due_provisional))
                rc = push(out, n, ss->step->id, rq->unit, rq->due, due, prov);
        }
        if (rc || ss->state != DR_STEP_OPEN || dr_step_countersigns(ss->step) || ss->due == DR_DATE_NONE ||
            ss->due_start == DR_DATE_NONE)
            continue;
        if (!(rc = dr_route_due(ctx, cfg, cal, st->route, ss->step, d, NULL, ss->due_start, &due,
                                &prov)) &&
            due != DR_DATE_NONE && (due != ss->due || prov != ss->due_provisional))
            rc = push(out, n, ss->step->id, NULL, ss->due, due, prov);
    }
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
