/* The acts on due requests: a countersign reply, a deemed consent, an extension, a
 * coordination note, a further countersign asked (加签), due dates re-projected. */
#include "act_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

int plan_countersign(planner *pl)
{
    const dr_act_input *in = pl->in;
    dr_step_status *cs;
    dr_request *rq;
    const char *acting_for = NULL;
    char doing[200];
    int rc;
    if (!dr__streq(in->position, "agree") && !dr__streq(in->position, "object"))
        return dr_ctx_set(pl->ctx, DR_EUSAGE, "countersign needs --agree or --object");
    if (dr__streq(in->position, "object") && (!in->opinion || !*in->opinion))
        return dr_ctx_setrule(pl->ctx, DR_EUSAGE, cite(pl, DR_CHECK_OBJECTION, true),
                              "--object needs --opinion: the objection's rationale");
    if ((rc = cs_step(pl, &cs)) || (rc = pick_request(pl, cs, &in->route->cs_by, &rq)))
        return rc;
    snprintf(doing, sizeof(doing), rq->person ? "countersign %s as '%s'" : "countersign %s for '%s' (its head)",
             pl->id, rq->unit);
    dr_holder *h = NULL;
    size_t n = 0;
    if ((rc = dr_route_request_holders(&h, &n, pl->ctx, in->cfg, in->route, rq, pl->d,
                                       dr_time_date(in->at))) ||
        (rc = check_holder(pl->ctx, in, h, n, cite(pl, DR_CHECK_COUNTERSIGN_BY, true), doing, &acting_for))) {
        free(h);
        return rc;
    }
    free(h);
    bool deemed = rq->state == DR_REQ_DEEMED;
    switch (rq->state) {
    case DR_REQ_OPEN:
    case DR_REQ_DEEMED:
    case DR_REQ_LAPSED:
        /* A late reply with no effect is kept once, never again. */
        if (rq->late_seq)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_LATE_REPLY, false),
                                  "'%s' already replied late to %s (event %d): one late reply is "
                                  "kept, with no effect",
                                  rq->unit, pl->id, rq->late_seq);
        break;
    case DR_REQ_ANSWERED:
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                              "'%s' already answered %s (event %d): the first effective reply wins",
                              rq->unit, pl->id, rq->answer_seq);
    default:
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                              "the countersign asked of '%s' on %s was cancelled (event %d)", rq->unit,
                              pl->id, rq->answer_seq);
    }
    /* Late: at or after the end of the due date (an extension pending suspends it). */
    bool late = deemed || (rq->due != DR_DATE_NONE && rq->ext_until == DR_DATE_NONE &&
                           dr_time_date(in->at) > rq->due);
    pl->p->late = late;
    pl->p->no_effect = late && in->route->cs_silence_consent && !rq->coordination;
    dr_planned_event *e = add_event(pl->p, "countersign", in->opinion);
    if ((rc = set(e, "step", cs->step->id)) || (rc = set(e, rq->person ? "person" : "unit", rq->unit)) ||
        (rc = set(e, "position", in->position)) || (rc = set_acting_for(pl, e, acting_for)) ||
        (late && (rc = set(e, "late", "true"))))
        return rc;
    return summary(pl->p, "countersign %s: %s %s%s%s", pl->id, rq->unit,
                   dr__streq(in->position, "agree") ? "agrees" : "objects",
                   late ? " (late" : "",
                   late ? (pl->p->no_effect ? ", no effect)" : ")") : "");
}

int plan_deemed(planner *pl)
{
    const dr_act_input *in = pl->in;
    int rc, count = 0;
    if (strcmp(in->actor, "system") != 0)
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_SILENCE, true),
                              "only 'system' records deemed consents, not '%s'", in->actor);
    for (size_t s = 0; s < pl->st->nsteps; s++) {
        dr_step_status *ss = &pl->st->steps[s];
        for (size_t i = 0; i < ss->nrequests; i++) {
            dr_request *rq = &ss->requests[i];
            if (rq->state != DR_REQ_DEEMED || rq->recorded || dr_route_request(ss, rq->unit) != rq)
                continue;
            dr_planned_event *e = add_event(pl->p, "deemed-consent", NULL);
            if ((rc = set(e, "step", ss->step->id)) || (rc = set(e, rq->person ? "person" : "unit", rq->unit)) ||
                (rc = set(e, "rule", cited_attr(cite(pl, DR_CHECK_SILENCE, true)))))
                return rc;
            count++;
        }
    }
    return summary(pl->p, "deemed consent %s: %d unanswered request%s past due", pl->id, count,
                   count == 1 ? "" : "s");
}

