#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- messages ---- */

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

static void json_error(tool *t, const char *rule, const char *msg)
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

/* ---- environment ---- */

/* The toolkit's data (schemas, examples): $DOCROUTE_DATADIR, else <bin>/../share/docroute
 * beside this executable — an installed prefix, wherever it was moved, or a build
 * tree, whose share/docroute points into its source tree. NULL when neither is a
 * folder; `looked` says where it looked. */
const char *data_dir(char *looked, size_t size)
{
    static char dir[4096];
    char exe[4096];
    struct stat st;
    const char *env = getenv("DOCROUTE_DATADIR");
    if (env && *env) {
        snprintf(looked, size, "%s (DOCROUTE_DATADIR)", env);
        snprintf(dir, sizeof(dir), "%s", env);
        return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : NULL;
    }
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0) {
        snprintf(looked, size, "nowhere: /proc/self/exe is unreadable; set DOCROUTE_DATADIR");
        return NULL;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    slash = strrchr(exe, '/'); /* the prefix: the folder above bin/ */
    if (slash)
        *slash = '\0';
    if (strlen(exe) + sizeof("/share/docroute") > sizeof(dir)) {
        snprintf(looked, size, "nowhere: the program's path is too long; set DOCROUTE_DATADIR");
        return NULL;
    }
    memcpy(dir, exe, strlen(exe));
    memcpy(dir + strlen(exe), "/share/docroute", sizeof("/share/docroute"));
    snprintf(looked, size, "%s (beside the program; or set DOCROUTE_DATADIR)", dir);
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : NULL;
}

int open_store(tool *t)
{
    const char *dir = t->repo_dir ? t->repo_dir : getenv("DOCROUTE_REPO");
    if (t->store)
        return 0;
    int rc = dr_store_open(&t->store, &t->ctx, dir && *dir ? dir : ".", DR_STORE_DISCOVER);
    if (rc) {
        fail(t, EXIT_REPO, "no document repository at '%s' (use -C DIR or DOCROUTE_REPO, or "
                           "create one with docroute init)",
             dir && *dir ? dir : ".");
        return EXIT_REPO;
    }
    return 0;
}

int clock_now(tool *t, int offset, dr_time *out)
{
    const char *text = t->now_text ? t->now_text : getenv("DOCROUTE_NOW");
    if (text && *text) {
        if (t->cmd->acting && !(t->store && dr_store_config_bool(t->store, "docroute.testclock")))
            return fail(t, EXIT_USAGE,
                        "--now/DOCROUTE_NOW on an acting command needs a test clock "
                        "(git config docroute.testclock=true, set by docroute init --test-clock)");
        if (dr_time_parse(out, text))
            return fail(t, EXIT_USAGE, "bad time '%s' (expected YYYY-MM-DDThh:mm:ss+08:00)", text);
        *out = dr_time_at_offset(*out, offset);
        return 0;
    }
    out->epoch = (int64_t)time(NULL);
    out->offset = offset;
    return 0;
}

