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
    const char *units[1];
    const char *to = dr_route_recipients(cfg, d->to, d->nto, units, 1, NULL) ? units[0] : NULL;
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

static bool flag_set(const dr_config *cfg, const dr_document *d, const char *flag)
{
    /* category:NAME — a matter of that category; type:NAME — the document's type. */
    if (!strncmp(flag, "category:", 9)) {
        for (size_t i = 0; i < d->nmatters; i++)
            if (dr__streq(d->matters[i].category, flag + 9))
                return true;
        return false;
    }
    if (!strncmp(flag, "type:", 5))
        return dr__streq(d->type, flag + 5);
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
    if (strcmp(flag, "topic") == 0)
        return dr_route_is_topic(cfg, d);
    return false;
}

/* The kind of meeting topics go to: the agenda rule's meeting (R54-AGENDA-10WD in the
 * default catalog), else the no-unagreed-topic rule's; none: there are no topics. */
static const char *topic_meeting(const dr_config *cfg)
{
    const dr_rule *r = dr_config_check(cfg, DR_CHECK_AGENDA_BEFORE_MEETING);
    if (!r || !r->meeting)
        r = dr_config_check(cfg, DR_CHECK_NO_UNAGREED_TOPIC);
    return r ? r->meeting : NULL;
}

bool dr_route_is_topic(const dr_config *cfg, const dr_document *d)
{
    const char *kind = topic_meeting(cfg);
    return kind && dr__streq(d->meeting_kind, kind) && !d->meeting_decision &&
           !dr__streq(d->type, "minutes");
}