int plan_extension(planner *pl)
{
    const dr_act_input *in = pl->in;
    dr_step_status *cs;
    dr_request *rq;
    const char *acting_for = NULL;
    char doing[200];
    int rc;
    bool ask = strcmp(in->act, "extend") == 0;
    if ((rc = cs_step(pl, &cs)))
        return rc;
    if (ask) {
        dr_selector buf[2];
        const dr_selector *sels;
        size_t ns = act_selectors(in->cfg, "extend", &sels, buf);
        if ((rc = need(pl, in->until, "needs --until DATE")) ||
            (rc = need(pl, in->reason, "needs --reason TEXT")))
            return rc;
        if (!ns)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_EXTENSION, true),
                                  "the config names nobody who may ask an extension (acts: extend)");
        if ((rc = pick_request(pl, cs, &sels[0], &rq)))
            return rc;
    } else {
        if ((rc = need(pl, in->unit, "needs --unit U")))
            return rc;
        rq = dr_route_request(cs, in->unit);
        if (!rq)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false), "no countersign was asked of '%s' on %s",
                                  in->unit, pl->id);
    }
    snprintf(doing, sizeof(doing), "%s for '%s' on %s", in->act, rq->unit, pl->id);
    if ((rc = may_do_act(pl->ctx, in, ask ? "extend" : "accept-extension", rq->unit,
                         cite(pl, DR_CHECK_EXTENSION, true), doing, &acting_for)))
        return rc;
    if (ask) {
        dr_date until, today = dr_time_date(in->at);
        if (dr_date_parse(&until, in->until))
            return dr_ctx_set(pl->ctx, DR_EUSAGE, "bad date '%s' (expected YYYY-MM-DD)", in->until);
        if (rq->state != DR_REQ_OPEN || rq->ext_until != DR_DATE_NONE)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_EXTENSION, true),
                                  "the countersign asked of '%s' is not open for an extension (%s)",
                                  rq->unit, rq->ext_until != DR_DATE_NONE ? "one is pending" : "settled");
        if (rq->due == DR_DATE_NONE || today > rq->due) {
            char due[11] = "?";
            if (rq->due != DR_DATE_NONE)
                dr_date_format(rq->due, due);
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_EXTENSION, true),
                                  "an extension is asked before the due date (%s): too late", due);
        }
        if (until <= rq->due || until < today)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_EXTENSION, true),
                                  "the new date %s must come after the due date", in->until);
        dr_planned_event *e = add_event(pl->p, "extend", in->reason);
        if ((rc = set(e, "step", cs->step->id)) || (rc = set(e, rq->person ? "person" : "unit", rq->unit)) ||
            (rc = set_date(e, "until", until)) || (rc = set_acting_for(pl, e, acting_for)))
            return rc;
        return summary(pl->p, "extend %s: %s asks until %s", pl->id, rq->unit, in->until);
    }
    if (rq->ext_until == DR_DATE_NONE)
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_EXTENSION, true),
                              "'%s' has asked no extension on %s", rq->unit, pl->id);
    bool accept = strcmp(in->act, "accept-extension") == 0;
    dr_planned_event *e = add_event(pl->p, in->act, in->reason);
    if ((rc = set(e, "step", cs->step->id)) || (rc = set(e, rq->person ? "person" : "unit", rq->unit)) ||
        (accept && (rc = set_date(e, "due-date", rq->ext_until))) ||
        (rc = set_acting_for(pl, e, acting_for)))
        return rc;
    return summary(pl->p, "%s %s: %s", in->act, pl->id, rq->unit);
}

int plan_coordinate(planner *pl)
{
    const dr_act_input *in = pl->in;
    dr_step_status *cs;
    const char *acting_for = NULL;
    char doing[160];
    int rc, count = 0;
    if ((rc = cs_step(pl, &cs)) || (rc = need(pl, in->note_href, "needs --note FILE")) ||
        (rc = need(pl, in->note_sha256, "needs the note's sha256")))
        return rc;
    snprintf(doing, sizeof(doing), "record the coordination note of %s (its drafter's head)", pl->id);
    if ((rc = may_do_act(pl->ctx, in, "coordinate", NULL, cite(pl, DR_CHECK_OBJECTION, true), doing,
                         &acting_for)))
        return rc;
    dr_planned_event *co = add_event(pl->p, "coordinate", in->reason);
    if ((rc = set(co, "step", cs->step->id)) || (rc = set(co, "note", in->note_href)) ||
        (rc = set(co, "note-sha256", in->note_sha256)) || (rc = set_acting_for(pl, co, acting_for)))
        return rc;
    for (size_t i = 0; i < cs->nrequests; i++) {
        dr_request *rq = &cs->requests[i];
        if (rq->coordination || rq->state != DR_REQ_ANSWERED || !dr__streq(rq->position, "object"))
            continue;
        bool noted = false;
        for (size_t k = i + 1; k < cs->nrequests; k++)
            noted |= cs->requests[k].coordination && !strcmp(cs->requests[k].unit, rq->unit) &&
                     cs->requests[k].state != DR_REQ_CANCELLED;
        if (noted)
            continue;
        dr_date due = DR_DATE_NONE;
        int period = dr_route_period(in->cfg, in->route, cs->step, pl->d, rq->unit);
        if (period && (rc = dr_calendar_add_workdays(in->cal, pl->ctx, dr_time_date(in->at), period, &due)))
            return rc;
        dr_planned_event *e = add_event(pl->p, "countersign-request", NULL);
        if ((rc = set(e, "step", cs->step->id)) || (rc = set(e, rq->person ? "person" : "unit", rq->unit)) ||
            (rc = set_due(in, e, due)) || (rc = set(e, "note", in->note_href)) ||
            (rc = set(e, "rule", cited_attr(cite(pl, DR_CHECK_OBJECTION, true)))))
            return rc;
        count++;
    }
    if (!count)
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_OBJECTION, true),
                              "no objection on %s awaits a coordination note", pl->id);
    return summary(pl->p, "coordinate %s: a note for %d objecting unit%s", pl->id, count,
                   count == 1 ? "" : "s");
}