int read_named_file(tool *t, const char *path, size_t max, dr_buf *out)
{
    /* Never through a symbolic link, never blocking on a FIFO or a device: a file named
     * on the command line (or by a draft) must be a regular file. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    char chunk[65536];
    if (fd < 0 && errno == ELOOP)
        return fail(t, EXIT_USAGE, "'%s' is a symbolic link: refused (name the file itself)", path);
    if (fd < 0)
        return fail(t, EXIT_USAGE, "cannot open '%s': %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fail(t, EXIT_USAGE, "'%s' is not a regular file", path);
    }
    if ((size_t)st.st_size > max) {
        close(fd);
        return fail(t, EXIT_USAGE, "'%s' is larger than %zu bytes", path, max);
    }
    out->max = max;
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            close(fd);
            return fail(t, EXIT_USAGE, "cannot read '%s': %s", path, strerror(errno));
        }
        if (n == 0)
            break;
        if (dr_buf_put(out, chunk, (size_t)n)) {
            close(fd);
            return fail(t, EXIT_USAGE, "'%s' is larger than %zu bytes", path, max);
        }
    }
    close(fd);
    if (!out->ptr)
        dr_buf_put(out, "", 0);
    return 0;
}

/* ---- keys ---- */

int load_signer(tool *t, const dr_config *cfg, dr_date on, signer *out)
{
    const char *path = t->key_path ? t->key_path : getenv("DOCROUTE_KEY");
    const char *as = t->as ? t->as : getenv("DOCROUTE_USER");
    char date[11];
    memset(out, 0, sizeof(*out));
    if (!path || !*path)
        return fail(t, EXIT_USAGE, "no signing key: give --key FILE or set DOCROUTE_KEY");
    if (dr_key_load_private_file(&out->key, &t->ctx, path))
        return fail(t, EXIT_USAGE, "%s", t->ctx.msg);
    for (size_t i = 0; i < cfg->npeople && !out->person; i++) {
        const dr_person *p = &cfg->people[i];
        if (as && *as && strcmp(p->id, as) != 0)
            continue;
        for (size_t k = 0; k < p->nkeys; k++)
            if (p->keys[k].key && dr_key_same_public(p->keys[k].key, out->key)) {
                out->person = p;
                out->pkey = &p->keys[k];
                break;
            }
    }
    if (!out->person) {
        int st;
        if (as && *as && !dr_config_person(cfg, as))
            st = fail(t, EXIT_USAGE, "'%s' is not a person of the config", as);
        else if (as && *as)
            st = fail(t, EXIT_USAGE, "key '%s' is not a key registered for '%s': refused", path, as);
        else
            st = fail(t, EXIT_USAGE, "key '%s' is registered for nobody in the config: refused",
                      path);
        signer_dispose(out);
        return st;
    }
    if (!dr_person_key_valid_on(out->pkey, on)) {
        dr_date_format(on, date);
        int st = fail(t, EXIT_USAGE, "key '%s/%d' is not valid on %s (revoked, expired or not "
                                     "yet valid): refused",
                      out->person->id, out->pkey->id, date);
        signer_dispose(out);
        return st;
    }
    snprintf(out->key_name, sizeof(out->key_name), "%s/%d", out->person->id, out->pkey->id);
    return 0;
}

void signer_dispose(signer *s)
{
    dr_key_free(s->key);
    memset(s, 0, sizeof(*s));
}

/* ---- the act loop ---- */

void plan_dispose(act_plan *p)
{
    dr_buf_dispose(&p->envelope);
    for (size_t i = 0; i < p->nextra; i++) {
        free((char *)p->extra[i].path);
        free((char *)p->extra[i].data);
    }
    memset(p, 0, sizeof(*p));
}


/* The commit message (summary and trailers) and the two identities of a plan. */
static void record_of(tool *t, const dr_config *cfg, const act_plan *plan, dr_time now, dr_buf *msg,
                      dr_identity *author, dr_identity *committer, char email[200],
                      char cname[200], char cemail[200])
{
    dr_buf_printf(msg, "%s\n\nDoc-Id: %s\nAct: %s\nActor: %s\n", plan->summary, plan->doc_id,
                  plan->act, plan->actor);
    if (plan->acting_for[0])
        dr_buf_printf(msg, "Acting-For: %s\n", plan->acting_for);
    if (plan->first_event == plan->last_event)
        dr_buf_printf(msg, "Events: %d\n", plan->first_event);
    else
        dr_buf_printf(msg, "Events: %d-%d\n", plan->first_event, plan->last_event);
    dr_buf_printf(msg, "Event-Digest: %s\n", plan->last_digest);
    const dr_person *actor = dr_config_person(cfg, plan->actor);
    snprintf(email, 200, "%s@%s", plan->actor, cfg->org_id);
    *author = (dr_identity){actor ? actor->name : plan->actor, email, plan->at};
    const char *n = dr_store_config_string(t->store, "user.name");
    snprintf(cname, 200, "%s", n ? n : author->name);
    const char *m = dr_store_config_string(t->store, "user.email");
    snprintf(cemail, 200, "%s", m ? m : email);
    *committer = (dr_identity){cname, cemail, now};
}

static size_t plan_files(act_plan *plan, char path[160], dr_file files[33])
{
    size_t n = 0;
    dr_doc_envelope_path(plan->doc_id, path, 160);
    files[n++] = (dr_file){path, plan->envelope.ptr, plan->envelope.len};
    for (size_t i = 0; i < plan->nextra && n < 33; i++)
        files[n++] = plan->extra[i];
    return n;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* May acts be pushed to this URL? ssh and https, and git:// on loopback (a local git
 * daemon runs the server's hooks); never a local path, which runs none. */
static bool pushable(const char *url)
{
    if (!strncmp(url, "ssh://", 6) || !strncmp(url, "https://", 8))
        return true;
    if (!strncmp(url, "git://127.0.0.1", 15) || !strncmp(url, "git://localhost", 15) ||
        !strncmp(url, "git://[::1]", 11))
        return true;
    /* scp-like user@host:path */
    const char *colon = strchr(url, ':'), *slash = strchr(url, '/');
    return colon && url[0] != '/' && strncmp(url, "file:", 5) && (!slash || colon < slash);
}

/* --push: act on the upstream tip, push; when the push is refused because the
 * upstream moved, redo — re-stamped, re-signed — on the new tip. */
static int run_act_push(tool *t, plan_fn fn, void *ud, char commit_out[41])
{
    char remote[100], url[1024], tracking[300];
    int rc;
    if ((rc = dr_store_upstream(t->store, &t->ctx, remote, sizeof(remote), url, sizeof(url))))
        return fail(t, EXIT_USAGE, "--push needs an upstream remote (git clone sets 'origin')");
    if (!pushable(url))
        return fail(t, EXIT_USAGE, "--push needs an ssh or https remote, not '%s': a push to a local "
                                   "path runs no server hook",
                    url);
    snprintf(tracking, sizeof(tracking), "refs/remotes/%s/%s", remote, dr_store_branch(t->store));
    for (int attempt = 0; attempt < 8; attempt++) {
        dr_snapshot *snap = NULL;
        act_plan plan;
        const dr_config *cfg;
        dr_time now;
        memset(&plan, 0, sizeof(plan));
        dr_buf_init(&plan.envelope, DR_ENVELOPE_MAX_BYTES);
        if ((rc = dr_store_fetch(t->store, &t->ctx, remote)) ||
            (rc = dr_store_snapshot(&snap, &t->ctx, t->store, tracking)))
            return fail_ctx(t, rc == DR_ENOTFOUND ? DR_EIO : rc);
        if ((rc = dr_snapshot_config(snap, &t->ctx, &cfg))) {
            dr_snapshot_free(snap);
            return fail_ctx(t, rc);
        }
        int st = clock_now(t, cfg->utc_offset, &now);
        if (!st)
            st = fn(t, snap, now, &plan, ud);
        if (st || plan.envelope.len == 0) {
            dr_snapshot_free(snap);
            plan_dispose(&plan);
            commit_out[0] = '\0';
            return st;
        }
        dr_buf msg, said;
        dr_identity author, committer;
        char email[200], cname[200], cemail[200], path[160];
        dr_file files[33];
        dr_buf_init(&msg, 0);
        dr_buf_init(&said, (size_t)1 << 20);
        record_of(t, cfg, &plan, now, &msg, &author, &committer, email, cname, cemail);
        size_t nfiles = plan_files(&plan, path, files);
        bool rejected = false, moved = false;
        char base[41];
        snprintf(base, sizeof(base), "%s", dr_snapshot_commit(snap));
        rc = dr_store_make_act(t->store, &t->ctx, snap, files, nfiles, msg.ptr, &author, &committer,
                               commit_out);
        if (!rc)
            rc = dr_store_push(t->store, &t->ctx, remote, commit_out, &rejected, &said);
        if (!rc && !rejected) {
            rc = dr_store_follow(t->store, &t->ctx, commit_out, files, nfiles, &moved);
            if (!rc && !moved)
                note(t, "pushed; the local branch has acts of its own: run docroute sync");
        }
        dr_buf_dispose(&msg);
        dr_snapshot_free(snap);
        plan_dispose(&plan);
        if (rc) {
            dr_buf_dispose(&said);
            return fail_ctx(t, rc);
        }
        if (!rejected) {
            dr_buf_dispose(&said);
            return 0;
        }
        /* Refused: did the upstream move (redo), or did its rules refuse (report)? */
        dr_snapshot *again = NULL;
        bool moved_up = dr_store_fetch(t->store, &t->ctx, remote) == 0 &&
                        dr_store_snapshot(&again, &t->ctx, t->store, tracking) == 0 &&
                        strcmp(dr_snapshot_commit(again), base) != 0;
        dr_snapshot_free(again);
        if (!moved_up) {
            for (char *line = said.ptr; line && *line;) {
                char *nl = strchr(line, '\n');
                if (nl)
                    *nl = '\0';
                if (*line)
                    fprintf(stderr, "%s: remote: %s\n", t->name, line);
                line = nl ? nl + 1 : NULL;
            }
            dr_buf_dispose(&said);
            return fail(t, EXIT_RULE, "the upstream refused the act: nothing is recorded there");
        }
        dr_buf_dispose(&said);
        note(t, "the upstream moved: the act is redone on its new tip, re-stamped and re-signed");
        sleep_ms(20L << (attempt < 5 ? attempt : 5));
    }
    return fail(t, EXIT_REPO, "the upstream kept moving: gave up");
}

/* A lock older than this is its dead writer's: removed. */
#define LOCK_STALE_S 600

/* How long a live lock is waited for: 30 s ($DOCROUTE_LOCK_WAIT seconds for tests). */
static long lock_wait_ms(void)
{
    const char *e = getenv("DOCROUTE_LOCK_WAIT");
    long s = e && *e ? strtol(e, NULL, 10) : 30;
    return (s >= 0 && s <= 3600 ? s : 30) * 1000;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The library said DR_ELOCKED, naming the lock in ctx->file: removed when stale (its
 * writer gone), else waited for, at most lock_wait_ms since *since (set on the first
 * call). -1: try again; else the exit status. */
static int locked(tool *t, long *since)
{
    char lock[300];
    int64_t age = 0;
    bool removed = false;
    snprintf(lock, sizeof(lock), "%s", t->ctx.file);
    dr_ctx_init(&t->ctx);
    if (dr_store_stale_lock(t->store, &t->ctx, lock, LOCK_STALE_S, (int64_t)time(NULL), &age, &removed))
        return fail_ctx(t, DR_EIO);
    if (removed) {
        note(t, "removed the stale lock '%s' (%lld minutes old: its writer is gone)", lock,
             (long long)(age / 60));
        return -1;
    }
    if (!*since)
        *since = now_ms();
    long waited = now_ms() - *since;
    if (waited >= lock_wait_ms())
        return fail(t, EXIT_REPO, "'%s' is held by another writer (for %lld s): waited %ld s; "
                                  "it is removed once it is %d minutes old, or by hand when "
                                  "no docroute or git runs here",
                    lock, (long long)age, waited / 1000, LOCK_STALE_S / 60);
    sleep_ms(100);
    return -1;
}

int checkout_in_step(tool *t, bool full, size_t *fixed)
{
    long lock_waited = 0;
    for (;;) {
        int rc = dr_store_repair(t->store, &t->ctx, full, 500, fixed);
        if (rc != DR_ELOCKED)
            return rc ? fail_ctx(t, rc) : 0;
        int st = locked(t, &lock_waited);
        if (st >= 0)
            return st;
    }
}

/* Before an act: a checkout interrupted after an earlier act is put back in step. */
static int before_act(tool *t)
{
    size_t fixed = 0;
    int st = checkout_in_step(t, false, &fixed);
    if (!st && fixed)
        note(t, "put %zu path%s of the checkout back in step with the branch (an earlier act was "
                "interrupted)",
             fixed, fixed == 1 ? "" : "s");
    return st;
}

/* After the commit: the record stands even when the checkout could not follow. */
static int recorded(tool *t, int rc)
{
    if (rc != DR_EWORKTREE)
        return rc;
    warn(t, "%s", t->ctx.msg);
    dr_ctx_init(&t->ctx);
    return 0;
}

int run_act(tool *t, plan_fn fn, void *ud, char commit_out[41])
{
    const long budget_ms = 20000;
    long waited = 0, lock_waited = 0;
    unsigned seed = (unsigned)getpid();
    int st = before_act(t);
    if (st)
        return st;
    if (t->push)
        return run_act_push(t, fn, ud, commit_out);
    for (int attempt = 0;; attempt++) {
        dr_snapshot *snap = NULL;
        act_plan plan;
        const dr_config *cfg;
        dr_time now;
        int rc;
        memset(&plan, 0, sizeof(plan));
        dr_buf_init(&plan.envelope, DR_ENVELOPE_MAX_BYTES);
        if ((rc = dr_store_tip(&snap, &t->ctx, t->store)))
            return fail_ctx(t, rc == DR_ENOTFOUND ? DR_EIO : rc);
        if ((rc = dr_snapshot_config(snap, &t->ctx, &cfg))) {
            dr_snapshot_free(snap);
            return fail_ctx(t, rc);
        }
        if ((rc = clock_now(t, cfg->utc_offset, &now)) || (rc = fn(t, snap, now, &plan, ud))) {
            dr_snapshot_free(snap);
            plan_dispose(&plan);
            return rc;
        }
        if (plan.envelope.len == 0) { /* nothing to record */
            dr_snapshot_free(snap);
            plan_dispose(&plan);
            commit_out[0] = '\0';
            return 0;
        }
        dr_buf msg;
        dr_identity author, committer;
        char email[200], cname[200], cemail[200], path[160];
        dr_file files[33];
        dr_buf_init(&msg, 0);
        record_of(t, cfg, &plan, now, &msg, &author, &committer, email, cname, cemail);
        size_t nfiles = plan_files(&plan, path, files);
        rc = recorded(t, dr_store_commit(t->store, &t->ctx, snap, files, nfiles, msg.ptr, &author,
                                         &committer, commit_out));
        dr_buf_dispose(&msg);
        dr_snapshot_free(snap);
        plan_dispose(&plan);
        if (rc == DR_ELOCKED) {
            if ((st = locked(t, &lock_waited)) >= 0)
                return st;
            continue;
        }
        if (rc != DR_ECONFLICT)
            return rc ? fail_ctx(t, rc) : 0;
        if (waited >= budget_ms)
            return fail(t, EXIT_REPO, "the branch kept moving: gave up after %d attempts", attempt + 1);
        long ms = (10L << (attempt < 6 ? attempt : 6)) + (long)(rand_r(&seed) % 20);
        sleep_ms(ms);
        waited += ms;
    }
}

const char *holders_text(const dr_holder *h, size_t n, char *buf, size_t size)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && off < size; i++) {
        int m = h[i].acting_for
                    ? snprintf(buf + off, size - off, "%s%s (" DR_W_ACTING_FOR " %s)", i ? ", " : "", h[i].person,
                               h[i].acting_for)
                    : snprintf(buf + off, size - off, "%s%s", i ? ", " : "", h[i].person);
        if (m < 0)
            break;
        off += (size_t)m;
    }
    if (n == 0)
        snprintf(buf, size, "(nobody: check the config)");
    return buf;
}

/* ---- options and dispatch ---- */

static const struct option global_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"now", required_argument, NULL, OPT_NOW},
    {"json", no_argument, NULL, OPT_JSON},
    {"quiet", no_argument, NULL, 'q'},
};
static const struct option acting_opts[] = {
    {"as", required_argument, NULL, OPT_AS},
    {"key", required_argument, NULL, OPT_KEY},
    {"push", no_argument, NULL, OPT_PUSH},
    {"acting-for", required_argument, NULL, OPT_ACTING_FOR},
};

