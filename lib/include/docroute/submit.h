/* The submission planner: the route a new document takes, the findings of the rules,
 * who may submit it, and the route's first openings. docsubmit records a submission
 * with it; check re-plans every recorded submission with the same code. */
#ifndef DOCROUTE_SUBMIT_H
#define DOCROUTE_SUBMIT_H

#include "docroute/check.h"
#include "docroute/route.h"

/* Every submission finding of d: its route (the config's route rule, cited, when none
 * fits), then the catalog's rules. cfg is the config in force, or NULL outside a
 * repository (then rules, the shipped catalog, judges what needs no units). body is
 * the body's text when it is textual, else NULL. *route is the route it takes, or
 * NULL. 0, or DR_ENOMEM when a finding could not be made or kept (f is then no
 * verdict); the caller disposes f either way. */
int dr_submit_judge(dr_findings *f, const dr_config *cfg, const dr_config *rules,
                    const dr_document *d, const char *body, const dr_route **route);

/* May `person` do the non-step act `act` (the config's `acts`: submit, …) on d on
 * date `on`? 0 with *acting_for the one person acts for (NULL: in their own right);
 * DR_ERULE with ctx citing the config's route rule and naming who may. want: the
 * acting-for asked for (--acting-for), or NULL for any. */
int dr_submit_may(dr_ctx *ctx, const dr_config *cfg, const char *act, const dr_document *d,
                  const char *person, const char *want, dr_date on, const char **acting_for);

typedef struct dr_submit_plan {
    const char *acting_for; /* whom the submitter acts for, or NULL (points into cfg) */
    dr_opening *ops;        /* the events that open the route's first steps */
    size_t nops;
} dr_submit_plan;

/* The submission of d on `route` by person at `at`: who may (dr_submit_may), then
 * the openings of the route at that time. On failure nothing is left to dispose. */
int dr_submit_plan_make(dr_submit_plan *out, dr_ctx *ctx, const dr_config *cfg,
                        const dr_calendar *cal, const dr_route *route, const dr_document *d,
                        const char *person, const char *want, dr_time at);
void dr_submit_plan_dispose(dr_submit_plan *p);

#endif
