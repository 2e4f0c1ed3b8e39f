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
    DR_REQ_DEEMED,     /* recorded, or past due on a `silence: consent` route */
    DR_REQ_CANCELLED,  /* withdraw, return */
    DR_REQ_SUPERSEDED, /* a substantive revise */
    DR_REQ_LAPSED,     /* a coordination note's countersign past due: 未会签 */
} dr_req_state;

typedef struct dr_holder {
    const char *person;     /* who may act */
    const char *acting_for; /* the absent holder they substitute, or NULL */
} dr_holder;

typedef struct dr_request {
    const char *unit;     /* the requested unit, or the requested person (person: true) */
    bool person;          /* asked of a person (a people: countersign step) */
    dr_date due;          /* in force: the accepted extension's date, else the recorded one */
    dr_date ext_until;    /* an extension asked and not yet accepted or declined, else NONE */
    bool due_provisional; /* the due date ran through a provisional calendar year */
    dr_date due_start;    /* the day its period was counted from (the request's) */
    bool due_agreed;      /* the due date is an accepted extension's: never re-projected */
    dr_req_state state;
    bool recorded;        /* DEEMED / LAPSED: an event says so (else it follows from the time) */
    bool coordination;    /* asked to countersign a coordination note (R59-OBJECTION-RATIONALE) */
    bool late;            /* answered at or after the end of its due date */
    const char *position; /* agree | object, when answered */
    int seq;              /* the countersign-request event */
    int answer_seq;       /* the event that settled it, 0 if none */
    int late_seq;         /* a reply recorded too late to take effect, 0 if none: one is kept */
} dr_request;

typedef struct dr_step_status {
    const dr_step *step;
    dr_step_state state;
    dr_date due; /* DR_DATE_NONE when the step has no period */
    bool due_provisional; /* the due date ran through a provisional calendar year */
    dr_date due_start;    /* the day its period was counted from (the opening event's) */
    dr_request *requests;
    size_t nrequests;
    const char **done_issuers; /* for-each: issuers */
    size_t ndone_issuers;
    const char *done_by;       /* the actor of the event that did it */
    int done_seq;
} dr_step_status;

typedef struct dr_route_state {
    const dr_route *route;
    dr_step_status *steps;
    size_t nsteps;
    bool finished;         /* every step done or skipped */
    bool ended;            /* withdrawn or closed */
    bool withdrawn;
    bool returned;         /* returned to the drafter: nothing open until a revise or close */
    bool unagreed;         /* 未会签: a coordination note went unanswered past its due date */
    const char *blocked_rule; /* why the countersign step holds the route, or NULL */
    enum {
        DR_BLOCK_NONE = 0,
        DR_BLOCK_OBJECTION,   /* a coordination note is awaited (objection) */
        DR_BLOCK_AGREED_DOWN, /* agreed-before-down: every objection agreed away first */
        DR_BLOCK_TOPIC,       /* no-unagreed-topic: a topic with an objection */
    } blocked;
    const char **overrides;   /* rule IDs a leader set aside */
    size_t noverrides;
    dr_time last_at;          /* the last event's time */
    int nevents;
    dr_document doc;          /* the document with its effective routing flags (classify) */
    int revisions;            /* substantive revisions so far */
} dr_route_state;

/* One event as the fold reads it (from an envelope, or planned). */
typedef struct dr_fevent {
    int seq;
    const char *act, *actor;
    dr_time at;
    const char *step, *unit, *due_date, *position, *until, *note, *rule, *issuer, *to_step;
    const char *provisional; /* "true": the due date ran through a provisional calendar year */
    const char *person;      /* a countersign request, reply or deemed consent of a person */
    const char *flags;  /* classify: "major=true,normative=false" */
    bool editorial;     /* revise: keeps the signatures */
} dr_fevent;

/* The issuer's relation to the primary recipient: "up", "down" or "across". */
const char *dr_route_direction(const dr_config *cfg, const dr_document *d);
/* The first route whose match fits; none fits: DR_ERULE naming R-ROUTE. */
int dr_route_select(const dr_route **out, dr_ctx *ctx, const dr_config *cfg, const dr_document *d);
/* Applies "name=value,…" routing flags to a document (classify). DR_EINVALID
 * for an unknown flag or value. */
int dr_route_apply_flags(dr_document *d, const char *flags);
/* Is the document a topic (议题, not yet decided) for the meeting the catalog's agenda rule names? */
bool dr_route_is_topic(const dr_config *cfg, const dr_document *d);
/* True when the step escalates for this document (R60-MAJOR-TO-MAYOR). */
bool dr_route_escalated(const dr_config *cfg, const dr_step *s, const dr_document *d);
/* True when the step applies to the document (its when / unless). */
bool dr_route_step_applies(const dr_config *cfg, const dr_step *s, const dr_document *d);
/* The period in working days of a step for this document (0: none). For a
 * countersign, unit names the requested unit (its reply-within wins). */
