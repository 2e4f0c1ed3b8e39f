/* What an organization's config adds beside its tree, people and routes: 发文字号 issued
 * before adoption, recipient groups, unit kinds, meetings, the slip's labels, how many
 * sign a config act; and the shipped defaults (schemas/defaults.yaml) where it is silent. */
#include "config_internal.h"
#include "docroute/numbers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

int load_numbering(walker *w, dr_config *cfg, const dr_ynode *list)
{
    static const char *const keys[] = {"prefix", "year", "issued-before", "note", NULL};
    int rc;
    if (!list)
        return 0;
    if (list->type != DR_Y_SEQ)
        return err(w, list, "'numbering' must be a list of {prefix, year, issued-before}");
    for (size_t i = 0; i < list->n; i++) {
        const dr_ynode *n = list->kids[i];
        dr_numbering *x = dr__push(&cfg->numbering, &cfg->nnumbering, sizeof(dr_numbering));
        if (!x)
            return DR_ENOMEM;
        if ((rc = want_map(w, n, "a numbering entry", keys)) ||
            (rc = get_str(w, n, "prefix", true, &x->prefix)) ||
            (rc = get_str(w, n, "note", false, &x->note)))
            return rc;
        x->year = 0;
        if ((rc = get_int(w, n, "year", 1900, 9999, &x->year)) ||
            (rc = get_int(w, n, "issued-before", 0, 999998, &x->issued_before)))
            return rc;
        if (!dr__yaml_get(n, "year") || !dr__yaml_get(n, "issued-before"))
            return err(w, n, "a numbering entry needs 'year' and 'issued-before'");
        bool declared = false;
        for (size_t k = 0; k < cfg->nunits && !declared; k++)
            declared = dr__streq(cfg->units[k].number_prefix, x->prefix);
        if (!declared)
            return err(w, dr__yaml_get(n, "prefix"), "'%s' is no unit's number-prefix", x->prefix);
        for (size_t k = 0; k + 1 < cfg->nnumbering; k++)
            if (!strcmp(cfg->numbering[k].prefix, x->prefix) && cfg->numbering[k].year == x->year)
                return err(w, n, "numbering for %s in %d is declared twice", x->prefix, x->year);
    }
    return 0;
}

/* groups: {id: {name, members: [{kind: K} | {unit: U}], open: bool}} */
int load_groups(walker *w, dr_config *cfg, const dr_ynode *map)
{
    static const char *const keys[] = {"name", "members", "open", NULL};
    static const char *const mkeys[] = {"kind", "unit", NULL};
    int rc;
    if (!map)
        return 0;
    if (map->type != DR_Y_MAP)
        return err(w, map, "'groups' maps a group id to {name, members, open}");
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const dr_ynode *k = map->kids[i], *v = map->kids[i + 1];
        dr_group *g = dr__push(&cfg->groups, &cfg->ngroups, sizeof(dr_group));
        if (!g || !(g->id = dr__strdup(k->str)))
            return DR_ENOMEM;
        if (dr_config_unit(cfg, k->str))
            return err(w, k, "group '%s' has the id of a unit", k->str);
        if ((rc = want_map(w, v, "a group", keys)) || (rc = get_str(w, v, "name", true, &g->name)) ||
            (rc = get_bool(w, v, "open", &g->open)))
            return rc;
        const dr_ynode *ms = dr__yaml_get(v, "members");
        if (g->open && ms)
            return err(w, ms, "group '%s' is open: it names no members", g->id);
        if (!g->open && (!ms || ms->type != DR_Y_SEQ || ms->n == 0))
            return err(w, ms ? ms : v, "group '%s' needs 'members' (or open: true)", g->id);
        for (size_t j = 0; ms && j < ms->n; j++) {
            const dr_ynode *m = ms->kids[j];
            char *kind = NULL, *unit = NULL;
            if ((rc = want_map(w, m, "a member", mkeys)) || (rc = get_str(w, m, "kind", false, &kind)) ||
                (rc = get_str(w, m, "unit", false, &unit))) {
                free(kind);
                free(unit);
                return rc;
            }
            if ((kind != NULL) == (unit != NULL)) {
                free(kind);
                free(unit);
                return err(w, m, "a member is {kind: K} or {unit: U}");
            }
            if (kind && !dr__config_kind_known(cfg, kind)) {
                rc = err(w, dr__yaml_get(m, "kind"), "group '%s' names the unknown unit kind '%s'", g->id, kind);
            } else if (unit && !dr_config_unit(cfg, unit)) {
                rc = err(w, dr__yaml_get(m, "unit"), "group '%s' names the unknown unit '%s'", g->id, unit);
            }
            if (rc) {
                free(kind);
                free(unit);
                return rc;
            }
            dr_strlist *l = kind ? &g->kinds : &g->units;
            char **slot = dr__push(&l->v, &l->n, sizeof(char *));
            if (!slot) {
                free(kind);
                free(unit);
                return DR_ENOMEM;
            }
            *slot = kind ? kind : unit;
        }
    }
    return 0;
}

