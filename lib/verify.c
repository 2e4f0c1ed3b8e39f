/* docroute check: one commit verified against the config and calendar in force
 * in its parent (SPEC §8). Every act is re-planned with the library's planner
 * from the envelope before it and compared with what was recorded. */
#include "docroute/act.h"
#include "docroute/check.h"
#include "docroute/numbers.h"
#include "docroute/sign.h"
#include "docroute/store.h"
#include "docroute/submit.h"
#include "envmemo.h"
#include "internal.h"
#include "verify_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h" /* last: it poisons names the system headers use */

void add(sink *k, const char *rule, int event, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    dr_utf8_trim(msg);
    if (dr_findings_add(k->out, rule, DR_SEV_ERROR, "", false, "%s", msg)) {
        k->rc = DR_ENOMEM;
        return;
    }
    dr_finding *f = &k->out->v[k->out->n - 1];
    snprintf(f->commit, sizeof(f->commit), "%s", k->commit ? k->commit : "");
    snprintf(f->doc, sizeof(f->doc), "%s", k->doc ? k->doc : "");
    f->event = event;
}

bool nomem(sink *k, int rc)
{
    if (rc != DR_ENOMEM)
        return false;
    k->rc = rc;
    return true;
}

/* A trailer's value in a commit message ("Key: value"), or NULL. */
bool trailer(const char *msg, const char *key, char *out, size_t size, const char **from)
{
    size_t kl = strlen(key);
    for (const char *p = from && *from ? *from : msg; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > kl + 2 && !strncmp(p, key, kl) && p[kl] == ':' && p[kl + 1] == ' ') {
            size_t vl = len - kl - 2;
            if (vl >= size)
                vl = 0; /* too long for any value: empty, which nothing accepts */
            memcpy(out, p + kl + 2, vl);
            out[vl] = '\0';
            if (from)
                *from = eol ? eol + 1 : p + len;
            return true;
        }
        p = eol ? eol + 1 : NULL;
    }
    return false;
}

/* ---- the changed paths ---- */

static int collect(void *ud, const char *path, char status)
{
    changes *c = ud;
    change *x = dr__push(&c->v, &c->n, sizeof(change));
    if (!x)
        return DR_ENOMEM;
    /* A path too long to keep is kept as one that no write-set holds (a note, then its
     * start), never cut into one that looks like it belongs. */
    if (strlen(path) >= sizeof(x->path))
        snprintf(x->path, sizeof(x->path), "(a path longer than %zu bytes) %.200s…",
                 sizeof(x->path) - 1, path);
    else
        snprintf(x->path, sizeof(x->path), "%s", path);
    x->status = status;
    return 0;
}

/* Splits s at single spaces into exactly n fields of at most size[i] - 1 bytes; -1 when
 * there are more or fewer, or one is empty or too long. */
int split_fields(const char *s, char *const out[], const size_t size[], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *end = i + 1 < n ? strchr(s, ' ') : s + strlen(s);
        if (!end || end == s || (size_t)(end - s) >= size[i])
            return -1;
        memcpy(out[i], s, (size_t)(end - s));
        out[i][end - s] = '\0';
        if (i + 1 < n)
            s = end + 1;
        else if (strchr(out[i], ' '))
            return -1;
    }
    return 0;
}

/* ---- document acts ---- */

static const char *const compared[] = {"step", "unit", "person", "due-date", "provisional", "position", "late", "until",
                                       "note", "note-sha256", "rule", "issuer", "to-step",
                                       "flags", "editorial", "number", "acting-for", "decision",
                                       NULL};

