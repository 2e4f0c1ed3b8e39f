#include "act_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

bool dr_act_known(const char *act)
{
    return (dr__act_kind(act) & DR_ACT_PLANNED) != 0;
}

/* ---- the plan ---- */

void dr_act_plan_free(dr_act_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->events[i].act);
        free(p->events[i].text);
        free(p->events[i].document_xml);
        for (size_t k = 0; k < p->events[i].nattrs; k++)
            free((char *)p->events[i].attrs[k].value);
    }
    free(p->events);
    free(p->acting_for);
    free(p->summary);
    free(p);
}

dr_planned_event *add_event(dr_act_plan *p, const char *act, const char *text)
{
    dr_planned_event *e = dr__push(&p->events, &p->n, sizeof(dr_planned_event));
    if (!e)
        return NULL;
    e->act = dr__strdup(act);
    e->text = text && *text ? dr__strdup(text) : NULL;
    return e->act && (e->text || !text || !*text) ? e : NULL;
}

int set(dr_planned_event *e, const char *name, const char *value)
{
    if (!e || !value)
        return e ? 0 : DR_ENOMEM;
    if (e->nattrs >= DR_ACT_MAX_ATTRS)
        return DR_ENOMEM;
    e->attrs[e->nattrs].name = name; /* names are static strings */
    if (!(e->attrs[e->nattrs].value = dr__strdup(value)))
        return DR_ENOMEM;
    e->nattrs++;
    return 0;
}

int set_date(dr_planned_event *e, const char *name, dr_date d)
{
    char s[11];
    if (d == DR_DATE_NONE)
        return 0;
    dr_date_format(d, s);
    return set(e, name, s);
}

/* A due date counted in working days from today: provisional="true" when the count ran
 * through a year whose calendar is provisional. */
int set_due(const dr_act_input *in, dr_planned_event *e, dr_date due)
{
    int rc = set_date(e, "due-date", due);
    if (!rc && due != DR_DATE_NONE && dr_calendar_span_provisional(in->cal, dr_time_date(in->at), due))
        rc = set(e, "provisional", "true");
    return rc;
}

void dr_act_plan_spec(const dr_act_plan *plan, size_t i, const char *actor, dr_time at,
                      dr_event_spec *out)
{
    const dr_planned_event *e = &plan->events[i];
    out->act = e->act;
    out->actor = actor;
    out->at = at;
    out->attrs = e->attrs;
    out->nattrs = e->nattrs;
    out->text = e->text;
    out->document_xml = e->document_xml;
}

int summary(dr_act_plan *p, const char *fmt, ...)
{
    char buf[400];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(buf, sizeof(buf), fmt, ap) < 0)
        buf[0] = '\0';
    va_end(ap);
    free(p->summary);
    p->summary = dr__strdup(buf);
    return p->summary ? 0 : DR_ENOMEM;
}

/* The rule a mechanic cites: the catalog's rule bound to check, else the rule the route
 * names (its countersign block's, for countersign mechanics), else none (""). */
const char *cite_for(const dr_act_input *in, const char *check, bool countersign)
{
    const char *named = in->route ? (countersign && in->route->cs_rule ? in->route->cs_rule
                                                                       : in->route->rule)
                                  : NULL;
    const char *id = dr_config_cite(in->cfg, check, named);
    return id ? id : "";
}
/* As a recorded rule="…" attribute: none when the mechanic cites none. */
const char *cited_attr(const char *id)
{
    return id && *id ? id : NULL;
}

/* ---- who may act ---- */

/* The selectors of a non-step act: the config's `acts` (with the shipped defaults
 * merged in when the config was loaded); none: nobody may. */
size_t act_selectors(const dr_config *cfg, const char *act, const dr_selector **out,
                            dr_selector buf[2])
{
    const dr_act_rule *r = dr_config_act(cfg, act);
    (void)buf;
    *out = r ? r->by : NULL;
    return r ? r->nby : 0;
}

/* Is the actor among the holders? Sets *acting_for (inferred, or checked
 * against in->acting_for). Otherwise refuses, citing rule and who may. */