static void usage(tool *t, FILE *f, const char *description)
{
    fprintf(f, "usage: %s [-C DIR] [--json] [-q] COMMAND [ARGS]\n\n%s\n\ncommands:\n", t->name,
            description);
    for (const command *c = t->commands; c->name; c++)
        fprintf(f, "  %-18s %s\n", c->name, c->summary);
    fprintf(f, "\nglobal options:\n"
               "  -C DIR          the document repository (else $DOCROUTE_REPO, else found from .)\n"
               "  --now TIME      the clock, YYYY-MM-DDThh:mm:ss+08:00 (else $DOCROUTE_NOW); acting\n"
               "                  commands accept it only with a test clock (docroute.testclock)\n"
               "  --json          one JSON document on stdout, whatever the exit status\n"
               "  -q, --quiet     no notes on stderr\n"
               "  -h, --help      this help; '%s COMMAND --help' for one command\n"
               "  --version       the version\n"
               "\nexit status: 0 done, 1 a rule refuses (nothing committed), 2 bad command line or\n"
               "input file, 3 repository config/calendar, I/O or unresolved conflict, 4 no such "
               "document\n",
            t->name);
}

static void command_help(tool *t, FILE *f)
{
    const command *c = t->cmd;
    fprintf(f, "usage: %s %s %s\n\n%s\n", t->name, c->name, c->args, c->summary);
    if (c->help && *c->help)
        fprintf(f, "\n%s", c->help);
    if (c->acting)
        fprintf(f, "\nacting options:\n"
                   "  --as PERSON        the actor (else $DOCROUTE_USER, else the owner of the key)\n"
                   "  --key FILE         the private signing key, mode 0600 (else $DOCROUTE_KEY)\n"
                   "  --acting-for P     the absent holder a substitute acts for (" DR_W_ACTING_FOR ")\n"
                   "  --push             act on the upstream tip and push\n");
    fprintf(f, "\nglobal options: -C DIR, --now TIME, --json, -q; see '%s --help'\n", t->name);
}

