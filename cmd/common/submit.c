/* Submitting a draft: shared by docsubmit and docroute sync. */
#include "submit.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

/* The body's text, when the body is textual (.md, .txt) and valid UTF-8. */
const char *textual(const char *href, const dr_buf *body)
{
    size_t n = href ? strlen(href) : 0;
    bool text = (n > 3 && !strcmp(href + n - 3, ".md")) || (n > 4 && !strcmp(href + n - 4, ".txt"));
    if (!text || !body || !body->ptr || memchr(body->ptr, '\0', body->len) ||
        !dr_utf8_valid(body->ptr, body->len))
        return NULL;
    return body->ptr;
}

/* Every submission finding of a document (the library's planner); outside a
 * repository the shipped default catalog judges. */
void judge(tool *t, const dr_config *cfg, const dr_document *d, const char *body,
           const dr_route **route, dr_findings *f)
{
    /* out of memory: the findings are no verdict, and one more error says so */
    if (dr_submit_judge(f, cfg, rules_of(t), d, body, route))
        dr_findings_add(f, "", DR_SEV_ERROR, "", false, "%s", dr_strerror(DR_ENOMEM));
}

/* Reports findings; returns the worst exit status they call for. */
int report(tool *t, const char *file, const dr_findings *f)
{
    int st = EXIT_DONE;
    for (size_t i = 0; i < f->n; i++) {
        const dr_finding *x = &f->v[i];
        add_finding(t, x->rule, dr_severity_name(x->severity), NULL, file, 0, 0, x->message);
        if (!t->quiet || x->severity == DR_SEV_ERROR)
            fprintf(stderr, "%s: %s: %s %s (%s, <%s>): %s\n", t->name, file, x->rule,
                    dr_severity_name(x->severity), dr_rule_article(rules_of(t), x->rule), x->element, x->message);
        if (x->severity == DR_SEV_ERROR) {
            int s = x->input_error ? EXIT_USAGE : EXIT_RULE;
            if (s > st)
                st = s;
        }
    }
    return st;
}



const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

void sha_hex(const dr_buf *b, char out[65])
{
    dr_sha256_hex(b->ptr ? b->ptr : "", b->len, out);
}

char *memdup(const dr_buf *b)
{
    char *p = malloc(b->len + 1);
    if (p) {
        memcpy(p, b->ptr ? b->ptr : "", b->len);
        p[b->len] = '\0';
    }
    return p;
}

/* Reads the body and attachments the draft names, checking any sha256 it states. */
int gather_files(tool *t, submission *s)
{
    const dr_document *d = dr_envelope_document(s->draft);
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", s->draft_path);
    char *dn = dirname(dir);
    const char *body_path = s->body_arg;
    char path[4300];
    if (!body_path) {
        snprintf(path, sizeof(path), "%s/%s", dn, d->body.href);
        body_path = path;
    }
    int st = read_named_file(t, body_path, BODY_MAX, &s->body);
    if (st)
        return st;
    const char *body_name = s->body_arg ? base_name(body_path) : d->body.href;
    int n = snprintf(s->body_href, sizeof(s->body_href), "%s", body_name);
    if (n < 0 || (size_t)n >= sizeof(s->body_href) || !dr_envelope_href_ok(s->body_href))
        return fail(t, EXIT_USAGE, "body file name '%s' is not usable as a document file name "
                                   "(letters, digits, '.', '_', '-')",
                    s->body_href);
    sha_hex(&s->body, s->body_sha);
    if (d->body.sha256 && strcmp(d->body.sha256, s->body_sha) != 0)
        return fail(t, EXIT_USAGE, "%s: the body's sha256 in the draft does not match '%s'",
                    s->draft_path, body_path);
    if (d->nattachments > 16)
        return fail(t, EXIT_USAGE, "at most 16 attachments");
    for (size_t i = 0; i < s->nattach_args; i++) {
        const char *a = s->attach_args[i];
        bool named = false;
        for (size_t k = 0; k < d->nattachments; k++)
            named |= strcmp(d->attachments[k].href, base_name(a)) == 0;
        if (!named)
            return fail(t, EXIT_USAGE, "--attach '%s': the draft has no <attachment href=\"%s\">", a,
                        base_name(a));
    }
    for (size_t k = 0; k < d->nattachments; k++) {
        const char *href = d->attachments[k].href, *file = NULL;
        for (size_t i = 0; i < s->nattach_args; i++)
            if (strcmp(base_name(s->attach_args[i]), href) == 0)
                file = s->attach_args[i];
        if (!file) {
            snprintf(path, sizeof(path), "%s/%s", dn, href);
            file = path;
        }
        if (strcmp(href, s->body_href) == 0 || strcmp(href, "envelope.xml") == 0)
            return fail(t, EXIT_USAGE, "attachment '%s' clashes with another file name", href);
        dr_buf_init(&s->att[k].data, BODY_MAX);
        s->natt = k + 1;
        if ((st = read_named_file(t, file, BODY_MAX, &s->att[k].data)))
            return st;
        snprintf(s->att[k].href, sizeof(s->att[k].href), "%s", href);
        sha_hex(&s->att[k].data, s->att[k].sha);
        if (d->attachments[k].sha256 && strcmp(d->attachments[k].sha256, s->att[k].sha) != 0)
            return fail(t, EXIT_USAGE, "%s: attachment '%s': the sha256 in the draft does not "
                                       "match '%s'",
                        s->draft_path, href, file);
    }
    return 0;
}