int check_holder(dr_ctx *ctx, const dr_act_input *in, const dr_holder *h, size_t n,
                        const char *rule, const char *doing, const char **acting_for)
{
    const char *principal = NULL;
    bool own = false;
    size_t as_sub = 0;
    char who[700];
    for (size_t i = 0; i < n; i++) {
        if (strcmp(h[i].person, in->actor) != 0)
            continue;
        if (!h[i].acting_for)
            own = true;
        else if (!in->acting_for || strcmp(in->acting_for, h[i].acting_for) == 0) {
            principal = h[i].acting_for;
            as_sub++;
        }
    }
    if (own && !in->acting_for) {
        *acting_for = NULL;
        return 0;
    }
    if (as_sub == 1) {
        *acting_for = principal;
        return 0;
    }
    dr_holders_text(h, n, who, sizeof(who));
    if (as_sub > 1)
        return dr_ctx_setrule(ctx, DR_EUSAGE, cite_for(in, DR_CHECK_SUBSTITUTE, false),
                              "'%s' substitutes for several holders: name one with --acting-for",
                              in->actor);
    if (in->acting_for)
        return dr_ctx_setrule(ctx, DR_ERULE, cite_for(in, DR_CHECK_SUBSTITUTE, false),
                              "'%s' may not act for '%s' now (no recorded absence makes them the "
                              "substitute); who may %s: %s",
                              in->actor, in->acting_for, doing, who);
    return dr_ctx_setrule(ctx, DR_ERULE, rule, "'%s' may not %s; who may: %s", in->actor, doing,
                          who);
}

int may_do_act(dr_ctx *ctx, const dr_act_input *in, const char *act, const char *unit,
                      const char *rule, const char *doing, const char **acting_for)
{
    dr_selector buf[2];
    const dr_selector *sels = NULL;
    size_t nsels = act_selectors(in->cfg, act, &sels, buf);
    dr_holder *h = NULL;
    size_t n = 0;
    int rc = 0;
    const dr_document *d = dr_envelope_document(in->env);
    for (size_t i = 0; i < nsels && !rc; i++)
        rc = dr_route_holders(&h, &n, ctx, in->cfg, &sels[i], d, unit, NULL, dr_time_date(in->at));
    if (!rc)
        rc = check_holder(ctx, in, h, n, rule, doing, acting_for);
    free(h);
    return rc;
}

/* ---- planning ---- */


/* The act's event names the principal an acting official stands in for, and the
 * plan carries it for the commit message. */
int set_acting_for(planner *pl, dr_planned_event *e, const char *acting_for)
{
    int rc = set(e, "acting-for", acting_for);
    if (rc || !acting_for)
        return rc;
    free(pl->p->acting_for);
    return (pl->p->acting_for = dr__strdup(acting_for)) ? 0 : DR_ENOMEM;
}

static const char *step_rule(const planner *pl, const dr_step *s)
{
    return s && s->rule ? s->rule : pl->in->route->rule ? pl->in->route->rule : cite(pl, DR_CHECK_ROUTE, false);
}

int need(planner *pl, const char *value, const char *what)
{
    if (value && *value)
        return 0;
    return dr_ctx_set(pl->ctx, DR_EUSAGE, "%s %s", pl->in->act, what);
}

/* The countersign step, or a refusal. */
int cs_step(planner *pl, dr_step_status **out)
{
    *out = dr_route_countersign_step(pl->st);
    if (*out)
        return 0;
    return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false), "route '%s' of %s has no countersign step",
                          pl->in->route->id, pl->id);
}

/* Which request a reply or an extension is about: --unit, else the one the
 * actor may answer. */