/* Compares the planned events with the recorded ones; reports the first difference. */
static void compare_plan(sink *k, const dr_act_plan *plan, const dr_envelope *env, size_t first,
                         size_t count, const char *rule_for_act)
{
    /* docroute before 2026-12 recorded a return to a step without opening it again (the
     * document then waited for a revise): such a record stands as it was made. */
    bool old_return = count == plan->n_act && plan->n_act < plan->n && count &&
                      !strcmp(dr_envelope_event(env, first)->act, "return");
    if (plan->n != count && !old_return) {
        add(k, rule_for_act, (int)first + 1,
            "the act records %zu event%s where the rules give %zu", count, count == 1 ? "" : "s",
            plan->n);
        return;
    }
    for (size_t i = 0; i < count; i++) {
        const dr_planned_event *pe = &plan->events[i];
        const dr_event *re = dr_envelope_event(env, first + i);
        if (strcmp(pe->act, re->act) != 0) {
            add(k, rule_for_act, re->seq, "event %d is '%s' where the rules give '%s'", re->seq,
                re->act, pe->act);
            return;
        }
        for (size_t a = 0; compared[a]; a++) {
            const char *rv = dr_event_attr(env, first + i, compared[a]), *pv = NULL;
            for (size_t j = 0; j < pe->nattrs; j++)
                if (!strcmp(pe->attrs[j].name, compared[a]))
                    pv = pe->attrs[j].value;
            if ((rv == NULL) != (pv == NULL) || (rv && strcmp(rv, pv) != 0)) {
                add(k, !strcmp(compared[a], "due-date") ? DR_ENV_MONOTONIC : rule_for_act, re->seq,
                    "event %d: %s=\"%s\" where the rules give %s%s%s", re->seq, compared[a],
                    rv ? rv : "(none)", pv ? "\"" : "", pv ? pv : "none", pv ? "\"" : "");
                return;
            }
        }
    }
}

/* A register act's number: the next of its 代字 and year after its parent — from the
 * parent's ledger, else (a history from before ledgers) the numbers seen along the
 * whole history or the documents' register events — and after the numbers the config
 * declares issued before adoption; and the ledger appended with exactly its line. */
static void verify_number(sink *k, dr_ctx *ctx, dr_snapshot *p, dr_snapshot *c,
                          const dr_config *cfg, const dr_envelope *env, size_t at, const char *doc,
                          const char *ledger_changed, char ledger_status,
                          const dr_verify_opts *o)
{
    const char *num = dr_event_attr(env, at, "number");
    const char *gb = dr_config_cite(cfg, DR_CHECK_GB_FORMAT, DR_ENV_NUMBERS);
    int seq = dr_envelope_event(env, at)->seq, year, serial, last = 0;
    char prefix[96], path[200];
    bool ledger = false;
    if (!num || dr_number_parse(num, prefix, sizeof(prefix), &year, &serial) ||
        dr_ledger_path(prefix, year, path, sizeof(path))) {
        add(k, gb, seq, "'%s' is not a " DR_W_DOC_NUMBER " (" DR_W_NUMBER_PREFIX  DR_W_NUMBER_OPEN  DR_W_YEAR  DR_W_NUMBER_CLOSE  DR_W_SERIAL_NO  DR_W_NUMBER_SERIAL ")", num ? num : "");
        return;
    }
    dr_number_seen *seen = NULL;
    for (size_t i = 0; o && o->numbers && i < *o->nnumbers; i++)
        if ((*o->numbers)[i].year == year && !strcmp((*o->numbers)[i].prefix, prefix))
            seen = &(*o->numbers)[i];
    if (o && o->numbers && !seen) {
        if (!(seen = dr__push(o->numbers, o->nnumbers, sizeof(dr_number_seen)))) {
            nomem(k, DR_ENOMEM);
            return;
        }
        snprintf(seen->prefix, sizeof(seen->prefix), "%s", prefix);
        seen->year = year;
    }
    dr_buf old, now;
    dr_buf_init(&old, 16u << 20);
    dr_buf_init(&now, 16u << 20);
    dr_ctx lctx;
    dr_ctx_init(&lctx);
    int rc;
    if (dr_snapshot_exists(p, path)) {
        ledger = true;
        if (((rc = dr_snapshot_read(p, &lctx, path, &old)) ||
             (rc = dr_ledger_parse(&lctx, path, old.ptr ? old.ptr : "", old.len, prefix, year, &last))) &&
            !nomem(k, rc))
            add(k, gb, seq, "the ledger %s before this act: %s", path, lctx.msg);
        /* Along the whole history, the ledger says what the register events said. */
        if (seen && seen->last && last != seen->last)
            add(k, gb, seq, "the ledger %s ends at %d, but the history registered %d of %s in %d",
                path, last, seen->last, prefix, year);
    } else if (seen) {
        last = seen->last; /* the whole history, from the genesis */
    } else if ((rc = dr_numbers_last(p, &lctx, prefix, year, &last, &ledger)) && !nomem(k, rc)) {
        add(k, gb, seq, "the numbers of %s in %d cannot be read: %s", prefix, year, lctx.msg);
    }
    int before = dr_config_issued_before(cfg, prefix, year);
    int want = (last > before ? last : before) + 1;
    if (serial != want) {
        char w[200];
        dr_number_format(prefix, year, want, w, sizeof(w));
        add(k, gb, seq, "%s: the next number is %s (" DR_W_DOC_NUMBER " are unique and gap-free%s)", num,
            w, before ? ", after those issued before adoption" : "");
    }
    if (seen && serial > seen->last)
        seen->last = serial;
    /* The ledger: appended with exactly this act's line. */
    if (ledger_changed && (strcmp(ledger_changed, path) || ledger_status == 'D')) {
        add(k, DR_ENV_APPEND_ONLY, seq, "'%s' is %s: a register of %s writes only %s",
            ledger_changed, ledger_status == 'D' ? "deleted" : "written", num, path);
    } else if (ledger_changed) {
        dr_buf want_bytes;
        dr_buf_init(&want_bytes, 16u << 20);
        if (((rc = dr_buf_put(&want_bytes, old.ptr ? old.ptr : "", old.len)) ||
             (rc = dr_buf_printf(&want_bytes, "%d %s %s\n", serial, num, doc)) ||
             (rc = dr_snapshot_read(c, &lctx, path, &now)) || now.len != want_bytes.len ||
             memcmp(now.ptr ? now.ptr : "", want_bytes.ptr, now.len)) &&
            !nomem(k, rc))
            add(k, DR_ENV_APPEND_ONLY, seq, "the ledger %s is not the one before with the line "
                                           "\"%d %s %s\" appended",
                path, serial, num, doc);
        dr_buf_dispose(&want_bytes);
    } else if (ledger || dr_snapshot_exists(p, DR_LEDGER_DIR)) {
        /* Once the record keeps ledgers, every register appends its own (a history from
         * before ledgers has none, and its numbers were checked above all the same). */
        add(k, DR_ENV_ONE_ACT, seq, "the register of %s does not append its ledger %s", num, path);
    }
    dr_buf_dispose(&old);
    dr_buf_dispose(&now);
}

