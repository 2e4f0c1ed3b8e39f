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
        return DR_ENOMEM;
    snprintf(x->rule, sizeof(x->rule), "%s", rule);
    snprintf(x->element, sizeof(x->element), "%s", element ? element : "");
    x->severity = sev;
    x->input_error = input_error;
    va_start(ap, fmt);
    if (vsnprintf(x->message, sizeof(x->message), fmt, ap) < 0)
        x->message[0] = '\0';
    va_end(ap);
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

static const struct {
    const char *type, *zh;
} type_names[] = {
    {"resolution", "决议"}, {"decision", "决定"}, {"order", "令"},        {"communique", "公报"},
    {"announcement", "公告"}, {"circular", "通告"}, {"opinion", "意见"},   {"notice", "通知"},
    {"bulletin", "通报"},   {"report", "报告"},   {"request", "请示"},     {"reply", "批复"},
    {"motion", "议案"},     {"letter", "函"},     {"minutes", "纪要"},
};

const char *dr_type_name_zh(const char *type)
{
    for (size_t i = 0; type && i < sizeof(type_names) / sizeof(type_names[0]); i++)
        if (strcmp(type_names[i].type, type) == 0)
            return type_names[i].zh;
    return NULL;
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

/* 「机密★1年」: the term is N年 or N个月 (N from 1, no leading zero), or 长期. */
static bool term_ok(const char *term)
{
    if (strcmp(term, "长期") == 0)
        return true;
    const char *unit = ends_with(term, "个月") ? "个月" : ends_with(term, "年") ? "年" : NULL;
    if (!unit)
        return false;
    size_t n = strlen(term) - strlen(unit);
    return digits_only(term, n) && term[0] != '0';
}

static void unit_ref(dr_findings *out, const dr_config *cfg, const char *unit, const char *el)
{
    if (cfg && unit && !dr_config_unit(cfg, unit))
        dr_findings_add(out, "ENV-SCHEMA", DR_SEV_ERROR, el, true,
                        "<%s unit=\"%s\"> names a unit the config does not declare", el, unit);
}

static bool kind_is(const dr_config *cfg, const char *unit, const char *kind)
{
    const dr_unit *u = dr_config_unit(cfg, unit);
    return u && u->kind && strcmp(u->kind, kind) == 0;
}

static bool is_department(const dr_config *cfg, const char *unit)
{
    return kind_is(cfg, unit, "department") || kind_is(cfg, unit, "coordination-body");
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

static bool listed_unit(const dr_doc_unit *v, size_t n, const char *unit)
{
    for (size_t i = 0; i < n; i++)
        if (dr__streq(v[i].unit, unit))
            return true;
    return false;
}

/* Upward documents: 条例 14, 15(一); art. 59. */
static void upward_rules(dr_findings *out, const dr_config *cfg, const dr_document *d)
{
    const char *issuer = d->issuers[0].unit;
    const dr_unit *iu = dr_config_unit(cfg, issuer);
    if (d->nto != 1)
        dr_findings_add(out, "R59-SINGLE-RECIPIENT", DR_SEV_ERROR, "to", false,
                        "an upward document has exactly one primary recipient (不得多头报文), not "
                        "%zu; copy the others",
                        d->nto);
    const char *to = d->nto ? d->to[0].unit : NULL;
    const dr_unit *tu = dr_config_unit(cfg, to);
    if (!iu || !tu)
        return;
    bool direct = iu->parent ? strcmp(iu->parent, to) == 0
                             : (tu->external && strcmp(tu->external, "superior") == 0);
    if (!direct && !d->has_approval)
        dr_findings_add(out, "R59-NO-SKIP-LEVEL", DR_SEV_ERROR, "to", false,
                        "'%s' is not the direct superior of '%s'%s%s%s: 未经批准不得越级行文 "
                        "(cite an <approval>)",
                        to, issuer, iu->parent ? " (that is '" : "", iu->parent ? iu->parent : "",
                        iu->parent ? "')" : "");
    if (!direct && d->has_approval) {
        /* 条例 14: copy every organ passed over. */
        const dr_unit *p = iu;
        for (size_t guard = 0; p && p->parent && guard <= cfg->nunits; guard++) {
            if (!tu->external && strcmp(p->parent, to) == 0)
                break;
            if (!listed_unit(d->cc, d->ncc, p->parent))
                dr_findings_add(out, "C14-SKIP-LEVEL-COPY", DR_SEV_ERROR, "cc", false,
                                "a skip-level document copies the organ it passes over: add <cc "
                                "unit=\"%s\"/>",
                                p->parent);
            p = dr_config_unit(cfg, p->parent);
        }
    }
    for (size_t i = 0; i < d->ncc; i++) {
        const char *c = d->cc[i].unit;
        const dr_unit *cu = dr_config_unit(cfg, c);
        bool below = cu && cu->external && strcmp(cu->external, "subordinate") == 0;
        for (size_t k = 0; k < d->nissuers && !below; k++)
            below = dr_config_is_ancestor(cfg, d->issuers[k].unit, c);
        if (below)
            dr_findings_add(out, "C15-NO-CC-DOWN", DR_SEV_ERROR, "cc", false,
                            "an upward document copies no organ below its issuer: '%s'", c);
    }
}

/* Phrases that ask a town to report to the issuing department (art. 65). */
static bool asks_to_report(const dr_config *cfg, const dr_document *d, const char *body)
{
    static const char *const phrases[] = {"报送本部门", "向本部门报送", "报送我局", "报我局",
                                          "上报我局", "报送我委", "报送我办", "报送我中心", NULL};
    for (size_t i = 0; phrases[i]; i++)
        if (has_text(d, body, phrases[i]))
            return true;
    for (size_t k = 0; k < d->nissuers; k++) {
        const dr_unit *u = dr_config_unit(cfg, d->issuers[k].unit);
        char phrase[300];
        if (u && snprintf(phrase, sizeof(phrase), "报送%s", u->name) < (int)sizeof(phrase) &&
            has_text(d, body, phrase))
            return true;
    }
    return false;
}

int dr_check_submission(dr_findings *out, const dr_config *cfg, const dr_document *d,
                        const char *body, const dr_route *route)
{
    if (d->title && strstr(d->title, DR_TITLE_PLACEHOLDER))
        dr_findings_add(out, "ENV-SCHEMA", DR_SEV_ERROR, "title", true,
                        "the title is still the template's placeholder %s", DR_TITLE_PLACEHOLDER);
    for (size_t i = 0; i < d->nmatters; i++)
        if (d->matters[i].text && strstr(d->matters[i].text, DR_MATTER_PLACEHOLDER))
            dr_findings_add(out, "ENV-SCHEMA", DR_SEV_ERROR, "matter", true,
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
    for (size_t i = 0; i < d->ninvolves; i++)
        unit_ref(out, cfg, d->involves[i].unit, "involves");
    if (cfg && d->meeting_chair && !dr_config_person(cfg, d->meeting_chair))
        dr_findings_add(out, "ENV-SCHEMA", DR_SEV_ERROR, "meeting", true,
                        "<meeting chair=\"%s\"> names a person the config does not declare",
                        d->meeting_chair);
    if (cfg && d->meeting_commissioned_by && !dr_config_person(cfg, d->meeting_commissioned_by))
        dr_findings_add(out, "ENV-SCHEMA", DR_SEV_ERROR, "meeting", true,
                        "<meeting commissioned-by=\"%s\"> names a person the config does not "
                        "declare",
                        d->meeting_commissioned_by);
    for (size_t i = 0; cfg && i < d->nto; i++)
        if (d->to[i].person && !dr_config_person(cfg, d->to[i].person))
            dr_findings_add(out, "ENV-SCHEMA", DR_SEV_ERROR, "to", true,
                            "<to person=\"%s\"> names a person the config does not declare",
                            d->to[i].person);
    bool refs_ok = out->n == refs_bad;

    /* R59-ONE-MATTER: 请示应当一文一事. */
    if (dr__streq(d->type, "request") && d->nmatters != 1)
        dr_findings_add(out, "R59-ONE-MATTER", DR_SEV_ERROR, "matter", false,
                        "a request carries exactly one matter (请示应当一文一事), not %zu", d->nmatters);
    /* R59-REPORT-NO-REQUEST: 报告不得夹带请示事项. */
    if (dr__streq(d->type, "report")) {
        for (size_t i = 0; i < d->nmatters; i++)
            if (dr__streq(d->matters[i].kind, "request"))
                dr_findings_add(out, "R59-REPORT-NO-REQUEST", DR_SEV_ERROR, "matter", false,
                                "a report carries no request: matter '%s' is kind=\"request\"",
                                d->matters[i].id);
        for (size_t i = 0; cfg && i < cfg->request_phrases.n; i++)
            if (has_text(d, body, cfg->request_phrases.v[i]))
                dr_findings_add(out, "R59-REPORT-NO-REQUEST", DR_SEV_ERROR, "body", false,
                                "a report carries no request, but it says '%s' (报告不得夹带请示事项)",
                                cfg->request_phrases.v[i]);
    }
    /* R59-VIA-OFFICE: no leader as a recipient; the exceptions as art. 59 lists them. */
    bool leader_assigned = false;
    for (size_t i = 0; i < d->nexceptions; i++) {
        leader_assigned |= dr__streq(d->exceptions[i], "leader-assigned");
        if (dr__streq(d->exceptions[i], "top-secret") && !dr__streq(d->level, "top-secret"))
            dr_findings_add(out, "R59-VIA-OFFICE", DR_SEV_ERROR, "exception", false,
                            "the top-secret exception needs classification level=\"top-secret\" "
                            "(确需直接报送的绝密级事项), not '%s'",
                            d->level ? d->level : "none");
    }
    for (size_t i = 0; i < d->nto; i++)
        if (d->to[i].person && !leader_assigned)
            dr_findings_add(out, "R59-VIA-OFFICE", DR_SEV_ERROR, "to", false,
                            "documents go to the office, not to a leader in person (<to "
                            "person=\"%s\">): 不得直接报送区政府领导同志个人",
                            d->to[i].person);
    /* GB-FORMAT: the title ends with its 文种 (…的通知, …的请示). */
    const char *zh = dr_type_name_zh(d->type);
    if (zh && d->title && !strstr(d->title, DR_TITLE_PLACEHOLDER) && !ends_with(d->title, zh))
        dr_findings_add(out, "GB-FORMAT", DR_SEV_ERROR, "title", false,
                        "a %s's title ends with its 文种 '%s': '%s'", d->type, zh, d->title);
    /* GB-FORMAT: 密级 and its term, as 「机密★1年」 states it. */
    if (d->term && d->level && strcmp(d->level, "none") == 0)
        dr_findings_add(out, "GB-FORMAT", DR_SEV_ERROR, "classification", false,
                        "an unclassified document has no 保密期限 (term '%s')", d->term);
    else if (d->term && !term_ok(d->term))
        dr_findings_add(out, "GB-FORMAT", DR_SEV_ERROR, "classification", false,
                        "the 保密期限 '%s' is written as N年, N个月 or 长期 (「机密★1年」)", d->term);
    if (!cfg || !refs_ok || !d->nissuers)
        return 0;

    /* ENV-CLASSIFIED: 涉密公文只在符合保密要求的系统中处理. */
    if (d->level && strcmp(d->level, "none") != 0 && !cfg->accredited)
        dr_findings_add(out, "ENV-CLASSIFIED", DR_SEV_ERROR, "classification", false,
                        "a %s document is handled only on a system accredited for classified "
                        "documents (the config does not declare accredited: true)",
                        d->level);
    const char *direction = dr_route_direction(cfg, d);
    if (strcmp(direction, "up") == 0)
        upward_rules(out, cfg, d);
    /* R59-DEPT-SCOPE: a matter in a department's remit goes to that department. */
    bool to_gov = false;
    for (size_t i = 0; i < d->nto; i++)
        to_gov |= d->to[i].unit && kind_is(cfg, d->to[i].unit, "government");
    for (size_t i = 0; to_gov && dr__streq(d->type, "request") && i < d->nmatters; i++) {
        const char *cat = d->matters[i].category;
        for (size_t k = 0; cat && k < cfg->nremit; k++)
            if (strcmp(cfg->remit[k].key, cat) == 0 && is_department(cfg, cfg->remit[k].value))
                dr_findings_add(out, "R59-DEPT-SCOPE", DR_SEV_ERROR, "matter", false,
                                "matter '%s' (%s) is in the remit of '%s': send it to that "
                                "department, not to the district government (不得报区政府)",
                                d->matters[i].id, cat, cfg->remit[k].value);
    }
    /* R59-COUNTERSIGN-NEEDED: every involved unit that does not issue is asked. */
    const char *units[64];
    size_t nu = dr_route_countersign_units(d, units, 64);
    bool asks = false;
    for (size_t i = 0; route && i < route->nsteps; i++)
        asks |= route->steps[i].units_involved && dr_route_step_applies(&route->steps[i], d);
    if (nu && route && !asks)
        dr_findings_add(out, "R59-COUNTERSIGN-NEEDED", DR_SEV_ERROR, "involves", false,
                        "'%s' is involved but route '%s' asks no countersign: 须会签或联合行文",
                        units[0], route->id);
    /* R65-NO-DIRECTIVE-DOWN: departments do not direct towns without the government. */
    bool dept = false, town = false;
    for (size_t i = 0; i < d->nissuers; i++)
        dept |= is_department(cfg, d->issuers[i].unit);
    for (size_t i = 0; i < d->nto; i++)
        town |= d->to[i].unit && (kind_is(cfg, d->to[i].unit, "town") ||
                                  kind_is(cfg, d->to[i].unit, "street"));
    if (dept && town && (d->directive || asks_to_report(cfg, d, body))) {
        const dr_unit *gov = NULL;
        for (size_t i = 0; i < cfg->nunits && !gov; i++)
            if (cfg->units[i].kind && !strcmp(cfg->units[i].kind, "government"))
                gov = &cfg->units[i];
        char named[300] = "";
        if (gov)
            snprintf(named, sizeof(named), "经%s同意", gov->name);
        bool phrase = (d->title && strstr(d->title, "经区政府同意")) ||
                      (body && strstr(body, "经区政府同意")) ||
                      (named[0] && ((d->title && strstr(d->title, named)) || (body && strstr(body, named))));
        if (!d->has_approval || !phrase)
            dr_findings_add(out, "R65-NO-DIRECTIVE-DOWN", DR_SEV_ERROR, "flags", false,
                            "a department's %s to towns and street offices needs the "
                            "government's approval: %s",
                            d->directive ? "directive document" : "demand for reports",
                            !d->has_approval ? "cite an <approval> and say 经区政府同意"
                                             : "say 经区政府同意 in the title or body");
    }
    return 0;
}

bool dr_check_doc_number(const char *number, const char *prefix, int year)
{
    char head[160];
    if (!number || !prefix)
        return false;
    int n = snprintf(head, sizeof(head), "%s〔%04d〕", prefix, year);
    if (n < 0 || (size_t)n >= sizeof(head) || strncmp(number, head, (size_t)n) != 0)
        return false;
    const char *num = number + n;
    if (!ends_with(num, "号"))
        return false;
    size_t len = strlen(num) - strlen("号");
    return digits_only(num, len) && num[0] != '0';
}

int dr_check_deadlines(dr_findings *out, dr_ctx *ctx, const dr_calendar *cal, const dr_document *d,
                       dr_date on)
{
    dr_date meeting, limit;
    char l[11];
    int rc;
    if (!d->meeting_date || dr_date_parse(&meeting, d->meeting_date) ||
        !dr__streq(d->meeting_kind, "executive") || dr__streq(d->type, "minutes"))
        return 0;
    if (!d->meeting_decision) {
        if ((rc = dr_calendar_add_workdays(cal, ctx, meeting, -10, &limit)))
            return rc;
        dr_date_format(limit, l);
        if (on > limit)
            dr_findings_add(out, "R54-AGENDA-10WD", DR_SEV_WARNING, "meeting", false,
                            "a topic for the meeting of %s is sent to the office by %s (10 working "
                            "days before): the office's review will be refused unless a leader sets "
                            "R54 aside",
                            d->meeting_date, l);
    } else if (!strcmp(d->meeting_decision, "major-revision")) {
        if ((rc = dr_calendar_add_workdays(cal, ctx, meeting, 10, &limit)))
            return rc;
        dr_date_format(limit, l);
        if (on > limit)
            dr_findings_add(out, "R57-ISSUE-5WD", DR_SEV_WARNING, "meeting", false,
                            "the draft revised after the meeting of %s was due by %s (10 working "
                            "days after it)",
                            d->meeting_date, l);
    }
    return 0;
}
