/* The tools' acts on an existing document: load it, plan the act with the library's
 * planner, sign and append its events; run it through the act loop and report it. */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
/* ---- acts on an existing document ---- */

int load_envelope(tool *t, dr_snapshot *snap, const char *id, dr_envelope **env)
{
    char path[160];
    dr_buf b;
    int rc;
    *env = NULL;
    if (dr_doc_envelope_path(id, path, sizeof(path)))
        return fail(t, EXIT_USAGE, "'%.80s%s' is not a document id (YYYY-code-NNNN)", id,
                    strlen(id) > 80 ? "…" : "");
    dr_buf_init(&b, DR_ENVELOPE_MAX_BYTES);
    rc = dr_snapshot_read(snap, &t->ctx, path, &b);
    if (rc == DR_ENOTFOUND) {
        dr_buf_dispose(&b);
        return fail(t, EXIT_NODOC, "no document '%s'", id);
    }
    if (!rc)
        rc = dr_envelope_parse(env, &t->ctx, path, b.ptr, b.len, DR_FORM_RECORDED);
    dr_buf_dispose(&b);
    /* A recorded envelope that does not parse is the repository's fault. */
    return rc ? fail_ctx(t, rc == DR_EINVALID ? DR_EIO : rc) : 0;
}

int plan_doc_act(tool *t, dr_snapshot *snap, dr_time now, act_plan *plan, void *ud)
{
    doc_act *da = ud;
    dr_envelope *env = NULL, *after = NULL;
    dr_act_plan *ap = NULL;
    const dr_config *cfg, *rcfg;
    const dr_calendar *cal;
    signer sg;
    dr_buf lines;
    char prev[72], content[72], dir[128], p[300];
    int st = 0, rc;
    dr_buf docxml;
    dr_numbered numbered = {0};
    memset(&sg, 0, sizeof(sg));
    dr_buf_init(&lines, DR_ENVELOPE_MAX_BYTES);
    dr_buf_init(&docxml, DR_ENVELOPE_MAX_BYTES);
    da->nevents = 0;
    if ((st = load_envelope(t, snap, da->doc_id, &env)))
        goto done;
    if ((rc = dr_snapshot_config(snap, &t->ctx, &cfg)) || (rc = dr_snapshot_calendar(snap, &t->ctx, &cal)) ||
        (rc = dr_snapshot_config_at(snap, &t->ctx, dr_envelope_config_blob(env), &rcfg))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    const dr_route *route = dr_config_route(rcfg, dr_envelope_route(env));
    if (!route) {
        st = fail(t, EXIT_REPO, "%s: its config has no route '%s'", da->doc_id, dr_envelope_route(env));
        goto done;
    }
    if (dr_snapshot_config_lasting(snap))
        t->cfg = cfg; /* the store's: it outlives the snapshot */
    {
        const char *late = dr_config_cite(cfg, DR_CHECK_LATE_REPLY, NULL);
        snprintf(da->late_rule, sizeof(da->late_rule), "%s", late ? late : "");
    }
    calendar_warnings(t, cal, dr_time_date(now));
    /* An act's time is when it is recorded, and never before the record's last event. */
    size_t nev = dr_envelope_event_count(env);
    if (nev && now.epoch < dr_envelope_event(env, nev - 1)->at.epoch)
        now.epoch = dr_envelope_event(env, nev - 1)->at.epoch;
    if ((st = load_signer(t, cfg, dr_time_date(now), &sg)))
        goto done;
    if (da->system && strcmp(sg.person->id, "system") != 0) {
        st = fail(t, EXIT_USAGE, "the sweep signs with the system key, not '%s''s", sg.person->id);
        goto done;
    }
    dr_act_input in = da->in;
    in.cfg = cfg;
    in.route_cfg = rcfg;
    in.route = route;
    in.cal = cal;
    in.env = env;
    in.actor = sg.person->id;
    in.acting_for = t->acting_for ? t->acting_for : da->in.acting_for;
    in.at = now;
    char names[17][160];
    bool write[17] = {false};
    if (!strcmp(da->in.act, "register")) {
        /* The 发文字号: the next of the lead issuer's 代字 this year, from the record's
         * register ledger at this snapshot (never the derived cache), which the act
         * appends; a concurrent register retries on the new tip. */
        const dr_document *d0 = dr_envelope_document(env);
        const dr_unit *lead = d0->nissuers ? dr_config_unit(cfg, d0->issuers[0].unit) : NULL;
        int y, m, dd;
        dr_date_to_ymd(dr_time_date(now), &y, &m, &dd);
        if (lead && lead->number_prefix) {
            if ((rc = dr_numbers_register(snap, &t->ctx, cfg, lead->number_prefix, y, da->doc_id, &numbered))) {
                st = fail_ctx(t, rc);
                goto done;
            }
            in.number = numbered.number;
        }
    }
    if (da->draft) {
        /* A revised body or attachment is a new file: a name already used for other
         * bytes gets a suffix, the same bytes are not written again. */
        dr_attr hashes[17];
        for (size_t i = 0; i < da->nfiles; i++) {
            if ((rc = dr_doc_file_name(snap, &t->ctx, da->doc_id, da->files[i].name, da->files[i].sha,
                                       i == 0, names[i], sizeof(names[i]), &write[i]))) {
                st = fail_ctx(t, rc);
                goto done;
            }
            hashes[i] = (dr_attr){names[i], da->files[i].sha};
        }
        /* ENV-CLASSIFIED: a classified document's files never enter the repository. */
        const char *level = dr_envelope_document(da->draft)->level;
        if (level && strcmp(level, "none") != 0)
            for (size_t i = 0; i < da->nfiles; i++)
                write[i] = false;
        dr_ctx_init(&t->ctx);
        if ((rc = dr_envelope_document_xml(da->draft, &t->ctx, hashes, da->nfiles, &docxml))) {
            st = fail_ctx(t, rc);
            goto done;
        }
        in.document_xml = docxml.ptr;
    }
    if (da->note_path) {
        snprintf(p, sizeof(p), "note-%d.md", (int)nev + 1);
        char sha[65];
        dr_sha256_hex(da->note.ptr, da->note.len, sha);
        in.note_href = p;
        in.note_sha256 = sha;
        rc = dr_act_plan_make(&ap, &t->ctx, &in);
    } else {
        rc = dr_act_plan_make(&ap, &t->ctx, &in);
    }
    if (rc) {
        st = fail_ctx(t, rc);
        goto done;
    }
    snprintf(da->summary, sizeof(da->summary), "%s", ap->summary ? ap->summary : da->in.act);
    da->no_effect = ap->no_effect;
    da->late = ap->late;
    if (ap->n == 0)
        goto done; /* nothing to record */
    if ((rc = dr_envelope_tip_digest(env, &t->ctx, prev)) ||
        (rc = dr_envelope_content_digest(env, &t->ctx, content))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    /* A revision changes the content: its events carry the new digest. */
    if (ap->n && ap->events[0].document_xml &&
        (rc = dr_document_xml_digest(ap->events[0].document_xml, &t->ctx, content))) {
        st = fail_ctx(t, rc);
        goto done;
    }
    for (size_t i = 0; i < ap->n; i++) {
        dr_event_spec spec;
        dr_act_plan_spec(ap, i, sg.person->id, now, &spec);
        if ((rc = dr_event_build(&lines, &t->ctx, da->doc_id, (int)(nev + i + 1), prev, content, &spec,
                                 sg.key, sg.key_name, prev))) {
            st = fail_ctx(t, rc);
            goto done;
        }
    }
    if ((rc = dr_envelope_append(env, &t->ctx, lines.ptr, lines.len, &plan->envelope)) ||
        (rc = dr_envelope_parse(&after, &t->ctx, "envelope.xml", plan->envelope.ptr,
                                plan->envelope.len, DR_FORM_RECORDED))) {
        st = fail_ctx(t, rc == DR_EINVALID ? DR_EIO : rc);
        goto done;
    }
    da->nevents = (int)ap->n;
    snprintf(plan->doc_id, sizeof(plan->doc_id), "%s", da->doc_id);
    snprintf(plan->act, sizeof(plan->act), "%s", da->in.act);
    snprintf(plan->actor, sizeof(plan->actor), "%s", sg.person->id);
    if (ap->acting_for)
        snprintf(plan->acting_for, sizeof(plan->acting_for), "%s", ap->acting_for);
    plan->first_event = (int)nev + 1;
    plan->last_event = (int)(nev + ap->n);
    memcpy(plan->last_digest, prev, sizeof(prev));
    plan->at = now;
    snprintf(plan->summary, sizeof(plan->summary), "%s", da->summary);
    for (size_t i = 0; da->draft && i < da->nfiles; i++) {
        if (!write[i])
            continue;
        char full[400];
        dr_doc_dir(da->doc_id, dir, sizeof(dir));
        if (snprintf(full, sizeof(full), "%s/%s", dir, names[i]) >= (int)sizeof(full))
            continue; /* cannot happen: checked when the name was chosen */
        char *copy = malloc(da->files[i].data->len + 1);
        if (!copy)
            abort();
        memcpy(copy, da->files[i].data->ptr ? da->files[i].data->ptr : "", da->files[i].data->len);
        plan->extra[plan->nextra++] = (dr_file){strdup(full), copy, da->files[i].data->len};
    }
    if (numbered.ledger_path[0]) { /* register: the ledger's new bytes, in the same commit */
        size_t len = numbered.ledger.len;
        plan->extra[plan->nextra++] =
            (dr_file){strdup(numbered.ledger_path), dr_buf_detach(&numbered.ledger, NULL), len};
    }
    if (da->note_path) {
        dr_doc_dir(da->doc_id, dir, sizeof(dir));
        char full[300];
        snprintf(full, sizeof(full), "%s/%s", dir, in.note_href);
        char *copy = malloc(da->note.len + 1);
        if (!copy)
            abort();
        memcpy(copy, da->note.ptr, da->note.len);
        copy[da->note.len] = '\0';
        plan->extra[plan->nextra++] = (dr_file){strdup(full), copy, da->note.len};
    }
done:
    dr_buf_dispose(&numbered.ledger);
    dr_buf_dispose(&docxml);
    dr_envelope_free(after);
    dr_envelope_free(env);
    dr_act_plan_free(ap);
    dr_buf_dispose(&lines);
    signer_dispose(&sg);
    return st;
}

/* A text given on the command line (--opinion, --reason): at most 64 KiB of UTF-8, no
 * control characters but newlines and tabs — a bad command line (exit 2), never the
 * repository's fault. */
static int text_option(tool *t, const char *what, const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (!v)
        return 0;
    if (n > 65536)
        return fail(t, EXIT_USAGE, "%s is longer than 64 KiB (%zu bytes)", what, n);
    if (!dr_utf8_valid(v, n))
        return fail(t, EXIT_USAGE, "%s is not valid UTF-8", what);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
            return fail(t, EXIT_USAGE, "%s holds a control character (byte %zu)", what, i + 1);
    }
    return 0;
}

int run_doc_act(tool *t, doc_act *da)
{
    char commit[41] = "";
    int st;
    if ((st = text_option(t, "--opinion", da->in.opinion)) ||
        (st = text_option(t, "--reason", da->in.reason)))
        return st;
    if ((st = open_store(t)))
        return st;
    if (da->note_path && (st = read_named_file(t, da->note_path, (size_t)1 << 20, &da->note)))
        return st;
    st = run_act(t, plan_doc_act, da, commit);
    if (st)
        return st;
    json_object_set_new(result(t), "doc", json_string(da->doc_id));
    json_object_set_new(result(t), "act", json_string(da->in.act));
    json_object_set_new(result(t), "summary", json_string(da->summary));
    json_object_set_new(result(t), "events", json_integer(da->nevents));
    json_object_set_new(result(t), "late", json_boolean(da->late));
    json_object_set_new(result(t), "effect", json_boolean(!da->no_effect));
    json_object_set_new(result(t), "commit", commit[0] ? json_string(commit) : json_null());
    const char *late = da->late_rule[0] ? da->late_rule : NULL;
    if (da->no_effect)
        note(t, "%s%s%s: recorded as late, with no effect (consent was deemed at the end of the due "
                "date)",
             late ? late : "", late ? ": " : "", da->doc_id);
    else if (da->late)
        note(t, "%s%s%s: recorded as late", late ? late : "", late ? ": " : "", da->doc_id);
    if (!t->json && !t->quiet)
        printf("%s\n", da->summary);
    return EXIT_DONE;
}