const dr_group *dr_config_group(const dr_config *cfg, const char *id)
{
    for (size_t i = 0; cfg && id && i < cfg->ngroups; i++)
        if (!strcmp(cfg->groups[i].id, id))
            return &cfg->groups[i];
    return NULL;
}

bool dr_config_in_group(const dr_config *cfg, const dr_group *g, const dr_unit *u)
{
    (void)cfg;
    if (!g || !u)
        return false;
    for (size_t i = 0; u->kind && i < g->kinds.n; i++)
        if (!strcmp(g->kinds.v[i], u->kind))
            return true;
    for (size_t i = 0; i < g->units.n; i++)
        if (!strcmp(g->units.v[i], u->id))
            return true;
    return false;
}

int dr_config_issued_before(const dr_config *cfg, const char *prefix, int year)
{
    for (size_t i = 0; cfg && prefix && i < cfg->nnumbering; i++)
        if (cfg->numbering[i].year == year && !strcmp(cfg->numbering[i].prefix, prefix))
            return cfg->numbering[i].issued_before;
    return 0;
}


int check_config_signers(walker *w, const dr_config *cfg, const dr_ynode *root)
{
    const dr_act_rule *r = dr_config_act(cfg, "config");
    for (size_t i = 0; r && i < r->nby; i++) {
        const dr_selector *s = &r->by[i];
        const dr_selector *v = s->kind == DR_SEL_ANY ? s->any : s;
        size_t n = s->kind == DR_SEL_ANY ? s->nany : 1;
        for (size_t k = 0; k < n; k++)
            if (v[k].kind != DR_SEL_ROLE || v[k].rel != DR_REL_NONE)
                return err(w, dr__yaml_get(root, "acts") ? dr__yaml_get(root, "acts") : root,
                           "acts: config names '%s': who signs config acts is a role (ROLE or "
                           "ROLE@UNIT), not a selector bound to a document",
                           v[k].text ? v[k].text : "?");
    }
    return 0;
}

/* The acts the config does not name take the shipped defaults; each role they name must
 * be the config's. */
int default_acts(walker *w, dr_config *cfg, const dr_ynode *root)
{
    dr_ynode *def = NULL;
    dr_ctx dctx;
    int rc;
    dr_ctx_init(&dctx);
    if ((rc = dr__defaults_load(&def, &dctx)))
        return dr_ctx_set(w->ctx, rc, "the shipped defaults: %s", dctx.msg);
    const dr_ynode *map = dr__yaml_get(def, "acts");
    walker dw = {&dctx, "schemas/defaults.yaml"};
    for (size_t i = 0; !rc && map && i + 1 < map->n; i += 2) {
        const dr_ynode *k = map->kids[i], *v = map->kids[i + 1];
        if (dr_config_act(cfg, k->str))
            continue;
        dr_act_rule *a = dr__push(&cfg->acts, &cfg->nacts, sizeof(dr_act_rule));
        if (!a || !(a->act = dr__strdup(k->str)) || !(a->by = calloc(v->n, sizeof(dr_selector)))) {
            rc = DR_ENOMEM;
            break;
        }
        for (size_t j = 0; !rc && j < v->n; j++) {
            a->nby++;
            if ((rc = parse_selector(&dw, cfg, v->kids[j], &a->by[j], 0)) && rc != DR_ENOMEM)
                rc = err(w, dr__yaml_get(root, "acts") ? dr__yaml_get(root, "acts") : root,
                         "the config gives no 'acts: %s', and the default (%s) does not fit it: %s; "
                         "name who may %s in 'acts'",
                         k->str, v->kids[j]->str ? v->kids[j]->str : "?", dctx.msg, k->str);
        }
    }
    dr__yaml_free(def);
    return rc;
}

/* Conditions: a flag (major …), category:NAME (a matter's category) or type:NAME. */

