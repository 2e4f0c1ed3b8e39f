#include "docroute/route.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

static bool listed(const dr_strlist *l, const char *s)
{
    for (size_t i = 0; s && i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

const char *dr_route_direction(const dr_config *cfg, const dr_document *d)
{
    const char *issuer = d->nissuers ? d->issuers[0].unit : NULL;
    const char *to = NULL;
    for (size_t i = 0; i < d->nto && !to; i++)
        to = d->to[i].unit;
    if (!issuer || !to)
        return "across";
    const dr_unit *tu = dr_config_unit(cfg, to);
    if (tu && tu->external)
        return strcmp(tu->external, "superior") == 0     ? "up"
               : strcmp(tu->external, "subordinate") == 0 ? "down"
                                                          : "across";
    if (dr_config_is_ancestor(cfg, to, issuer))
        return "up";
    if (dr_config_is_ancestor(cfg, issuer, to))
        return "down";
    return "across";
}

static bool flag_set(const dr_document *d, const char *flag)
{
    if (strcmp(flag, "major") == 0)
        return d->major;
    if (strcmp(flag, "normative") == 0)
        return d->normative;
    if (strcmp(flag, "affects-market") == 0)
        return d->affects_market;
    if (strcmp(flag, "contract") == 0)
        return d->contract;
    if (strcmp(flag, "directive") == 0)
        return d->directive;
    if (strcmp(flag, "reserved-subjects") == 0)
        return d->reserved_subjects;
    if (strcmp(flag, "commissioned") == 0)
        return d->meeting_commissioned_by != NULL;
    return false;
}

bool dr_route_step_applies(const dr_step *s, const dr_document *d)
{
    if (s->unless_exception && d->nexceptions)
        return false;
    if (s->when.n == 0)
        return true;
    for (size_t i = 0; i < s->when.n; i++)
        if (flag_set(d, s->when.v[i]))
            return true;
    return false;
}

static bool route_matches(const dr_config *cfg, const dr_route *r, const dr_document *d)
{
    const char *issuer = d->nissuers ? d->issuers[0].unit : NULL;
    if (r->match_issuer.n && !listed(&r->match_issuer, issuer))
        return false;
    if (r->match_type.n && !listed(&r->match_type, d->type))
        return false;
    if (r->match_type_not.n && listed(&r->match_type_not, d->type))
        return false;
    if (r->match_meeting.n && !listed(&r->match_meeting, d->meeting_kind))
        return false;
    if (r->match_to.n) {
        bool any = false;
        for (size_t i = 0; i < d->nto; i++)
            any |= listed(&r->match_to, d->to[i].unit);
        if (!any)
            return false;
    }
    if (r->match_direction.n && !listed(&r->match_direction, dr_route_direction(cfg, d)))
        return false;
    return true;
}

int dr_route_select(const dr_route **out, dr_ctx *ctx, const dr_config *cfg, const dr_document *d)
{
    for (size_t i = 0; i < cfg->nroutes; i++)
        if (route_matches(cfg, &cfg->routes[i], d)) {
            *out = &cfg->routes[i];
            return 0;
        }
    *out = NULL;
    return dr_ctx_setrule(ctx, DR_ERULE, "R-ROUTE",
                          "no route of the config fits a %s issued by '%s' going %s",
                          d->type ? d->type : "document",
                          d->nissuers ? d->issuers[0].unit : "?", dr_route_direction(cfg, d));
}

int dr_route_period(const dr_config *cfg, const dr_route *r, const dr_step *s,
                    const dr_document *d, const char *unit)
{
    if (s->units_involved && unit)
        for (size_t i = 0; i < d->ninvolves; i++)
            if (dr__streq(d->involves[i].unit, unit) && d->involves[i].reply_within > 0)
                return d->involves[i].reply_within; /* 除主办部门另有时限要求外 */
    int base = s->units_involved ? r->cs_within : s->within;
    if (dr__streq(d->urgency, "extra-urgent"))
        return base && base < cfg->period_extra_urgent ? base : cfg->period_extra_urgent;
    if (dr__streq(d->urgency, "urgent"))
        return base && base < cfg->period_urgent ? base : cfg->period_urgent;
    return base;
}

size_t dr_route_countersign_units(const dr_document *d, const char **units, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < d->ninvolves; i++) {
        const char *u = d->involves[i].unit;
        bool skip = false;
        for (size_t k = 0; k < d->nissuers; k++)
            if (dr__streq(d->issuers[k].unit, u))
                skip = true;
        for (size_t k = 0; k < n; k++)
            if (dr__streq(units[k], u))
                skip = true;
        if (!skip && n < max)
            units[n++] = u;
    }
    return n;
}

void dr_route_state_free(dr_route_state *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->nsteps; i++) {
        free(st->steps[i].requests);
        free(st->steps[i].done_issuers);
    }
    free(st->steps);
    free(st);
}

