/* The organization in a config: its units, roles, people (with their keys), who
 * substitutes for whom, and absences. Part of the config's loader (config.c). */
#include "config_internal.h"
#include "docroute/numbers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

int load_units(walker *w, dr_config *cfg, const dr_ynode *list)
{
    static const char *const keys[] = {"id", "name", "parent", "code", "number-prefix", "kind",
                                       "overseen-by", "external", NULL};
    int rc;
    if (!list || list->type != DR_Y_SEQ || list->n == 0)
        return err(w, list, "'units' must be a non-empty list");
    cfg->units = calloc(list->n, sizeof(dr_unit));
    if (!cfg->units)
        return DR_ENOMEM;
    for (size_t i = 0; i < list->n; i++) {
        const dr_ynode *n = list->kids[i];
        dr_unit *u = &cfg->units[cfg->nunits++];
        if ((rc = want_map(w, n, "a unit", keys)) || (rc = get_str(w, n, "id", true, &u->id)) ||
            (rc = get_str(w, n, "name", true, &u->name)) ||
            (rc = get_str(w, n, "parent", false, &u->parent)) ||
            (rc = get_str(w, n, "code", false, &u->code)) ||
            (rc = get_str(w, n, "number-prefix", false, &u->number_prefix)) ||
            (rc = get_str(w, n, "kind", false, &u->kind)) ||
            (rc = get_str(w, n, "overseen-by", false, &u->overseen_by)) ||
            (rc = get_str(w, n, "external", false, &u->external)))
            return rc;
        char lp[200];
        if (u->number_prefix && dr_ledger_path(u->number_prefix, 2000, lp, sizeof(lp)))
            return err(w, dr__yaml_get(n, "number-prefix"),
                       "number-prefix '%s' cannot name a register ledger: no '/', '\\', spaces, "
                       "control characters or a leading '.', at most 64 bytes",
                       u->number_prefix);
        for (size_t j = 0; j + 1 < cfg->nunits; j++) {
            if (strcmp(cfg->units[j].id, u->id) == 0)
                return err(w, n, "unit '%s' is declared twice", u->id);
            if (u->code && cfg->units[j].code && strcmp(cfg->units[j].code, u->code) == 0)
                return err(w, n, "unit code '%s' is used twice", u->code);
        }
        if (u->external) {
            if (strcmp(u->external, "superior") && strcmp(u->external, "subordinate") &&
                strcmp(u->external, "other"))
                return err(w, dr__yaml_get(n, "external"),
                           "'external' must be superior, subordinate or other");
            if (u->parent || u->kind)
                return err(w, n, "external unit '%s' takes no parent or kind", u->id);
        } else {
            if (!u->kind || !dr__config_kind_known(cfg, u->kind)) {
                char kinds[600] = "";
                size_t off = 0;
                for (size_t k = 0; k < cfg->unit_kinds.n && off < sizeof(kinds); k++)
                    off += (size_t)snprintf(kinds + off, sizeof(kinds) - off, "%s%s", k ? ", " : "",
                                            cfg->unit_kinds.v[k]);
                return err(w, dr__yaml_get(n, "kind") ? dr__yaml_get(n, "kind") : n,
                           "unit '%s' needs a kind the config declares (unit-kinds: %s)", u->id,
                           kinds);
            }
            if (!u->code)
                return err(w, n, "unit '%s' needs a code (its document ids use it)", u->id);
        }
        if (u->code) {
            for (const char *c = u->code; *c; c++)
                if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')) || c - u->code > 15)
                    return err(w, dr__yaml_get(n, "code"),
                               "unit code '%s' must be 1-16 lowercase letters and digits", u->code);
        }
    }
    for (size_t i = 0; i < cfg->nunits; i++) {
        dr_unit *u = &cfg->units[i];
        const dr_ynode *n = list->kids[i];
        if (u->parent && !dr_config_unit(cfg, u->parent))
            return err(w, dr__yaml_get(n, "parent"), "unit '%s' has the unknown parent '%s'",
                       u->id, u->parent);
        /* A walk longer than the number of units is a cycle. */
        const dr_unit *p = u;
        size_t steps = 0;
        while (p && p->parent && steps <= cfg->nunits) {
            p = dr_config_unit(cfg, p->parent);
            steps++;
        }
        if (steps > cfg->nunits)
            return err(w, dr__yaml_get(n, "parent"), "unit '%s' is its own ancestor (a cycle in "
                                                     "the unit tree)",
                       u->id);
    }
    return 0;
}