int dr_config_catalog(dr_config **out, dr_ctx *ctx)
{
    dr_config *cfg = calloc(1, sizeof(*cfg));
    int rc;
    *out = NULL;
    if (!cfg)
        return DR_ENOMEM;
    walker w = {ctx, "schemas/defaults.yaml"};
    if ((rc = default_periods(&w, cfg))) {
        dr_config_free(cfg);
        return rc;
    }
    if ((rc = load_unit_kinds(&w, cfg, NULL)) || (rc = load_meetings(&w, cfg, NULL)) ||
        (rc = dr__rules_load(cfg, ctx, NULL, NULL))) {
        dr_config_free(cfg);
        return rc;
    }
    *out = cfg;
    return 0;
}

bool dr__config_kind_known(const dr_config *cfg, const char *kind)
{
    for (size_t i = 0; cfg && kind && i < cfg->unit_kinds.n; i++)
        if (!strcmp(cfg->unit_kinds.v[i], kind))
            return true;
    return false;
}

const char *dr_config_label(const dr_config *cfg, const char *key)
{
    for (size_t i = 0; cfg && key && i < cfg->nlabels; i++)
        if (!strcmp(cfg->labels[i].key, key))
            return cfg->labels[i].value;
    return key;
}

/* labels: the shipped default's, each replaced by the config's of the same key; a key
 * the default does not have is an error. */
int load_labels(walker *w, dr_config *cfg, const dr_ynode *root)
{
    dr_ynode *def = NULL;
    dr_ctx dctx;
    int rc;
    dr_ctx_init(&dctx);
    if ((rc = dr__defaults_load(&def, &dctx)))
        return dr_ctx_set(w->ctx, rc, "the shipped defaults: %s", dctx.msg);
    const dr_ynode *d = dr__yaml_get(def, "labels"), *own = root ? dr__yaml_get(root, "labels") : NULL;
    if (own && own->type != DR_Y_MAP)
        rc = err(w, own, "'labels' maps a label key to its words");
    for (size_t i = 0; !rc && d && i + 1 < d->n; i += 2) {
        const dr_ynode *v = own ? dr__yaml_get(own, d->kids[i]->str) : NULL;
        if (v && (v->type != DR_Y_SCALAR || !*v->str)) {
            rc = err(w, v, "label '%s' must be a non-empty text", d->kids[i]->str);
            break;
        }
        dr_pair *l = dr__push(&cfg->labels, &cfg->nlabels, sizeof(dr_pair));
        if (!l || !(l->key = dr__strdup(d->kids[i]->str)) ||
            !(l->value = dr__strdup(v ? v->str : d->kids[i + 1]->str)))
            rc = DR_ENOMEM;
    }
    for (size_t i = 0; !rc && own && i + 1 < own->n; i += 2)
        if (!dr__yaml_get(d, own->kids[i]->str))
            rc = err(w, own->kids[i], "unknown label '%s' (the labels are those of schemas/defaults.yaml)",
                     own->kids[i]->str);
    dr__yaml_free(def);
    return rc;
}

/* The periods of urgent documents in working days, as the shipped defaults say them. */
int default_periods(walker *w, dr_config *cfg)
{
    dr_ynode *def = NULL;
    dr_ctx dctx;
    int rc;
    dr_ctx_init(&dctx);
    if ((rc = dr__defaults_load(&def, &dctx)))
        return dr_ctx_set(w->ctx, rc, "the shipped defaults: %s", dctx.msg);
    walker dw = {&dctx, "schemas/defaults.yaml"};
    const dr_ynode *d = dr__yaml_get(def, "periods");
    rc = get_int(&dw, d, "extra-urgent", 1, 30, &cfg->period_extra_urgent);
    if (!rc)
        rc = get_int(&dw, d, "urgent", 1, 30, &cfg->period_urgent);
    if (!rc && (!cfg->period_extra_urgent || !cfg->period_urgent))
        rc = dr_ctx_set(&dctx, DR_ECONFIG, "periods: extra-urgent and urgent are required");
    dr__yaml_free(def);
    return rc ? dr_ctx_set(w->ctx, rc, "the shipped defaults: %s", dctx.msg) : 0;
}