int pick_request(planner *pl, dr_step_status *cs, const dr_selector *by, dr_request **out)
{
    const dr_act_input *in = pl->in;
    char names[600] = "";
    size_t off = 0, found = 0;
    *out = NULL;
    if (in->unit) {
        *out = dr_route_request(cs, in->unit);
        if (!*out)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false), "no countersign was asked of '%s' on %s",
                                  in->unit, pl->id);
        return 0;
    }
    for (size_t i = 0; i < cs->nrequests; i++) {
        dr_request *rq = &cs->requests[i];
        if (dr_route_request(cs, rq->unit) != rq)
            continue; /* only the latest request of a unit */
        dr_holder *h = NULL;
        size_t n = 0;
        if (rq->person ? dr_route_request_holders(&h, &n, pl->ctx, in->cfg, in->route, rq, pl->d,
                                                  dr_time_date(in->at))
                       : dr_route_holders(&h, &n, pl->ctx, in->cfg, by, pl->d, rq->unit, NULL,
                                          dr_time_date(in->at)))
            return DR_ENOMEM;
        bool mine = false;
        for (size_t k = 0; k < n; k++)
            mine |= strcmp(h[k].person, in->actor) == 0;
        free(h);
        if (!mine)
            continue;
        if (rq->state == DR_REQ_OPEN || (rq->state == DR_REQ_DEEMED && !rq->recorded) || !*out)
            *out = rq;
        found++;
        int m = snprintf(names + off, sizeof(names) - off, "%s%s", off ? ", " : "", rq->unit);
        if (m > 0 && (size_t)m < sizeof(names) - off)
            off += (size_t)m;
    }
    if (found == 1)
        return 0;
    if (found > 1)
        return dr_ctx_set(pl->ctx, DR_EUSAGE, "'%s' may answer for several units (%s): name one with --unit",
                          in->actor, names);
    /* Say who holds what is open. */
    off = 0;
    for (size_t i = 0; i < cs->nrequests; i++) {
        dr_request *rq = &cs->requests[i];
        if (rq->state != DR_REQ_OPEN || dr_route_request(cs, rq->unit) != rq)
            continue;
        int m = snprintf(names + off, sizeof(names) - off, "%s%s", off ? ", " : "", rq->unit);
        if (m > 0 && (size_t)m < sizeof(names) - off)
            off += (size_t)m;
    }
    return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_COUNTERSIGN_BY, true),
                          "'%s' heads no unit whose countersign %s asks (open: %s)", in->actor, pl->id,
                          off ? names : "none");
}

static int plan_end(planner *pl)
{
    const dr_act_input *in = pl->in;
    const char *acting_for = NULL;
    char doing[160];
    bool withdraw = strcmp(in->act, "withdraw") == 0;
    int rc;
    if ((rc = need(pl, in->reason, "needs --reason TEXT")))
        return rc;
    snprintf(doing, sizeof(doing), "%s %s (the drafter's)", in->act, pl->id);
    if ((rc = may_do_act(pl->ctx, in, in->act, NULL, cite(pl, DR_CHECK_ROUTE, false), doing, &acting_for)))
        return rc;
    if (withdraw) {
        /* 撤回: before anyone outside the drafting unit has acted. */
        for (size_t i = 0; i < pl->nev; i++)
            if (!of_unit(in->cfg, pl->ev[i].actor, pl->d->drafter))
                return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                                      "'%s' has acted on %s (event %d, %s): a withdrawal comes before "
                                      "anyone else acts; ask for a return instead",
                                      pl->ev[i].actor, pl->id, pl->ev[i].seq, pl->ev[i].act);
    } else if (!pl->st->returned) {
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                              "close ends a document returned to its drafter; %s is not", pl->id);
    }
    dr_planned_event *e = add_event(pl->p, in->act, in->reason);
    if ((rc = set_acting_for(pl, e, acting_for)))
        return rc;
    return summary(pl->p, "%s %s", in->act, pl->id);
}

static int plan_override(planner *pl)
{
    const dr_act_input *in = pl->in;
    const char *acting_for = NULL;
    char doing[160];
    int rc;
    if ((rc = need(pl, in->rule, "needs --rule ID")) || (rc = need(pl, in->reason, "needs --reason TEXT")))
        return rc;
    const dr_rule *r = dr_config_rule(in->cfg, in->rule);
    if (!r || !r->overridable) {
        char may[600] = "";
        size_t off = 0;
        for (size_t i = 0; i < in->cfg->nrules && off < sizeof(may); i++)
            if (in->cfg->rules[i].overridable)
                off += (size_t)snprintf(may + off, sizeof(may) - off, "%s%s", off ? ", " : "",
                                        in->cfg->rules[i].id);
        return dr_ctx_set(pl->ctx, DR_EUSAGE,
                          "'%s' may not be set aside: only the rules the config marks overridable "
                          "may (%s)",
                          in->rule, may[0] ? may : "none");
    }
    snprintf(doing, sizeof(doing), "set aside %s on %s", in->rule, pl->id);
    if ((rc = may_do_act(pl->ctx, in, "override", NULL, in->rule, doing, &acting_for)))
        return rc;
    dr_planned_event *e = add_event(pl->p, "override", in->reason);
    if ((rc = set(e, "rule", in->rule)) || (rc = set_acting_for(pl, e, acting_for)))
        return rc;
    return summary(pl->p, "override %s: %s set aside", pl->id, in->rule);
}

