/* The tools' output: notes and warnings on stderr, the JSON result, failures with
 * their exit status, findings. */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void vmsg(tool *t, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", t->name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void note(tool *t, const char *fmt, ...)
{
    va_list ap;
    if (t->quiet)
        return;
    va_start(ap, fmt);
    vmsg(t, fmt, ap);
    va_end(ap);
}

const dr_config *rules_of(tool *t)
{
    dr_ctx ctx;
    if (t->cfg)
        return t->cfg;
    dr_ctx_init(&ctx);
    if (!t->catalog)
        dr_config_catalog(&t->catalog, &ctx);
    return t->catalog;
}

json_t *result(tool *t)
{
    if (!t->out)
        t->out = json_object();
    return t->out;
}

void warn(tool *t, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    dr_utf8_trim(msg);
    if (!t->quiet)
        fprintf(stderr, "%s: warning: %s\n", t->name, msg);
    json_t *arr = json_object_get(result(t), "warnings");
    if (!arr) {
        arr = json_array();
        json_object_set_new(result(t), "warnings", arr);
    }
    json_array_append_new(arr, json_pack("{s:s}", "message", msg));
}

void calendar_warnings(tool *t, const dr_calendar *cal, dr_date today)
{
    int first, last, y, m, d;
    if (t->calendar_warned || !cal)
        return;
    t->calendar_warned = true;
    dr_calendar_years(cal, &first, &last);
    dr_date_to_ymd(today, &y, &m, &d);
    dr_date end = dr_date_from_ymd(last, 12, 31);
    if (!last || today > end)
        warn(t, "no working-day calendar for %d: nothing can be counted in working days until "
                "an admin adds .docroute/calendar/%d.yaml (docroute config commit)",
             y, y);
    else if (today >= end - 30)
        warn(t, "the working-day calendar ends on %d-12-31: add .docroute/calendar/%d.yaml "
                "(provisional: true until the State Council's notice) before due dates reach it",
             last, last + 1);
    /* This year, or next year from 30 days before it starts, is provisional. */
    int py = dr_calendar_year_provisional(cal, y) ? y
             : today >= dr_date_from_ymd(y, 12, 31) - 30 && dr_calendar_year_provisional(cal, y + 1)
                 ? y + 1
                 : 0;
    if (py)
        warn(t, "the working-day calendar of %d is provisional: due dates counted through it are "
                "marked provisional until the official year file replaces it",
             py);
}

void json_error(tool *t, const char *rule, const char *msg)
{
    json_t *e = json_pack("{s:s}", "message", msg);
    if (rule && *rule) {
        json_object_set_new(e, "rule", json_string(rule));
        json_object_set_new(e, "article", json_string(dr_rule_article(rules_of(t), rule)));
        json_object_set_new(e, "text", json_string(dr_rule_text(rules_of(t), rule)));
    }
    if (t->ctx.file[0]) {
        json_object_set_new(e, "file", json_string(t->ctx.file));
        json_object_set_new(e, "line", json_integer(t->ctx.line));
        json_object_set_new(e, "column", json_integer(t->ctx.col));
    }
    json_object_set_new(result(t), "error", e);
}

int fail(tool *t, int status, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    dr_utf8_trim(msg);
    fprintf(stderr, "%s: %s\n", t->name, msg);
    if (!json_object_get(result(t), "error"))
        json_error(t, NULL, msg);
    return status;
}

int exit_for(int code)
{
    switch (code) {
    case DR_OK: return EXIT_DONE;
    case DR_ERULE:
    case DR_EVERIFY: return EXIT_RULE;
    case DR_EINVALID:
    case DR_EUSAGE: return EXIT_USAGE;
    case DR_ENOTFOUND: return EXIT_NODOC;
    case DR_ELOCKED:
    default: return EXIT_REPO;
    }
}

int fail_ctx(tool *t, int code)
{
    char where[400] = "", msg[2048];
    dr_ctx *c = &t->ctx;
    if (c->file[0] && c->line && c->col)
        snprintf(where, sizeof(where), "%s:%d:%d: ", c->file, c->line, c->col);
    else if (c->file[0] && c->line)
        snprintf(where, sizeof(where), "%s:%d: ", c->file, c->line);
    else if (c->file[0])
        snprintf(where, sizeof(where), "%s: ", c->file);
    snprintf(msg, sizeof(msg), "%s%s%s%s", c->rule[0] ? c->rule : "", c->rule[0] ? ": " : "",
             where, c->msg[0] ? c->msg : dr_strerror(code));
    dr_utf8_trim(msg);
    fprintf(stderr, "%s: %s\n", t->name, msg);
    json_error(t, c->rule, c->msg[0] ? c->msg : dr_strerror(code));
    return exit_for(code);
}

void add_finding(tool *t, const char *rule, const char *severity, const char *doc,
                 const char *file, int line, int col, const char *message)
{
    json_t *arr = json_object_get(result(t), "findings");
    if (!arr) {
        arr = json_array();
        json_object_set_new(result(t), "findings", arr);
    }
    json_t *f = json_object();
    json_object_set_new(f, "rule", json_string(rule));
    json_object_set_new(f, "article", json_string(dr_rule_article(rules_of(t), rule)));
    json_object_set_new(f, "text", json_string(dr_rule_text(rules_of(t), rule)));
    json_object_set_new(f, "severity", json_string(severity));
    json_object_set_new(f, "doc", doc ? json_string(doc) : json_null());
    json_object_set_new(f, "commit", json_null());
    json_object_set_new(f, "event", json_null());
    json_object_set_new(f, "file", file ? json_string(file) : json_null());
    json_object_set_new(f, "line", line ? json_integer(line) : json_null());
    json_object_set_new(f, "column", col ? json_integer(col) : json_null());
    json_object_set_new(f, "message", json_string(message));
    json_array_append_new(arr, f);
}

