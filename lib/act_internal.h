/* The act planner's insides, shared by its files (act.c: the plan, who may act, the
 * step acts and openings; act_countersign.c: countersigning). lib/ only. */
#ifndef DR_ACT_INTERNAL_H
#define DR_ACT_INTERNAL_H

#include "docroute/act.h"
#include "docroute/check.h"
#include "internal.h"

#define add_event(...) dr__act_add_event(__VA_ARGS__)
#define set(...) dr__act_set(__VA_ARGS__)
#define set_date(...) dr__act_set_date(__VA_ARGS__)
#define set_due(...) dr__act_set_due(__VA_ARGS__)
#define summary(...) dr__act_summary(__VA_ARGS__)
#define cite_for(...) dr__act_cite_for(__VA_ARGS__)
#define cited_attr(...) dr__act_cited_attr(__VA_ARGS__)
#define act_selectors(...) dr__act_act_selectors(__VA_ARGS__)
#define check_holder(...) dr__act_check_holder(__VA_ARGS__)
#define may_do_act(...) dr__act_may_do_act(__VA_ARGS__)
#define set_acting_for(...) dr__act_set_acting_for(__VA_ARGS__)
#define need(...) dr__act_need(__VA_ARGS__)
#define cs_step(...) dr__act_cs_step(__VA_ARGS__)
#define pick_request(...) dr__act_pick_request(__VA_ARGS__)

typedef struct {
    const dr_act_input *in;
    const dr_document *d;
    const char *id;
    dr_route_state *st;
    dr_fevent *ev;
    size_t nev;
    dr_act_plan *p;
    dr_ctx *ctx;
    dr_envelope *revised; /* revise: the new document, parsed */
} planner;

dr_planned_event *add_event(dr_act_plan *p, const char *act, const char *text);
int set(dr_planned_event *e, const char *name, const char *value);
int set_date(dr_planned_event *e, const char *name, dr_date d);
int set_due(const dr_act_input *in, dr_planned_event *e, dr_date due);
int summary(dr_act_plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *cite_for(const dr_act_input *in, const char *check, bool countersign);
#define cite(pl, check, cs) cite_for((pl)->in, (check), (cs))
const char *cited_attr(const char *id);
size_t act_selectors(const dr_config *cfg, const char *act, const dr_selector **out, dr_selector buf[2]);
int check_holder(dr_ctx *ctx, const dr_act_input *in, const dr_holder *h, size_t n, const char *rule,
                 const char *doing, const char **acting_for);
int may_do_act(dr_ctx *ctx, const dr_act_input *in, const char *act, const char *unit, const char *rule,
               const char *doing, const char **acting_for);
int set_acting_for(planner *pl, dr_planned_event *e, const char *acting_for);
int need(planner *pl, const char *value, const char *what);
int cs_step(planner *pl, dr_step_status **out);
int pick_request(planner *pl, dr_step_status *cs, const dr_selector *by, dr_request **out);

/* The countersign acts (act_countersign.c). */
#define plan_countersign(...) dr__act_plan_countersign(__VA_ARGS__)
#define plan_deemed(...) dr__act_plan_deemed(__VA_ARGS__)
#define plan_extension(...) dr__act_plan_extension(__VA_ARGS__)
#define plan_coordinate(...) dr__act_plan_coordinate(__VA_ARGS__)
#define plan_add_countersign(...) dr__act_plan_add_countersign(__VA_ARGS__)
int plan_countersign(planner *pl);
int plan_deemed(planner *pl);
int plan_extension(planner *pl);
int plan_coordinate(planner *pl);
int plan_add_countersign(planner *pl);
#define plan_reproject(...) dr__act_plan_reproject(__VA_ARGS__)
#define of_unit(...) dr__act_of_unit(__VA_ARGS__)
int plan_reproject(planner *pl);
/* Does the person hold any role at the unit? */
bool of_unit(const dr_config *cfg, const char *person, const char *unit);

#endif