static dr_step_status *find_step(dr_route_state *st, const char *id)
{
    for (size_t i = 0; id && i < st->nsteps; i++)
        if (strcmp(st->steps[i].step->id, id) == 0)
            return &st->steps[i];
    return NULL;
}

static dr_request *find_request(dr_step_status *ss, const char *unit)
{
    dr_request *found = NULL;
    for (size_t i = 0; ss && unit && i < ss->nrequests; i++)
        if (strcmp(ss->requests[i].unit, unit) == 0)
            found = &ss->requests[i]; /* the latest request for the unit */
    return found;
}

int dr_route_fold(dr_route_state **out, dr_ctx *ctx, const dr_route *route, const dr_envelope *env)
{
    const dr_document *d = dr_envelope_document(env);
    dr_route_state *st = calloc(1, sizeof(*st));
    int rc = 0;
    *out = NULL;
    if (!st || !(st->steps = dr__calloc(route->nsteps, sizeof(dr_step_status)))) {
        free(st);
        return DR_ENOMEM;
    }
    st->route = route;
    st->nsteps = route->nsteps;
    for (size_t i = 0; i < route->nsteps; i++) {
        st->steps[i].step = &route->steps[i];
        st->steps[i].due = DR_DATE_NONE;
        st->steps[i].state = dr_route_step_applies(&route->steps[i], d) ? DR_STEP_PENDING
                                                                        : DR_STEP_SKIPPED;
    }
    size_t nev = dr_envelope_event_count(env);
    for (size_t i = 0; i < nev; i++) {
        const dr_event *e = dr_envelope_event(env, i);
        const char *step_id = dr_event_attr(env, i, "step");
        const char *unit = dr_event_attr(env, i, "unit");
        const char *due = dr_event_attr(env, i, "due-date");
        dr_step_status *ss = find_step(st, step_id);
        if (step_id && !ss) {
            rc = dr_ctx_setrule(ctx, DR_EINVALID, "R-ROUTE",
                                "event %d names step '%s', which route '%s' does not have",
                                e->seq, step_id, route->id);
            goto done;
        }
        if (strcmp(e->act, "countersign-request") == 0) {
            dr_request *rq = dr__push(&ss->requests, &ss->nrequests, sizeof(dr_request));
            if (!rq) {
                rc = DR_ENOMEM;
                goto done;
            }
            rq->unit = unit;
            rq->seq = e->seq;
            rq->due = DR_DATE_NONE;
            if (due)
                dr_date_parse(&rq->due, due);
        } else if (strcmp(e->act, "countersign") == 0 || strcmp(e->act, "deemed-consent") == 0) {
            dr_request *rq = find_request(ss, unit);
            if (rq && rq->state == DR_REQ_OPEN && !dr__streq(dr_event_attr(env, i, "late"), "true")) {
                rq->state = e->act[0] == 'd' ? DR_REQ_DEEMED : DR_REQ_ANSWERED;
                rq->position = e->act[0] == 'd' ? "agree" : dr_event_attr(env, i, "position");
            }
        } else if (strcmp(e->act, "open") == 0) {
            if (ss && due)
                dr_date_parse(&ss->due, due);
        } else if (strcmp(e->act, "withdraw") == 0 || strcmp(e->act, "close") == 0) {
            st->ended = true;
        } else if (ss && ss->step->act && strcmp(e->act, ss->step->act) == 0) {
            if (ss->step->for_each_issuers) {
                const char **slot = dr__push(&ss->done_issuers, &ss->ndone_issuers, sizeof(char *));
                if (!slot) {
                    rc = DR_ENOMEM;
                    goto done;
                }
                *slot = dr_event_attr(env, i, "issuer");
                if (ss->ndone_issuers >= d->nissuers)
                    ss->state = DR_STEP_DONE;
            } else {
                ss->state = DR_STEP_DONE;
            }
        }
    }
    /* A countersign step is done when it asked nobody or every request is settled. */
    for (size_t i = 0; i < st->nsteps; i++) {
        dr_step_status *ss = &st->steps[i];
        if (!ss->step->units_involved || ss->state == DR_STEP_SKIPPED)
            continue;
        const char *units[64];
        bool settled = dr_route_countersign_units(d, units, 64) == 0 || ss->nrequests > 0;
        for (size_t k = 0; k < ss->nrequests; k++)
            if (ss->requests[k].state == DR_REQ_OPEN)
                settled = false;
        if (settled)
            ss->state = ss->nrequests ? DR_STEP_DONE : DR_STEP_SKIPPED;
    }
    bool blocked = st->ended;
    st->finished = true;
    for (size_t i = 0; i < st->nsteps; i++) {
        dr_step_status *ss = &st->steps[i];
        if (ss->state == DR_STEP_DONE || ss->state == DR_STEP_SKIPPED)
            continue;
        st->finished = false;
        ss->state = blocked ? DR_STEP_PENDING : DR_STEP_OPEN;
        blocked = true;
    }
    *out = st;
    st = NULL;
done:
    dr_route_state_free(st);
    return rc;
}

