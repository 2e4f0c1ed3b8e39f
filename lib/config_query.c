/* The config's lookups (units, people, roles, routes, acts, keys) and its release. */
#include "config_internal.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

/* ---- lookups ---- */

const dr_unit *dr_config_unit(const dr_config *cfg, const char *id)
{
    for (size_t i = 0; id && i < cfg->nunits; i++)
        if (strcmp(cfg->units[i].id, id) == 0)
            return &cfg->units[i];
    return NULL;
}

const dr_unit *dr_config_unit_by_code(const dr_config *cfg, const char *code)
{
    for (size_t i = 0; code && i < cfg->nunits; i++)
        if (cfg->units[i].code && strcmp(cfg->units[i].code, code) == 0)
            return &cfg->units[i];
    return NULL;
}

const dr_person *dr_config_person(const dr_config *cfg, const char *id)
{
    for (size_t i = 0; id && i < cfg->npeople; i++)
        if (strcmp(cfg->people[i].id, id) == 0)
            return &cfg->people[i];
    return NULL;
}

const dr_role *dr_config_role(const dr_config *cfg, const char *name)
{
    for (size_t i = 0; name && i < cfg->nroles; i++)
        if (strcmp(cfg->roles[i].name, name) == 0)
            return &cfg->roles[i];
    return NULL;
}

const dr_route *dr_config_route(const dr_config *cfg, const char *id)
{
    for (size_t i = 0; id && i < cfg->nroutes; i++)
        if (strcmp(cfg->routes[i].id, id) == 0)
            return &cfg->routes[i];
    return NULL;
}

const dr_act_rule *dr_config_act(const dr_config *cfg, const char *act)
{
    for (size_t i = 0; act && i < cfg->nacts; i++)
        if (strcmp(cfg->acts[i].act, act) == 0)
            return &cfg->acts[i];
    return NULL;
}

bool dr_config_may_sign_config(const dr_config *cfg, const dr_person *p)
{
    const dr_act_rule *r = dr_config_act(cfg, "config");
    for (size_t i = 0; r && p && i < r->nby; i++) {
        const dr_selector *s = &r->by[i];
        const dr_selector *v = s->kind == DR_SEL_ANY ? s->any : s;
        size_t n = s->kind == DR_SEL_ANY ? s->nany : 1;
        for (size_t k = 0; k < n; k++)
            if (v[k].kind == DR_SEL_ROLE && v[k].rel == DR_REL_NONE &&
                dr_config_has_role(p, v[k].role, v[k].unit))
                return true;
    }
    return false;
}

const char *dr_config_standing_substitute(const dr_config *cfg, const char *person)
{
    for (size_t i = 0; person && i < cfg->nsubstitutes; i++)
        if (strcmp(cfg->substitutes[i].key, person) == 0)
            return cfg->substitutes[i].value;
    return NULL;
}

bool dr_config_has_role(const dr_person *p, const char *role, const char *unit)
{
    for (size_t i = 0; p && i < p->nroles; i++)
        if (strcmp(p->roles[i].role, role) == 0 && (!unit || strcmp(p->roles[i].unit, unit) == 0))
            return true;
    return false;
}

bool dr_config_is_ancestor(const dr_config *cfg, const char *anc, const char *unit)
{
    const dr_unit *u = dr_config_unit(cfg, unit);
    for (size_t guard = 0; u && u->parent && guard <= cfg->nunits; guard++) {
        if (strcmp(u->parent, anc) == 0)
            return true;
        u = dr_config_unit(cfg, u->parent);
    }
    return false;
}

const dr_person_key *dr_config_person_key(const dr_person *p, int kid)
{
    for (size_t i = 0; p && i < p->nkeys; i++)
        if (p->keys[i].id == kid)
            return &p->keys[i];
    return NULL;
}

bool dr_person_key_valid_on(const dr_person_key *k, dr_date date)
{
    if (date < k->from)
        return false;
    if (k->to != DR_DATE_NONE && date > k->to)
        return false;
    if (k->revoked != DR_DATE_NONE && date >= k->revoked)
        return false;
    return true;
}

