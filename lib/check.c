#include "docroute/check.h"
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

int dr_check_submission(dr_findings *out, const dr_config *cfg, const dr_document *d)
{
    if (d->title && strstr(d->title, DR_TITLE_PLACEHOLDER))
        dr_findings_add(out, "ENV-SCHEMA", DR_SEV_ERROR, "title", true,
                        "the title is still the template's placeholder %s", DR_TITLE_PLACEHOLDER);
    for (size_t i = 0; i < d->nmatters; i++)
        if (d->matters[i].text && strstr(d->matters[i].text, DR_MATTER_PLACEHOLDER))
            dr_findings_add(out, "ENV-SCHEMA", DR_SEV_ERROR, "matter", true,
                            "matter '%s' is still the template's placeholder %s", d->matters[i].id,
                            DR_MATTER_PLACEHOLDER);
    unit_ref(out, cfg, d->drafter, "drafter");
    for (size_t i = 0; i < d->nissuers; i++)
        unit_ref(out, cfg, d->issuers[i].unit, "issuer");
    for (size_t i = 0; i < d->nto; i++)
        unit_ref(out, cfg, d->to[i].unit, "to");
    for (size_t i = 0; i < d->ncc; i++)
        unit_ref(out, cfg, d->cc[i].unit, "cc");
    for (size_t i = 0; i < d->ninvolves; i++)
        unit_ref(out, cfg, d->involves[i].unit, "involves");
    if (cfg && d->meeting_commissioned_by && !dr_config_person(cfg, d->meeting_commissioned_by))
        dr_findings_add(out, "ENV-SCHEMA", DR_SEV_ERROR, "meeting", true,
                        "<meeting commissioned-by=\"%s\"> names a person the config does not "
                        "declare",
                        d->meeting_commissioned_by);

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