static int plan_classify(planner *pl)
{
    const dr_act_input *in = pl->in;
    dr_step_status *os = dr_route_open_step(pl->st);
    const char *acting_for = NULL;
    char doing[160];
    int rc;
    if ((rc = need(pl, in->flags, "needs --flag NAME=VALUE")))
        return rc;
    dr_document probe = pl->st->doc;
    if (dr_route_apply_flags(&probe, in->flags))
        return dr_ctx_set(pl->ctx, DR_EUSAGE,
                          "bad flags '%s': NAME=true|false, NAME one of major, normative, "
                          "affects-market, contract, directive, reserved-subjects",
                          in->flags);
    snprintf(doing, sizeof(doing), "correct the routing flags of %s", pl->id);
    if ((rc = may_do_act(pl->ctx, in, "classify", NULL, cite(pl, DR_CHECK_ROUTE, false), doing, &acting_for)))
        return rc;
    if (!os || !os->step->office)
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                              "the office corrects the flags at its review (" DR_W_FIRST_REVIEW "); the open step of "
                              "%s is %s",
                              pl->id, os ? os->step->id : "none");
    dr_planned_event *e = add_event(pl->p, "classify", in->reason);
    if ((rc = set(e, "flags", in->flags)) || (rc = set_acting_for(pl, e, acting_for)))
        return rc;
    return summary(pl->p, "classify %s: %s", pl->id, in->flags);
}

static int plan_revise(planner *pl)
{
    const dr_act_input *in = pl->in;
    const char *acting_for = NULL;
    char doing[160];
    int rc;
    if ((rc = need(pl, in->document_xml, "needs the new document")))
        return rc;
    snprintf(doing, sizeof(doing), "revise %s (its drafter's)", pl->id);
    if ((rc = may_do_act(pl->ctx, in, "revise", NULL, cite(pl, DR_CHECK_REVISE_RESIGN, false), doing, &acting_for)))
        return rc;
    if (pl->st->finished)
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false), "%s has gone through its route: it is "
                                                           "not revised any more",
                              pl->id);
    /* The new document, as the steps it opens will read it. */
    dr_buf b;
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES);
    dr_buf_puts(&b, "<envelope xmlns=\"" DR_ENVELOPE_NS "\">");
    dr_buf_puts(&b, in->document_xml);
    dr_buf_puts(&b, "</envelope>");
    rc = dr_envelope_parse(&pl->revised, pl->ctx, "revised document", b.ptr ? b.ptr : "", b.len,
                           DR_FORM_DRAFT);
    dr_buf_dispose(&b);
    if (rc)
        return rc;
    const dr_document *nd = dr_envelope_document(pl->revised);
    if (!dr__streq(nd->drafter, pl->d->drafter) || nd->nissuers != pl->d->nissuers ||
        !dr__streq(nd->issuers[0].unit, pl->d->issuers[0].unit) || !dr__streq(nd->type, pl->d->type))
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                              "a revision keeps the type, drafter and issuers that fixed the route of "
                              "%s; submit a new document instead",
                              pl->id);
    dr_planned_event *e = add_event(pl->p, "revise", in->reason);
    if (!e || !(e->document_xml = dr__strdup(in->document_xml)) ||
        (in->editorial && (rc = set(e, "editorial", "true"))) ||
        (rc = set_acting_for(pl, e, acting_for)))
        return rc ? rc : DR_ENOMEM;
    pl->d = nd;
    return summary(pl->p, "revise %s (%s)", pl->id,
                   in->editorial ? "editorial: signatures kept"
                                 : "substantive: signatures void, countersigns asked anew");
}

/* The holders of the open step, for a refusal or a check. */
static int open_holders(planner *pl, const dr_step_status *os, dr_holder **h, size_t *n)
{
    return dr_route_step_holders(h, n, pl->ctx, pl->in->cfg, pl->in->route, os, pl->d,
                                 dr_time_date(pl->in->at));
}