/* ---- holders ---- */

static int add_holder(dr_holder **out, size_t *n, const char *person, const char *acting_for)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*out)[i].person, person) == 0 && dr__streq((*out)[i].acting_for, acting_for))
            return 0;
    for (size_t i = 0; !acting_for && i < *n; i++)
        if (strcmp((*out)[i].person, person) == 0 && (*out)[i].acting_for) {
            (*out)[i].acting_for = NULL; /* a holder in their own right */
            return 0;
        }
    dr_holder *h = dr__push(out, n, sizeof(dr_holder));
    if (!h)
        return DR_ENOMEM;
    h->person = person;
    h->acting_for = acting_for;
    return 0;
}

/* The people a selector names (no substitution). */
static int eligible(dr_holder **out, size_t *n, const dr_config *cfg, const dr_selector *sel,
                    const dr_document *d, const char *unit, const char *issuer)
{
    int rc = 0;
    switch (sel->kind) {
    case DR_SEL_ANY:
        for (size_t i = 0; i < sel->nany && !rc; i++)
            rc = eligible(out, n, cfg, &sel->any[i], d, unit, issuer);
        return rc;
    case DR_SEL_COMMISSIONER:
        if (d->meeting_commissioned_by && dr_config_person(cfg, d->meeting_commissioned_by))
            rc = add_holder(out, n, dr_config_person(cfg, d->meeting_commissioned_by)->id, NULL);
        return rc;
    case DR_SEL_OVERSEER: {
        const char *u = sel->rel == DR_REL_DRAFTER ? d->drafter
                        : issuer                   ? issuer
                        : d->nissuers              ? d->issuers[0].unit
                                                   : NULL;
        const dr_unit *du = dr_config_unit(cfg, u);
        const dr_person *p = du ? dr_config_person(cfg, du->overseen_by) : NULL;
        return p ? add_holder(out, n, p->id, NULL) : 0;
    }
    case DR_SEL_ROLE:
        for (size_t i = 0; i < cfg->npeople && !rc; i++) {
            const dr_person *p = &cfg->people[i];
            bool ok = false;
            switch (sel->rel) {
            case DR_REL_NONE:
                ok = dr_config_has_role(p, sel->role, sel->unit);
                break;
            case DR_REL_DRAFTER:
                ok = d->drafter && dr_config_has_role(p, sel->role, d->drafter);
                break;
            case DR_REL_REQUESTED:
                ok = unit && dr_config_has_role(p, sel->role, unit);
                break;
            case DR_REL_ISSUER:
                if (issuer)
                    ok = dr_config_has_role(p, sel->role, issuer);
                else
                    for (size_t k = 0; k < d->nissuers && !ok; k++)
                        ok = dr_config_has_role(p, sel->role, d->issuers[k].unit);
                break;
            }
            if (ok)
                rc = add_holder(out, n, p->id, NULL);
        }
        return rc;
    }
    return 0;
}