typedef struct {
    int code;
    const char *value;
} opt_value;

static opt_value *cmd_values;
static size_t ncmd_values;

const char *opt_get(int code)
{
    const char *v = NULL;
    for (size_t i = 0; i < ncmd_values; i++)
        if (cmd_values[i].code == code)
            v = cmd_values[i].value ? cmd_values[i].value : "";
    return v;
}

size_t opt_count(int code)
{
    size_t n = 0;
    for (size_t i = 0; i < ncmd_values; i++)
        n += cmd_values[i].code == code;
    return n;
}

const char *opt_nth(int code, size_t n)
{
    for (size_t i = 0; i < ncmd_values; i++)
        if (cmd_values[i].code == code && n-- == 0)
            return cmd_values[i].value ? cmd_values[i].value : "";
    return NULL;
}

static int takes_value(const tool *t, const char *arg)
{
    if (strcmp(arg, "-C") == 0 || strcmp(arg, "--now") == 0 || strcmp(arg, "--as") == 0 ||
        strcmp(arg, "--key") == 0 || strcmp(arg, "--acting-for") == 0)
        return 1;
    for (const command *c = t->commands; c->name; c++)
        for (const struct option *o = c->options; o && o->name; o++)
            if (o->has_arg == required_argument && arg[0] == '-' && arg[1] == '-' &&
                strcmp(arg + 2, o->name) == 0)
                return 1;
    return 0;
}