/* The rule a finding on an act cites: the catalog's, else the route's, else none. */
static const char *rule_of(const dr_config *cfg, const dr_route *route, const char *act)
{
    const char *named = route ? route->rule : NULL;
    const char *id = !strcmp(act, "deemed-consent")
                         ? dr_config_cite(cfg, DR_CHECK_SILENCE, route && route->cs_rule ? route->cs_rule : named)
                         : dr_config_cite(cfg, DR_CHECK_ROUTE, named);
    return id ? id : "";
}

/* A file of a document's folder, docs/<year>/<code>/<id>/<leaf>, read component by
 * component: the id valid and in its own folder (dr_doc_dir), the leaf a plain name
 * of that folder. Returns the leaf and fills id, or NULL. */
static const char *doc_file(const char *path, char id[64])
{
    char dir[160];
    const char *leaf = strrchr(path, '/');
    const char *id_at = NULL;
    id[0] = '\0';
    if (!leaf || !leaf[1] || strcmp(leaf + 1, ".") == 0 || strcmp(leaf + 1, "..") == 0)
        return NULL;
    for (const char *p = leaf - 1; p >= path; p--)
        if (*p == '/') {
            id_at = p + 1;
            break;
        }
    if (!id_at || (size_t)(leaf - id_at) >= 64)
        return NULL;
    memcpy(id, id_at, (size_t)(leaf - id_at));
    id[leaf - id_at] = '\0';
    /* The whole prefix must be the id's own folder: no extra or missing component. */
    if (!dr_doc_id_valid(id) || dr_doc_dir(id, dir, sizeof(dir)) ||
        strlen(dir) != (size_t)(leaf - path) || strncmp(path, dir, strlen(dir)) != 0) {
        id[0] = '\0';
        return NULL;
    }
    return leaf + 1;
}

/* The sha256 (hex) an event of this act, or the document it records, gives a file of
 * the document's folder; NULL when nothing references it (SPEC §2: an act writes its
 * envelope plus new files its events reference by sha256). */
static const char *file_ref(const dr_envelope *env, size_t n_old, const char *leaf)
{
    const dr_document *d = dr_envelope_document(env);
    if (d->body.href && !strcmp(d->body.href, leaf))
        return d->body.sha256;
    for (size_t i = 0; i < d->nattachments; i++)
        if (d->attachments[i].href && !strcmp(d->attachments[i].href, leaf))
            return d->attachments[i].sha256;
    for (size_t i = n_old; i < dr_envelope_event_count(env); i++)
        if (dr__streq(dr_event_attr(env, i, "note"), leaf))
            return dr_event_attr(env, i, "note-sha256");
    return NULL;
}