static int plan_return(planner *pl)
{
    const dr_act_input *in = pl->in;
    dr_step_status *os = dr_route_open_step(pl->st);
    const char *acting_for = NULL;
    char doing[200];
    int rc;
    if ((rc = need(pl, in->reason, "needs --reason TEXT")))
        return rc;
    if (!os)
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false), "nothing of %s is open to return", pl->id);
    if (dr_step_countersigns(os->step))
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                              "%s is at countersigning: its drafter withdraws it, nobody returns it",
                              pl->id);
    dr_holder *h = NULL;
    size_t n = 0;
    snprintf(doing, sizeof(doing), "return %s (only the holder of its open step '%s')", pl->id,
             os->step->id);
    if ((rc = open_holders(pl, os, &h, &n)) ||
        (rc = check_holder(pl->ctx, in, h, n, step_rule(pl, os->step), doing, &acting_for))) {
        free(h);
        return rc;
    }
    free(h);
    if (in->to_step) {
        const dr_step_status *to = NULL;
        for (size_t i = 0; i < pl->st->nsteps; i++)
            if (!strcmp(pl->st->steps[i].step->id, in->to_step))
                to = &pl->st->steps[i];
        if (!to || to >= os || to->state == DR_STEP_SKIPPED)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                                  "'%s' is not a step of %s done before '%s'", in->to_step, pl->id,
                                  os->step->id);
    }
    dr_planned_event *e = add_event(pl->p, "return", in->reason);
    if ((rc = set(e, "step", os->step->id)) || (rc = set(e, "to-step", in->to_step)) ||
        (rc = set_acting_for(pl, e, acting_for)))
        return rc;
    return summary(pl->p, "return %s to %s", pl->id, in->to_step ? in->to_step : "the drafter");
}

