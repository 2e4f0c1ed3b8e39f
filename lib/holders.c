/* Who may act: the people a selector names on a document, their substitutes on a date
 * (one level), and the holders of a step or a countersign request. */
#include "docroute/route.h"
#include "docroute/words.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

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
int dr__route_eligible(dr_holder **out, size_t *n, const dr_config *cfg, const dr_selector *sel,
                    const dr_document *d, const char *unit, const char *issuer)
{
    int rc = 0;
    switch (sel->kind) {
    case DR_SEL_ANY:
        for (size_t i = 0; i < sel->nany && !rc; i++)
            rc = dr__route_eligible(out, n, cfg, &sel->any[i], d, unit, issuer);
        return rc;
    case DR_SEL_COMMISSIONER:
        if (d->meeting_commissioned_by && dr_config_person(cfg, d->meeting_commissioned_by))
            rc = add_holder(out, n, dr_config_person(cfg, d->meeting_commissioned_by)->id, NULL);
        return rc;
    case DR_SEL_CHAIR:
        if (d->meeting_chair && dr_config_person(cfg, d->meeting_chair))
            rc = add_holder(out, n, dr_config_person(cfg, d->meeting_chair)->id, NULL);
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
    int rc = dr__route_eligible(out, n, cfg, sel, d, unit, issuer);
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

int dr_route_request_holders(dr_holder **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                             const dr_route *r, const dr_request *rq, const dr_document *d,
                             dr_date on)
{
    if (!rq->person)
        return dr_route_holders(out, n, ctx, cfg, &r->cs_by, d, rq->unit, NULL, on);
    const dr_person *p = dr_config_person(cfg, rq->unit);
    int rc = p ? add_holder(out, n, p->id, NULL) : 0;
    const char *sub = p && !rc ? substitute_on(cfg, p->id, on) : NULL;
    const dr_person *sp = sub ? dr_config_person(cfg, sub) : NULL;
    if (sp)
        rc = add_holder(out, n, sp->id, p->id);
    if (rc)
        dr_ctx_set(ctx, rc, "out of memory");
    return rc;
}

int dr_route_step_holders(dr_holder **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                          const dr_route *r, const dr_step_status *ss, const dr_document *d,
                          dr_date on)
{
    int rc = 0;
    if (dr_step_countersigns(ss->step)) {
        for (size_t i = 0; i < ss->nrequests && !rc; i++)
            if (ss->requests[i].state == DR_REQ_OPEN)
                rc = dr_route_request_holders(out, n, ctx, cfg, r, &ss->requests[i], d, on);
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
    /* An escalated decision: the overseer first, then the escalation's holders. */
    if (dr_route_escalated(cfg, ss->step, d) && ss->done_by)
        return dr_route_holders(out, n, ctx, cfg, &ss->step->escalate_to, d, NULL, NULL, on);
    return dr_route_holders(out, n, ctx, cfg, &ss->step->by, d, NULL, NULL, on);
}

const char *dr_holders_text(const dr_holder *h, size_t n, char *buf, size_t size)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && off + 1 < size; i++) {
        int m = h[i].acting_for ? snprintf(buf + off, size - off, "%s%s (" DR_W_ACTING_FOR " %s)",
                                           i ? ", " : "", h[i].person, h[i].acting_for)
                                : snprintf(buf + off, size - off, "%s%s", i ? ", " : "", h[i].person);
        if (m < 0 || (size_t)m >= size - off) {
            buf[off] = '\0'; /* whole names only: no id cut short (nor a UTF-8 sequence) */
            break;
        }
        off += (size_t)m;
    }
    if (!n)
        snprintf(buf, size, "nobody (check the config)");
    return buf;
}