int dr_route_apply_flags(dr_document *d, const char *flags)
{
    static const char *const names[] = {"major", "normative", "affects-market", "contract",
                                        "directive", "reserved-subjects", NULL};
    const char *p = flags;
    while (p && *p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (!eq)
            return DR_EINVALID;
        size_t nl = (size_t)(eq - p), vl = len - nl - 1;
        bool value;
        if (vl == 4 && !strncmp(eq + 1, "true", 4))
            value = true;
        else if (vl == 5 && !strncmp(eq + 1, "false", 5))
            value = false;
        else
            return DR_EINVALID;
        size_t k = 0;
        while (names[k] && (strlen(names[k]) != nl || strncmp(names[k], p, nl)))
            k++;
        switch (k) {
        case 0: d->major = value; break;
        case 1: d->normative = value; break;
        case 2: d->affects_market = value; break;
        case 3: d->contract = value; break;
        case 4: d->directive = value; break;
        case 5: d->reserved_subjects = value; break;
        default: return DR_EINVALID;
        }
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

bool dr_route_escalated(const dr_config *cfg, const dr_step *s, const dr_document *d)
{
    for (size_t i = 0; s->has_escalate && i < s->escalate_when.n; i++)
        if (flag_set(cfg, d, s->escalate_when.v[i]))
            return true;
    return false;
}

bool dr_route_step_applies(const dr_config *cfg, const dr_step *s, const dr_document *d)
{
    if (s->unless_exception && d->nexceptions)
        return false;
    for (size_t i = 0; i < s->unless.n; i++)
        if (flag_set(cfg, d, s->unless.v[i]))
            return false;
    if (s->when.n == 0)
        return true;
    for (size_t i = 0; i < s->when.n; i++)
        if (flag_set(cfg, d, s->when.v[i]))
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
    bool when = r->match_when.n == 0;
    for (size_t i = 0; i < r->match_when.n && !when; i++)
        when = flag_set(cfg, d, r->match_when.v[i]);
    for (size_t i = 0; i < r->match_unless.n && when; i++)
        when = !flag_set(cfg, d, r->match_unless.v[i]);
    if (!when)
        return false;
    if (r->match_to.n) {
        bool any = false;
        const char *units[256];
        size_t nu = dr_route_recipients(cfg, d->to, d->nto, units, 256, NULL);
        for (size_t i = 0; i < nu; i++)
            any |= listed(&r->match_to, units[i]);
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
    const char *rid = dr_config_cite(cfg, DR_CHECK_ROUTE, NULL);
    return dr_ctx_setrule(ctx, DR_ERULE, rid ? rid : "",
                          "no route of the config fits a %s issued by '%s' going %s",
                          d->type ? d->type : "document",
                          d->nissuers ? d->issuers[0].unit : "?", dr_route_direction(cfg, d));
}

size_t dr_route_recipients(const dr_config *cfg, const dr_doc_unit *v, size_t n, const char **out,
                           size_t max, bool *open)
{
    size_t k = 0;
    if (open)
        *open = false;
    for (size_t i = 0; i < n; i++) {
        if (v[i].unit) {
            if (k < max)
                out[k++] = v[i].unit;
            continue;
        }
        const dr_group *g = v[i].group ? dr_config_group(cfg, v[i].group) : NULL;
        if (g && g->open && open)
            *open = true;
        for (size_t u = 0; g && u < cfg->nunits; u++) {
            bool seen = false;
            for (size_t j = 0; j < k && !seen; j++)
                seen = !strcmp(out[j], cfg->units[u].id);
            if (!seen && k < max && dr_config_in_group(cfg, g, &cfg->units[u]))
                out[k++] = cfg->units[u].id;
        }
    }
    return k;
}

int dr_route_period(const dr_config *cfg, const dr_route *r, const dr_step *s,
                    const dr_document *d, const char *unit)
{
    if (s->units_involved && unit)
        for (size_t i = 0; i < d->ninvolves; i++)
            if (dr__streq(d->involves[i].unit, unit) && d->involves[i].reply_within > 0)
                return d->involves[i].reply_within; /* 除主办部门另有时限要求外 */
    int base = dr_step_countersigns(s) ? r->cs_within : s->within;
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
    free(st->overrides);
    free(st);
}

static dr_step_status *find_step(const dr_route_state *st, const char *id)
{
    for (size_t i = 0; id && i < st->nsteps; i++)
        if (strcmp(st->steps[i].step->id, id) == 0)
            return &st->steps[i];
    return NULL;
}

dr_request *dr_route_request(const dr_step_status *ss, const char *unit)
{
    dr_request *found = NULL;
    for (size_t i = 0; ss && unit && i < ss->nrequests; i++)
        if (strcmp(ss->requests[i].unit, unit) == 0)
            found = &ss->requests[i]; /* the latest request for the unit */
    return found;
}

dr_step_status *dr_route_open_step(const dr_route_state *st)
{
    for (size_t i = 0; i < st->nsteps; i++)
        if (st->steps[i].state == DR_STEP_OPEN)
            return &st->steps[i];
    return NULL;
}

bool dr_step_countersigns(const dr_step *s)
{
    return s && (s->units_involved || s->people_cs);
}

dr_step_status *dr_route_countersign_step(const dr_route_state *st)
{
    for (size_t i = 0; i < st->nsteps; i++)
        if (dr_step_countersigns(st->steps[i].step))
            return &st->steps[i];
    return NULL;
}

bool dr_route_overridden(const dr_route_state *st, const char *rule)
{
    for (size_t i = 0; i < st->noverrides; i++)
        if (dr__streq(st->overrides[i], rule))
            return true;
    return false;
}

static const char *const fevent_attrs[] = {"step",    "unit",  "due-date",    "position",
                                            "until",   "note",  "rule",        "issuer",
                                            "to-step", "flags", "provisional", "person",
                                            "editorial", NULL};

void dr_route_fevent_set(dr_fevent *f, const char *name, const char *value)
{
    const char **slots[] = {&f->step,  &f->unit, &f->due_date, &f->position, &f->until,
                            &f->note,  &f->rule, &f->issuer,   &f->to_step,  &f->flags,
                            &f->provisional, &f->person};
    for (size_t k = 0; fevent_attrs[k]; k++)
        if (!strcmp(fevent_attrs[k], name)) {
            if (k < sizeof(slots) / sizeof(slots[0]))
                *slots[k] = value;
            else
                f->editorial = dr__streq(value, "true");
            return;
        }
}

int dr_route_events(dr_fevent **out, size_t *n, const dr_envelope *env)
{
    size_t count = dr_envelope_event_count(env);
    *n = 0;
    *out = dr__calloc(count, sizeof(dr_fevent));
    if (!*out)
        return DR_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        const dr_event *e = dr_envelope_event(env, i);
        dr_fevent *f = &(*out)[i];
        f->seq = e->seq;
        f->act = e->act;
        f->actor = e->actor;
        f->at = e->at;
        for (size_t k = 0; fevent_attrs[k]; k++)
            dr_route_fevent_set(f, fevent_attrs[k], dr_event_attr(env, i, fevent_attrs[k]));
    }
    *n = count;
    return 0;
}

static dr_date date_attr(const char *s)
{
    dr_date d;
    return s && dr_date_parse(&d, s) == 0 ? d : DR_DATE_NONE;
}

/* A reply at or after the end of the due date is late; while an extension is
 * pending the due date is suspended. */
static bool reply_late(const dr_request *rq, dr_time at)
{
    return rq->due != DR_DATE_NONE && rq->ext_until == DR_DATE_NONE && dr_time_date(at) > rq->due;
}


/* agreed-before-down (R65-AGREED-BEFORE-DOWN in the default catalog): a document of
 * units of the rule's `from` kinds to units of its `to` kinds goes nowhere until every
 * objection is agreed away. */
static bool kinds_apply(const dr_config *cfg, const dr_document *d, const dr_rule *r)
{
    bool all_from = d->nissuers > 0, to = false;
    for (size_t i = 0; i < d->nissuers; i++) {
        const dr_unit *u = dr_config_unit(cfg, d->issuers[i].unit);
        bool in = false;
        for (size_t k = 0; u && u->kind && k < r->from.n; k++)
            in |= !strcmp(u->kind, r->from.v[k]);
        all_from &= in;
    }
    const char *units[256];
    size_t nu = dr_route_recipients(cfg, d->to, d->nto, units, 256, NULL);
    for (size_t i = 0; i < nu; i++) {
        const dr_unit *u = dr_config_unit(cfg, units[i]);
        for (size_t k = 0; u && u->kind && k < r->to.n; k++)
            to |= !strcmp(u->kind, r->to.v[k]);
    }
    return all_from && to;
}

/* no-unagreed-topic: a topic for its meeting (not yet decided). */
static bool r53_applies(const dr_config *cfg, const dr_document *d)
{
    return dr_route_is_topic(cfg, d);
}

/* Resets the steps from index k on, as a return to that step does. */
static void reopen_from(dr_route_state *st, size_t k)
{
    for (size_t i = k; i < st->nsteps; i++) {
        dr_step_status *ss = &st->steps[i];
        if (ss->state == DR_STEP_DONE)
            ss->state = DR_STEP_PENDING;
        ss->ndone_issuers = 0;
        ss->due = DR_DATE_NONE;
        ss->done_by = NULL;
        ss->done_seq = 0;
        /* Redone from here: open requests are cancelled, settled ones superseded. */
        for (size_t r = 0; r < ss->nrequests; r++) {
            dr_request *rq = &ss->requests[r];
            if (rq->state == DR_REQ_OPEN)
                rq->state = DR_REQ_CANCELLED;
            else if (rq->state != DR_REQ_CANCELLED)
                rq->state = DR_REQ_SUPERSEDED;
        }
    }
}

static void cancel_open_requests(dr_route_state *st, int seq)
{
    for (size_t i = 0; i < st->nsteps; i++)
        for (size_t r = 0; r < st->steps[i].nrequests; r++)
            if (st->steps[i].requests[r].state == DR_REQ_OPEN) {
                st->steps[i].requests[r].state = DR_REQ_CANCELLED;
                st->steps[i].requests[r].answer_seq = seq;
            }
}

/* Is the countersign step settled? Sets st->blocked_rule when an objection holds it. */

static bool countersign_settled(dr_route_state *st, dr_step_status *ss, const dr_config *cfg,
                                const dr_document *d)
{
    const char *units[64];
    size_t nu = 0;
    if (ss->step->people_cs) {
        /* Every person to ask has a live request. */
        dr_holder *who = NULL;
        size_t nw = 0;
        if (dr__route_eligible(&who, &nw, cfg, &ss->step->people, d, NULL, NULL) == 0)
            for (size_t k = 0; k < nw && nu < 64; k++)
                units[nu++] = who[k].person;
        bool all = true;
        for (size_t u = 0; u < nu && all; u++) {
            const dr_request *rq = dr_route_request(ss, units[u]);
            all = rq && rq->state != DR_REQ_CANCELLED && rq->state != DR_REQ_SUPERSEDED;
        }
        free(who);
        if (!all)
            return false;
    } else {
        nu = dr_route_countersign_units(d, units, 64);
    }
    /* Every unit to ask has a live request (a revision or a return supersedes them). */
    for (size_t u = 0; !ss->step->people_cs && u < nu; u++) {
        const dr_request *rq = dr_route_request(ss, units[u]);
        if (!rq || rq->state == DR_REQ_CANCELLED || rq->state == DR_REQ_SUPERSEDED)
            return false;
    }
    /* Plain requests still open: countersigning is in progress, nothing is blocked. */
    for (size_t i = 0; i < ss->nrequests; i++)
        if (ss->requests[i].state == DR_REQ_OPEN && !ss->requests[i].coordination)
            return false;
    const dr_rule *r65 = dr_config_check(cfg, DR_CHECK_AGREED_BEFORE_DOWN),
                  *r53 = dr_config_check(cfg, DR_CHECK_NO_UNAGREED_TOPIC);
    bool strict65 = r65 && kinds_apply(cfg, d, r65);
    bool strict53 = r53 && r53_applies(cfg, d) && !dr_route_overridden(st, r53->id);
    const char *objection = dr_config_cite(cfg, DR_CHECK_OBJECTION,
                                           st->route->cs_rule ? st->route->cs_rule : st->route->rule);
    for (size_t i = 0; i < ss->nrequests; i++) {
        const dr_request *rq = &ss->requests[i];
        if (rq->coordination || rq->state != DR_REQ_ANSWERED || !dr__streq(rq->position, "object"))
            continue;
        /* The objection stands until a later coordination request settles it. */
        const dr_request *co = NULL;
        for (size_t k = i + 1; k < ss->nrequests; k++)
            if (ss->requests[k].coordination && strcmp(ss->requests[k].unit, rq->unit) == 0)
                co = &ss->requests[k];
        bool agreed = co && co->state == DR_REQ_ANSWERED && dr__streq(co->position, "agree");
        bool noted = co && (co->state == DR_REQ_ANSWERED || co->state == DR_REQ_LAPSED);
        if (strict65 && !agreed) {
            st->blocked_rule = r65->id;
            st->blocked = DR_BLOCK_AGREED_DOWN;
            return false;
        }
        if (strict53 && !agreed) {
            st->blocked_rule = r53->id;
            st->blocked = DR_BLOCK_TOPIC;
            return false;
        }
        if (!noted) {
            st->blocked_rule = objection ? objection : "";
            st->blocked = DR_BLOCK_OBJECTION;
            return false;
        }
        if (co->state == DR_REQ_LAPSED)
            st->unagreed = true;
    }
    return true;
}

int dr_route_fold_events(dr_route_state **out, dr_ctx *ctx, const dr_config *cfg,
                         const dr_route *route, const dr_document *d, const dr_fevent *ev,
                         size_t nev, dr_time now)
{
    dr_route_state *st = calloc(1, sizeof(*st));
    int rc = 0;
    *out = NULL;
    if (!st || !(st->steps = dr__calloc(route->nsteps, sizeof(dr_step_status)))) {
        free(st);
        return DR_ENOMEM;
    }
    st->route = route;
    st->nsteps = route->nsteps;
    st->doc = *d;
    d = &st->doc; /* the effective flags: the document's, overlaid by classify events */
    for (size_t i = 0; i < route->nsteps; i++) {
        st->steps[i].step = &route->steps[i];
        st->steps[i].due = DR_DATE_NONE;
        st->steps[i].state = DR_STEP_PENDING;
    }
    for (size_t i = 0; i < nev; i++) {
        const dr_fevent *e = &ev[i];
        dr_step_status *ss = find_step(st, e->step);
        const char *key = e->unit ? e->unit : e->person; /* a unit's request, or a person's */
        dr_request *rq = dr_route_request(ss, key);
        st->last_at = e->at;
        st->nevents = e->seq;
        if (e->step && !ss) {
            rc = dr_ctx_setrule(ctx, DR_EINVALID, dr_config_cite(cfg, DR_CHECK_ROUTE, route->rule) ? dr_config_cite(cfg, DR_CHECK_ROUTE, route->rule) : "",
                                "event %d names step '%s', which route '%s' does not have",
                                e->seq, e->step, route->id);
            goto done;
        }
        if (strcmp(e->act, "countersign-request") == 0) {
            if (!ss || !key)
                continue;
            rq = dr__push(&ss->requests, &ss->nrequests, sizeof(dr_request));
            if (!rq) {
                rc = DR_ENOMEM;
                goto done;
            }
            rq->unit = key;
            rq->person = !e->unit;
            rq->seq = e->seq;
            rq->due = date_attr(e->due_date);
            rq->due_provisional = dr__streq(e->provisional, "true");
            rq->due_start = dr_time_date(e->at);
            rq->ext_until = DR_DATE_NONE;
            rq->coordination = e->note != NULL;
            /* A request reopens a countersign step that was done (加签, coordination). */
            if (ss->state == DR_STEP_DONE)
                ss->state = DR_STEP_PENDING;
        } else if (strcmp(e->act, "countersign") == 0) {
            if (!rq)
                continue;
            if (rq->state != DR_REQ_OPEN) {
                /* after the first effective reply, or a deemed consent: no effect */
                if ((rq->state == DR_REQ_DEEMED || rq->state == DR_REQ_LAPSED) && !rq->late_seq)
                    rq->late_seq = e->seq;
                continue;
            }
            bool late = reply_late(rq, e->at);
            if (late && route->cs_silence_consent && !rq->coordination) {
                if (!rq->late_seq)
                    rq->late_seq = e->seq;
                continue; /* consent counted from the end of the due date: no effect */
            }
            rq->state = DR_REQ_ANSWERED;
            rq->position = e->position;
            rq->late = late;
            rq->answer_seq = e->seq;
        } else if (strcmp(e->act, "deemed-consent") == 0) {
            if (rq && rq->state == DR_REQ_OPEN) {
                rq->state = DR_REQ_DEEMED;
                rq->position = "agree";
                rq->recorded = true;
                rq->answer_seq = e->seq;
            }
        } else if (strcmp(e->act, "extend") == 0) {
            if (rq)
                rq->ext_until = date_attr(e->until);
        } else if (strcmp(e->act, "accept-extension") == 0) {
            if (rq && rq->ext_until != DR_DATE_NONE) {
                rq->due = rq->ext_until;
                rq->due_provisional = false; /* a date the units agreed on */
                rq->due_agreed = true;
                rq->ext_until = DR_DATE_NONE;
            }
        } else if (strcmp(e->act, "decline-extension") == 0) {
            if (rq)
                rq->ext_until = DR_DATE_NONE;
        } else if (strcmp(e->act, "open") == 0) {
            if (ss) {
                ss->due = date_attr(e->due_date);
                ss->due_provisional = dr__streq(e->provisional, "true");
                ss->due_start = dr_time_date(e->at);
            }
        } else if (strcmp(e->act, "reproject") == 0) {
            /* A due date counted again on a replaced calendar; its start stands. */
            dr_request *r = ss && key ? dr_route_request(ss, key) : NULL;
            if (r && r->state == DR_REQ_OPEN) {
                r->due = date_attr(e->due_date);
                r->due_provisional = dr__streq(e->provisional, "true");
            } else if (ss && !key) {
                ss->due = date_attr(e->due_date);
                ss->due_provisional = dr__streq(e->provisional, "true");
            }
        } else if (strcmp(e->act, "withdraw") == 0 || strcmp(e->act, "close") == 0) {
            st->ended = true;
            st->withdrawn = e->act[0] == 'w';
            cancel_open_requests(st, e->seq);
        } else if (strcmp(e->act, "return") == 0) {
            dr_step_status *to = find_step(st, e->to_step);
            cancel_open_requests(st, e->seq);
            if (to) {
                reopen_from(st, (size_t)(to - st->steps));
                st->returned = false;
            } else {
                reopen_from(st, 0);
                st->returned = true; /* to the drafter */
            }
        } else if (strcmp(e->act, "classify") == 0) {
            if (e->flags && dr_route_apply_flags(&st->doc, e->flags))
                continue; /* the planner refuses bad flags; an old record keeps what it says */
        } else if (strcmp(e->act, "revise") == 0) {
            /* C25-REVISE-RESIGN: a substantive revision voids what was signed on the old
             * content and asks every countersign anew; an editorial one keeps them. */
            st->returned = false;
            if (!e->editorial) {
                st->revisions++;
                for (size_t k = 0; k < st->nsteps; k++)
                    for (size_t r = 0; r < st->steps[k].nrequests; r++)
                        if (st->steps[k].requests[r].state != DR_REQ_CANCELLED) {
                            st->steps[k].requests[r].state = DR_REQ_SUPERSEDED;
                            st->steps[k].requests[r].answer_seq = e->seq;
                        }
                reopen_from(st, 0);
            }
        } else if (strcmp(e->act, "override") == 0) {
            const char **slot = dr__push(&st->overrides, &st->noverrides, sizeof(char *));
            if (!slot) {
                rc = DR_ENOMEM;
                goto done;
            }
            *slot = e->rule;
        } else if (ss && ss->step->act && strcmp(e->act, ss->step->act) == 0 &&
                   !dr_step_countersigns(ss->step)) {
            if (dr_route_escalated(cfg, ss->step, d) && !ss->done_by) {
                /* R60-MAJOR-TO-MAYOR: the overseer's decision alone does not close it. */
                ss->done_by = e->actor;
                ss->done_seq = e->seq;
                continue;
            }
            ss->done_by = e->actor;
            ss->done_seq = e->seq;
            if (ss->step->for_each_issuers) {
                const char **slot = dr__push(&ss->done_issuers, &ss->ndone_issuers, sizeof(char *));
                if (!slot) {
                    rc = DR_ENOMEM;
                    goto done;
                }
                *slot = e->issuer;
                if (ss->ndone_issuers >= d->nissuers)
                    ss->state = DR_STEP_DONE;
            } else {
                ss->state = DR_STEP_DONE;
            }
        }
    }
    /* Which steps apply, with the effective flags. */
    for (size_t i = 0; i < st->nsteps; i++)
        if (st->steps[i].state != DR_STEP_DONE && !dr_route_step_applies(cfg, st->steps[i].step, d))
            st->steps[i].state = DR_STEP_SKIPPED;
    /* What the time alone decides: consent deemed from the end of a due date,
     * a coordination note's countersign lapsed. */
    dr_date today = dr_time_date(now);
    for (size_t i = 0; i < st->nsteps; i++)
        for (size_t r = 0; r < st->steps[i].nrequests; r++) {
            dr_request *rq = &st->steps[i].requests[r];
            if (rq->state != DR_REQ_OPEN || rq->due == DR_DATE_NONE ||
                rq->ext_until != DR_DATE_NONE || today <= rq->due)
                continue;
            if (rq->coordination)
                rq->state = DR_REQ_LAPSED;
            else if (route->cs_silence_consent) {
                rq->state = DR_REQ_DEEMED;
                rq->position = "agree";
            }
        }
    for (size_t i = 0; i < st->nsteps; i++) {
        dr_step_status *ss = &st->steps[i];
        if (!dr_step_countersigns(ss->step) || ss->state == DR_STEP_SKIPPED)
            continue;
        bool live = false;
        for (size_t r = 0; r < ss->nrequests; r++)
            live |= ss->requests[r].state != DR_REQ_CANCELLED &&
                    ss->requests[r].state != DR_REQ_SUPERSEDED;
        if (countersign_settled(st, ss, cfg, d))
            ss->state = live ? DR_STEP_DONE : DR_STEP_SKIPPED;
        else
            ss->state = DR_STEP_PENDING;
    }
    bool blocked = st->ended || st->returned;
    st->finished = !st->ended && !st->returned;
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

int dr_route_fold(dr_route_state **out, dr_ctx *ctx, const dr_config *cfg, const dr_route *route,
                  const dr_envelope *env, dr_time now)
{
    dr_fevent *ev = NULL;
    size_t n = 0;
    int rc = dr_route_events(&ev, &n, env);
    if (!rc)
        rc = dr_route_fold_events(out, ctx, cfg, route, dr_envelope_document(env), ev, n, now);
    free(ev);
    return rc;
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
        if (dr_step_countersigns(s)) {
            /* The parties to ask: the involved units, or the people the selector names
             * (as of today, no substitution); each without a live request is asked (a
             * return cancels them). */
            const char *all[64];
            size_t na = 0;
            dr_holder *who = NULL;
            size_t nw = 0;
            if (s->units_involved) {
                na = dr_route_countersign_units(d, all, 64);
            } else {
                if ((rc = dr__route_eligible(&who, &nw, cfg, &s->people, d, NULL, NULL)))
                    break;
                for (size_t k = 0; k < nw && na < 64; k++)
                    all[na++] = who[k].person;
            }
            for (size_t k = 0; k < na && !rc; k++) {
                const dr_request *rq = dr_route_request(ss, all[k]);
                if (rq && rq->state != DR_REQ_CANCELLED && rq->state != DR_REQ_SUPERSEDED)
                    continue;
                dr_opening *o = dr__push(out, n, sizeof(dr_opening));
                if (!o) {
                    rc = DR_ENOMEM;
                    break;
                }
                o->act = "countersign-request";
                o->step = s->id;
                o->unit = all[k];
                o->person = s->people_cs;
                rc = dr_route_due(ctx, cfg, cal, st->route, s, d, s->units_involved ? all[k] : NULL,
                                  today, &o->due, &o->provisional);
            }
            free(who);
            continue;
        }
        dr_date due = DR_DATE_NONE;
        bool prov = false;
        if (ss->due != DR_DATE_NONE)
            continue;
        if ((rc = dr_route_due(ctx, cfg, cal, st->route, s, d, NULL, today, &due, &prov)))
            break;
        if (due == DR_DATE_NONE)
            continue;
        dr_opening *o = dr__push(out, n, sizeof(dr_opening));
        if (!o) {
            rc = DR_ENOMEM;
            break;
        }
        o->act = "open";
        o->step = s->id;
        o->unit = NULL;
        o->due = due;
        o->provisional = prov;
    }
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