static int plan_step_act(planner *pl)
{
    const dr_act_input *in = pl->in;
    dr_step_status *os = dr_route_open_step(pl->st);
    const char *acting_for = NULL, *issuer = NULL;
    char doing[300], who[700];
    int rc;
    if (pl->st->returned)
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                              "%s was returned to its drafter: nothing is open", pl->id);
    if (!os)
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false), "%s has no open step: its route is done",
                              pl->id);
    dr_holder *h = NULL;
    size_t n = 0;
    if ((rc = open_holders(pl, os, &h, &n))) {
        free(h);
        return rc;
    }
    dr_holders_text(h, n, who, sizeof(who));
    if (dr_step_countersigns(os->step)) {
        free(h);
        if (pl->st->blocked_rule)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, pl->st->blocked_rule,
                                  "%s waits on an objection: %s", pl->id,
                                  pl->st->blocked == DR_BLOCK_AGREED_DOWN
                                      ? "such a document goes down only when every objection is "
                                        "agreed away"
                                  : pl->st->blocked == DR_BLOCK_TOPIC
                                      ? "a topic not agreed goes to its meeting only when a leader "
                                        "sets the rule aside"
                                      : "the drafter's head records a coordination note and the "
                                        "objecting head countersigns it (or its due date passes)");
        return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_ROUTE, false),
                              "%s is at countersigning: '%s' comes after it", pl->id, in->act);
    }
    if (strcmp(os->step->act, in->act) != 0) {
        free(h);
        /* Out of order: the chain's rule (R64-GOV-CHAIN …), else R-ROUTE. */
        return dr_ctx_setrule(pl->ctx, DR_ERULE, pl->in->route->rule ? pl->in->route->rule : cite(pl, DR_CHECK_ROUTE, false),
                              "'%s' is not the next step of %s: the open step is '%s' (%s), held by %s",
                              in->act, pl->id, os->step->id, os->step->act, who);
    }
    if (os->step->for_each_issuers) {
        /* One act per issuer: the issuer whose holders include the actor. */
        for (size_t k = 0; k < pl->d->nissuers && !issuer; k++) {
            const char *u = pl->d->issuers[k].unit;
            bool done = false;
            for (size_t j = 0; j < os->ndone_issuers; j++)
                done |= dr__streq(os->done_issuers[j], u);
            if (done || (in->issuer && strcmp(in->issuer, u)))
                continue;
            dr_holder *hi = NULL;
            size_t ni = 0;
            if (dr_route_holders(&hi, &ni, pl->ctx, in->cfg, &os->step->by, pl->d, NULL, u,
                                 dr_time_date(in->at)) == 0)
                for (size_t j = 0; j < ni; j++)
                    if (!strcmp(hi[j].person, in->actor))
                        issuer = u;
            free(hi);
        }
    }
    if (os->step->for_each_issuers && !issuer) {
        /* C22-JOINT-SIGN: one signature per co-issuer; this actor's issuer has signed. */
        for (size_t j = 0; j < os->ndone_issuers; j++) {
            dr_holder *hd = NULL;
            size_t nd = 0;
            bool mine = false;
            if (dr_route_holders(&hd, &nd, pl->ctx, in->cfg, &os->step->by, pl->d, NULL,
                                 os->done_issuers[j], dr_time_date(in->at)) == 0)
                for (size_t k = 0; k < nd; k++)
                    mine |= !strcmp(hd[k].person, in->actor);
            free(hd);
            if (mine) {
                free(h);
                return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_JOINT_SIGN, false),
                                      "'%s' has signed %s for '%s'; every co-issuer's head signs: "
                                      "waiting for %s",
                                      in->actor, pl->id, os->done_issuers[j], who);
            }
        }
    }
    snprintf(doing, sizeof(doing), "%s %s at step '%s' (%s requires %s)", in->act, pl->id,
             os->step->id, step_rule(pl, os->step),
             dr_route_escalated(in->cfg, os->step, pl->d) && os->done_by ? os->step->escalate_to.text
                                                                : os->step->by.text);
    rc = check_holder(pl->ctx, in, h, n, step_rule(pl, os->step), doing, &acting_for);
    free(h);
    if (rc)
        return rc;
    /* R63-OFFICE-FIRST: no leader acts on a draft the office has not reviewed. */
    const char *who_acts = acting_for ? acting_for : in->actor;
    const dr_person *pp = dr_config_person(in->cfg, who_acts);
    bool leader = false;
    for (size_t i = 0; pp && i < pp->nroles; i++) {
        const dr_role *r = dr_config_role(in->cfg, pp->roles[i].role);
        leader |= r && r->leader;
    }
    for (size_t i = 0; leader && i < pl->st->nsteps; i++) {
        const dr_step_status *o = &pl->st->steps[i];
        if (o->step->office && o->state != DR_STEP_DONE && o->state != DR_STEP_SKIPPED && o != os)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_OFFICE_FIRST, false),
                                  "'%s' is a leader: the office's review '%s' of %s comes first%s%s",
                                  who_acts, o->step->id, pl->id,
                                  dr_config_check(in->cfg, DR_CHECK_OFFICE_FIRST) ? " — " : "",
                                  dr_config_check(in->cfg, DR_CHECK_OFFICE_FIRST)
                                      ? dr_config_check(in->cfg, DR_CHECK_OFFICE_FIRST)->text
                                      : "");
    }
    /* agenda-before-meeting (R54-AGENDA-10WD in the default catalog): a topic's
     * materials reach the office `within` working days before its meeting. */
    const dr_rule *agenda = dr_config_check(in->cfg, DR_CHECK_AGENDA_BEFORE_MEETING);
    if (agenda && os->step->office && dr_route_is_topic(in->cfg, pl->d) &&
        dr__streq(pl->d->meeting_kind, agenda->meeting) && pl->d->meeting_date && pl->nev &&
        !dr_route_overridden(pl->st, agenda->id)) {
        dr_date meeting, latest;
        if (dr_date_parse(&meeting, pl->d->meeting_date) == 0 &&
            (rc = dr_calendar_add_workdays(in->cal, pl->ctx, meeting, -agenda->within, &latest)) == 0 &&
            dr_time_date(pl->ev[0].at) > latest) {
            char l[11];
            dr_date_format(latest, l);
            return dr_ctx_setrule(pl->ctx, DR_ERULE, agenda->id,
                                  "the topic %s was submitted after %s, %d working days before its "
                                  "meeting of %s: %s (a leader may set %s aside)",
                                  pl->id, l, agenda->within, pl->d->meeting_date, agenda->text,
                                  agenda->id);
        }
        if (rc)
            return rc;
    }
    if (!strcmp(in->act, "register")) {
        /* GB-FORMAT: 代字〔YYYY〕N号, the first issuer's 代字, the year of registration. */
        const dr_unit *lead = pl->d->nissuers ? dr_config_unit(in->cfg, pl->d->issuers[0].unit) : NULL;
        int y, m, dd;
        dr_date_to_ymd(dr_time_date(in->at), &y, &m, &dd);
        if (!lead || !lead->number_prefix)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_GB_FORMAT, false), "the issuer of %s has no " DR_W_NUMBER_PREFIX " "
                                                                 "(number-prefix) in the config",
                                  pl->id);
        if ((rc = need(pl, in->number, "needs a number")))
            return rc;
        if (!dr_check_doc_number(in->number, lead->number_prefix, y))
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_GB_FORMAT, false),
                                  "'%s' is not a " DR_W_DOC_NUMBER " %s" DR_W_NUMBER_OPEN "%d" DR_W_NUMBER_CLOSE "N" DR_W_NUMBER_SERIAL , in->number, lead->number_prefix, y);
        /* GB-FORMAT: an upward document's 签发人 is the issuer's head who signed. */
        if (!strcmp(dr_route_direction(in->cfg, pl->d), "up")) {
            bool signed_ = false;
            for (size_t i = 0; i < pl->st->nsteps; i++) {
                const dr_step_status *x = &pl->st->steps[i];
                signed_ |= x->state == DR_STEP_DONE &&
                           (!strcmp(x->step->act, "sign") || !strcmp(x->step->act, "issue-sign"));
            }
            if (!signed_)
                return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_GB_FORMAT, false),
                                      "an upward document is numbered after its " DR_W_ISSUING_SIGNER " signed: %s "
                                      "has no signature",
                                      pl->id);
        }
    }
    if (!strcmp(in->act, "decide")) {
        if (!dr__streq(in->position, "approve") && !dr__streq(in->position, "reject") &&
            !dr__streq(in->position, "amend"))
            return dr_ctx_setrule(pl->ctx, DR_EUSAGE, cite(pl, DR_CHECK_CLEAR_OPINION, false),
                                  "decide needs --approve, --reject or --amend");
        /* clear-opinion: an opinion, not one of the rule's words that only say "read". */
        const char *o = in->opinion ? in->opinion : "";
        const dr_rule *clear = dr_config_check(in->cfg, DR_CHECK_CLEAR_OPINION);
        bool bare = !*o;
        for (size_t i = 0; clear && i < clear->phrases.n && !bare; i++)
            bare = !strcmp(o, clear->phrases.v[i]);
        if (bare)
            return dr_ctx_setrule(pl->ctx, DR_ERULE, cite(pl, DR_CHECK_CLEAR_OPINION, false),
                                  "a decision on a request states a clear opinion, not '%s'", o);
    }
    dr_planned_event *e = add_event(pl->p, in->act, in->opinion);
    if ((rc = set(e, "step", os->step->id)) || (rc = set(e, "issuer", issuer)) ||
        (!strcmp(in->act, "decide") && (rc = set(e, "decision", in->position))) ||
        (!strcmp(in->act, "register") && (rc = set(e, "number", in->number))) ||
        (rc = set_acting_for(pl, e, acting_for)))
        return rc;
    if (!strcmp(in->act, "register"))
        return summary(pl->p, "register %s: %s", pl->id, in->number);
    return summary(pl->p, "%s %s: %s", in->act, pl->id, os->step->id);
}