int plan_submit(tool *t, dr_snapshot *snap, dr_time now, act_plan *plan, void *ud)
{
    submission *s = ud;
    const dr_config *cfg;
    const dr_calendar *cal;
    const dr_document *d = dr_envelope_document(s->draft);
    const dr_route *route;
    dr_findings f;
    signer sg;
    dr_envelope *rec = NULL;
    dr_submit_plan sp = {0};
    const dr_opening *ops = NULL;
    size_t nops = 0;
    char blob[41], prev[72], content[72], dir[128];
    const char *acting_for = NULL;
    int status, rc, y, m, dd;
    dr_buf recorded, lines;

    dr_findings_init(&f);
    dr_buf_init(&recorded, DR_ENVELOPE_MAX_BYTES);
    dr_buf_init(&lines, DR_ENVELOPE_MAX_BYTES);
    memset(&sg, 0, sizeof(sg));
    if ((rc = dr_snapshot_config(snap, &t->ctx, &cfg)) || (rc = dr_snapshot_calendar(snap, &t->ctx, &cal)) ||
        (rc = dr_snapshot_config_blob(snap, &t->ctx, blob))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    if (dr_snapshot_config_lasting(snap))
        t->cfg = cfg; /* the store's: it outlives the snapshot */
    calendar_warnings(t, cal, dr_time_date(now));
    /* Nothing is written before every check has passed. */
    judge(t, cfg, d, textual(s->body_href, &s->body), &route, &f);
    if ((rc = dr_check_deadlines(&f, &t->ctx, cfg, cal, d, dr_time_date(now)))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    if ((status = report(t, s->draft_path, &f)))
        goto done;
    dr_date today = dr_time_date(now);
    if ((status = load_signer(t, cfg, today, &sg)))
        goto done;
    if ((rc = dr_submit_may(&t->ctx, cfg, "submit", d, sg.person->id, t->acting_for, today,
                            &acting_for))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    const dr_unit *du = dr_config_unit(cfg, d->drafter);
    int serial;
    dr_date_to_ymd(today, &y, &m, &dd);
    if ((rc = dr_snapshot_next_serial(snap, &t->ctx, y, du->code, &serial)) ||
        (rc = dr_doc_id_make(s->id, sizeof(s->id), y, du->code, serial))) {
        status = fail_ctx(t, rc);
        goto done;
    }

    /* The recorded form, then the submission's events appended to it. */
    dr_attr hashes[17];
    size_t nh = 0;
    hashes[nh++] = (dr_attr){s->body_href, s->body_sha};
    for (size_t i = 0; i < s->natt; i++)
        hashes[nh++] = (dr_attr){s->att[i].href, s->att[i].sha};
    if ((rc = dr_envelope_make_recorded(s->draft, &t->ctx, s->id, route->id, blob, hashes, nh,
                                        &recorded)) ||
        (rc = dr_envelope_parse(&rec, &t->ctx, "envelope.xml", recorded.ptr, recorded.len,
                                DR_FORM_RECORDED)) ||
        (rc = dr_envelope_content_digest(rec, &t->ctx, content))) {
        status = fail_ctx(t, rc == DR_EINVALID ? DR_EIO : rc);
        goto done;
    }
    memcpy(prev, content, sizeof(prev));
    /* The openings, as check re-plans them: from the recorded document. */
    if ((rc = dr_submit_plan_make(&sp, &t->ctx, cfg, cal, route, dr_envelope_document(rec),
                                  sg.person->id, t->acting_for, now))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    acting_for = sp.acting_for;
    ops = sp.ops;
    nops = sp.nops;
    int seq = 1;
    dr_attr sub_attrs[1] = {{"acting-for", acting_for}};
    dr_event_spec spec = {"submit", sg.person->id, now, sub_attrs, 1, NULL, NULL};
    if ((rc = dr_event_build(&lines, &t->ctx, s->id, seq++, prev, content, &spec, sg.key,
                             sg.key_name, prev))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    for (size_t i = 0; i < nops; i++) {
        char due[11] = "";
        if (ops[i].due != DR_DATE_NONE)
            dr_date_format(ops[i].due, due);
        dr_attr attrs[4] = {{"step", ops[i].step},
                            {ops[i].person ? "person" : "unit", ops[i].unit},
                            {"due-date", due[0] ? due : NULL},
                            {"provisional", ops[i].provisional ? "true" : NULL}};
        dr_event_spec os = {ops[i].act, sg.person->id, now, attrs, 4, NULL, NULL};
        if ((rc = dr_event_build(&lines, &t->ctx, s->id, seq++, prev, content, &os, sg.key,
                                 sg.key_name, prev))) {
            status = fail_ctx(t, rc);
            goto done;
        }
    }
    if ((rc = dr_envelope_append(rec, &t->ctx, lines.ptr, lines.len, &plan->envelope))) {
        status = fail_ctx(t, rc);
        goto done;
    }
    /* What is recorded must parse back as a valid envelope. */
    dr_envelope *check = NULL;
    rc = dr_envelope_parse(&check, &t->ctx, "envelope.xml", plan->envelope.ptr, plan->envelope.len,
                           DR_FORM_RECORDED);
    dr_envelope_free(check);
    if (rc) {
        status = fail_ctx(t, DR_EIO);
        goto done;
    }
    snprintf(plan->doc_id, sizeof(plan->doc_id), "%s", s->id);
    snprintf(plan->act, sizeof(plan->act), "submit");
    snprintf(plan->actor, sizeof(plan->actor), "%s", sg.person->id);
    if (acting_for)
        snprintf(plan->acting_for, sizeof(plan->acting_for), "%s", acting_for);
    plan->first_event = 1;
    plan->last_event = seq - 1;
    memcpy(plan->last_digest, prev, sizeof(prev));
    plan->at = now;
    snprintf(plan->summary, sizeof(plan->summary), "submit %s: %.200s", s->id, d->title);
    /* ENV-CLASSIFIED: a classified document's body and attachments never enter the
     * repository; only their hashes, in the envelope. */
    if (d->level && strcmp(d->level, "none") != 0) {
        status = 0;
        goto done;
    }
    dr_doc_dir(s->id, dir, sizeof(dir));
    char p[300];
    snprintf(p, sizeof(p), "%s/%s", dir, s->body_href);
    plan->extra[plan->nextra++] = (dr_file){strdup(p), memdup(&s->body), s->body.len};
    for (size_t i = 0; i < s->natt; i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, s->att[i].href);
        plan->extra[plan->nextra++] =
            (dr_file){strdup(p), memdup(&s->att[i].data), s->att[i].data.len};
    }
    status = 0;
done:
    dr_submit_plan_dispose(&sp);
    dr_envelope_free(rec);
    dr_buf_dispose(&recorded);
    dr_buf_dispose(&lines);
    dr_findings_dispose(&f);
    signer_dispose(&sg);
    return status;
}


void submission_dispose(submission *s)
{
    for (size_t i = 0; i < s->natt; i++)
        dr_buf_dispose(&s->att[i].data);
    dr_buf_dispose(&s->body);
    dr_envelope_free(s->draft);
    s->draft = NULL;
}