/* The options that name an id of the config (a person, a unit, a group): at most
 * DR_ID_MAX bytes of printable text, checked before anything is looked up. */
static int id_options(tool *t, const opt_value *v, size_t n)
{
    static const char *const names[] = {"as", "acting-for", "unit", "to", "cc", "involves", NULL};
    struct {
        const char *name, *value;
    } seen[40] = {{"as", t->as}, {"acting-for", t->acting_for}};
    size_t ns = 2;
    for (size_t i = 0; i < n && ns < 40; i++)
        for (const struct option *o = t->cmd ? t->cmd->options : NULL; o && o->name; o++)
            for (size_t k = 0; names[k]; k++)
                if (o->val == v[i].code && !strcmp(o->name, names[k]) && ns < 40) {
                    seen[ns].name = o->name;
                    seen[ns++].value = v[i].value;
                }
    for (size_t i = 0; i < ns; i++) {
        const char *s = seen[i].value;
        if (!s)
            continue;
        size_t len = strlen(s);
        bool ctl = false;
        for (const char *c = s; *c; c++)
            ctl |= (unsigned char)*c < 0x20 || *c == 0x7f;
        if (len > DR_ID_MAX)
            return fail(t, EXIT_USAGE, "--%s is longer than %d bytes ('%.40s…'): no id of a config is",
                        seen[i].name, DR_ID_MAX, s);
        if (!len || ctl || !dr_utf8_valid(s, len))
            return fail(t, EXIT_USAGE, "--%s is not an id (empty, a control character or bad UTF-8)",
                        seen[i].name);
    }
    return 0;
}

