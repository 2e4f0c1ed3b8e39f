/* The work tree of a clerk's checkout: after each act, the touched paths get the bytes
 * the branch tip holds and their index entries follow; before each act (and on
 * `docroute repair`), every record path whose index entry or file has fallen out of
 * step with the tip — an act interrupted between its commit and this update, a full
 * disk, a held index.lock — is put back. The record paths (docs/, registers/) belong
 * to the tools: nobody edits them by hand, so the tip's bytes always win there. */
#include "store_internal.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "banned.h" /* last: it poisons names the system headers use */

/* A work-tree lock older than this is its dead writer's, whoever wrote it. */
#define WT_LOCK_STALE_S 600
/* A lock file still empty after this long lost its writer between create and write. */
#define WT_LOCK_EMPTY_S 5
#define TMP_SUFFIX ".docroute-tmp"

static const char *const record_paths[] = {"docs", "registers"};

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int write_file_synced(const char *path, const char *data, size_t len)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof(tmp), "%s" TMP_SUFFIX, path) >= (int)sizeof(tmp))
        return -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            return -1;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(tmp);
        return -1;
    }
    return rename(tmp, path);
}

static int mkdirs_for(char *path)
{
    for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        int r = mkdir(path, 0755);
        *p = '/';
        if (r != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

/* ---- docroute's own lock around the work-tree update ---- */

typedef struct {
    char path[4200];
    bool held;
    bool broke_dead; /* a dead writer's lock was broken: an index.lock left is its */
} wt_lock;

/* True when the lock's writer is gone: the pid it holds runs no more, it stayed
 * empty, or it is older than WT_LOCK_STALE_S. */
static bool lock_owner_gone(const char *path)
{
    struct stat sb;
    char buf[32];
    if (lstat(path, &sb) != 0)
        return false; /* gone meanwhile: the next attempt takes it */
    int64_t age = (int64_t)time(NULL) - (int64_t)sb.st_mtime;
    if (!S_ISREG(sb.st_mode) || age >= WT_LOCK_STALE_S)
        return true;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return age >= WT_LOCK_EMPTY_S;
    buf[n] = '\0';
    char *end;
    long pid = strtol(buf, &end, 10);
    if (pid <= 0 || end == buf)
        return age >= WT_LOCK_EMPTY_S;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static int lock_take(dr_store *st, dr_ctx *ctx, wt_lock *l, long wait_ms)
{
    snprintf(l->path, sizeof(l->path), "%sdocroute-worktree.lock", git_repository_path(st->repo));
    for (long waited = 0;; waited += 10) {
        int fd = open(l->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0) {
            char pid[32];
            int len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
            ssize_t w = write(fd, pid, (size_t)len);
            close(fd);
            (void)w; /* an empty lock is recognised as its dead writer's */
            l->held = true;
            return 0;
        }
        if (errno != EEXIST)
            return dr_ctx_setpos(ctx, DR_EIO, l->path, 0, 0, "cannot create the work-tree lock: %s",
                                 strerror(errno));
        if (lock_owner_gone(l->path)) {
            bool broken = unlink(l->path) == 0;
            l->broke_dead |= broken;
            if (broken || errno == ENOENT)
                continue;
            /* what cannot be removed (a directory there) is waited for like a live lock */
        }
        if (waited >= wait_ms)
            return dr_ctx_setpos(ctx, DR_ELOCKED, l->path, 0, 0,
                                 "the work tree is locked by '%s' (another docroute command)", l->path);
        sleep_ms(10);
    }
}

static void lock_release(wt_lock *l)
{
    if (l->held)
        unlink(l->path);
    l->held = false;
}

/* ---- the paths out of step ---- */

typedef struct {
    char **v;
    size_t n;
} path_set;

static int path_add(path_set *s, const char *p)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], p))
            return 0;
    char **slot = dr__push(&s->v, &s->n, sizeof(char *));
    if (!slot)
        return DR_ENOMEM;
    if (!(*slot = dr__strdup(p))) {
        s->n--;
        return DR_ENOMEM;
    }
    return 0;
}

