/* The submission planner: the route, the rules, who may submit, the first openings.
 * docsubmit records with it and check re-plans each recorded submission with it. */
#include "docroute/submit.h"
#include "docroute/config.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

int dr_submit_judge(dr_findings *f, const dr_config *cfg, const dr_config *rules,
                    const dr_document *d, const char *body, const dr_route **route)
{
    dr_ctx rctx;
    int rc = 0;
    dr_ctx_init(&rctx);
    *route = NULL;
    if (cfg && (rc = dr_route_select(route, &rctx, cfg, d)) != 0) {
        *route = NULL;
        if (rc == DR_ENOMEM)
            return rc;
        rc = dr_findings_add(f, rctx.rule[0] ? rctx.rule : "", DR_SEV_ERROR, "document", false,
                             "%s", rctx.msg);
    }
    int crc = dr_check_submission(f, cfg ? cfg : rules, d, body, *route);
    return rc ? rc : crc;
}

int dr_submit_may(dr_ctx *ctx, const dr_config *cfg, const char *act, const dr_document *d,
                  const char *person, const char *want, dr_date on, const char **acting_for)
{
    const dr_act_rule *rule = dr_config_act(cfg, act);
    dr_holder *h = NULL;
    size_t nh = 0;
    int rc = 0;
    *acting_for = NULL;
    /* The config's acts, the shipped defaults merged in at load. */
    for (size_t i = 0; rule && i < rule->nby; i++)
        if ((rc = dr_route_holders(&h, &nh, ctx, cfg, &rule->by[i], d, NULL, NULL, on))) {
            free(h);
            return rc;
        }
    bool may = false;
    for (size_t i = 0; i < nh; i++)
        if (person && strcmp(h[i].person, person) == 0) {
            if (h[i].acting_for && want && strcmp(want, h[i].acting_for) != 0)
                continue;
            *acting_for = h[i].acting_for;
            may = true;
            if (!h[i].acting_for)
                break; /* in their own right: that, before any substitution */
        }
    if (!may) {
        char who[600];
        rc = dr_ctx_setrule(ctx, DR_ERULE, dr_config_cite(cfg, DR_CHECK_ROUTE, ""),
                            "'%s' may not %s a document drafted by '%s'; who may: %s",
                            person ? person : "", act, d->drafter ? d->drafter : "",
                            dr_holders_text(h, nh, who, sizeof(who)));
    }
    free(h);
    return rc;
}

int dr_submit_plan_make(dr_submit_plan *out, dr_ctx *ctx, const dr_config *cfg,
                        const dr_calendar *cal, const dr_route *route, const dr_document *d,
                        const char *person, const char *want, dr_time at)
{
    dr_route_state *st = NULL;
    int rc;
    memset(out, 0, sizeof(*out));
    if ((rc = dr_submit_may(ctx, cfg, "submit", d, person, want, dr_time_date(at), &out->acting_for)))
        return rc;
    if ((rc = dr_route_fold_events(&st, ctx, cfg, route, d, NULL, 0, at)) == 0)
        rc = dr_route_openings(&out->ops, &out->nops, ctx, cfg, cal, st, d, at);
    dr_route_state_free(st);
    if (rc)
        dr_submit_plan_dispose(out);
    return rc;
}

void dr_submit_plan_dispose(dr_submit_plan *p)
{
    free(p->ops);
    memset(p, 0, sizeof(*p));
}
