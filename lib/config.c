#include "config_internal.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

static const char *const flag_names[] = {"major", "normative", "affects-market", "contract",
                                         "directive", "reserved-subjects", "commissioned", "topic",
                                         NULL};


bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

/* ---- the walker ---- */


int err(walker *w, const dr_ynode *n, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    return dr_ctx_setpos(w->ctx, DR_ECONFIG, w->file, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

int want_map(walker *w, const dr_ynode *n, const char *what, const char *const *keys)
{
    if (!n || n->type != DR_Y_MAP)
        return err(w, n, "%s must be a mapping", what);
    for (size_t i = 0; keys && i < n->n; i += 2) {
        const dr_ynode *k = n->kids[i];
        if (!in_list(keys, k->str)) {
            char expected[400] = "";
            size_t off = 0;
            for (size_t j = 0; keys[j] && off < sizeof(expected) - 40; j++) {
                int m = snprintf(expected + off, sizeof(expected) - off, "%s%s", j ? ", " : "",
                                 keys[j]);
                if (m < 0)
                    break;
                off += (size_t)m;
            }
            return err(w, k, "unknown key '%s' in %s (expected one of: %s)", k->str, what, expected);
        }
    }
    return 0;
}

int get_str(walker *w, const dr_ynode *map, const char *key, bool required, char **out)
{
    const dr_ynode *n = dr__yaml_get(map, key);
    *out = NULL;
    if (!n) {
        if (required)
            return err(w, map, "missing '%s'", key);
        return 0;
    }
    if (n->type != DR_Y_SCALAR || !*n->str)
        return err(w, n, "'%s' must be a non-empty string", key);
    if (!strcmp(key, "id") && !dr__cfg_id_ok(n->str))
        return err(w, n, "'id' must be at most %d bytes without white space, control characters "
                         "or '/'", DR_ID_MAX);
    *out = dr__strdup(n->str);
    return *out ? 0 : DR_ENOMEM;
}

bool dr__cfg_id_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if ((unsigned char)s[n] <= ' ' || s[n] == 0x7f || s[n] == '/')
            return false;
    return n > 0 && n <= DR_ID_MAX;
}

int get_bool(walker *w, const dr_ynode *map, const char *key, bool *out)
{
    const dr_ynode *n = dr__yaml_get(map, key);
    if (!n)
        return 0;
    if (n->type == DR_Y_SCALAR && !n->quoted && strcmp(n->str, "true") == 0)
        *out = true;
    else if (n->type == DR_Y_SCALAR && !n->quoted && strcmp(n->str, "false") == 0)
        *out = false;
    else
        return err(w, n, "'%s' must be true or false", key);
    return 0;
}

int get_int(walker *w, const dr_ynode *map, const char *key, int lo, int hi, int *out)
{
    const dr_ynode *n = dr__yaml_get(map, key);
    char *end = NULL;
    if (!n)
        return 0;
    long v = n->type == DR_Y_SCALAR ? strtol(n->str, &end, 10) : 0;
    if (n->type != DR_Y_SCALAR || n->quoted || !end || *end || !*n->str || v < lo || v > hi)
        return err(w, n, "'%s' must be a whole number from %d to %d", key, lo, hi);
    *out = (int)v;
    return 0;
}

int get_date(walker *w, const dr_ynode *map, const char *key, bool required, dr_date *out)
{
    const dr_ynode *n = dr__yaml_get(map, key);
    *out = DR_DATE_NONE;
    if (!n)
        return required ? err(w, map, "missing '%s'", key) : 0;
    if (n->type != DR_Y_SCALAR || dr_date_parse(out, n->str))
        return err(w, n, "'%s' must be a date YYYY-MM-DD", key);
    return 0;
}

void strlist_dispose(dr_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* A scalar or a list of scalars. */
int get_strlist(walker *w, const dr_ynode *map, const char *key, dr_strlist *out)
{
    const dr_ynode *n = dr__yaml_get(map, key);
    if (!n)
        return 0;
    const dr_ynode *const *items = (const dr_ynode *const *)&n;
    size_t count = 1;
    if (n->type == DR_Y_SEQ) {
        items = (const dr_ynode *const *)n->kids;
        count = n->n;
    } else if (n->type != DR_Y_SCALAR) {
        return err(w, n, "'%s' must be a string or a list of strings", key);
    }
    for (size_t i = 0; i < count; i++) {
        if (items[i]->type != DR_Y_SCALAR || !*items[i]->str)
            return err(w, items[i], "'%s' must list non-empty strings", key);
        char **slot = dr__push(&out->v, &out->n, sizeof(char *));
        if (!slot || !(*slot = dr__strdup(items[i]->str)))
            return DR_ENOMEM;
    }
    return 0;
}

/* ---- selectors ---- */

void selector_dispose(dr_selector *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nany; i++)
        selector_dispose(&s->any[i]);
    free(s->any);
    free(s->role);
    free(s->unit);
    free(s->text);
    memset(s, 0, sizeof(*s));
}

int parse_selector(walker *w, const dr_config *cfg, const dr_ynode *n, dr_selector *out,
                          int depth)
{
    memset(out, 0, sizeof(*out));
    if (n && n->type == DR_Y_MAP && depth == 0) {
        static const char *const keys[] = {"any-of", NULL};
        int rc = want_map(w, n, "a selector", keys);
        const dr_ynode *list = dr__yaml_get(n, "any-of");
        if (rc)
            return rc;
        if (!list || list->type != DR_Y_SEQ || list->n == 0)
            return err(w, n, "'any-of' must list selectors");
        out->kind = DR_SEL_ANY;
        out->text = dr__strdup("any-of");
        out->any = calloc(list->n, sizeof(dr_selector));
        if (!out->text || !out->any)
            return DR_ENOMEM;
        for (size_t i = 0; i < list->n; i++) {
            out->nany++;
            if ((rc = parse_selector(w, cfg, list->kids[i], &out->any[i], depth + 1)))
                return rc;
        }
        return 0;
    }
    if (!n || n->type != DR_Y_SCALAR || !*n->str)
        return err(w, n, "a selector must be ROLE, ROLE@UNIT, ROLE@drafter|issuer|requested, "
                         "overseer(drafter|issuer), commissioner or {any-of: [...]}");
    const char *s = n->str;
    if (!(out->text = dr__strdup(s)))
        return DR_ENOMEM;
    if (strcmp(s, "commissioner") == 0) {
        out->kind = DR_SEL_COMMISSIONER;
        return 0;
    }
    if (strcmp(s, "chair") == 0) {
        out->kind = DR_SEL_CHAIR;
        return 0;
    }
    if (strcmp(s, "overseer(drafter)") == 0 || strcmp(s, "overseer(issuer)") == 0) {
        out->kind = DR_SEL_OVERSEER;
        out->rel = s[9] == 'd' ? DR_REL_DRAFTER : DR_REL_ISSUER;
        return 0;
    }
    out->kind = DR_SEL_ROLE;
    const char *at = strchr(s, '@');
    out->role = at ? dr__strndup(s, (size_t)(at - s)) : dr__strdup(s);
    if (!out->role)
        return DR_ENOMEM;
    if (!dr_config_role(cfg, out->role))
        return err(w, n, "selector '%s' names the undeclared role '%s'", s, out->role);
    if (at) {
        const char *u = at + 1;
        if (strcmp(u, "drafter") == 0)
            out->rel = DR_REL_DRAFTER;
        else if (strcmp(u, "issuer") == 0)
            out->rel = DR_REL_ISSUER;
        else if (strcmp(u, "requested") == 0)
            out->rel = DR_REL_REQUESTED;
        else if (dr_config_unit(cfg, u))
            return (out->unit = dr__strdup(u)) ? 0 : DR_ENOMEM;
        else
            return err(w, n, "selector '%s' names the unknown unit '%s'", s, u);
    }
    return 0;
}

/* ---- sections ---- */

static int load_acts(walker *w, dr_config *cfg, const dr_ynode *map)
{
    int rc;
    if (!map)
        return 0;
    if (map->type != DR_Y_MAP)
        return err(w, map, "'acts' must map acts to lists of selectors");
    for (size_t i = 0; i < map->n; i += 2) {
        const dr_ynode *k = map->kids[i], *v = map->kids[i + 1];
        if (!(dr__act_kind(k->str) & DR_ACT_RULED))
            return err(w, k, "unknown act '%s' in 'acts'", k->str);
        if (v->type != DR_Y_SEQ || v->n == 0)
            return err(w, v, "'acts.%s' must list selectors", k->str);
        dr_act_rule *a = dr__push(&cfg->acts, &cfg->nacts, sizeof(dr_act_rule));
        if (!a)
            return DR_ENOMEM;
        a->act = dr__strdup(k->str);
        a->by = calloc(v->n, sizeof(dr_selector));
        if (!a->act || !a->by)
            return DR_ENOMEM;
        for (size_t j = 0; j < v->n; j++) {
            a->nby++;
            if ((rc = parse_selector(w, cfg, v->kids[j], &a->by[j], 0)))
                return rc;
        }
    }
    return 0;
}

/* Who signs config acts is named by plain roles (ROLE or ROLE@UNIT): no document binds
 * a relative selector there. */
int check_flags(walker *w, const dr_ynode *n, const dr_strlist *l, const char *key)
{
    for (size_t i = 0; i < l->n; i++) {
        const char *c = l->v[i];
        if ((!strncmp(c, "category:", 9) && c[9]) || (!strncmp(c, "type:", 5) && c[5]))
            continue;
        if (!in_list(flag_names, c))
            return err(w, dr__yaml_get(n, key),
                       "'%s' names the unknown condition '%s' (a flag, category:NAME or type:NAME)",
                       key, c);
    }
    return 0;
}

static int get_rule(walker *w, const dr_config *cfg, const dr_ynode *n, char **out)
{
    int rc = get_str(w, n, "rule", false, out);
    if (!rc && *out && !dr_rule_known(cfg, *out))
        return err(w, dr__yaml_get(n, "rule"),
                   "unknown rule '%s': the config's rules: has no such ID%s", *out,
                   cfg->rules_default ? " (without rules:, the default catalog of schemas/rules.yaml)" : "");
    return rc;
}

static int load_step(walker *w, dr_config *cfg, const dr_ynode *n, dr_step *s)
{
    static const char *const keys[] = {"id", "act", "by", "units", "when", "unless", "within",
                                       "office", "for-each", "escalate", "rule", "before-meeting",
                                       "name", "people", NULL};
    static const char *const esc_keys[] = {"when", "to", NULL};
    char *tmp = NULL;
    int rc;
    if ((rc = want_map(w, n, "a step", keys)) || (rc = get_str(w, n, "id", true, &s->id)) ||
        (rc = get_str(w, n, "name", false, &s->name)) ||
        (rc = get_str(w, n, "act", true, &s->act)) || (rc = get_rule(w, cfg, n, &s->rule)) ||
        (rc = get_strlist(w, n, "when", &s->when)) || (rc = check_flags(w, n, &s->when, "when")) ||
        (rc = get_int(w, n, "within", 1, 60, &s->within)) ||
        (rc = get_int(w, n, "before-meeting", 1, 60, &s->before_meeting)) ||
        (rc = get_bool(w, n, "office", &s->office)))
        return rc;
    if (!(dr__act_kind(s->act) & DR_ACT_STEP))
        return err(w, dr__yaml_get(n, "act"), "unknown step act '%s'", s->act);
    if ((rc = get_str(w, n, "units", false, &tmp)))
        return rc;
    if (tmp) {
        s->units_involved = strcmp(tmp, "involved") == 0;
        free(tmp);
        if (!s->units_involved)
            return err(w, dr__yaml_get(n, "units"), "'units' can only be 'involved'");
    }
    /* unless: exception, or a list of conditions (skipped when any holds). */
    const dr_ynode *un = dr__yaml_get(n, "unless");
    if (un && un->type == DR_Y_SEQ) {
        if ((rc = get_strlist(w, n, "unless", &s->unless)) || (rc = check_flags(w, n, &s->unless, "unless")))
            return rc;
    } else if ((rc = get_str(w, n, "unless", false, &tmp))) {
        return rc;
    } else if (tmp) {
        s->unless_exception = strcmp(tmp, "exception") == 0;
        free(tmp);
        if (!s->unless_exception)
            return err(w, un, "'unless' is 'exception' or a list of conditions");
    }
    if ((rc = get_str(w, n, "for-each", false, &tmp)))
        return rc;
    if (tmp) {
        s->for_each_issuers = strcmp(tmp, "issuers") == 0;
        free(tmp);
        if (!s->for_each_issuers)
            return err(w, dr__yaml_get(n, "for-each"), "'for-each' can only be 'issuers'");
    }
    const dr_ynode *by = dr__yaml_get(n, "by");
    if (by) {
        s->has_by = true;
        if ((rc = parse_selector(w, cfg, by, &s->by, 0)))
            return rc;
    }
    const dr_ynode *people = dr__yaml_get(n, "people");
    if (people) {
        s->people_cs = true;
        if ((rc = parse_selector(w, cfg, people, &s->people, 0)))
            return rc;
    }
    if (strcmp(s->act, "countersign") == 0) {
        if (s->units_involved == s->people_cs || by)
            return err(w, n, "countersign step '%s' takes 'units: involved' (the units the document "
                             "involves; the route's countersign.by replies) or 'people: SELECTOR' "
                             "(each person it names replies), and no 'by'",
                       s->id);
    } else if (people) {
        return err(w, people, "only a countersign step asks 'people'");
    } else if (!by) {
        return err(w, n, "step '%s' needs 'by'", s->id);
    }
    const dr_ynode *esc = dr__yaml_get(n, "escalate");
    if (esc) {
        s->has_escalate = true;
        if ((rc = want_map(w, esc, "'escalate'", esc_keys)) ||
            (rc = get_strlist(w, esc, "when", &s->escalate_when)) ||
            (rc = check_flags(w, esc, &s->escalate_when, "when")))
            return rc;
        if (!dr__yaml_get(esc, "to") || s->escalate_when.n == 0)
            return err(w, esc, "'escalate' needs 'when' and 'to'");
        if ((rc = parse_selector(w, cfg, dr__yaml_get(esc, "to"), &s->escalate_to, 0)))
            return rc;
    }
    return 0;
}

static int load_routes(walker *w, dr_config *cfg, const dr_ynode *list)
{
    static const char *const keys[] = {"id", "rule", "match", "countersign", "steps", NULL};
    static const char *const match_keys[] = {"issuer", "type", "type-not", "direction", "meeting",
                                             "to", "when", "unless", NULL};
    static const char *const cs_keys[] = {"by", "within", "silence", "rule", NULL};
    int rc;
    if (!list || list->type != DR_Y_SEQ || list->n == 0)
        return err(w, list, "'routes' must be a non-empty list");
    cfg->routes = calloc(list->n, sizeof(dr_route));
    if (!cfg->routes)
        return DR_ENOMEM;
    for (size_t i = 0; i < list->n; i++) {
        const dr_ynode *n = list->kids[i];
        dr_route *r = &cfg->routes[cfg->nroutes++];
        if ((rc = want_map(w, n, "a route", keys)) || (rc = get_str(w, n, "id", true, &r->id)) ||
            (rc = get_rule(w, cfg, n, &r->rule)))
            return rc;
        for (size_t j = 0; j + 1 < cfg->nroutes; j++)
            if (strcmp(cfg->routes[j].id, r->id) == 0)
                return err(w, n, "route '%s' is declared twice", r->id);
        const dr_ynode *m = dr__yaml_get(n, "match");
        if (!m)
            return err(w, n, "route '%s' needs 'match'", r->id);
        if ((rc = want_map(w, m, "'match'", match_keys)) ||
            (rc = get_strlist(w, m, "issuer", &r->match_issuer)) ||
            (rc = get_strlist(w, m, "type", &r->match_type)) ||
            (rc = get_strlist(w, m, "type-not", &r->match_type_not)) ||
            (rc = get_strlist(w, m, "meeting", &r->match_meeting)) ||
            (rc = get_strlist(w, m, "to", &r->match_to)) ||
            (rc = get_strlist(w, m, "direction", &r->match_direction)) ||
            (rc = get_strlist(w, m, "when", &r->match_when)) ||
            (rc = check_flags(w, m, &r->match_when, "when")) ||
            (rc = get_strlist(w, m, "unless", &r->match_unless)) ||
            (rc = check_flags(w, m, &r->match_unless, "unless")))
            return rc;
        for (size_t j = 0; j < r->match_issuer.n; j++)
            if (!dr_config_unit(cfg, r->match_issuer.v[j]))
                return err(w, dr__yaml_get(m, "issuer"), "route '%s' matches the unknown unit '%s'",
                           r->id, r->match_issuer.v[j]);
        for (size_t j = 0; j < r->match_to.n; j++)
            if (!dr_config_unit(cfg, r->match_to.v[j]))
                return err(w, dr__yaml_get(m, "to"), "route '%s' matches the unknown unit '%s'",
                           r->id, r->match_to.v[j]);
        for (size_t j = 0; j < r->match_meeting.n; j++)
            if (!dr_config_meeting(cfg, r->match_meeting.v[j]))
                return err(w, dr__yaml_get(m, "meeting"),
                           "route '%s' matches the meeting kind '%s', which meetings: does not declare",
                           r->id, r->match_meeting.v[j]);
        for (size_t j = 0; j < r->match_direction.n; j++) {
            const char *dir = r->match_direction.v[j];
            if (strcmp(dir, "up") && strcmp(dir, "down") && strcmp(dir, "across"))
                return err(w, dr__yaml_get(m, "direction"), "'direction' must be up, down or across");
        }
        const dr_ynode *cs = dr__yaml_get(n, "countersign");
        if (cs) {
            char *silence = NULL;
            r->has_countersign = true;
            r->cs_within = 3;
            if ((rc = want_map(w, cs, "'countersign'", cs_keys)) ||
                (rc = get_int(w, cs, "within", 1, 60, &r->cs_within)) ||
                (rc = get_str(w, cs, "silence", true, &silence)) ||
                (rc = get_rule(w, cfg, cs, &r->cs_rule))) {
                free(silence);
                return rc;
            }
            r->cs_silence_consent = strcmp(silence, "consent") == 0;
            bool ok = r->cs_silence_consent || strcmp(silence, "none") == 0;
            free(silence);
            if (!ok)
                return err(w, dr__yaml_get(cs, "silence"), "'silence' must be consent or none");
            if (!dr__yaml_get(cs, "by"))
                return err(w, cs, "'countersign' needs 'by'");
            if ((rc = parse_selector(w, cfg, dr__yaml_get(cs, "by"), &r->cs_by, 0)))
                return rc;
        }
        const dr_ynode *steps = dr__yaml_get(n, "steps");
        if (!steps || steps->type != DR_Y_SEQ || steps->n == 0)
            return err(w, steps ? steps : n, "route '%s' needs a list of steps", r->id);
        r->steps = calloc(steps->n, sizeof(dr_step));
        if (!r->steps)
            return DR_ENOMEM;
        for (size_t j = 0; j < steps->n; j++) {
            dr_step *s = &r->steps[r->nsteps++];
            if ((rc = load_step(w, cfg, steps->kids[j], s)))
                return rc;
            for (size_t k = 0; k < j; k++)
                if (strcmp(r->steps[k].id, s->id) == 0)
                    return err(w, steps->kids[j], "step '%s' appears twice in route '%s'", s->id,
                               r->id);
            for (size_t k = 0; (s->units_involved || s->people_cs) && k < j; k++)
                if (r->steps[k].units_involved || r->steps[k].people_cs)
                    return err(w, steps->kids[j], "route '%s' has two countersign steps: one asks "
                                                  "units or people",
                               r->id);
            if ((s->units_involved || s->people_cs) && !r->has_countersign)
                return err(w, steps->kids[j], "route '%s' has a countersign step but no "
                                              "'countersign' policy",
                           r->id);
        }
    }
    return 0;
}

int dr_config_load(dr_config **out, dr_ctx *ctx, const char *file, const char *data, size_t len,
                   dr_config_reader read, void *ud, unsigned flags)
{
    static const char *const keys[] = {"organization", "accredited", "units", "roles", "people",
                                       "substitutes", "absences", "periods", "request-phrases",
                                       "remit", "acts", "routes", "numbering", "rules",
                                       "groups", "unit-kinds", "meetings", "labels",
                                       "config-signatures", NULL};
    static const char *const org_keys[] = {"id", "name", "utc-offset", NULL};
    static const char *const period_keys[] = {"extra-urgent", "urgent", NULL};
    walker w = {ctx, file};
    key_source ks = {read, ud, flags};
    dr_ynode *root = NULL;
    dr_config *cfg = NULL;
    char *offset = NULL;
    int rc;

    *out = NULL;
    if (len > DR_CONFIG_MAX_BYTES) {
        rc = dr_ctx_setpos(ctx, DR_ECONFIG, file, 0, 0, "config is larger than %u bytes",
                           DR_CONFIG_MAX_BYTES);
        goto done;
    }
    if ((rc = dr__yaml_load(&root, ctx, file, data, len))) {
        if (rc != DR_ENOMEM) {
            rc = DR_ECONFIG;
            if (ctx)
                ctx->code = rc;
        }
        goto done;
    }
    if (!(cfg = calloc(1, sizeof(*cfg)))) {
        rc = DR_ENOMEM;
        goto done;
    }
    if ((rc = want_map(&w, root, "the config", keys)))
        goto done;
    const dr_ynode *org = dr__yaml_get(root, "organization");
    if (!org) {
        rc = err(&w, root, "missing 'organization'");
        goto done;
    }
    if ((rc = want_map(&w, org, "'organization'", org_keys)) ||
        (rc = get_str(&w, org, "id", true, &cfg->org_id)) ||
        (rc = get_str(&w, org, "name", true, &cfg->org_name)) ||
        (rc = get_str(&w, org, "utc-offset", true, &offset)))
        goto done;
    if (dr_offset_parse(&cfg->utc_offset, offset)) {
        rc = err(&w, dr__yaml_get(org, "utc-offset"), "'utc-offset' must look like \"+08:00\"");
        goto done;
    }
    if ((rc = get_bool(&w, root, "accredited", &cfg->accredited)) ||
        (rc = load_unit_kinds(&w, cfg, root)) || (rc = load_meetings(&w, cfg, root)) ||
        (rc = load_labels(&w, cfg, root)) || (rc = load_config_signatures(&w, cfg, root)) ||
        (rc = load_units(&w, cfg, dr__yaml_get(root, "units"))) ||
        (rc = load_roles(&w, cfg, dr__yaml_get(root, "roles"))) ||
        (rc = dr__rules_load(cfg, ctx, file, dr__yaml_get(root, "rules"))))
        goto done;
    if ((rc = load_people(&w, cfg, dr__yaml_get(root, "people"), &ks)))
        goto done;
    for (size_t i = 0; i < cfg->nunits; i++) {
        const dr_unit *u = &cfg->units[i];
        if (u->overseen_by && !dr_config_person(cfg, u->overseen_by)) {
            rc = err(&w, dr__yaml_get(dr__yaml_get(root, "units")->kids[i], "overseen-by"),
                     "unit '%s' is overseen by the unknown person '%s'", u->id, u->overseen_by);
            goto done;
        }
    }
    const dr_ynode *subs = dr__yaml_get(root, "substitutes");
    if ((rc = load_pairs(&w, subs, "substitutes", &cfg->substitutes, &cfg->nsubstitutes)) ||
        (subs && (rc = check_substitutes(&w, cfg, subs))) ||
        (rc = load_absences(&w, cfg, dr__yaml_get(root, "absences"))))
        goto done;
    /* periods: the config's, over the shipped default's (schemas/defaults.yaml). */
    if ((rc = default_periods(&w, cfg)))
        goto done;
    const dr_ynode *per = dr__yaml_get(root, "periods");
    if (per && ((rc = want_map(&w, per, "'periods'", period_keys)) ||
                (rc = get_int(&w, per, "extra-urgent", 1, 30, &cfg->period_extra_urgent)) ||
                (rc = get_int(&w, per, "urgent", 1, 30, &cfg->period_urgent))))
        goto done;
    if ((rc = get_strlist(&w, root, "request-phrases", &cfg->request_phrases)))
        goto done;
    const dr_ynode *remit = dr__yaml_get(root, "remit");
    if ((rc = load_pairs(&w, remit, "remit", &cfg->remit, &cfg->nremit)))
        goto done;
    for (size_t i = 0; i < cfg->nremit; i++)
        if (!dr_config_unit(cfg, cfg->remit[i].value)) {
            rc = err(&w, remit->kids[2 * i + 1], "remit maps '%s' to the unknown unit '%s'",
                     cfg->remit[i].key, cfg->remit[i].value);
            goto done;
        }
    if ((rc = load_acts(&w, cfg, dr__yaml_get(root, "acts"))) || (rc = default_acts(&w, cfg, root)) ||
        (rc = check_config_signers(&w, cfg, root)) ||
        (rc = load_routes(&w, cfg, dr__yaml_get(root, "routes"))) ||
        (rc = load_numbering(&w, cfg, dr__yaml_get(root, "numbering"))) ||
        (rc = load_groups(&w, cfg, dr__yaml_get(root, "groups"))))
        goto done;
    *out = cfg;
    cfg = NULL;
done:
    free(offset);
    dr_config_free(cfg);
    dr__yaml_free(root);
    return rc;
}