/* The events that open what the act opens, folded on the state after it. */
static int plan_openings(planner *pl)
{
    const dr_act_input *in = pl->in;
    dr_fevent *all = NULL;
    dr_route_state *after = NULL;
    dr_opening *ops = NULL;
    size_t nops = 0;
    int rc = 0;
    if (!(all = dr__calloc(pl->nev + pl->p->n, sizeof(dr_fevent))))
        return DR_ENOMEM;
    memcpy(all, pl->ev, pl->nev * sizeof(dr_fevent));
    for (size_t i = 0; i < pl->p->n; i++) {
        dr_fevent *f = &all[pl->nev + i];
        const dr_planned_event *e = &pl->p->events[i];
        f->seq = (int)(pl->nev + i + 1);
        f->act = e->act;
        f->actor = in->actor;
        f->at = in->at;
        for (size_t k = 0; k < e->nattrs; k++)
            dr_route_fevent_set(f, e->attrs[k].name, e->attrs[k].value);
    }
    if ((rc = dr_route_fold_events(&after, pl->ctx, in->cfg, in->route, pl->d, all,
                                   pl->nev + pl->p->n, in->at)) ||
        (rc = dr_route_openings(&ops, &nops, pl->ctx, in->cfg, in->cal, after, pl->d, in->at)))
        goto done;
    for (size_t i = 0; i < nops && !rc; i++) {
        dr_planned_event *e = add_event(pl->p, ops[i].act, NULL);
        if (!e || (rc = set(e, "step", ops[i].step)) || (rc = set(e, ops[i].person ? "person" : "unit", ops[i].unit)) ||
            (rc = set_date(e, "due-date", ops[i].due)) ||
            (ops[i].provisional && (rc = set(e, "provisional", "true"))))
            rc = rc ? rc : DR_ENOMEM;
    }
done:
    free(ops);
    dr_route_state_free(after);
    free(all);
    return rc;
}