int tool_main(tool *t, int argc, char **argv, const char *description)
{
    int status = EXIT_DONE, pos_cmd = -1;
    struct option opts[64];
    size_t nopts = 0;
    char **args = NULL;
    bool help = false;
    dr_ctx_init(&t->ctx);
    /* --json holds for every failure, a bad command line included: known before parsing. */
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--json"))
            t->json = true;

    /* The command is the first argument that is not an option or its value. */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (argv[i][0] == '-' && argv[i][1]) {
            if (!strchr(argv[i], '=') && takes_value(t, argv[i]))
                i++;
            continue;
        }
        pos_cmd = i;
        break;
    }
    if (pos_cmd >= 0) {
        for (const command *c = t->commands; c->name; c++)
            if (strcmp(c->name, argv[pos_cmd]) == 0)
                t->cmd = c;
        if (!t->cmd && strcmp(t->name, "docsubmit") == 0) {
            /* `docsubmit FILE` is `docsubmit submit FILE`. */
            for (const command *c = t->commands; c->name; c++)
                if (strcmp(c->name, "submit") == 0)
                    t->cmd = c;
            pos_cmd = -2;
        }
        if (!t->cmd) {
            status = fail(t, EXIT_USAGE, "unknown command '%s'; see '%s --help'", argv[pos_cmd],
                          t->name);
            goto finish;
        }
    }
    for (size_t i = 0; i < sizeof(global_opts) / sizeof(global_opts[0]); i++)
        opts[nopts++] = global_opts[i];
    if (t->cmd && t->cmd->acting)
        for (size_t i = 0; i < sizeof(acting_opts) / sizeof(acting_opts[0]); i++)
            opts[nopts++] = acting_opts[i];
    for (const struct option *o = t->cmd ? t->cmd->options : NULL; o && o->name && nopts < 62; o++)
        opts[nopts++] = *o;
    memset(&opts[nopts], 0, sizeof(opts[0]));

    /* Drop the command word so getopt sees only options and arguments. A negative
     * number ("workdays DATE -10") is an argument, never an option: it goes after
     * a "--", which keeps the arguments in their order. */
    args = calloc((size_t)argc + 2, sizeof(char *));
    int nargs = 0, nneg = 0;
    for (int i = 0; i < argc; i++) {
        bool negnum = i > 0 && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9' &&
                      strspn(argv[i] + 1, "0123456789") == strlen(argv[i] + 1);
        if (i != pos_cmd && !negnum)
            args[nargs++] = argv[i];
        nneg += negnum;
    }
    if (nneg) {
        args[nargs++] = "--";
        for (int i = 1; i < argc; i++)
            if (argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9' &&
                strspn(argv[i] + 1, "0123456789") == strlen(argv[i] + 1))
                args[nargs++] = argv[i];
    }
    opterr = 0;
    optind = 1;
    for (;;) {
        /* GNU getopt permutes: options may come after arguments. */
        int c = getopt_long(nargs, args, ":hqC:o:", opts, NULL);
        if (c == -1)
            break;
        switch (c) {
        case 'h': help = true; break;
        case 'q': t->quiet = true; break;
        case 'C': t->repo_dir = optarg; break;
        case 'o': { /* -o FILE is --output FILE, where a command takes it */
            bool takes = false;
            for (const struct option *o = t->cmd ? t->cmd->options : NULL; o && o->name; o++)
                if (!strcmp(o->name, "output")) {
                    takes = true;
                    opt_value *v = realloc(cmd_values, (ncmd_values + 1) * sizeof(*v));
                    if (!v)
                        abort();
                    cmd_values = v;
                    cmd_values[ncmd_values++] = (opt_value){o->val, optarg};
                }
            if (!takes) {
                status = fail(t, EXIT_USAGE, "unknown option '-o'; see '%s%s%s --help'", t->name,
                              t->cmd ? " " : "", t->cmd ? t->cmd->name : "");
                goto finish;
            }
            break;
        }
        case OPT_VERSION:
            printf("%s %s\n", t->name, DR_VERSION);
            free(args);
            return EXIT_DONE;
        case OPT_NOW: t->now_text = optarg; break;
        case OPT_JSON: t->json = true; break;
        case OPT_AS: t->as = optarg; break;
        case OPT_KEY:
            if (!t->key_path)
                t->key_path = optarg;
            if (t->nkeys < 4)
                t->keys[t->nkeys++] = optarg;
            break;
        case OPT_PUSH: t->push = true; break;
        case OPT_ACTING_FOR: t->acting_for = optarg; break;
        case '?':
        case ':':
            status = fail(t, EXIT_USAGE, "%s '%s'; see '%s%s%s --help'",
                          c == ':' ? "missing value for" : "unknown option",
                          optopt > ' ' && optopt < 127 ? (char[]){'-', (char)optopt, 0}
                                                       : args[optind - 1],
                          t->name,
                          t->cmd ? " " : "", t->cmd ? t->cmd->name : "");
            goto finish;
        default: {
            opt_value *v = realloc(cmd_values, (ncmd_values + 1) * sizeof(*v));
            if (!v)
                abort();
            cmd_values = v;
            cmd_values[ncmd_values++] = (opt_value){c, optarg};
        }
        }
    }
    if (!help && (status = id_options(t, cmd_values, ncmd_values)))
        goto finish;
    int npos = nargs - optind;
    char **pos = args + optind;
    if (help) {
        if (t->cmd)
            command_help(t, stdout);
        else
            usage(t, stdout, description);
    } else if (!t->cmd) {
        usage(t, stderr, description);
        status = EXIT_USAGE;
        if (t->json)
            json_error(t, NULL, "no command given");
    } else {
        status = t->cmd->run(t, npos, pos);
    }
finish:
    if (t->json && !help) {
        json_t *r = result(t);
        /* Every failure says why, in one error object: findings are counted. */
        if (status != EXIT_DONE && !json_object_get(r, "error")) {
            json_t *f = json_object_get(r, "findings");
            char msg[200];
            if (json_array_size(f))
                snprintf(msg, sizeof(msg), "%zu finding%s", json_array_size(f),
                         json_array_size(f) == 1 ? "" : "s");
            else
                snprintf(msg, sizeof(msg), "%s", status == EXIT_RULE   ? "a rule refuses"
                                                 : status == EXIT_USAGE ? "bad command line"
                                                 : status == EXIT_NODOC ? "no such document"
                                                                        : "repository, I/O or conflict");
            json_error(t, NULL, msg);
        }
        json_object_set_new(r, "ok", json_boolean(status == 0));
        json_object_set_new(r, "exit", json_integer(status));
        json_dumpf(r, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
        fputc('\n', stdout);
    }
    json_decref(t->out);
    dr_config_free(t->catalog);
    dr_store_free(t->store);
    dr_envelope_global_cleanup();
    free(args);
    free(cmd_values);
    return status;
}