static const char *substitute_on(const dr_config *cfg, const char *person, dr_date on)
{
    for (size_t i = 0; i < cfg->nabsences; i++) {
        const dr_absence *a = &cfg->absences[i];
        if (strcmp(a->person, person) == 0 && on >= a->from && on <= a->to)
            return a->substitute ? a->substitute : dr_config_standing_substitute(cfg, person);
    }
    return NULL;
}

int dr_route_holders(dr_holder **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                     const dr_selector *sel, const dr_document *d, const char *unit,
                     const char *issuer, dr_date on)
{
    int rc = eligible(out, n, cfg, sel, d, unit, issuer);
    size_t base = *n;
    for (size_t i = 0; i < base && !rc; i++) {
        const char *sub = substitute_on(cfg, (*out)[i].person, on);
        const dr_person *sp = sub ? dr_config_person(cfg, sub) : NULL;
        if (sp)
            rc = add_holder(out, n, sp->id, (*out)[i].person);
    }
    if (rc)
        dr_ctx_set(ctx, rc, "out of memory");
    return rc;
}

int dr_route_step_holders(dr_holder **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                          const dr_route *r, const dr_step_status *ss, const dr_document *d,
                          dr_date on)
{
    int rc = 0;
    if (ss->step->units_involved) {
        for (size_t i = 0; i < ss->nrequests && !rc; i++)
            if (ss->requests[i].state == DR_REQ_OPEN)
                rc = dr_route_holders(out, n, ctx, cfg, &r->cs_by, d, ss->requests[i].unit, NULL, on);
        return rc;
    }
    if (ss->step->for_each_issuers) {
        for (size_t k = 0; k < d->nissuers && !rc; k++) {
            bool done = false;
            for (size_t j = 0; j < ss->ndone_issuers; j++)
                done |= dr__streq(ss->done_issuers[j], d->issuers[k].unit);
            if (!done)
                rc = dr_route_holders(out, n, ctx, cfg, &ss->step->by, d, NULL, d->issuers[k].unit, on);
        }
        return rc;
    }
    return dr_route_holders(out, n, ctx, cfg, &ss->step->by, d, NULL, NULL, on);
}

int dr_route_openings(dr_opening **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                      const dr_calendar *cal, const dr_route_state *st, const dr_document *d,
                      dr_time at)
{
    dr_date today = dr_time_date(at);
    int rc = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < st->nsteps && !rc; i++) {
        const dr_step_status *ss = &st->steps[i];
        const dr_step *s = ss->step;
        if (ss->state != DR_STEP_OPEN)
            continue;
        if (s->units_involved) {
            const char *units[64];
            size_t nu = ss->nrequests ? 0 : dr_route_countersign_units(d, units, 64);
            for (size_t k = 0; k < nu && !rc; k++) {
                dr_opening *o = dr__push(out, n, sizeof(dr_opening));
                if (!o) {
                    rc = DR_ENOMEM;
                    break;
                }
                o->act = "countersign-request";
                o->step = s->id;
                o->unit = units[k];
                o->due = DR_DATE_NONE;
                int period = dr_route_period(cfg, st->route, s, d, units[k]);
                if (period)
                    rc = dr_calendar_add_workdays(cal, ctx, today, period, &o->due);
            }
            continue;
        }
        int period = dr_route_period(cfg, st->route, s, d, NULL);
        if (!period || ss->due != DR_DATE_NONE)
            continue;
        dr_opening *o = dr__push(out, n, sizeof(dr_opening));
        if (!o) {
            rc = DR_ENOMEM;
            break;
        }
        o->act = "open";
        o->step = s->id;
        o->unit = NULL;
        rc = dr_calendar_add_workdays(cal, ctx, today, period, &o->due);
    }
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
