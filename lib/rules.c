/* The rule catalog. The organization's rules are data: its config's `rules:` (else the
 * shipped default, schemas/defaults.yaml, compiled in): IDs, articles, texts, and the
 * checks the code knows, with their parameters. The record's integrity rules (ENV-*)
 * are the toolkit's own. */
#include "docroute/config.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

extern const char dr__defaults[];
extern const size_t dr__defaults_len;

int dr__defaults_load(dr_ynode **out, dr_ctx *ctx)
{
    return dr__yaml_load(out, ctx, "schemas/defaults.yaml", dr__defaults, dr__defaults_len);
}

/* ---- the toolkit's own ---- */

static const struct {
    const char *id, *article, *text;
} own[] = {
    {DR_ENV_SCHEMA, "SPEC §3", "the envelope validates against its schema"},
    {DR_ENV_APPEND_ONLY, "SPEC §8", "events are only ever appended"},
    {DR_ENV_ONE_ACT, "SPEC §8", "one act by its actor per commit, writing only its document"},
    {DR_ENV_SIGNATURE, "SPEC §8", "every event is signed with a key valid on its day"},
    {DR_ENV_CHAIN, "SPEC §8", "each event chains to the one before"},
    {DR_ENV_MONOTONIC, "SPEC §8", "time never runs back; due dates re-derive from the calendar"},
    {DR_ENV_CONFIG_IN_FORCE, "SPEC §8", "every act is judged by the config in force; config acts are signed"},
    {DR_ENV_CLOCK, "SPEC §8", "events are stamped within the server's clock tolerance"},
    {DR_ENV_HISTORY, "SPEC §8", "one branch, a linear fast-forward history"},
    {DR_ENV_CLASSIFIED, "SPEC §8", "classified documents only on an accredited system"},
    {DR_ENV_NUMBERS, "SPEC §8", "document numbers unique, gap-free and in order per prefix and year"},
};

const char *dr_rule_own(size_t i)
{
    return i < sizeof(own) / sizeof(own[0]) ? own[i].id : NULL;
}

static int own_index(const char *id)
{
    for (size_t i = 0; id && i < sizeof(own) / sizeof(own[0]); i++)
        if (!strcmp(own[i].id, id))
            return (int)i;
    return -1;
}

const dr_rule *dr_config_rule(const dr_config *cfg, const char *id)
{
    for (size_t i = 0; cfg && id && i < cfg->nrules; i++)
        if (!strcmp(cfg->rules[i].id, id))
            return &cfg->rules[i];
    return NULL;
}

const dr_rule *dr_config_check(const dr_config *cfg, const char *check)
{
    for (size_t i = 0; cfg && check && i < cfg->nrules; i++)
        if (cfg->rules[i].check && !strcmp(cfg->rules[i].check, check))
            return &cfg->rules[i];
    return NULL;
}

const char *dr_config_cite(const dr_config *cfg, const char *check, const char *fallback)
{
    const dr_rule *r = dr_config_check(cfg, check);
    return r ? r->id : fallback;
}

bool dr_rule_known(const dr_config *cfg, const char *id)
{
    return own_index(id) >= 0 || dr_config_rule(cfg, id) != NULL;
}

const char *dr_rule_article(const dr_config *cfg, const char *id)
{
    int i = own_index(id);
    const dr_rule *r = dr_config_rule(cfg, id);
    return i >= 0 ? own[i].article : r && r->article ? r->article : "";
}

const char *dr_rule_text(const dr_config *cfg, const char *id)
{
    int i = own_index(id);
    const dr_rule *r = dr_config_rule(cfg, id);
    return i >= 0 ? own[i].text : r && r->text ? r->text : "";
}

/* ---- loading a catalog ---- */

/* The checks the code knows, each with the parameters it takes (besides article, text,
 * check, severity, overridable, help). */