/* Each new file beside the envelope: referenced by the act, its bytes the ones the
 * signed sha256 names; none at all for a classified document. */
static int verify_files(sink *k, dr_ctx *ctx, dr_snapshot *c, const dr_envelope *env, size_t n_old,
                        const changes *ch)
{
    const char *level = dr_envelope_document(env)->level;
    bool classified = level && strcmp(level, "none") != 0;
    int rc = 0;
    for (size_t i = 0; i < ch->n && !rc; i++) {
        char doc[64], sha[65];
        const char *leaf = doc_file(ch->v[i].path, doc);
        if (!leaf || ch->v[i].status != 'A' || !strcmp(leaf, "envelope.xml"))
            continue;
        if (classified) {
            add(k, DR_ENV_CLASSIFIED, 0, "'%s': a classified document's files never enter the "
                                        "repository",
                ch->v[i].path);
            continue;
        }
        const char *want = file_ref(env, n_old, leaf);
        if (!want) {
            add(k, DR_ENV_APPEND_ONLY, 0, "'%s' is outside the act's write-set: no event references it",
                ch->v[i].path);
            continue;
        }
        dr_buf b;
        dr_buf_init(&b, (size_t)64 << 20);
        if ((rc = dr_snapshot_read(c, ctx, ch->v[i].path, &b)) == 0) {
            dr_sha256_hex(b.ptr ? b.ptr : "", b.len, sha);
            if (strcmp(sha, want) != 0)
                add(k, DR_ENV_SIGNATURE, 0, "'%s' is not the file the signed record names (sha256 %.12s…, "
                                       "not %.12s…)",
                    ch->v[i].path, sha, want);
        }
        dr_buf_dispose(&b);
    }
    return rc;
}