int dr_act_plan_make(dr_act_plan **out, dr_ctx *ctx, const dr_act_input *in)
{
    planner pl = {.in = in, .ctx = ctx};
    int rc = 0;
    *out = NULL;
    if (!dr_act_known(in->act))
        return dr_ctx_set(ctx, DR_EUSAGE, "unknown act '%s'", in->act);
    pl.d = dr_envelope_document(in->env);
    pl.id = dr_envelope_id(in->env);
    if (!(pl.p = calloc(1, sizeof(*pl.p)))) {
        rc = DR_ENOMEM;
        goto done;
    }
    if ((rc = dr_route_events(&pl.ev, &pl.nev, in->env)) ||
        (rc = dr_route_fold_events(&pl.st, ctx, in->cfg, in->route, pl.d, pl.ev, pl.nev, in->at)))
        goto done;
    pl.d = &pl.st->doc; /* with its effective routing flags */
    if (pl.nev && in->at.epoch < pl.st->last_at.epoch) {
        rc = dr_ctx_set(ctx, DR_ECONFLICT, "the clock is behind the record of %s", pl.id);
        goto done;
    }
    if (pl.st->ended) {
        rc = dr_ctx_setrule(ctx, DR_ERULE, cite_for(in, DR_CHECK_ROUTE, false), "%s was %s: nothing more is recorded on it",
                            pl.id, pl.st->withdrawn ? "withdrawn" : "closed");
        goto done;
    }
    const char *a = in->act;
    if (!strcmp(a, "countersign"))
        rc = plan_countersign(&pl);
    else if (!strcmp(a, "deemed-consent"))
        rc = plan_deemed(&pl);
    else if (!strcmp(a, "extend") || !strcmp(a, "accept-extension") || !strcmp(a, "decline-extension"))
        rc = plan_extension(&pl);
    else if (!strcmp(a, "coordinate"))
        rc = plan_coordinate(&pl);
    else if (!strcmp(a, "request-countersign"))
        rc = plan_add_countersign(&pl);
    else if (!strcmp(a, "withdraw") || !strcmp(a, "close"))
        rc = plan_end(&pl);
    else if (!strcmp(a, "override"))
        rc = plan_override(&pl);
    else if (!strcmp(a, "return"))
        rc = plan_return(&pl);
    else if (!strcmp(a, "classify"))
        rc = plan_classify(&pl);
    else if (!strcmp(a, "revise"))
        rc = plan_revise(&pl);
    else if (!strcmp(a, "reproject"))
        rc = plan_reproject(&pl);
    else
        rc = plan_step_act(&pl);
    /* A return to a step opens it again (its countersigns asked anew, its period counted);
     * one to the drafter opens nothing. */
    if (!rc)
        pl.p->n_act = pl.p->n;
    if (!rc && pl.p->n && strcmp(a, "withdraw") && strcmp(a, "close") && strcmp(a, "reproject"))
        rc = plan_openings(&pl);
    if (!rc) {
        *out = pl.p;
        pl.p = NULL;
    }
done:
    dr_act_plan_free(pl.p);
    dr_route_state_free(pl.st);
    dr_envelope_free(pl.revised);
    free(pl.ev);
    return rc;
}

int dr_act_input_from_record(dr_act_input *in, dr_ctx *ctx, const dr_envelope *env, size_t first,
                             dr_buf *docxml)
{
    const dr_event *e = dr_envelope_event(env, first);
    if (!e)
        return dr_ctx_set(ctx, DR_EUSAGE, "no event %zu", first + 1);
    memset(in, 0, sizeof(*in));
    in->act = e->act;
    in->actor = e->actor;
    in->acting_for = dr_event_attr(env, first, "acting-for");
    in->at = e->at;
    in->unit = dr_event_attr(env, first, "unit");
    in->position = dr_event_attr(env, first, !strcmp(e->act, "decide") ? "decision" : "position");
    in->opinion = *e->text ? e->text : NULL;
    in->reason = in->opinion;
    in->until = dr_event_attr(env, first, "until");
    in->rule = dr_event_attr(env, first, "rule");
    in->note_href = dr_event_attr(env, first, "note");
    in->note_sha256 = dr_event_attr(env, first, "note-sha256");
    in->to_step = dr_event_attr(env, first, "to-step");
    in->issuer = dr_event_attr(env, first, "issuer");
    in->flags = dr_event_attr(env, first, "flags");
    in->number = dr_event_attr(env, first, "number");
    in->editorial = dr__streq(dr_event_attr(env, first, "editorial"), "true");
    if (!strcmp(e->act, "revise") && docxml) {
        int rc = dr_event_document_xml(env, ctx, first, docxml);
        if (rc)
            return rc;
        in->document_xml = docxml->ptr;
    }
    return 0;
}