int plan_add_countersign(planner *pl)
{
    const dr_act_input *in = pl->in;
    dr_step_status *cs, *os = dr_route_open_step(pl->st);
    const char *acting_for = NULL;
    char doing[160];
    int rc;
    if ((rc = cs_step(pl, &cs)) || (rc = need(pl, in->unit, "needs --unit U")))
        return rc;
    snprintf(doing, sizeof(doing), "ask a further countersign (" DR_W_ADD_COUNTERSIGN ") on %s", pl->id);
    if ((rc = may_do_act(pl->ctx, in, "request-countersign", NULL, cite(pl, DR_CHECK_ROUTE, false), doing, &acting_for)))
        return rc;
    if (!os || !os->step->office)
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                               DR_W_ADD_COUNTERSIGN " is made at the office's review (" DR_W_FIRST_REVIEW "); the open step of %s is %s",
                              pl->id, os ? os->step->id : "none");
    if (!dr_config_unit(in->cfg, in->unit))
        return dr_ctx_set(pl->ctx, DR_EUSAGE, "no unit '%s' in the config", in->unit);
    for (size_t i = 0; i < pl->d->nissuers; i++)
        if (dr__streq(pl->d->issuers[i].unit, in->unit))
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false), "'%s' issues %s: it does not countersign it",
                                  in->unit, pl->id);
    dr_request *old = dr_route_request(cs, in->unit);
    if (old && old->state != DR_REQ_CANCELLED && old->state != DR_REQ_SUPERSEDED)
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false), "'%s' was asked already (event %d)",
                              in->unit, old->seq);
    dr_date due = DR_DATE_NONE;
    int period = dr_route_period(in->cfg, in->route, cs->step, pl->d, in->unit);
    if (period && (rc = dr_calendar_add_workdays(in->cal, pl->ctx, dr_time_date(in->at), period, &due)))
        return rc;
    dr_planned_event *e = add_event(pl->p, "countersign-request", in->reason);
    if ((rc = set(e, "step", cs->step->id)) || (rc = set(e, "unit", in->unit)) ||
        (rc = set_due(in, e, due)) || (rc = set_acting_for(pl, e, acting_for)))
        return rc;
    return summary(pl->p, "request-countersign %s: " DR_W_ADD_COUNTERSIGN " %s", pl->id, in->unit);
}

/* Does the person hold any role at the unit? */
bool of_unit(const dr_config *cfg, const char *person, const char *unit)
{
    const dr_person *p = dr_config_person(cfg, person);
    for (size_t i = 0; p && i < p->nroles; i++)
        if (dr__streq(p->roles[i].unit, unit))
            return true;
    return false;
}

/* reproject: the open due dates counted again on the calendar in force (a year file
 * replaced), one event each, by whom `acts: reproject` names; the reason is required. */
int plan_reproject(planner *pl)
{
    const dr_act_input *in = pl->in;
    const char *acting_for = NULL;
    dr_reprojection *r = NULL;
    size_t n = 0;
    char doing[160];
    int rc;
    if (!dr_config_act(in->cfg, "reproject"))
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                              "the config names nobody who may reproject (acts: reproject)");
    if ((rc = need(pl, in->reason, "needs --reason TEXT (the calendar change it follows)")))
        return rc;
    snprintf(doing, sizeof(doing), "reproject the due dates of %s", pl->id);
    if ((rc = may_do_act(pl->ctx, in, "reproject", NULL, cite(pl, DR_CHECK_ROUTE, false), doing, &acting_for)) ||
        (rc = dr_route_reprojections(&r, &n, pl->ctx, in->cfg, in->cal, pl->st, pl->d)))
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        dr_planned_event *e = add_event(pl->p, "reproject", in->reason);
        if (!e || (rc = set(e, "step", r[i].step)) || (rc = set(e, "unit", r[i].unit)) ||
            (rc = set_date(e, "due-date", r[i].due)) ||
            (r[i].provisional && (rc = set(e, "provisional", "true"))) ||
            (rc = set_acting_for(pl, e, acting_for)))
            rc = rc ? rc : DR_ENOMEM;
    }
    free(r);
    if (rc)
        return rc;
    return summary(pl->p, "reproject %s: %zu due date%s counted again", pl->id, n, n == 1 ? "" : "s");
}