static int verify_doc_act(sink *k, dr_ctx *ctx, dr_snapshot *p, dr_snapshot *c, const changes *ch,
                          const dr_verify_opts *o, bool *defer)
{
    char id[64] = "", env_path[200];
    dr__memo_env *mnew = NULL, *mold = NULL;
    const dr_envelope *env = NULL, *old = NULL;
    const dr_config *cfg = NULL, *rcfg = NULL;
    const dr_calendar *cal = NULL;
    int rc = 0;
    /* One document, its own folder, new files only beside the envelope; a register act
     * also appends its ledger (checked below). */
    char env_status = 0, ledger_status = 0;
    const char *ledger_changed = NULL;
    for (size_t i = 0; i < ch->n; i++) {
        const char *path = ch->v[i].path;
        char doc[64];
        const char *leaf;
        if (!strncmp(path, DR_LEDGER_DIR "/", strlen(DR_LEDGER_DIR) + 1) && !ledger_changed) {
            ledger_changed = path;
            ledger_status = ch->v[i].status;
            continue;
        }
        if (!(leaf = doc_file(path, doc))) {
            add(k, DR_ENV_APPEND_ONLY, 0, "'%.300s' is outside any act's write-set", path);
            continue;
        }
        if (!id[0])
            snprintf(id, sizeof(id), "%s", doc);
        else if (strcmp(id, doc) != 0) {
            add(k, DR_ENV_ONE_ACT, 0, "one commit touches two documents: %s and %s", id, doc);
            continue;
        }
        if (!strcmp(leaf, "envelope.xml"))
            env_status = ch->v[i].status;
        else if (ch->v[i].status != 'A')
            add(k, DR_ENV_APPEND_ONLY, 0, "'%s' is %s: an act only adds new files", path,
                ch->v[i].status == 'D' ? "deleted" : "rewritten");
    }
    k->doc = id[0] ? id : NULL;
    if (!id[0]) {
        /* No act on a document: the register ledger changes only with a register. */
        if (ledger_changed)
            add(k, DR_ENV_APPEND_ONLY, 0, "'%s' changes with no register act: the ledger is only "
                                         "appended by one",
                ledger_changed);
        goto done;
    }
    if (!env_status || env_status == 'D') {
        add(k, DR_ENV_ONE_ACT, 0, "the commit records no act on %s's envelope", id);
        goto done;
    }
    dr_doc_envelope_path(id, env_path, sizeof(env_path));
    dr_ctx pctx;
    dr_ctx_init(&pctx);
    int erc = 0;
    if ((rc = dr__memo_envelope(&mnew, ctx, c, env_path, &pctx, &erc)))
        goto done;
    if (erc) {
        if (!nomem(k, erc))
            add(k, DR_ENV_SCHEMA, 0, "%s:%d: %s", env_path, pctx.line, pctx.msg);
        goto done;
    }
    env = mnew->env;
    size_t n_old = 0;
    bool appended = false; /* the old events are the new one's, byte for byte */
    if (env_status == 'M') {
        if ((rc = dr__memo_envelope(&mold, ctx, p, env_path, ctx, &erc)) || (rc = erc))
            goto done; /* the parent was verified: this is an I/O problem */
        old = mold->env;
        n_old = dr_envelope_event_count(old);
        /* Textual append: the old bytes around the inserted events, unchanged. */
        size_t nl, ol;
        const char *nb = dr_envelope_bytes(env, &nl), *ob = dr_envelope_bytes(old, &ol);
        const char *pos = NULL;
        for (const char *q = ob; (q = strstr(q, "</routing>")); q++)
            pos = q;
        const char *at = pos;
        while (at && at > ob && (at[-1] == ' ' || at[-1] == '\t'))
            at--;
        size_t head = at ? (size_t)(at - ob) : 0, tail = ol - head;
        if (!pos || nl < ol || memcmp(nb, ob, head) != 0 || memcmp(nb + nl - tail, ob + head, tail) != 0)
            add(k, DR_ENV_APPEND_ONLY, 0, "%s was not only appended to: bytes before </routing> changed",
                env_path);
        else
            appended = true;
    }
    size_t n_new = dr_envelope_event_count(env);
    if (n_new <= n_old) {
        add(k, DR_ENV_ONE_ACT, 0, "the commit records no new event on %s", id);
        goto done;
    }
    if ((rc = verify_files(k, ctx, c, env, n_old, ch)))
        goto done;
    /* The config and calendar in force: the parent's. */
    if ((rc = dr_snapshot_config(p, ctx, &cfg)) || (rc = dr_snapshot_calendar(p, ctx, &cal)))
        goto done;
    if ((rc = dr_snapshot_config_at(p, ctx, dr_envelope_config_blob(env), &rcfg))) {
        if (rc == DR_ENOMEM)
            goto done;
        add(k, DR_ENV_CONFIG_IN_FORCE, 0, "its route's config blob %s is not in the history",
            dr_envelope_config_blob(env));
        rc = 0;
        goto done;
    }
    const dr_route *route = dr_config_route(rcfg, dr_envelope_route(env));
    if (!route) {
        add(k, rule_of(cfg, NULL, DR_CHECK_ROUTE), 0, "its config has no route '%s'", dr_envelope_route(env));
        goto done;
    }
    /* Signatures, keys, chain, time, content — over the new events. */
    char prev[72], content[72];
    bool chained = true;
    size_t from = 0;
    if (appended && mold->chained) {
        /* The old events, byte for byte those a check already chained: from there on. */
        memcpy(prev, mold->prev, sizeof(prev));
        memcpy(content, mold->content, sizeof(content));
        from = n_old;
    } else {
        if ((rc = dr_envelope_initial_digest(env, ctx, prev)))
            goto done;
        memcpy(content, prev, sizeof(prev));
    }
    const dr_event *first = dr_envelope_event(env, n_old);
    if (defer && !strcmp(first->act, "register")) {
        *defer = true; /* its number depends on every register before it: in order */
        goto done;
    }
    for (size_t i = from; i < n_new; i++) {
        const dr_event *e = dr_envelope_event(env, i);
        if (!strcmp(e->act, "revise")) {
            dr_buf dx;
            dr_buf_init(&dx, DR_ENVELOPE_MAX_BYTES);
            if ((rc = dr_event_document_xml(env, ctx, i, &dx)) == 0)
                rc = dr_document_xml_digest(dx.ptr, ctx, content);
            dr_buf_dispose(&dx);
            if (nomem(k, rc))
                goto done;
            rc = 0;
        }
        if (i >= n_old) {
            const dr_event *before = i ? dr_envelope_event(env, i - 1) : NULL;
            char person[DR_ID_MAX + 1] = "";
            int kid = 0;
            const char *slash = e->sig_key ? strrchr(e->sig_key, '/') : NULL;
            if (slash && slash - e->sig_key <= DR_ID_MAX) {
                snprintf(person, sizeof(person), "%.*s", (int)(slash - e->sig_key), e->sig_key);
                kid = (int)strtol(slash + 1, NULL, 10);
            }
            const dr_person_key *pk = dr_config_person_key(dr_config_person(cfg, person), kid);
            dr_ctx vctx;
            dr_ctx_init(&vctx);
            int vrc = 0;
            if (strcmp(person, e->actor) != 0)
                add(k, DR_ENV_SIGNATURE, e->seq, "event %d is signed by '%s', not by its actor '%s'",
                    e->seq, person, e->actor);
            else if (!pk || !pk->key)
                add(k, DR_ENV_SIGNATURE, e->seq, "event %d: '%s' is not a key the config in force "
                                                "registers",
                    e->seq, e->sig_key);
            else if (!dr_person_key_valid_on(pk, dr_time_date(e->at)))
                add(k, DR_ENV_SIGNATURE, e->seq, "event %d: key '%s' is not valid on %.10s", e->seq,
                    e->sig_key, e->at_text);
            else if ((vrc = dr_envelope_verify_event(env, &vctx, i, pk->key)) && !nomem(k, vrc))
                add(k, DR_ENV_SIGNATURE, e->seq, "event %d: %s", e->seq, vctx.msg);
            if (!strcmp(e->actor, "system") && strcmp(first->act, "deemed-consent") != 0)
                add(k, DR_ENV_SIGNATURE, e->seq, "system signs only deemed consents");
            if (strcmp(e->actor, first->actor) != 0)
                add(k, DR_ENV_ONE_ACT, e->seq, "event %d is by '%s', the act's by '%s'", e->seq,
                    e->actor, first->actor);
            if (strcmp(e->prev, prev) != 0)
                add(k, DR_ENV_CHAIN, e->seq, "event %d's prev does not name the digest before it", e->seq);
            if (strcmp(e->content, content) != 0)
                add(k, DR_ENV_CHAIN, e->seq, "event %d's content is not the document's digest", e->seq);
            if (before && e->at.epoch < before->at.epoch)
                add(k, DR_ENV_MONOTONIC, e->seq, "event %d's time goes back before event %d's",
                    e->seq, before->seq);
            if (o && o->clock &&
                (e->at.epoch > o->now.epoch + 60LL * o->tolerance || e->at.epoch < o->now.epoch - 60LL * o->tolerance))
                add(k, DR_ENV_CLOCK, e->seq, "event %d's time %s is further than %d minutes from "
                                            "the server's clock",
                    e->seq, e->at_text, o->tolerance);
        }
        if ((rc = dr_envelope_event_digest(env, ctx, i, prev))) {
            if (nomem(k, rc))
                goto done;
            rc = 0;
            chained = false;
            break;
        }
    }
    if (chained && !mnew->chained) {
        memcpy(mnew->prev, prev, sizeof(prev));
        memcpy(mnew->content, content, sizeof(content));
        mnew->chained = true;
    }
    /* The commit: its trailers and its author name the act. */
    char v[200], want[200];
    const char *msg = dr_snapshot_message(c);
    const dr_event *last = dr_envelope_event(env, n_new - 1);
    if (!trailer(msg, "Doc-Id", v, sizeof(v), NULL) || strcmp(v, id))
        add(k, DR_ENV_ONE_ACT, 0, "the Doc-Id trailer does not name %s", id);
    if (!trailer(msg, "Act", v, sizeof(v), NULL) || strcmp(v, first->act))
        add(k, DR_ENV_ONE_ACT, 0, "the Act trailer does not name '%s'", first->act);
    if (!trailer(msg, "Actor", v, sizeof(v), NULL) || strcmp(v, first->actor))
        add(k, DR_ENV_ONE_ACT, 0, "the Actor trailer does not name '%s'", first->actor);
    if (n_new - n_old == 1)
        snprintf(want, sizeof(want), "%d", first->seq);
    else
        snprintf(want, sizeof(want), "%d-%d", first->seq, last->seq);
    if (!trailer(msg, "Events", v, sizeof(v), NULL) || strcmp(v, want))
        add(k, DR_ENV_ONE_ACT, 0, "the Events trailer does not say %s", want);
    if (!trailer(msg, "Event-Digest", v, sizeof(v), NULL) || strcmp(v, prev))
        add(k, DR_ENV_ONE_ACT, 0, "the Event-Digest trailer is not the last event's digest");
    const char *email = dr_snapshot_author_email(c);
    size_t al = strlen(first->actor);
    if (!email || strncmp(email, first->actor, al) || email[al] != '@')
        add(k, DR_ENV_ONE_ACT, 0, "the commit's author is not the actor '%s'", first->actor);

    /* The act itself, re-planned from the envelope before it. */
    if (n_old == 0) {
        const dr_document *d = dr_envelope_document(env);
        char blob[41];
        const dr_route *sel = NULL;
        dr_ctx sctx;
        dr_ctx_init(&sctx);
        dr_snapshot_config_blob(p, ctx, blob);
        if (strcmp(first->act, "submit") != 0)
            add(k, rule_of(cfg, NULL, DR_CHECK_ROUTE), 1, "a document's first act is its submission, not '%s'", first->act);
        if (strcmp(blob, dr_envelope_config_blob(env)) != 0)
            add(k, DR_ENV_CONFIG_IN_FORCE, 0, "the route comes from config %.12s, not the one in "
                                             "force (%.12s)",
                dr_envelope_config_blob(env), blob);
        /* The same planner as docsubmit: the route, the rules, who may, the openings. */
        dr_findings f;
        dr_findings_init(&f);
        if (nomem(k, dr_submit_judge(&f, cfg, cfg, d, NULL, &sel))) {
            dr_findings_dispose(&f);
            goto done;
        }
        if (!sel || strcmp(sel->id, route->id) != 0)
            add(k, rule_of(cfg, NULL, DR_CHECK_ROUTE), 0, "the config in force routes it by '%s', not '%s'",
                sel ? sel->id : "no route", route->id);
        for (size_t i = 0; i < f.n; i++)
            if (f.v[i].severity == DR_SEV_ERROR && (sel || i > 0))
                add(k, f.v[i].rule, 1, "%s", f.v[i].message);
        dr_findings_dispose(&f);
        /* Its other events: the openings of the route at the submission's time. */
        dr_submit_plan sp;
        const char *asked = dr_event_attr(env, 0, "acting-for");
        int src = dr_submit_plan_make(&sp, &sctx, cfg, cal, route, d, first->actor, asked, first->at);
        if (src == 0) {
            const dr_opening *ops = sp.ops;
            size_t nops = sp.nops;
            if (!asked != !sp.acting_for || (asked && strcmp(asked, sp.acting_for) != 0))
                add(k, rule_of(cfg, NULL, DR_CHECK_ROUTE), 1, "the submission records acting for '%s' where "
                                                       "the config gives '%s'",
                    asked ? asked : "nobody", sp.acting_for ? sp.acting_for : "nobody");
            if (nops != n_new - 1)
                add(k, rule_of(cfg, NULL, DR_CHECK_ROUTE), 1, "the submission records %zu opening events where the rules "
                                     "give %zu",
                    n_new - 1, nops);
            for (size_t i = 0; i < nops && i + 1 < n_new; i++) {
                const char *due = dr_event_attr(env, i + 1, "due-date");
                char want_due[11] = "";
                if (ops[i].due != DR_DATE_NONE)
                    dr_date_format(ops[i].due, want_due);
                const char *key = dr_event_attr(env, i + 1, ops[i].person ? "person" : "unit");
                if (strcmp(dr_envelope_event(env, i + 1)->act, ops[i].act) ||
                    !dr__streq(key, ops[i].unit) != !ops[i].unit ||
                    (ops[i].person && dr_event_attr(env, i + 1, "unit")))
                    add(k, rule_of(cfg, NULL, DR_CHECK_ROUTE), (int)i + 2, "event %d is not the opening the rules give", (int)i + 2);
                else if ((due ? due : "")[0] != want_due[0] || strcmp(due ? due : "", want_due))
                    add(k, DR_ENV_MONOTONIC, (int)i + 2, "event %d: due-date %s where the calendar "
                                                        "in force gives %s",
                        (int)i + 2, due ? due : "(none)", want_due[0] ? want_due : "none");
                else if (dr__streq(dr_event_attr(env, i + 1, "provisional"), "true") != ops[i].provisional)
                    add(k, DR_ENV_MONOTONIC, (int)i + 2, "event %d: %s where the calendar in force "
                                                        "gives %s",
                        (int)i + 2, ops[i].provisional ? "no provisional=\"true\"" : "provisional=\"true\"",
                        ops[i].provisional ? "a provisional due date" : "an official one");
            }
            dr_submit_plan_dispose(&sp);
        } else if (!nomem(k, src)) {
            add(k, sctx.rule[0] ? sctx.rule : rule_of(cfg, NULL, DR_CHECK_ROUTE), 1, "%s", sctx.msg);
        }
        goto done;
    }
    dr_act_input in;
    dr_buf dx;
    dr_buf_init(&dx, DR_ENVELOPE_MAX_BYTES);
    if (nomem(k, dr_act_input_from_record(&in, ctx, env, n_old, &dx))) {
        dr_buf_dispose(&dx);
        goto done;
    }
    in.cfg = cfg;
    in.route_cfg = rcfg;
    in.route = route;
    in.cal = cal;
    in.env = old;
    dr_act_plan *plan = NULL;
    dr_ctx actx;
    dr_ctx_init(&actx);
    int prc = dr_act_plan_make(&plan, &actx, &in);
    if (prc && !nomem(k, prc))
        add(k, actx.rule[0] ? actx.rule : rule_of(cfg, route, first->act), first->seq, "%s", actx.msg);
    else if (!prc)
        compare_plan(k, plan, env, n_old, n_new - n_old, rule_of(cfg, route, first->act));
    if (!strcmp(first->act, "register"))
        verify_number(k, ctx, p, c, cfg, env, n_old, id, ledger_changed, ledger_status, o);
    else if (ledger_changed)
        add(k, DR_ENV_APPEND_ONLY, 0, "'%s' is outside a %s act's write-set", ledger_changed,
            first->act);
    dr_act_plan_free(plan);
    dr_buf_dispose(&dx);
done:
    return rc;
}