static const struct {
    const char *name;
    const char *params; /* space-separated */
} checks[] = {
    {DR_CHECK_ONE_MATTER, "types"},
    {DR_CHECK_REPORT_NO_REQUEST, "types phrases"},
    {DR_CHECK_SINGLE_RECIPIENT, ""},
    {DR_CHECK_NO_SKIP_LEVEL, ""},
    {DR_CHECK_SKIP_LEVEL_COPY, ""},
    {DR_CHECK_NO_CC_DOWN, ""},
    {DR_CHECK_VIA_OFFICE, ""},
    {DR_CHECK_DEPT_SCOPE, "to from"},
    {DR_CHECK_COUNTERSIGN_NEEDED, ""},
    {DR_CHECK_DIRECTIVE_DOWN, "from to phrases report-phrases"},
    {DR_CHECK_AGREED_BEFORE_DOWN, "from to"},
    {DR_CHECK_GB_FORMAT, ""},
    {DR_CHECK_COUNTERSIGN_PERIOD, ""},
    {DR_CHECK_COUNTERSIGN_BY, ""},
    {DR_CHECK_EXTENSION, ""},
    {DR_CHECK_SILENCE, ""},
    {DR_CHECK_LATE_REPLY, ""},
    {DR_CHECK_OBJECTION, ""},
    {DR_CHECK_NO_UNAGREED_TOPIC, "meeting"},
    {DR_CHECK_ROUTE, ""},
    {DR_CHECK_OFFICE_FIRST, ""},
    {DR_CHECK_CLEAR_OPINION, "phrases"},
    {DR_CHECK_SUBSTITUTE, ""},
    {DR_CHECK_JOINT_SIGN, ""},
    {DR_CHECK_REVISE_RESIGN, ""},
    {DR_CHECK_URGENT, ""},
    {DR_CHECK_OVERDUE, ""},
    {DR_CHECK_ISSUE_AFTER_MEETING, "meeting within revise-within"},
    {DR_CHECK_AGENDA_BEFORE_MEETING, "meeting within"},
};