/* ---- free ---- */

static void route_dispose(dr_route *r)
{
    free(r->id);
    free(r->rule);
    free(r->cs_rule);
    strlist_dispose(&r->match_direction);
    strlist_dispose(&r->match_issuer);
    strlist_dispose(&r->match_type);
    strlist_dispose(&r->match_type_not);
    strlist_dispose(&r->match_meeting);
    strlist_dispose(&r->match_to);
    strlist_dispose(&r->match_when);
    strlist_dispose(&r->match_unless);
    selector_dispose(&r->cs_by);
    for (size_t i = 0; i < r->nsteps; i++) {
        dr_step *s = &r->steps[i];
        free(s->id);
        free(s->act);
        free(s->rule);
        selector_dispose(&s->by);
        strlist_dispose(&s->when);
        strlist_dispose(&s->unless);
        free(s->name);
        selector_dispose(&s->people);
        strlist_dispose(&s->escalate_when);
        selector_dispose(&s->escalate_to);
    }
    free(r->steps);
}

void dr_config_free(dr_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->org_id);
    free(cfg->org_name);
    for (size_t i = 0; i < cfg->nunits; i++) {
        dr_unit *u = &cfg->units[i];
        free(u->id);
        free(u->name);
        free(u->parent);
        free(u->code);
        free(u->number_prefix);
        free(u->kind);
        free(u->overseen_by);
        free(u->external);
    }
    free(cfg->units);
    for (size_t i = 0; i < cfg->nroles; i++)
        free(cfg->roles[i].name);
    free(cfg->roles);
    for (size_t i = 0; i < cfg->npeople; i++) {
        dr_person *p = &cfg->people[i];
        free(p->id);
        free(p->name);
        for (size_t j = 0; j < p->nroles; j++) {
            free(p->roles[j].role);
            free(p->roles[j].unit);
        }
        free(p->roles);
        for (size_t j = 0; j < p->nkeys; j++) {
            free(p->keys[j].file);
            dr_key_free(p->keys[j].key);
        }
        free(p->keys);
    }
    free(cfg->people);
    for (size_t i = 0; i < cfg->nsubstitutes; i++) {
        free(cfg->substitutes[i].key);
        free(cfg->substitutes[i].value);
    }
    free(cfg->substitutes);
    for (size_t i = 0; i < cfg->nabsences; i++) {
        free(cfg->absences[i].person);
        free(cfg->absences[i].substitute);
    }
    free(cfg->absences);
    strlist_dispose(&cfg->request_phrases);
    for (size_t i = 0; i < cfg->nremit; i++) {
        free(cfg->remit[i].key);
        free(cfg->remit[i].value);
    }
    free(cfg->remit);
    for (size_t i = 0; i < cfg->nacts; i++) {
        free(cfg->acts[i].act);
        for (size_t j = 0; j < cfg->acts[i].nby; j++)
            selector_dispose(&cfg->acts[i].by[j]);
        free(cfg->acts[i].by);
    }
    free(cfg->acts);
    for (size_t i = 0; i < cfg->nroutes; i++)
        route_dispose(&cfg->routes[i]);
    free(cfg->routes);
    for (size_t i = 0; i < cfg->nnumbering; i++) {
        free(cfg->numbering[i].prefix);
        free(cfg->numbering[i].note);
    }
    free(cfg->numbering);
    for (size_t i = 0; i < cfg->ngroups; i++) {
        free(cfg->groups[i].id);
        free(cfg->groups[i].name);
        strlist_dispose(&cfg->groups[i].kinds);
        strlist_dispose(&cfg->groups[i].units);
    }
    free(cfg->groups);
    strlist_dispose(&cfg->unit_kinds);
    for (size_t i = 0; i < cfg->nmeetings; i++) {
        free(cfg->meetings[i].key);
        free(cfg->meetings[i].value);
    }
    free(cfg->meetings);
    for (size_t i = 0; i < cfg->nlabels; i++) {
        free(cfg->labels[i].key);
        free(cfg->labels[i].value);
    }
    free(cfg->labels);
    dr__rules_dispose(cfg);
    free(cfg);
}