int dr__verify_commit(dr_findings *out, dr_ctx *ctx, dr_store *st, const char *commit,
                      const dr_verify_opts *o, bool *defer)
{
    dr_snapshot *c = NULL, *p = NULL;
    changes ch = {0};
    char parents[2][41];
    size_t np = 0;
    int rc;
    sink k = {out, commit, NULL, 0};
    if ((rc = dr_store_snapshot(&c, ctx, st, commit)))
        return rc;
    dr_snapshot_parents(c, parents, 2, &np);
    if (np == 0) {
        /* The genesis: the trust anchor. */
        const dr_config *cfg;
        const dr_calendar *cal;
        dr_ctx g;
        dr_ctx_init(&g);
        if (o && o->root && strcmp(o->root, commit) != 0)
            add(&k, DR_ENV_HISTORY, 0, "a root commit other than the pinned genesis %.12s", o->root);
        int grc = dr_snapshot_config(c, &g, &cfg);
        if (!grc)
            grc = dr_snapshot_calendar(c, &g, &cal);
        if (grc && !nomem(&k, grc))
            add(&k, DR_ENV_CONFIG_IN_FORCE, 0, "the genesis config is invalid: %s:%d:%d: %s", g.file,
                g.line, g.col, g.msg);
        goto done;
    }
    if (np > 1) {
        add(&k, DR_ENV_HISTORY, 0, "a merge commit: the record is linear");
        goto done;
    }
    if ((rc = dr_store_snapshot(&p, ctx, st, parents[0])) || (rc = dr_snapshot_diff(p, c, ctx, collect, &ch)))
        goto done;
    bool config = false;
    for (size_t i = 0; i < ch.n; i++)
        config |= !strncmp(ch.v[i].path, ".docroute/", 10);
    if (ch.n == 0)
        add(&k, DR_ENV_ONE_ACT, 0, "an empty commit records no act");
    else if (config)
        rc = verify_config_act(&k, ctx, p, c, &ch);
    else
        rc = verify_doc_act(&k, ctx, p, c, &ch, o, defer);
done:
    free(ch.v);
    dr_snapshot_free(p);
    dr_snapshot_free(c);
    return rc ? rc : k.rc;
}

int dr_verify_commit(dr_findings *out, dr_ctx *ctx, dr_store *st, const char *commit,
                     const dr_verify_opts *o)
{
    return dr__verify_commit(out, ctx, st, commit, o, NULL);
}