static int bad(dr_ctx *ctx, const char *file, const dr_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int bad(dr_ctx *ctx, const char *file, const dr_ynode *n, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    return dr_ctx_setpos(ctx, DR_ECONFIG, file, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

static bool has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

static int scalar(dr_ctx *ctx, const char *file, const dr_ynode *n, const char *key, char **out)
{
    if (n->type != DR_Y_SCALAR || !*n->str)
        return bad(ctx, file, n, "'%s' must be a non-empty text", key);
    return (*out = dr__strdup(n->str)) ? 0 : DR_ENOMEM;
}

static int list(dr_ctx *ctx, const char *file, const dr_ynode *n, const char *key, dr_strlist *out)
{
    if (n->type != DR_Y_SEQ || n->n == 0)
        return bad(ctx, file, n, "'%s' must be a non-empty list", key);
    for (size_t i = 0; i < n->n; i++) {
        if (n->kids[i]->type != DR_Y_SCALAR || !*n->kids[i]->str)
            return bad(ctx, file, n->kids[i], "'%s' lists texts", key);
        char **slot = dr__push(&out->v, &out->n, sizeof(char *));
        if (!slot || !(*slot = dr__strdup(n->kids[i]->str)))
            return DR_ENOMEM;
    }
    return 0;
}

static int number(dr_ctx *ctx, const char *file, const dr_ynode *n, const char *key, int *out)
{
    char *end = NULL;
    long v = n->type == DR_Y_SCALAR ? strtol(n->str, &end, 10) : 0;
    if (n->type != DR_Y_SCALAR || n->quoted || !end || *end || !*n->str || v < 1 || v > 365)
        return bad(ctx, file, n, "'%s' must be a whole number of working days from 1 to 365", key);
    *out = (int)v;
    return 0;
}

static int load_rule(dr_rule *r, dr_ctx *ctx, const char *file, const dr_ynode *k, const dr_ynode *v)
{
    static const char *const base[] = {"article", "text", "check", "severity", "overridable", "help", NULL};
    int rc = 0;
    if (!(r->id = dr__strdup(k->str)))
        return DR_ENOMEM;
    size_t idlen = strlen(k->str);
    for (size_t i = 0; i < idlen; i++) {
        char c = k->str[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.'))
            return bad(ctx, file, k, "rule ID '%s': letters, digits, '-', '_' and '.' only", k->str);
    }
    if (idlen > 39 || !((k->str[0] >= 'A' && k->str[0] <= 'Z') || (k->str[0] >= 'a' && k->str[0] <= 'z')))
        return bad(ctx, file, k, "rule ID '%s' must start with a letter, at most 39 characters", k->str);
    if (!strncmp(k->str, "ENV-", 4))
        return bad(ctx, file, k, "'%s': ENV-* are the toolkit's own rules, not the config's", k->str);
    if (v->type != DR_Y_MAP)
        return bad(ctx, file, v, "rule '%s' is a map {article, text, check, …}", k->str);
    const dr_ynode *c = dr__yaml_get(v, "check");
    size_t ci = sizeof(checks) / sizeof(checks[0]);
    if (c) {
        if (c->type != DR_Y_SCALAR)
            return bad(ctx, file, c, "'check' names a check");
        for (ci = 0; ci < sizeof(checks) / sizeof(checks[0]); ci++)
            if (!strcmp(checks[ci].name, c->str))
                break;
        if (ci == sizeof(checks) / sizeof(checks[0])) {
            char known[1200] = "";
            size_t off = 0;
            for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]) && off < sizeof(known); i++)
                off += (size_t)snprintf(known + off, sizeof(known) - off, "%s%s", i ? ", " : "",
                                        checks[i].name);
            return bad(ctx, file, c, "unknown check '%s' (known: %s)", c->str, known);
        }
    }
    for (size_t i = 0; i + 1 < v->n && !rc; i += 2) {
        const dr_ynode *kk = v->kids[i], *vv = v->kids[i + 1];
        const char *key = kk->str;
        bool is_base = false;
        for (size_t b = 0; base[b]; b++)
            is_base |= !strcmp(base[b], key);
        if (!is_base && (ci == sizeof(checks) / sizeof(checks[0]) || !has_word(checks[ci].params, key)))
            return bad(ctx, file, kk, "rule '%s': unknown key '%s'%s%s%s", r->id, key,
                       c ? " for check '" : "", c ? c->str : "", c ? "'" : "");
        if (!strcmp(key, "article"))
            rc = scalar(ctx, file, vv, key, &r->article);
        else if (!strcmp(key, "text"))
            rc = scalar(ctx, file, vv, key, &r->text);
        else if (!strcmp(key, "check"))
            rc = scalar(ctx, file, vv, key, &r->check);
        else if (!strcmp(key, "help"))
            rc = scalar(ctx, file, vv, key, &r->help);
        else if (!strcmp(key, "meeting"))
            rc = scalar(ctx, file, vv, key, &r->meeting);
        else if (!strcmp(key, "severity")) {
            if (vv->type != DR_Y_SCALAR || (strcmp(vv->str, "error") && strcmp(vv->str, "warning")))
                return bad(ctx, file, vv, "'severity' is error or warning");
            r->warning = !strcmp(vv->str, "warning");
        } else if (!strcmp(key, "overridable")) {
            if (vv->type != DR_Y_SCALAR || (strcmp(vv->str, "true") && strcmp(vv->str, "false")))
                return bad(ctx, file, vv, "'overridable' is true or false");
            r->overridable = !strcmp(vv->str, "true");
        } else if (!strcmp(key, "types"))
            rc = list(ctx, file, vv, key, &r->types);
        else if (!strcmp(key, "from"))
            rc = list(ctx, file, vv, key, &r->from);
        else if (!strcmp(key, "to"))
            rc = list(ctx, file, vv, key, &r->to);
        else if (!strcmp(key, "phrases"))
            rc = list(ctx, file, vv, key, &r->phrases);
        else if (!strcmp(key, "report-phrases"))
            rc = list(ctx, file, vv, key, &r->report_phrases);
        else if (!strcmp(key, "within"))
            rc = number(ctx, file, vv, key, &r->within);
        else if (!strcmp(key, "revise-within"))
            rc = number(ctx, file, vv, key, &r->revise_within);
    }
    if (!rc && (!r->article || !r->text))
        return bad(ctx, file, v, "rule '%s' needs its 'article' and 'text'", r->id);
    if (!rc && r->check && (!strcmp(r->check, "issue-after-meeting") || !strcmp(r->check, "agenda-before-meeting")) &&
        (!r->meeting || !r->within))
        return bad(ctx, file, v, "rule '%s': check '%s' needs 'meeting' and 'within'", r->id, r->check);
    return rc;
}

void dr__rules_dispose(dr_config *cfg)
{
    for (size_t i = 0; i < cfg->nrules; i++) {
        dr_rule *r = &cfg->rules[i];
        free(r->id);
        free(r->article);
        free(r->text);
        free(r->check);
        free(r->help);
        free(r->meeting);
        dr_strlist *ls[] = {&r->types, &r->from, &r->to, &r->phrases, &r->report_phrases};
        for (size_t k = 0; k < sizeof(ls) / sizeof(ls[0]); k++) {
            for (size_t j = 0; j < ls[k]->n; j++)
                free(ls[k]->v[j]);
            free(ls[k]->v);
        }
    }
    free(cfg->rules);
    cfg->rules = NULL;
    cfg->nrules = 0;
}

int dr__rules_load(dr_config *cfg, dr_ctx *ctx, const char *file, const dr_ynode *map)
{
    dr_ynode *def = NULL;
    int rc;
    if (!map) {
        /* The shipped default: a config without rules: means what it meant before. */
        if ((rc = dr__defaults_load(&def, ctx)))
            return rc;
        map = dr__yaml_get(def, "rules");
        file = "schemas/defaults.yaml";
        cfg->rules_default = true;
    }
    rc = 0;
    if (!map || map->type != DR_Y_MAP)
        rc = bad(ctx, file, map, "'rules' is a map: rule ID → {article, text, check, …}");
    for (size_t i = 0; !rc && i + 1 < map->n; i += 2) {
        dr_rule *r = dr__push(&cfg->rules, &cfg->nrules, sizeof(dr_rule));
        rc = r ? load_rule(r, ctx, file, map->kids[i], map->kids[i + 1]) : DR_ENOMEM;
    }
    /* Meetings the parameters name must be the config's. */
    for (size_t i = 0; !rc && i < cfg->nrules; i++)
        if (cfg->rules[i].meeting && !dr_config_meeting(cfg, cfg->rules[i].meeting))
            rc = bad(ctx, file, dr__yaml_get(map->kids[2 * i + 1], "meeting"),
                     "rule '%s' names the meeting kind '%s', which meetings: does not declare",
                     cfg->rules[i].id, cfg->rules[i].meeting);
    /* Unit kinds the parameters name must be the config's. */
    for (size_t i = 0; !rc && i < cfg->nrules; i++) {
        const dr_strlist *ls[] = {&cfg->rules[i].from, &cfg->rules[i].to};
        for (size_t k = 0; !rc && k < 2; k++)
            for (size_t j = 0; !rc && j < ls[k]->n; j++)
                if (!dr__config_kind_known(cfg, ls[k]->v[j]))
                    rc = bad(ctx, file, dr__yaml_get(map->kids[2 * i + 1], k ? "to" : "from"),
                             "rule '%s' names the unit kind '%s', which the config does not declare",
                             cfg->rules[i].id, ls[k]->v[j]);
    }
    dr__yaml_free(def);
    return rc;
}
