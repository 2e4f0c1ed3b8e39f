/* docroute — the route core (SPEC §4, §7). Pure: no I/O.
 *
 * Selects a route at submission, folds an envelope's events into the states
 * of its steps, says who may act on each open step (selectors, oversight,
 * substitution with absences, one level) and computes due dates. */
#ifndef DOCROUTE_ROUTE_H
#define DOCROUTE_ROUTE_H

#include "docroute/calendar.h"
#include "docroute/config.h"
#include "docroute/envelope.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    DR_STEP_PENDING = 0, /* an earlier step is not done */
    DR_STEP_OPEN,
    DR_STEP_DONE,
    DR_STEP_SKIPPED, /* its `when` flags are all false, or `unless` applies */
} dr_step_state;

typedef enum {
    DR_REQ_OPEN = 0,
    DR_REQ_ANSWERED,
    DR_REQ_DEEMED,
    DR_REQ_CANCELLED,
    DR_REQ_SUPERSEDED,
} dr_req_state;

typedef struct dr_holder {
    const char *person;     /* who may act */
    const char *acting_for; /* the absent holder they substitute, or NULL */
} dr_holder;

typedef struct dr_request {
    const char *unit;
    dr_date due;
    dr_req_state state;
    const char *position; /* agree | object, when answered */
    int seq;              /* the countersign-request event */
} dr_request;

typedef struct dr_step_status {
    const dr_step *step;
    dr_step_state state;
    dr_date due; /* DR_DATE_NONE when the step has no period */
    dr_request *requests;
    size_t nrequests;
    const char **done_issuers; /* for-each: issuers */
    size_t ndone_issuers;
} dr_step_status;

typedef struct dr_route_state {
    const dr_route *route;
    dr_step_status *steps;
    size_t nsteps;
    bool finished; /* every step done or skipped */
    bool ended;    /* withdrawn or closed */
} dr_route_state;

/* The issuer's relation to the primary recipient: "up", "down" or "across". */
const char *dr_route_direction(const dr_config *cfg, const dr_document *d);
/* The first route whose match fits; none fits: DR_ERULE naming R-ROUTE. */
int dr_route_select(const dr_route **out, dr_ctx *ctx, const dr_config *cfg, const dr_document *d);
/* True when the step applies to the document (its when / unless). */
bool dr_route_step_applies(const dr_step *s, const dr_document *d);
/* The period in working days of a step for this document (0: none). For a
 * countersign, unit names the requested unit (its reply-within wins). */
int dr_route_period(const dr_config *cfg, const dr_route *r, const dr_step *s,
                    const dr_document *d, const char *unit);
/* The units a countersign step asks: every <involves> unit that is not an issuer. */
size_t dr_route_countersign_units(const dr_document *d, const char **units, size_t max);

/* Folds the envelope's events. route comes from the config fixed at submission.
 * Free with dr_route_state_free(). */
int dr_route_fold(dr_route_state **out, dr_ctx *ctx, const dr_route *route,
                  const dr_envelope *env);
void dr_route_state_free(dr_route_state *st);

/* Who may act on a selector for this document on a date, substitutes included
 * (one level). unit binds ROLE@requested; issuer binds ROLE@issuer (NULL: any
 * issuer). *out is malloc'd (free()); strings point into cfg and the document. */
int dr_route_holders(dr_holder **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                     const dr_selector *sel, const dr_document *d, const char *unit,
                     const char *issuer, dr_date on);
/* Who may act on an open step (all open requests, or the step's `by`). */
int dr_route_step_holders(dr_holder **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                          const dr_route *r, const dr_step_status *ss, const dr_document *d,
                          dr_date on);

/* An event that opens a step (a countersign request, or an `open` with the
 * step's due date). */
typedef struct dr_opening {
    const char *act;  /* "countersign-request" or "open" */
    const char *step; /* the step id */
    const char *unit; /* countersign-request: the requested unit */
    dr_date due;      /* DR_DATE_NONE when the step has no period */
} dr_opening;

/* The events that open the steps st leaves open and no event has opened yet:
 * a countersign step with no request asks each unit; a step with a period gets
 * its due date, counted in working days from the civil date of at.
 * *out is malloc'd (free()). */
int dr_route_openings(dr_opening **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                      const dr_calendar *cal, const dr_route_state *st, const dr_document *d,
                      dr_time at);

#ifdef __cplusplus
}
#endif
#endif