int load_roles(walker *w, dr_config *cfg, const dr_ynode *map)
{
    static const char *const keys[] = {"leader", NULL};
    int rc;
    if (!map || map->type != DR_Y_MAP || map->n == 0)
        return err(w, map, "'roles' must be a non-empty mapping");
    cfg->roles = calloc(map->n / 2, sizeof(dr_role));
    if (!cfg->roles)
        return DR_ENOMEM;
    for (size_t i = 0; i < map->n; i += 2) {
        dr_role *r = &cfg->roles[cfg->nroles++];
        if (!dr__cfg_id_ok(map->kids[i]->str))
            return err(w, map->kids[i], "a role's name must be at most %d bytes without white space, "
                                        "control characters or '/'",
                       DR_ID_MAX);
        if (!(r->name = dr__strdup(map->kids[i]->str)))
            return DR_ENOMEM;
        const dr_ynode *v = map->kids[i + 1];
        if (v->type == DR_Y_SCALAR && !*v->str)
            continue;
        if ((rc = want_map(w, v, "a role", keys)) || (rc = get_bool(w, v, "leader", &r->leader)))
            return rc;
    }
    return 0;
}

int load_people(walker *w, dr_config *cfg, const dr_ynode *list, key_source *ks)
{
    static const char *const keys[] = {"id", "name", "roles", "keys", NULL};
    static const char *const key_keys[] = {"id", "file", "from", "to", "revoked", NULL};
    int rc;
    if (!list || list->type != DR_Y_SEQ || list->n == 0)
        return err(w, list, "'people' must be a non-empty list");
    cfg->people = calloc(list->n, sizeof(dr_person));
    if (!cfg->people)
        return DR_ENOMEM;
    for (size_t i = 0; i < list->n; i++) {
        const dr_ynode *n = list->kids[i];
        dr_person *p = &cfg->people[cfg->npeople++];
        if ((rc = want_map(w, n, "a person", keys)) || (rc = get_str(w, n, "id", true, &p->id)) ||
            (rc = get_str(w, n, "name", true, &p->name)))
            return rc;
        for (size_t j = 0; j + 1 < cfg->npeople; j++)
            if (strcmp(cfg->people[j].id, p->id) == 0)
                return err(w, n, "person '%s' is declared twice", p->id);
        const dr_ynode *roles = dr__yaml_get(n, "roles");
        if (roles && roles->type != DR_Y_SEQ)
            return err(w, roles, "'roles' must be a list of ROLE@UNIT");
        for (size_t j = 0; roles && j < roles->n; j++) {
            const dr_ynode *r = roles->kids[j];
            const char *at = r->type == DR_Y_SCALAR ? strchr(r->str, '@') : NULL;
            if (!at)
                return err(w, r, "a person's role is written ROLE@UNIT");
            dr_role_at *slot = dr__push(&p->roles, &p->nroles, sizeof(dr_role_at));
            if (!slot)
                return DR_ENOMEM;
            slot->role = dr__strndup(r->str, (size_t)(at - r->str));
            slot->unit = dr__strdup(at + 1);
            if (!slot->role || !slot->unit)
                return DR_ENOMEM;
            if (!dr_config_role(cfg, slot->role))
                return err(w, r, "'%s' names the undeclared role '%s'", r->str, slot->role);
            if (!dr_config_unit(cfg, slot->unit))
                return err(w, r, "'%s' names the unknown unit '%s'", r->str, slot->unit);
        }
        const dr_ynode *ks_list = dr__yaml_get(n, "keys");
        if (!ks_list || ks_list->type != DR_Y_SEQ || ks_list->n == 0)
            return err(w, ks_list ? ks_list : n, "person '%s' needs a list of keys", p->id);
        for (size_t j = 0; j < ks_list->n; j++) {
            const dr_ynode *k = ks_list->kids[j];
            dr_person_key *pk = dr__push(&p->keys, &p->nkeys, sizeof(dr_person_key));
            if (!pk)
                return DR_ENOMEM;
            pk->id = 0;
            if ((rc = want_map(w, k, "a key", key_keys)) ||
                (rc = get_int(w, k, "id", 1, 9999, &pk->id)) ||
                (rc = get_str(w, k, "file", true, &pk->file)) ||
                (rc = get_date(w, k, "from", true, &pk->from)) ||
                (rc = get_date(w, k, "to", false, &pk->to)) ||
                (rc = get_date(w, k, "revoked", false, &pk->revoked)))
                return rc;
            if (!pk->id)
                return err(w, k, "a key needs an 'id'");
            for (size_t m = 0; m + 1 < p->nkeys; m++)
                if (p->keys[m].id == pk->id)
                    return err(w, k, "key id %d of '%s' is declared twice", pk->id, p->id);
            if (pk->to != DR_DATE_NONE && pk->to < pk->from)
                return err(w, k, "key '%s/%d' ends before it starts", p->id, pk->id);
            if (strstr(pk->file, "..") || pk->file[0] == '/')
                return err(w, dr__yaml_get(k, "file"), "key file '%s' must lie under .docroute/",
                           pk->file);
            if (ks->flags & DR_CONFIG_NO_KEYS)
                continue;
            dr_buf pem;
            dr_ctx kctx;
            dr_ctx_init(&kctx);
            dr_buf_init(&pem, DR_KEY_MAX_BYTES);
            rc = ks->read(ks->ud, pk->file, &pem);
            if (rc == DR_ENOTFOUND) {
                dr_buf_dispose(&pem);
                return err(w, dr__yaml_get(k, "file"), "key file '%s' does not exist", pk->file);
            }
            if (!rc)
                rc = dr_key_parse_public(&pk->key, &kctx, pk->file, pem.ptr ? pem.ptr : "", pem.len);
            dr_buf_dispose(&pem);
            if (rc == DR_ENOMEM)
                return rc;
            if (rc)
                return err(w, dr__yaml_get(k, "file"), "key file '%s': %s", pk->file,
                           kctx.msg[0] ? kctx.msg : dr_strerror(rc));
        }
    }
    return 0;
}

