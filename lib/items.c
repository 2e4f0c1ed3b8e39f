/* Open work: the steps and countersign requests a folded route waits on, with their due
 * dates, holders and the rule each comes from (what overdue, inbox and sweep list, and
 * what the derived index keeps in rows). */
#include "docroute/index.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

void dr_items_init(dr_items *l)
{
    memset(l, 0, sizeof(*l));
}

void dr_items_dispose(dr_items *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].holders);
    for (size_t i = 0; i < l->nstrings; i++)
        free(l->strings[i]);
    free(l->v);
    free(l->strings);
    memset(l, 0, sizeof(*l));
}

/* A copy owned by the list (NULL stays NULL); *ok is cleared when out of memory. */
static const char *keep(dr_items *l, const char *s, bool *ok)
{
    if (!s)
        return NULL;
    char **slot = dr__push(&l->strings, &l->nstrings, sizeof(char *));
    if (!slot || !(*slot = dr__strdup(s))) {
        if (slot)
            l->nstrings--;
        *ok = false;
        return NULL;
    }
    return *slot;
}

int dr__items_add(dr_items *l, const dr_item *it)
{
    bool ok = true;
    dr_item *n = dr__push(&l->v, &l->n, sizeof(dr_item));
    if (!n)
        return DR_ENOMEM;
    *n = *it;
    n->holders = NULL;
    n->nholders = 0;
    n->doc = keep(l, it->doc, &ok);
    n->title = keep(l, it->title, &ok);
    n->step = keep(l, it->step, &ok);
    n->unit = keep(l, it->unit, &ok);
    n->urgency = keep(l, it->urgency, &ok);
    n->rule = keep(l, it->rule, &ok);
    n->deem_rule = keep(l, it->deem_rule, &ok);
    if (ok && it->nholders) {
        if (!(n->holders = calloc(it->nholders, sizeof(dr_holder))))
            ok = false;
        for (size_t i = 0; ok && i < it->nholders; i++) {
            n->holders[i].person = keep(l, it->holders[i].person, &ok);
            n->holders[i].acting_for = keep(l, it->holders[i].acting_for, &ok);
        }
        n->nholders = ok ? it->nholders : 0;
    }
    return ok ? 0 : DR_ENOMEM;
}

static bool same_text(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* The unit a step's holders act for, when the selector binds one. */
static const char *step_unit(const dr_step_status *ss, const dr_document *d)
{
    const dr_selector *s = &ss->step->by;
    if (s->kind != DR_SEL_ROLE)
        return NULL;
    if (s->unit)
        return s->unit;
    if (s->rel == DR_REL_DRAFTER)
        return d->drafter;
    if (s->rel == DR_REL_ISSUER && d->nissuers)
        return d->issuers[0].unit;
    return NULL;
}

/* What an open step's due date comes from, as the catalog names it. */
static const char *step_rule(const dr_config *cfg, const dr_step_status *ss, const dr_document *d)
{
    const dr_rule *issue = dr_config_check(cfg, DR_CHECK_ISSUE_AFTER_MEETING);
    if (issue && !strcmp(ss->step->act, "register") && same_text(d->meeting_kind, issue->meeting) &&
        same_text(d->meeting_decision, "approved"))
        return issue->id;
    if (ss->step->before_meeting)
        return dr_config_cite(cfg, DR_CHECK_AGENDA_BEFORE_MEETING, ss->step->rule);
    if (strcmp(d->urgency, "normal"))
        return dr_config_cite(cfg, DR_CHECK_URGENT, ss->step->rule);
    return ss->step->rule;
}

int dr_route_items(dr_items *out, dr_ctx *ctx, const dr_config *cfg, const dr_route *route,
                   const dr_route_state *rs, const char *doc, dr_date on)
{
    const dr_document *d = &rs->doc;
    const char *named = route->cs_rule ? route->cs_rule : route->rule;
    int rc = 0;
    for (size_t i = 0; i < rs->nsteps && !rc; i++) {
        const dr_step_status *ss = &rs->steps[i];
        for (size_t k = 0; k < ss->nrequests && !rc; k++) {
            const dr_request *rq = &ss->requests[k];
            if (rq->state != DR_REQ_OPEN || dr_route_request(ss, rq->unit) != rq)
                continue;
            dr_item it = {
                .doc = doc, .title = d->title, .step = ss->step->id, .unit = rq->unit,
                .urgency = d->urgency, .request = true,
                /* An extension asked suspends the due date. */
                .due = rq->ext_until != DR_DATE_NONE ? DR_DATE_NONE : rq->due,
                .provisional = rq->due_provisional,
                .rule = dr_config_cite(cfg, rq->coordination ? DR_CHECK_OBJECTION : DR_CHECK_COUNTERSIGN_PERIOD,
                                       named),
                .deems = route->cs_silence_consent && !rq->coordination,
            };
            if (it.deems)
                it.deem_rule = dr_config_cite(cfg, DR_CHECK_SILENCE, named);
            if (!(rc = dr_route_request_holders(&it.holders, &it.nholders, ctx, cfg, route, rq, d, on)))
                rc = dr__items_add(out, &it);
            free(it.holders);
        }
        if (rc || ss->state != DR_STEP_OPEN || dr_step_countersigns(ss->step))
            continue;
        dr_item it = {
            .doc = doc, .title = d->title, .step = ss->step->id, .unit = step_unit(ss, d),
            .urgency = d->urgency, .due = ss->due, .provisional = ss->due_provisional,
            .rule = step_rule(cfg, ss, d),
        };
        if (!(rc = dr_route_step_holders(&it.holders, &it.nholders, ctx, cfg, route, ss, d, on)))
            rc = dr__items_add(out, &it);
        free(it.holders);
    }
    if (rc == DR_ENOMEM)
        dr_ctx_set(ctx, rc, "out of memory");
    return rc;
}

dr_date dr_route_time_bound(const dr_route_state *rs, const dr_route *route)
{
    dr_date bound = DR_DATE_NONE;
    for (size_t i = 0; i < rs->nsteps; i++)
        for (size_t r = 0; r < rs->steps[i].nrequests; r++) {
            const dr_request *rq = &rs->steps[i].requests[r];
            if (rq->state != DR_REQ_OPEN || rq->due == DR_DATE_NONE || rq->ext_until != DR_DATE_NONE ||
                !(rq->coordination || route->cs_silence_consent))
                continue;
            if (bound == DR_DATE_NONE || rq->due < bound)
                bound = rq->due;
        }
    return bound;
}
