#include "docroute/check.h"
#include "docroute/route.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */


void dr_findings_init(dr_findings *f)
{
    f->v = NULL;
    f->n = 0;
    f->rc = 0;
}

void dr_findings_dispose(dr_findings *f)
{
    free(f->v);
    dr_findings_init(f);
}

int dr_findings_add(dr_findings *f, const char *rule, dr_severity sev, const char *element,
                    bool input_error, const char *fmt, ...)
{
    dr_finding *x = dr__push(&f->v, &f->n, sizeof(dr_finding));
    va_list ap;
    if (!x)
        return f->rc = DR_ENOMEM;
    snprintf(x->rule, sizeof(x->rule), "%s", rule);
    snprintf(x->element, sizeof(x->element), "%s", element ? element : "");
    x->severity = sev;
    x->input_error = input_error;
    va_start(ap, fmt);
    if (vsnprintf(x->message, sizeof(x->message), fmt, ap) < 0)
        x->message[0] = '\0';
    va_end(ap);
    dr_utf8_trim(x->message);
    return 0;
}

size_t dr_findings_count(const dr_findings *f, dr_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += f->v[i].severity == sev;
    return n;
}

const char *dr_severity_name(dr_severity sev)
{
    return sev == DR_SEV_ERROR ? "error" : sev == DR_SEV_WARNING ? "warning" : "info";
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static bool digits_only(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* GB/T 9704-2012 7.2.2: the secrecy term, 「机密★1年」 — the standard's words. */
#define DR_TERM_YEARS  DR_W_TERM_YEARS 
#define DR_TERM_MONTHS  DR_W_TERM_MONTHS 
#define DR_TERM_LONG  DR_W_TERM_LONG 

/* The term is N年 or N个月 (N from 1, no leading zero), or 长期. */
static bool term_ok(const char *term)
{
    if (strcmp(term, DR_TERM_LONG) == 0)
        return true;
    const char *unit = ends_with(term, DR_TERM_MONTHS)  ? DR_TERM_MONTHS
                       : ends_with(term, DR_TERM_YEARS) ? DR_TERM_YEARS
                                                        : NULL;
    if (!unit)
        return false;
    size_t n = strlen(term) - strlen(unit);
    return digits_only(term, n) && term[0] != '0';
}

static void unit_ref(dr_findings *out, const dr_config *cfg, const char *unit, const char *el)
{
    if (cfg && cfg->nunits && unit && !dr_config_unit(cfg, unit))
        dr_findings_add(out, DR_ENV_SCHEMA, DR_SEV_ERROR, el, true,
                        "<%s unit=\"%s\"> names a unit the config does not declare", el, unit);
}

/* A finding of a catalog rule, at its severity. */
static void find(dr_findings *out, const dr_rule *r, const char *el, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void find(dr_findings *out, const dr_rule *r, const char *el, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    dr_utf8_trim(msg);
    dr_findings_add(out, r->id, r->warning ? DR_SEV_WARNING : DR_SEV_ERROR, el, false, "%s", msg);
}

static bool listed(const dr_strlist *l, const char *s)
{
    for (size_t i = 0; s && i < l->n; i++)
        if (!strcmp(l->v[i], s))
            return true;
    return false;
}

/* Does the rule apply to this type (no types: every type)? */
static bool of_type(const dr_rule *r, const char *type)
{
    return !r->types.n || listed(&r->types, type);
}

static bool kind_in(const dr_config *cfg, const char *unit, const dr_strlist *kinds)
{
    const dr_unit *u = dr_config_unit(cfg, unit);
    return u && u->kind && listed(kinds, u->kind);
}

static bool has_text(const dr_document *d, const char *body, const char *phrase)
{
    if ((d->title && strstr(d->title, phrase)) || (body && strstr(body, phrase)))
        return true;
    for (size_t i = 0; i < d->nmatters; i++)
        if (d->matters[i].text && strstr(d->matters[i].text, phrase))
            return true;
    return false;
}

/* A phrase of the config, with {issuer} and {parent} standing for the names of the
 * document's issuers and of their parent units: is it in the document? */
static bool says(const dr_config *cfg, const dr_document *d, const char *body, const char *phrase)
{
    const char *slot = strchr(phrase, '{');
    if (!slot)
        return has_text(d, body, phrase);
    const char *close = strchr(slot, '}');
    if (!close)
        return has_text(d, body, phrase);
    size_t head = (size_t)(slot - phrase), name_len = (size_t)(close - slot - 1);
    bool parent = name_len == 6 && !strncmp(slot + 1, "parent", 6);
    if (!parent && !(name_len == 6 && !strncmp(slot + 1, "issuer", 6)))
        return has_text(d, body, phrase);
    for (size_t k = 0; k < d->nissuers; k++) {
        const dr_unit *u = dr_config_unit(cfg, d->issuers[k].unit);
        if (u && parent)
            u = u->parent ? dr_config_unit(cfg, u->parent) : NULL;
        char text[600];
        if (u && u->name &&
            snprintf(text, sizeof(text), "%.*s%s%s", (int)head, phrase, u->name, close + 1) <
                (int)sizeof(text) &&
            has_text(d, body, text))
            return true;
    }
    return false;
}

static bool listed_unit(const dr_doc_unit *v, size_t n, const char *unit)
{
    for (size_t i = 0; i < n; i++)
        if (dr__streq(v[i].unit, unit))
            return true;
    return false;
}

/* Upward documents: 条例 14, 15(一); art. 59 — each as the catalog binds it. */
static void upward_rules(dr_findings *out, const dr_config *cfg, const dr_document *d,
                         const char *const *to_units, size_t nrecipients)
{
    const dr_rule *single = dr_config_check(cfg, DR_CHECK_SINGLE_RECIPIENT),
                  *skip = dr_config_check(cfg, DR_CHECK_NO_SKIP_LEVEL),
                  *copy = dr_config_check(cfg, DR_CHECK_SKIP_LEVEL_COPY),
                  *ccdown = dr_config_check(cfg, DR_CHECK_NO_CC_DOWN);
    const char *issuer = d->issuers[0].unit;
    const dr_unit *iu = dr_config_unit(cfg, issuer);
    if (single && nrecipients != 1)
        find(out, single, "to", "an upward document has exactly one primary recipient (%s), not "
                                "%zu; copy the others",
             single->text, nrecipients);
    const char *to = nrecipients ? to_units[0] : NULL;
    const dr_unit *tu = dr_config_unit(cfg, to);
    if (!iu || !tu)
        return;
    bool direct = iu->parent ? strcmp(iu->parent, to) == 0
                             : (tu->external && strcmp(tu->external, "superior") == 0);
    if (skip && !direct && !d->has_approval)
        find(out, skip, "to", "'%s' is not the direct superior of '%s'%s%s%s: %s (cite an <approval>)",
             to, issuer, iu->parent ? " (that is '" : "", iu->parent ? iu->parent : "",
             iu->parent ? "')" : "", skip->text);
    if (copy && !direct && d->has_approval) {
        /* Copy every organ passed over. */
        const dr_unit *p = iu;
        for (size_t guard = 0; p && p->parent && guard <= cfg->nunits; guard++) {
            if (!tu->external && strcmp(p->parent, to) == 0)
                break;
            if (!listed_unit(d->cc, d->ncc, p->parent))
                find(out, copy, "cc", "a skip-level document copies the organ it passes over: add <cc "
                                      "unit=\"%s\"/>",
                     p->parent);
            p = dr_config_unit(cfg, p->parent);
        }
    }
    for (size_t i = 0; ccdown && i < d->ncc; i++) {
        const char *c = d->cc[i].unit;
        const dr_unit *cu = dr_config_unit(cfg, c);
        bool below = cu && cu->external && strcmp(cu->external, "subordinate") == 0;
        for (size_t k = 0; k < d->nissuers && !below; k++)
            below = dr_config_is_ancestor(cfg, d->issuers[k].unit, c);
        if (below)
            find(out, ccdown, "cc", "an upward document copies no organ below its issuer: '%s'", c);
    }
}

int dr_check_submission(dr_findings *out, const dr_config *cfg, const dr_document *d,
                        const char *body, const dr_route *route)
{
    bool units = cfg && cfg->nunits; /* a catalog-only config knows no units */
    if (d->title && strstr(d->title, DR_TITLE_PLACEHOLDER))
        dr_findings_add(out, DR_ENV_SCHEMA, DR_SEV_ERROR, "title", true,
                        "the title is still the template's placeholder %s", DR_TITLE_PLACEHOLDER);
    for (size_t i = 0; i < d->nmatters; i++)
        if (d->matters[i].text && strstr(d->matters[i].text, DR_MATTER_PLACEHOLDER))
            dr_findings_add(out, DR_ENV_SCHEMA, DR_SEV_ERROR, "matter", true,
                            "matter '%s' is still the template's placeholder %s", d->matters[i].id,
                            DR_MATTER_PLACEHOLDER);
    size_t refs_bad = out->n;
    unit_ref(out, cfg, d->drafter, "drafter");
    for (size_t i = 0; i < d->nissuers; i++)
        unit_ref(out, cfg, d->issuers[i].unit, "issuer");
    for (size_t i = 0; i < d->nto; i++)
        unit_ref(out, cfg, d->to[i].unit, "to");
    for (size_t i = 0; i < d->ncc; i++)
        unit_ref(out, cfg, d->cc[i].unit, "cc");
    const dr_doc_unit *lists[] = {d->to, d->cc};
    size_t counts[] = {d->nto, d->ncc};
    for (size_t l = 0; units && l < 2; l++)
        for (size_t i = 0; i < counts[l]; i++)
            if (lists[l][i].group && !dr_config_group(cfg, lists[l][i].group))
                dr_findings_add(out, DR_ENV_SCHEMA, DR_SEV_ERROR, l ? "cc" : "to", true,
                                "<%s group=\"%s\"> names a group the config does not declare",
                                l ? "cc" : "to", lists[l][i].group);
    for (size_t i = 0; i < d->ninvolves; i++)
        unit_ref(out, cfg, d->involves[i].unit, "involves");
    if (units && d->meeting_kind && !dr_config_meeting(cfg, d->meeting_kind))
        dr_findings_add(out, DR_ENV_SCHEMA, DR_SEV_ERROR, "meeting", true,
                        "<meeting kind=\"%s\"> names a meeting kind the config does not declare",
                        d->meeting_kind);
    if (units && d->meeting_chair && !dr_config_person(cfg, d->meeting_chair))
        dr_findings_add(out, DR_ENV_SCHEMA, DR_SEV_ERROR, "meeting", true,
                        "<meeting chair=\"%s\"> names a person the config does not declare",
                        d->meeting_chair);
    if (units && d->meeting_commissioned_by && !dr_config_person(cfg, d->meeting_commissioned_by))
        dr_findings_add(out, DR_ENV_SCHEMA, DR_SEV_ERROR, "meeting", true,
                        "<meeting commissioned-by=\"%s\"> names a person the config does not "
                        "declare",
                        d->meeting_commissioned_by);
    for (size_t i = 0; units && i < d->nto; i++)
        if (d->to[i].person && !dr_config_person(cfg, d->to[i].person))
            dr_findings_add(out, DR_ENV_SCHEMA, DR_SEV_ERROR, "to", true,
                            "<to person=\"%s\"> names a person the config does not declare",
                            d->to[i].person);
    bool refs_ok = out->n == refs_bad;

    /* one-matter: 请示应当一文一事 (R59-ONE-MATTER in the default catalog). */
    const dr_rule *r = dr_config_check(cfg, DR_CHECK_ONE_MATTER);
    if (r && r->types.n && of_type(r, d->type) && d->nmatters != 1)
        find(out, r, "matter", "a %s carries exactly one matter (%s), not %zu", d->type, r->text,
             d->nmatters);
    /* report-no-request: 报告不得夹带请示事项. */
    if ((r = dr_config_check(cfg, DR_CHECK_REPORT_NO_REQUEST)) && r->types.n && of_type(r, d->type)) {
        for (size_t i = 0; i < d->nmatters; i++)
            if (dr__streq(d->matters[i].kind, "request"))
                find(out, r, "matter", "a %s carries no request: matter '%s' is kind=\"request\"",
                     d->type, d->matters[i].id);
        const dr_strlist *ph = r->phrases.n ? &r->phrases : &cfg->request_phrases;
        for (size_t i = 0; i < ph->n; i++)
            if (has_text(d, body, ph->v[i]))
                find(out, r, "body", "a %s carries no request, but it says '%s' (%s)", d->type,
                     ph->v[i], r->text);
    }
    /* via-office: no leader as a recipient; the exceptions the schema lists. */
    if ((r = dr_config_check(cfg, DR_CHECK_VIA_OFFICE))) {
        bool leader_assigned = false;
        for (size_t i = 0; i < d->nexceptions; i++) {
            leader_assigned |= dr__streq(d->exceptions[i], "leader-assigned");
            if (dr__streq(d->exceptions[i], "top-secret") && !dr__streq(d->level, "top-secret"))
                find(out, r, "exception", "the top-secret exception needs classification "
                                          "level=\"top-secret\", not '%s'",
                     d->level ? d->level : "none");
        }
        for (size_t i = 0; i < d->nto; i++)
            if (d->to[i].person && !leader_assigned)
                find(out, r, "to", "documents go to the office, not to a leader in person (<to "
                                   "person=\"%s\">): %s",
                     d->to[i].person, r->text);
    }
    /* gb-format: the title ends with its type's name; the secrecy term (GB/T 9704). */
    if ((r = dr_config_check(cfg, DR_CHECK_GB_FORMAT))) {
        const char *zh = dr_type_name(cfg, d->type);
        if (zh && d->title && !strstr(d->title, DR_TITLE_PLACEHOLDER) && !ends_with(d->title, zh))
            find(out, r, "title", "a %s's title ends with its type's name '%s': '%s'", d->type, zh,
                 d->title);
        if (d->term && d->level && strcmp(d->level, "none") == 0)
            find(out, r, "classification", "an unclassified document has no secrecy term ('%s')",
                 d->term);
        else if (d->term && !term_ok(d->term))
            find(out, r, "classification", "the secrecy term '%s' is written as N" DR_TERM_YEARS
                                           ", N" DR_TERM_MONTHS " or " DR_TERM_LONG,
                 d->term);
    }
    if (!units || !refs_ok || !d->nissuers)
        return out->rc;

    /* ENV-CLASSIFIED (the toolkit's own): only on an accredited system. */
    if (d->level && strcmp(d->level, "none") != 0 && !cfg->accredited)
        dr_findings_add(out, DR_ENV_CLASSIFIED, DR_SEV_ERROR, "classification", false,
                        "a %s document is handled only on a system accredited for classified "
                        "documents (the config does not declare accredited: true)",
                        d->level);
    /* Recipient groups are their members to every rule. */
    const char *to_units[256];
    bool open = false;
    size_t nto_units = dr_route_recipients(cfg, d->to, d->nto, to_units, 256, &open), npersons = 0;
    for (size_t i = 0; i < d->nto; i++)
        npersons += d->to[i].person != NULL;
    const char *direction = dr_route_direction(cfg, d);
    if (strcmp(direction, "up") == 0)
        upward_rules(out, cfg, d, to_units, nto_units + npersons + (open ? 2 : 0));
    /* dept-scope: a request in a unit's remit goes to that unit, not to its superior. */
    if ((r = dr_config_check(cfg, DR_CHECK_DEPT_SCOPE))) {
        const char *gov = NULL;
        for (size_t i = 0; i < nto_units && !gov; i++)
            if (kind_in(cfg, to_units[i], &r->to))
                gov = to_units[i];
        for (size_t i = 0; gov && of_type(r, d->type) && dr__streq(d->type, "request") && i < d->nmatters; i++) {
            const char *cat = d->matters[i].category;
            for (size_t k = 0; cat && k < cfg->nremit; k++)
                if (strcmp(cfg->remit[k].key, cat) == 0 && kind_in(cfg, cfg->remit[k].value, &r->from))
                    find(out, r, "matter", "matter '%s' (%s) is in the remit of '%s': send it there, "
                                           "not to '%s' (%s)",
                         d->matters[i].id, cat, cfg->remit[k].value, gov, r->text);
        }
    }
    /* countersign-needed: every involved unit that does not issue is asked. */
    if ((r = dr_config_check(cfg, DR_CHECK_COUNTERSIGN_NEEDED))) {
        const char *us[64];
        size_t nu = dr_route_countersign_units(d, us, 64);
        bool asks = false;
        for (size_t i = 0; route && i < route->nsteps; i++)
            asks |= route->steps[i].units_involved && dr_route_step_applies(cfg, &route->steps[i], d);
        if (nu && route && !asks)
            find(out, r, "involves", "'%s' is involved but route '%s' asks no countersign: %s", us[0],
                 route->id, r->text);
    }
    /* directive-down: units of some kinds do not direct units of others without approval. */
    if ((r = dr_config_check(cfg, DR_CHECK_DIRECTIVE_DOWN))) {
        bool from = false, to = false, asks = false, phrase = false;
        for (size_t i = 0; i < d->nissuers; i++)
            from |= kind_in(cfg, d->issuers[i].unit, &r->from);
        for (size_t i = 0; i < nto_units; i++)
            to |= kind_in(cfg, to_units[i], &r->to);
        for (size_t i = 0; i < r->report_phrases.n && !asks; i++)
            asks = says(cfg, d, body, r->report_phrases.v[i]);
        for (size_t i = 0; i < r->phrases.n && !phrase; i++)
            phrase = says(cfg, d, body, r->phrases.v[i]);
        if (from && to && (d->directive || asks) && (!d->has_approval || (r->phrases.n && !phrase)))
            find(out, r, "flags", "%s %s: %s%s%s (%s)",
                 d->directive ? "a directive document" : "a demand for reports",
                 "needs the superior's approval", !d->has_approval ? "cite an <approval>" : "",
                 !d->has_approval && r->phrases.n ? " and " : "",
                 r->phrases.n ? "say it in the title or body as the config's phrase says" : "",
                 r->phrases.n ? r->phrases.v[0] : r->text);
    }
    return out->rc;
}

int dr_check_deadlines(dr_findings *out, dr_ctx *ctx, const dr_config *cfg, const dr_calendar *cal,
                       const dr_document *d, dr_date on)
{
    dr_date meeting, limit;
    char l[11];
    int rc;
    if (!d->meeting_date || dr_date_parse(&meeting, d->meeting_date) || dr__streq(d->type, "minutes"))
        return 0;
    const dr_rule *agenda = dr_config_check(cfg, DR_CHECK_AGENDA_BEFORE_MEETING),
                  *issue = dr_config_check(cfg, DR_CHECK_ISSUE_AFTER_MEETING);
    if (!d->meeting_decision && agenda && dr__streq(d->meeting_kind, agenda->meeting)) {
        if ((rc = dr_calendar_add_workdays(cal, ctx, meeting, -agenda->within, &limit)))
            return rc;
        dr_date_format(limit, l);
        if (on > limit)
            find(out, agenda, "meeting", "a topic for the meeting of %s is sent to the office by %s "
                                         "(%d working days before: %s): the office's review will be "
                                         "refused unless a leader sets %s aside",
                 d->meeting_date, l, agenda->within, agenda->text, agenda->id);
    } else if (d->meeting_decision && !strcmp(d->meeting_decision, "major-revision") && issue &&
               issue->revise_within && dr__streq(d->meeting_kind, issue->meeting)) {
        if ((rc = dr_calendar_add_workdays(cal, ctx, meeting, issue->revise_within, &limit)))
            return rc;
        dr_date_format(limit, l);
        if (on > limit)
            find(out, issue, "meeting", "the draft revised after the meeting of %s was due by %s (%d "
                                        "working days after it)",
                 d->meeting_date, l, issue->revise_within);
    }
    return 0;
}