int load_pairs(walker *w, const dr_ynode *map, const char *what, dr_pair **out, size_t *n)
{
    if (!map)
        return 0;
    if (map->type != DR_Y_MAP)
        return err(w, map, "'%s' must be a mapping", what);
    for (size_t i = 0; i < map->n; i += 2) {
        const dr_ynode *v = map->kids[i + 1];
        if (v->type != DR_Y_SCALAR || !*v->str)
            return err(w, v, "'%s' values must be strings", what);
        dr_pair *p = dr__push(out, n, sizeof(dr_pair));
        if (!p)
            return DR_ENOMEM;
        p->key = dr__strdup(map->kids[i]->str);
        p->value = dr__strdup(v->str);
        if (!p->key || !p->value)
            return DR_ENOMEM;
    }
    return 0;
}

int check_substitutes(walker *w, dr_config *cfg, const dr_ynode *map)
{
    for (size_t i = 0; i < cfg->nsubstitutes; i++) {
        const dr_pair *p = &cfg->substitutes[i];
        const dr_ynode *kn = map->kids[2 * i], *vn = map->kids[2 * i + 1];
        if (!dr_config_person(cfg, p->key))
            return err(w, kn, "substitutes: unknown person '%s'", p->key);
        if (!dr_config_person(cfg, p->value))
            return err(w, vn, "substitutes: unknown person '%s'", p->value);
        /* Follow the chain: coming back to the start is a cycle. */
        const char *cur = p->value;
        for (size_t guard = 0; cur && guard <= cfg->nsubstitutes; guard++) {
            if (strcmp(cur, p->key) == 0)
                return err(w, vn, "substitutes form a cycle through '%s' (substitution is one "
                                  "level only)",
                           p->key);
            cur = dr_config_standing_substitute(cfg, cur);
        }
    }
    return 0;
}

/* numbering: [{prefix, year, issued-before, note}] — numbers issued before adoption. */
int load_absences(walker *w, dr_config *cfg, const dr_ynode *list)
{
    static const char *const keys[] = {"person", "from", "to", "substitute", NULL};
    int rc;
    if (!list)
        return 0;
    if (list->type != DR_Y_SEQ)
        return err(w, list, "'absences' must be a list");
    for (size_t i = 0; i < list->n; i++) {
        const dr_ynode *n = list->kids[i];
        dr_absence *a = dr__push(&cfg->absences, &cfg->nabsences, sizeof(dr_absence));
        if (!a)
            return DR_ENOMEM;
        if ((rc = want_map(w, n, "an absence", keys)) ||
            (rc = get_str(w, n, "person", true, &a->person)) ||
            (rc = get_date(w, n, "from", true, &a->from)) ||
            (rc = get_date(w, n, "to", true, &a->to)) ||
            (rc = get_str(w, n, "substitute", false, &a->substitute)))
            return rc;
        if (!dr_config_person(cfg, a->person))
            return err(w, dr__yaml_get(n, "person"), "absence of the unknown person '%s'", a->person);
        if (a->substitute && !dr_config_person(cfg, a->substitute))
            return err(w, dr__yaml_get(n, "substitute"), "absence names the unknown substitute '%s'",
                       a->substitute);
        if (a->substitute && strcmp(a->substitute, a->person) == 0)
            return err(w, dr__yaml_get(n, "substitute"), "'%s' cannot substitute for themself",
                       a->person);
        if (!a->substitute && !dr_config_standing_substitute(cfg, a->person))
            return err(w, n, "absence of '%s' names no substitute and there is no standing one",
                       a->person);
        if (a->to < a->from)
            return err(w, n, "absence of '%s' ends before it starts", a->person);
    }
    return 0;
}