/* config-signatures: {sensitive, other}: the config's, else the shipped default. */
int load_config_signatures(walker *w, dr_config *cfg, const dr_ynode *root)
{
    static const char *const keys[] = {"sensitive", "other", NULL};
    dr_ynode *def = NULL;
    dr_ctx dctx;
    int rc;
    dr_ctx_init(&dctx);
    if ((rc = dr__defaults_load(&def, &dctx)))
        return dr_ctx_set(w->ctx, rc, "the shipped defaults: %s", dctx.msg);
    walker dw = {&dctx, "schemas/defaults.yaml"};
    const dr_ynode *d = dr__yaml_get(def, "config-signatures");
    rc = get_int(&dw, d, "sensitive", 1, 9, &cfg->config_sigs_sensitive);
    if (!rc)
        rc = get_int(&dw, d, "other", 1, 9, &cfg->config_sigs);
    dr__yaml_free(def);
    if (rc)
        return dr_ctx_set(w->ctx, rc, "the shipped defaults: %s", dctx.msg);
    const dr_ynode *own = root ? dr__yaml_get(root, "config-signatures") : NULL;
    if (own && ((rc = want_map(w, own, "'config-signatures'", keys)) ||
                (rc = get_int(w, own, "sensitive", 1, 9, &cfg->config_sigs_sensitive)) ||
                (rc = get_int(w, own, "other", 1, 9, &cfg->config_sigs))))
        return rc;
    if (cfg->config_sigs > cfg->config_sigs_sensitive)
        return err(w, own ? own : root, "config-signatures: 'other' may not exceed 'sensitive'");
    return 0;
}

const char *dr_config_meeting(const dr_config *cfg, const char *kind)
{
    for (size_t i = 0; cfg && kind && i < cfg->nmeetings; i++)
        if (!strcmp(cfg->meetings[i].key, kind))
            return cfg->meetings[i].value;
    return NULL;
}

/* meetings: {kind: {name}} — the config's, else the shipped default. */
int load_meetings(walker *w, dr_config *cfg, const dr_ynode *root)
{
    static const char *const keys[] = {"name", NULL};
    dr_ynode *def = NULL;
    dr_ctx dctx;
    int rc = 0;
    const dr_ynode *map = root ? dr__yaml_get(root, "meetings") : NULL;
    walker use = *w;
    dr_ctx_init(&dctx);
    if (!map) {
        if ((rc = dr__defaults_load(&def, &dctx)))
            return dr_ctx_set(w->ctx, rc, "the shipped defaults: %s", dctx.msg);
        map = dr__yaml_get(def, "meetings");
        use = (walker){&dctx, "schemas/defaults.yaml"};
    }
    if (!map || map->type != DR_Y_MAP)
        rc = err(&use, map, "'meetings' maps a meeting kind to {name}");
    for (size_t i = 0; !rc && i + 1 < map->n; i += 2) {
        dr_pair *m = dr__push(&cfg->meetings, &cfg->nmeetings, sizeof(dr_pair));
        if (!m || !(m->key = dr__strdup(map->kids[i]->str))) {
            rc = DR_ENOMEM;
            break;
        }
        if (!(rc = want_map(&use, map->kids[i + 1], "a meeting", keys)))
            rc = get_str(&use, map->kids[i + 1], "name", true, &m->value);
    }
    if (rc && def)
        rc = dr_ctx_set(w->ctx, rc, "the shipped defaults: %s", dctx.msg);
    dr__yaml_free(def);
    return rc;
}

/* unit-kinds: the kinds of the organization's units; without it, the shipped default. */
int load_unit_kinds(walker *w, dr_config *cfg, const dr_ynode *root)
{
    dr_ynode *def = NULL;
    dr_ctx dctx;
    int rc;
    if (dr__yaml_get(root, "unit-kinds")) {
        if ((rc = get_strlist(w, root, "unit-kinds", &cfg->unit_kinds)))
            return rc;
        if (!cfg->unit_kinds.n)
            return err(w, dr__yaml_get(root, "unit-kinds"), "'unit-kinds' lists at least one kind");
        return 0;
    }
    dr_ctx_init(&dctx);
    if ((rc = dr__defaults_load(&def, &dctx)))
        return dr_ctx_set(w->ctx, rc, "the shipped defaults: %s", dctx.msg);
    walker dw = {&dctx, "schemas/defaults.yaml"};
    rc = get_strlist(&dw, def, "unit-kinds", &cfg->unit_kinds);
    dr__yaml_free(def);
    return rc ? dr_ctx_set(w->ctx, rc, "the shipped defaults: %s", dctx.msg) : 0;
}