static void paths_dispose(path_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* The record paths whose index entry differs from the tip's tree; with full, also
 * those whose file differs from the index (edited or deleted by hand), and leftover
 * temporary files of an interrupted update (removed, counted in *tmp_removed). */
static int stale_paths(dr_store *st, dr_ctx *ctx, git_tree *tree, git_index *idx, bool full,
                       path_set *out, size_t *tmp_removed)
{
    git_diff_options opts;
    git_diff *diff = NULL;
    const char *wd = git_repository_workdir(st->repo);
    int rc = 0;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.pathspec.strings = (char **)record_paths;
    opts.pathspec.count = sizeof(record_paths) / sizeof(record_paths[0]);
    for (int pass = 0; pass < (full ? 2 : 1) && !rc; pass++) {
        if (pass == 1)
            opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
        if ((pass == 0 ? git_diff_tree_to_index(&diff, st->repo, tree, idx, &opts)
                       : git_diff_index_to_workdir(&diff, st->repo, idx, &opts)) < 0)
            return dr__git_fail(ctx, DR_EIO, "cannot compare the checkout with the branch");
        for (size_t i = 0; i < git_diff_num_deltas(diff) && !rc; i++) {
            const git_diff_delta *d = git_diff_get_delta(diff, i);
            const char *p = d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path;
            if (d->status == GIT_DELTA_UNTRACKED) {
                char full_path[4200];
                if (has_suffix(p, TMP_SUFFIX) &&
                    snprintf(full_path, sizeof(full_path), "%s%s", wd, p) < (int)sizeof(full_path) &&
                    unlink(full_path) == 0)
                    (*tmp_removed)++;
                continue;
            }
            rc = path_add(out, p);
        }
        git_diff_free(diff);
        diff = NULL;
    }
    return rc;
}

/* Gives path the tip's bytes and index entry, or (not in the tip) drops its entry. */
static int restore(dr_store *st, dr_ctx *ctx, git_tree *tree, git_index *idx, const char *path)
{
    const char *wd = git_repository_workdir(st->repo);
    char full[4200], tmp[4300];
    git_tree_entry *e = NULL;
    if (snprintf(full, sizeof(full), "%s%s", wd, path) >= (int)sizeof(full))
        return dr_ctx_setpos(ctx, DR_EIO, path, 0, 0, "the path is too long");
    snprintf(tmp, sizeof(tmp), "%s" TMP_SUFFIX, full);
    unlink(tmp); /* an interrupted update's leftover */
    if (git_tree_entry_bypath(&e, tree, path) < 0) {
        git_error_clear();
        if (git_index_get_bypath(idx, path, 0) && git_index_remove_bypath(idx, path) < 0)
            return dr__git_fail(ctx, DR_EIO, "cannot update the index");
        return 0;
    }
    dr_buf b;
    dr_buf_init(&b, DR_BLOB_MAX_BYTES);
    int rc = dr__read_blob(st->repo, ctx, git_tree_entry_id(e), path, &b);
    git_tree_entry_free(e);
    if (rc) {
        dr_buf_dispose(&b);
        return rc;
    }
    if (mkdirs_for(full) != 0 || write_file_synced(full, b.ptr ? b.ptr : "", b.len) != 0)
        rc = dr_ctx_setpos(ctx, DR_EIO, path, 0, 0, "cannot write the file into the work tree: %s",
                           strerror(errno));
    else if (git_index_add_bypath(idx, path) < 0)
        rc = dr__git_fail(ctx, DR_EIO, "cannot update the index");
    dr_buf_dispose(&b);
    return rc;
}

/* Writes the index. index.lock held: a dead docroute's (its work-tree lock was broken)
 * is removed; anyone else's is waited for, at most wait_ms, then DR_ELOCKED names it. */
static int write_index(dr_store *st, dr_ctx *ctx, git_index *idx, const wt_lock *l, long wait_ms)
{
    char lock[4200];
    snprintf(lock, sizeof(lock), "%sindex.lock", git_repository_path(st->repo));
    for (long waited = 0;; waited += 20) {
        if (git_index_write(idx) == 0)
            return 0;
        struct stat sb;
        if (lstat(lock, &sb) != 0)
            return dr__git_fail(ctx, DR_EIO, "cannot write the index");
        git_error_clear();
        if (l->broke_dead && unlink(lock) == 0)
            continue;
        if (waited >= wait_ms)
            return dr_ctx_setpos(ctx, DR_ELOCKED, lock, 0, 0, "the index is locked by '%s'", lock);
        sleep_ms(20);
    }
}

/* The shared work: files (the act's) and every stale record path brought to the tip. */
static int bring_in_step(dr_store *st, dr_ctx *ctx, const dr_file *files, size_t n, bool full,
                         long wait_ms, long index_wait_ms, size_t *fixed)
{
    git_reference *head = NULL;
    git_index *idx = NULL;
    git_commit *tip = NULL;
    git_tree *tree = NULL;
    git_oid tip_id;
    wt_lock l = {.held = false, .broke_dead = false};
    path_set paths = {NULL, 0};
    size_t tmp_removed = 0;
    int rc = 0;
    *fixed = 0;
    if (!git_repository_workdir(st->repo) || git_repository_head(&head, st->repo) < 0 ||
        strcmp(git_reference_name(head), st->ref) != 0) {
        git_error_clear();
        goto done; /* bare, or HEAD elsewhere: no checkout of the branch to keep */
    }
    if ((rc = lock_take(st, ctx, &l, wait_ms)))
        goto done;
    if (git_reference_name_to_id(&tip_id, st->repo, st->ref) < 0 ||
        git_commit_lookup(&tip, st->repo, &tip_id) < 0 || git_commit_tree(&tree, tip) < 0 ||
        git_repository_index(&idx, st->repo) < 0 || git_index_read(idx, 1) < 0) {
        rc = dr__git_fail(ctx, DR_EIO, "cannot read the branch or the index");
        goto done;
    }
    for (size_t i = 0; i < n && !rc; i++)
        rc = path_add(&paths, files[i].path);
    size_t given = paths.n;
    if (rc || (rc = stale_paths(st, ctx, tree, idx, full, &paths, &tmp_removed)))
        goto done;
    for (size_t i = 0; i < paths.n && !rc; i++)
        rc = restore(st, ctx, tree, idx, paths.v[i]);
    if (!rc && paths.n)
        rc = write_index(st, ctx, idx, &l, index_wait_ms);
    if (!rc)
        *fixed = paths.n - given + tmp_removed;
done:
    lock_release(&l);
    paths_dispose(&paths);
    git_tree_free(tree);
    git_commit_free(tip);
    git_index_free(idx);
    git_reference_free(head);
    return rc;
}

int dr__sync_worktree(dr_store *st, dr_ctx *ctx, const dr_file *files, size_t n)
{
    size_t fixed;
    /* Other docroute writers hold the work-tree lock for a moment each: wait for them
     * all; a git command's index.lock, briefly. */
    int rc = bring_in_step(st, ctx, files, n, false, 15000, 3000, &fixed);
    if (!rc)
        return 0;
    /* The act is recorded: say so, and how the checkout heals. */
    char why[700];
    snprintf(why, sizeof(why), "%.699s", ctx->msg);
    ctx->code = DR_EWORKTREE;
    snprintf(ctx->msg, sizeof(ctx->msg),
             "the act is recorded, but the checkout is not yet in step: %s; the next act "
             "or `docroute repair` puts it in step",
             why);
    return DR_EWORKTREE;
}

int dr_store_repair(dr_store *st, dr_ctx *ctx, bool full, long wait_ms, size_t *fixed)
{
    wait_ms = wait_ms < 0 ? 0 : wait_ms;
    return bring_in_step(st, ctx, NULL, 0, full, wait_ms, wait_ms, fixed);
}
