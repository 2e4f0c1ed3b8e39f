/* docroute — acts: what one act records, decided from the envelope before it.
 *
 * Pure: the planner reads the envelope, the route fixed at submission, the
 * config and calendar in force and the act asked for, and either refuses (a
 * rule ID and who may act instead) or returns the events to record — the act's
 * own, then those that open the steps it opens. The tools sign and commit
 * them; `docroute check` re-plans every recorded act the same way. */
#ifndef DOCROUTE_ACT_H
#define DOCROUTE_ACT_H

#include "docroute/calendar.h"
#include "docroute/config.h"
#include "docroute/envelope.h"
#include "docroute/route.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dr_act_input {
    const dr_config *cfg;       /* in force: people, keys, absences, acts */
    const dr_config *route_cfg; /* the config the route comes from (unit kinds) */
    const dr_route *route;
    const dr_calendar *cal;
    const dr_envelope *env; /* the document before the act */
    const char *act;        /* countersign, extend, sign, … */
    const char *actor;
    const char *acting_for; /* asked for with --acting-for, or NULL: inferred */
    dr_time at;
    /* The act's particulars, as it needs them. */
    const char *unit, *position, *opinion, *until, *reason, *rule, *note_href, *note_sha256,
        *to_step, *issuer;
    const char *flags;        /* classify: "name=value,…" */
    const char *document_xml; /* revise: the new <document> */
    bool editorial;           /* revise: keeps the signatures */
    const char *number;       /* register: the 发文字号 allocated */
} dr_act_input;

#define DR_ACT_MAX_ATTRS 12

typedef struct dr_planned_event {
    char *act;
    dr_attr attrs[DR_ACT_MAX_ATTRS]; /* values owned by the plan */
    size_t nattrs;
    char *text;
    char *document_xml; /* a revise event's new <document> */
} dr_planned_event;

typedef struct dr_act_plan {
    dr_planned_event *events;
    size_t n;
    size_t n_act;      /* the act's own events; those after them open the next steps */
    char *acting_for;  /* the absent holder the actor substitutes, or NULL */
    bool no_effect;    /* a late reply kept in the log (R63-LATE-REPLY) */
    bool late;         /* the reply is late */
    char *summary;     /* one line for the commit and the tool */
} dr_act_plan;

/* Plans an act. Refusals are DR_ERULE with the rule in ctx->rule and a message
 * naming the step and who may act; a malformed request is DR_EUSAGE. Free the
 * plan with dr_act_plan_free(). */
int dr_act_plan_make(dr_act_plan **out, dr_ctx *ctx, const dr_act_input *in);
void dr_act_plan_free(dr_act_plan *plan);
/* The events as specs for dr_event_build (pointing into the plan). */
void dr_act_plan_spec(const dr_act_plan *plan, size_t i, const char *actor, dr_time at,
                      dr_event_spec *out);

/* The act recorded from event `first` of env (the envelope after it), as an
 * input to re-plan it: the act, its actor, time and particulars. Strings point
 * into env; a revise's new document is serialized into docxml. The caller sets
 * cfg, route_cfg, route, cal and env (the envelope before the act). */
int dr_act_input_from_record(dr_act_input *in, dr_ctx *ctx, const dr_envelope *env, size_t first,
                             dr_buf *docxml);

/* The acts the planner knows. */
bool dr_act_known(const char *act);

#ifdef __cplusplus
}
#endif
#endif
