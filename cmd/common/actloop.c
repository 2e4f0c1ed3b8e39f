/* The act loop: each attempt plans the act on a tip and makes its commit (one function
 * for local and --push acts); the local loop publishes it by compare-and-swap, retrying
 * when the branch moved or waiting out a lock; --push pushes it and redoes the act when
 * the upstream moved. A checkout is put back in step first. */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* One attempt on snap: the plan, then the act's commit made but not yet published.
 * Returns 0 with commit_out set, 0 with commit_out "" when there is nothing to record,
 * or the exit status. a->plan stays the caller's (plan_dispose) — a->files point into it. */
typedef struct {
    act_plan plan;
    dr_file files[33];
    size_t nfiles;
    char path[160];
} attempt;

static int attempt_make(tool *t, dr_snapshot *snap, plan_fn fn, void *ud, attempt *a,
                        char commit_out[41])
{
    const dr_config *cfg;
    dr_time now;
    int rc, st;
    memset(a, 0, sizeof(*a));
    dr_buf_init(&a->plan.envelope, DR_ENVELOPE_MAX_BYTES);
    commit_out[0] = '\0';
    if ((rc = dr_snapshot_config(snap, &t->ctx, &cfg)))
        return fail_ctx(t, rc);
    if ((st = clock_now(t, cfg->utc_offset, &now)) || (st = fn(t, snap, now, &a->plan, ud)))
        return st;
    if (a->plan.envelope.len == 0)
        return 0; /* nothing to record */
    dr_buf msg;
    dr_identity author, committer;
    char email[200], cname[200], cemail[200];
    dr_buf_init(&msg, 0);
    record_of(t, cfg, &a->plan, now, &msg, &author, &committer, email, cname, cemail);
    a->nfiles = plan_files(&a->plan, a->path, a->files);
    rc = dr_store_make_act(t->store, &t->ctx, snap, a->files, a->nfiles, msg.ptr, &author,
                           &committer, commit_out);
    dr_buf_dispose(&msg);
    if (rc) {
        commit_out[0] = '\0';
        return fail_ctx(t, rc);
    }
    return 0;
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
    for (int n = 0; n < 8; n++) {
        dr_snapshot *snap = NULL;
        attempt a;
        if ((rc = dr_store_fetch(t->store, &t->ctx, remote)) ||
            (rc = dr_store_snapshot(&snap, &t->ctx, t->store, tracking)))
            return fail_ctx(t, rc == DR_ENOTFOUND ? DR_EIO : rc);
        int st = attempt_make(t, snap, fn, ud, &a, commit_out);
        char base[41];
        snprintf(base, sizeof(base), "%s", dr_snapshot_commit(snap));
        dr_snapshot_free(snap);
        if (st || !commit_out[0]) {
            plan_dispose(&a.plan);
            return st;
        }
        dr_buf said;
        dr_buf_init(&said, (size_t)1 << 20);
        bool rejected = false, moved = false;
        rc = dr_store_push(t->store, &t->ctx, remote, commit_out, &rejected, &said);
        if (!rc && !rejected) {
            rc = dr_store_follow(t->store, &t->ctx, commit_out, a.files, a.nfiles, &moved);
            if (!rc && !moved)
                note(t, "pushed; the local branch has acts of its own: run docroute sync");
        }
        plan_dispose(&a.plan);
        if (rc || !rejected) {
            dr_buf_dispose(&said);
            return rc ? fail_ctx(t, rc) : 0;
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
            commit_out[0] = '\0';
            return fail(t, EXIT_RULE, "the upstream refused the act: nothing is recorded there");
        }
        dr_buf_dispose(&said);
        note(t, "the upstream moved: the act is redone on its new tip, re-stamped and re-signed");
        sleep_ms(20L << (n < 5 ? n : 5));
    }
    commit_out[0] = '\0';
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

/* The library said DR_ELOCKED, naming the lock in ctx->file: removed when its writer is
 * gone (a docroute command that died holding it, or older than LOCK_STALE_S), else
 * waited for, at most lock_wait_ms since *since (set on the first call). -1: try again;
 * else the exit status. */
static int locked(tool *t, long *since)
{
    char lock[4400];
    dr_lock_state ls;
    snprintf(lock, sizeof(lock), "%s", t->ctx.file);
    dr_ctx_init(&t->ctx);
    if (dr_store_stale_lock(t->store, &t->ctx, lock, LOCK_STALE_S, (int64_t)time(NULL), &ls))
        return fail_ctx(t, DR_EIO);
    if (ls.removed && ls.dead_pid > 0) {
        note(t, "removed the lock '%s' left by docroute (pid %ld), which died moving the branch",
             lock, ls.dead_pid);
        return -1;
    }
    if (ls.removed) {
        note(t, "removed the stale lock '%s' (%lld minutes old: its writer is gone)", lock,
             (long long)(ls.age / 60));
        return -1;
    }
    if (!*since)
        *since = now_ms();
    long waited = now_ms() - *since;
    if (waited >= lock_wait_ms() && ls.running)
        return fail(t, EXIT_REPO, "'%s' is held by a running docroute command: waited %ld s",
                    lock, waited / 1000);
    if (waited >= lock_wait_ms())
        return fail(t, EXIT_REPO, "'%s' is held by another writer (for %lld s): waited %ld s; "
                                  "it is removed once it is %d minutes old, or by hand when "
                                  "no docroute or git runs here",
                    lock, (long long)ls.age, waited / 1000, LOCK_STALE_S / 60);
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
    for (int n = 0;; n++) {
        dr_snapshot *snap = NULL;
        attempt a;
        int rc;
        if ((rc = dr_store_tip(&snap, &t->ctx, t->store)))
            return fail_ctx(t, rc == DR_ENOTFOUND ? DR_EIO : rc);
        st = attempt_make(t, snap, fn, ud, &a, commit_out);
        if (!st && commit_out[0])
            rc = recorded(t, dr_store_publish(t->store, &t->ctx, snap, commit_out, a.files, a.nfiles));
        dr_snapshot_free(snap);
        plan_dispose(&a.plan);
        if (st || !commit_out[0] || !rc)
            return st;
        commit_out[0] = '\0';
        if (rc == DR_ELOCKED) {
            if ((st = locked(t, &lock_waited)) >= 0)
                return st;
            continue;
        }
        if (rc != DR_ECONFLICT)
            return fail_ctx(t, rc);
        if (waited >= budget_ms)
            return fail(t, EXIT_REPO, "the branch kept moving: gave up after %d attempts", n + 1);
        long ms = (10L << (n < 6 ? n : 6)) + (long)(rand_r(&seed) % 20);
        sleep_ms(ms);
        waited += ms;
    }
}