int dr_route_period(const dr_config *cfg, const dr_route *r, const dr_step *s,
                    const dr_document *d, const char *unit);
/* The units a list of recipients names, groups expanded to their members in the
 * config's order (an open group names none; persons are skipped); at most max.
 * *open: an open group is among them. */
size_t dr_route_recipients(const dr_config *cfg, const dr_doc_unit *v, size_t n, const char **out,
                           size_t max, bool *open);
/* The units a countersign step asks: every <involves> unit that is not an issuer. */
size_t dr_route_countersign_units(const dr_document *d, const char **units, size_t max);

/* Sets the field of a fold event an attribute names (step, unit, due-date …). */
void dr_route_fevent_set(dr_fevent *f, const char *name, const char *value);

/* Folds events into the states of the route's steps as they stand at `now`:
 * a request past its due date on a `silence: consent` route is deemed, a
 * coordination note's countersign past due has lapsed (未会签). cfg gives the
 * units' kinds (R65). Free with dr_route_state_free(). */
int dr_route_fold_events(dr_route_state **out, dr_ctx *ctx, const dr_config *cfg,
                         const dr_route *route, const dr_document *d, const dr_fevent *ev,
                         size_t nev, dr_time now);
/* The same over an envelope's events. */
int dr_route_fold(dr_route_state **out, dr_ctx *ctx, const dr_config *cfg, const dr_route *route,
                  const dr_envelope *env, dr_time now);
/* An envelope's events as the fold reads them; *out is malloc'd (free()), its
 * strings point into env. */
int dr_route_events(dr_fevent **out, size_t *n, const dr_envelope *env);
void dr_route_state_free(dr_route_state *st);
/* The step that is open (the first), or NULL. */
dr_step_status *dr_route_open_step(const dr_route_state *st);
/* Is the step a countersign step (units: involved, or people: SELECTOR)? */
bool dr_step_countersigns(const dr_step *s);
/* Who may answer a countersign request: for a unit, the route's countersign.by at that
 * unit; for a person, that person (or their substitute on the date). */
int dr_route_request_holders(dr_holder **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                             const dr_route *r, const dr_request *rq, const dr_document *d,
                             dr_date on);
/* The countersign step of the route, or NULL. */
dr_step_status *dr_route_countersign_step(const dr_route_state *st);
/* The latest request asked of unit, or NULL. */
dr_request *dr_route_request(const dr_step_status *ss, const char *unit);
/* True when the rule was set aside by an override event. */
bool dr_route_overridden(const dr_route_state *st, const char *rule);

/* The holders as one line: "p-a, p-b (acting-for p-c)" (the acting-for word from
 * words.h), or a note that nobody holds it. Returns buf, cut to size. */
const char *dr_holders_text(const dr_holder *h, size_t n, char *buf, size_t size);
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
    const char *unit; /* countersign-request: the requested unit, or person */
    dr_date due;      /* DR_DATE_NONE when the step has no period */
    bool provisional; /* the due date was counted through a provisional calendar year */
    bool person;      /* unit names a person (a people: countersign step) */
} dr_opening;

/* The events that open the steps st leaves open and no event has opened yet:
 * a countersign step with no request asks each unit; a step with a period gets
 * its due date, counted in working days from the civil date of at.
 * *out is malloc'd (free()). */
int dr_route_openings(dr_opening **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                      const dr_calendar *cal, const dr_route_state *st, const dr_document *d,
                      dr_time at);

/* The due date of a step counted from start on the calendar: a countersign step's for
 * the requested unit, else the step's period bounded by the meeting (R54, R57); NONE
 * when it has none. *provisional: the count ran through a provisional year. */
int dr_route_due(dr_ctx *ctx, const dr_config *cfg, const dr_calendar *cal, const dr_route *route,
                 const dr_step *s, const dr_document *d, const char *unit, dr_date start,
                 dr_date *due, bool *provisional);

/* An open due date that the calendar in force counts otherwise than recorded (a year
 * file replaced: provisional → official, or a mid-year change). */
typedef struct dr_reprojection {
    const char *step;
    const char *unit; /* a countersign request's unit, or NULL for the step */
    dr_date was, due;
    bool provisional;
} dr_reprojection;

/* The open due dates of st to re-project on cal: countersign requests still open
 * (not an agreed extension's date) and open steps with a period. *out is malloc'd. */
int dr_route_reprojections(dr_reprojection **out, size_t *n, dr_ctx *ctx, const dr_config *cfg,
                           const dr_calendar *cal, const dr_route_state *st,
                           const dr_document *d);

#ifdef __cplusplus
}
#endif
#endif
